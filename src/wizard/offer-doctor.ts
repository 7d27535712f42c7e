import type { CliDeps } from "../deps.js";
import { CancelledError, CliError } from "../errors.js";
import type { InitOptions, ResolvedInit } from "../options/init-options.js";
import type { Output } from "../output/output.js";
import { detectOmVersion } from "../openmetadata/detect-version.js";
import type { Prompter } from "./prompter.js";
import { displayPath } from "./wizard-answers.js";


/**
 * After a wizard run: offers to run doctor on what was just set up. Returns doctor's exit code, or
 * undefined when it did not run.
 */
export async function offerDoctor(input: { options: InitOptions; resolved: ResolvedInit; orgUrl: string; prompter: Prompter; out: Output; deps: CliDeps }): Promise<number | undefined> {
  const { options, out, deps } = input;
  const flags: Record<string, unknown> = { outDir: options.outDir, omUrl: options.omUrl, ...(options.sandbox ? {} : { orgUrl: input.orgUrl }) };
  const command = `okta-om-setup doctor --out-dir ${displayPath(options.outDir, deps.cwd)}`;
  out.info("");
  // Right after init OpenMetadata often runs without the new config yet; then its checks cannot pass.
  const om = await detectOmVersion(options.omUrl, { timeoutMs: 2000 });
  const message = om.version
    ? "Run doctor now to check the setup end to end?"
    : `OpenMetadata is not reachable at ${options.omUrl} yet, so doctor's OpenMetadata checks would fail. Run doctor now anyway?`;
  let run: boolean;
  try {
    run = await input.prompter.confirm({ field: "runDoctor", message, default: om.version !== undefined });
  } catch (err) {
    // Everything is applied by now: Ctrl-C here only skips doctor.
    if (err instanceof CancelledError) run = false;
    else throw err;
  }
  if (!run) {
    out.info(`  Later: ${command}`);
    return undefined;
  }
  // A token typed into the wizard lives only in this process; doctor reads it from its env.
  const token = input.resolved.sources.apiToken === "wizard" ? options.apiToken?.reveal() : undefined;
  try {
    const { runDoctorCommand } = await import("../doctor/doctor-command.js");
    return await runDoctorCommand(flags, token ? { ...deps, env: { ...deps.env, OKTA_OM_API_TOKEN: token } } : deps);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    out.warn(`doctor could not run: ${err.message}`);
    out.info(`  Try it later: ${command}`);
    return undefined;
  }
}
