#!/usr/bin/env node
// Thin shim: all behaviour lives in dist/cli.js so it can be tested in-process.
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv.slice(2));
