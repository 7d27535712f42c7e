#!/usr/bin/env node
// Thin shim: all behaviour lives in dist/ so it can be tested in-process. Top-level --help and
// --version are answered by a tiny module first, to keep start-up as fast as a bare `node`.
import { guardClosedPipes } from "../dist/output/closed-pipes.js";
import { tryFastPath } from "../dist/fast-path.js";

// Before the first write: `okta-om-setup ... | head` must not die with an EPIPE stack trace.
guardClosedPipes();
const argv = process.argv.slice(2);
if (!tryFastPath(argv, (text) => process.stdout.write(text))) {
  const { main } = await import("../dist/cli.js");
  const code = await main(argv);
  // The run is over once main returns, so end it here rather than when Node runs out of work: a
  // socket or timer a dependency failed to release (node-fetch keeps its timeout running when a body
  // breaks), or Node draining background compilation of undici's WebAssembly parser (about a second
  // on a busy machine), must not keep a finished process alive. An empty write calls back once all
  // earlier output has been handed to the OS, so nothing printed is lost (pipes are async on macOS).
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
