import type { Sandbox } from "../../src/sandbox/index.js";
import { initArgs, runCli, type CliRun } from "./run-cli.js";

/** init's arguments for confidential sign-in against `sandbox` (OpenMetadata 2.0.2). */
export function confidentialArgs(sandbox: Sandbox, out: string, ...extra: string[]): string[] {
  const args = initArgs(sandbox, out, "--client-type", "confidential", ...extra);
  // initArgs pins --om-version 1.2.5; confidential needs 1.3.2+.
  args[args.indexOf("--om-version") + 1] = "2.0.2";
  return args;
}

/** `init --client-type confidential` against `sandbox` (OpenMetadata 2.0.2). */
export function confidentialInit(sandbox: Sandbox, out: string, ...extra: string[]): Promise<CliRun> {
  return runCli(confidentialArgs(sandbox, out, ...extra), { sandbox });
}
