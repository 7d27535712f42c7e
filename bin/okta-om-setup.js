#!/usr/bin/env node
"use strict";
// Thin shim: all behaviour lives in dist/ (src/ bundled by scripts/build.mjs) so it can be tested
// in-process. CommonJS (bin/package.json) with a CommonJS fast path: top-level --help and
// --version are answered without starting the ES module loader, as fast as a bare `node` gets.
const { guardClosedPipes, tryFastPath } = require("../dist/fast-path.cjs");

// Before the first write: `okta-om-setup ... | head` must not die with an EPIPE stack trace.
guardClosedPipes();
const argv = process.argv.slice(2);
if (!tryFastPath(argv, (text) => process.stdout.write(text))) {
  // The bundle's source maps turn stack traces back into src/*.ts lines; only --debug prints
  // stacks, and reading the maps costs start-up time, so only --debug turns them on.
  if (argv.includes("--debug")) process.setSourceMapsEnabled(true);
  // A rejection here ends the process as an uncaught error, as a top-level await would.
  void import("../dist/cli.js").then(async ({ main }) => {
    process.exitCode = await main(argv);
  });
}
