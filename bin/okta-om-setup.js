#!/usr/bin/env node
// Thin shim: all behaviour lives in dist/ (src/ bundled by scripts/build.mjs) so it can be tested
// in-process. Top-level --help and --version are answered by a tiny module first, to keep start-up
// as fast as a bare `node`; it also carries guardClosedPipes, so the guard costs no extra module.
import { guardClosedPipes, tryFastPath } from "../dist/fast-path.js";

// Before the first write: `okta-om-setup ... | head` must not die with an EPIPE stack trace.
guardClosedPipes();
const argv = process.argv.slice(2);
if (!tryFastPath(argv, (text) => process.stdout.write(text))) {
  // The bundle's source maps turn stack traces back into src/*.ts lines; only --debug prints
  // stacks, and reading the maps costs start-up time, so only --debug turns them on.
  if (argv.includes("--debug")) process.setSourceMapsEnabled(true);
  const { main } = await import("../dist/cli.js");
  process.exitCode = await main(argv);
}
