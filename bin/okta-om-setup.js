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
  process.exitCode = await main(argv);
}
