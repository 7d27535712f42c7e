#!/usr/bin/env node
"use strict";
// Thin shim: all behaviour lives in dist/ (src/ bundled by bin/build.mjs) so it can be tested
// in-process. CommonJS (bin/package.json) with a CommonJS fast path: top-level --help and
// --version are answered without starting the ES module loader, as fast as a bare `node` gets.
const { writeSync } = require("node:fs");
const { guardClosedPipes, tryFastPath } = require("../dist/fast-path.cjs");

/**
 * The fast path's answer goes straight to fd 1: creating process.stdout loads node:stream and its
 * relatives, which costs more than the answer itself. A reader that went away (`| head -1`) ends it
 * quietly; a pipe that would block falls back to the stream.
 */
function writeAnswer(text) {
  try {
    writeSync(1, text);
  } catch (err) {
    if (err.code === "EPIPE") return;
    guardClosedPipes();
    process.stdout.write(text);
  }
}

const argv = process.argv.slice(2);
if (!tryFastPath(argv, writeAnswer)) {
  // Before the first write: `okta-om-setup ... | head` must not die with an EPIPE stack trace.
  guardClosedPipes();
  // The bundle's source maps turn stack traces back into src/*.ts lines; only --debug prints
  // stacks, and reading the maps costs start-up time, so only --debug turns them on.
  if (argv.includes("--debug")) process.setSourceMapsEnabled(true);
  // A rejection here ends the process as an uncaught error, as a top-level await would.
  void import("../dist/cli.js").then(async ({ main }) => {
    const code = await main(argv);
    // The run is over once main returns, so end it here rather than when Node runs out of work: a
    // socket or timer a dependency failed to release (node-fetch keeps its timeout running when a body
    // breaks), or Node draining background compilation of undici's WebAssembly parser (about a second
    // on a busy machine), must not keep a finished process alive. An empty write calls back once all
    // earlier output has been handed to the OS, so nothing printed is lost (pipes are async on macOS).
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  });
}
