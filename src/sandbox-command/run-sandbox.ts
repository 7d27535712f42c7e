import type { CliDeps } from "../deps.js";
import { CliError, ExitCode, UsageError } from "../errors.js";
import type { OrgState } from "../sandbox/state.js";
import type { RateLimitPlan } from "../sandbox/rate-limit-plans.js";
import { Output } from "../output/output.js";

export interface RunSandboxOptions {
  port: number;
  host: string;
  apiToken?: string;
  state?: string;
  latencyMs: number;
  requestLog?: string;
  https?: boolean;
  json?: boolean;
  apiAccessManagement?: boolean;
  integratorFree?: boolean;
  rateLimits?: string;
  publicClientAppAdmins?: boolean;
  /** The OpenMetadata version the stand-in plays (already validated). */
  omVersion?: string;
}

/** Waits for SIGINT/SIGTERM (or the test's abort signal). */
function untilStopped(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const stop = (why: string) => () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(why);
    };
    const onInt = stop("SIGINT");
    const onTerm = stop("SIGTERM");
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
    if (signal) {
      if (signal.aborted) onInt();
      else signal.addEventListener("abort", stop("abort"), { once: true });
    }
  });
}

/** The org saved in `--state`, or undefined for a new org; a bad file is a usage error. */
async function loadState(file: string | undefined): Promise<OrgState | undefined> {
  if (!file) return undefined;
  const { loadStateFile } = await import("../sandbox/state-file.js");
  try {
    return await loadStateFile(file);
  } catch (err) {
    // Never echo the parser's message: it quotes the file, which holds private signing keys.
    const why = err instanceof SyntaxError ? "it is not valid JSON" : (err as NodeJS.ErrnoException).code ? `${(err as NodeJS.ErrnoException).code}` : "it is not a sandbox state file";
    throw new UsageError(`Cannot load --state ${file}: ${why}.`, "Point --state at a file this command saved, or at a path that does not exist yet.");
  }
}

/** Starts the sandbox, prints where it is, serves until stopped, then saves `--state`. */
export async function runSandbox(options: RunSandboxOptions, deps: CliDeps): Promise<number> {
  const out = new Output(deps, { json: options.json });
  const initialState = await loadState(options.state);
  const { createSandbox } = await import("../sandbox/index.js");
  let sandbox;
  try {
    sandbox = await createSandbox({
      host: options.host,
      port: options.port,
      apiToken: options.apiToken,
      initialState,
      latencyMs: options.latencyMs,
      requestLogFile: options.requestLog,
      https: options.https,
      apiAccessManagement: options.apiAccessManagement !== false,
      integratorFree: options.integratorFree === true,
      publicClientAppAdmins: options.publicClientAppAdmins === true,
      rateLimits: options.rateLimits ? { plan: options.rateLimits as RateLimitPlan } : undefined,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new CliError(`Port ${options.port} on ${options.host} is already in use.`, { exitCode: ExitCode.usage, hint: "Pick another --port, or --port 0 for a free one." });
    if (code === "EADDRNOTAVAIL") throw new CliError(`Cannot bind to ${options.host}.`, { exitCode: ExitCode.usage, hint: "Use --host 127.0.0.1." });
    throw err;
  }
  if (options.omVersion) sandbox.state.openMetadata.version = options.omVersion;
  // An admin JWT for the stand-in, like an admin's personal access token on a real server.
  const omAdminToken = await sandbox.openMetadataAdminToken();
  if (options.json) {
    out.print(JSON.stringify({ orgUrl: sandbox.orgUrl, apiToken: sandbox.apiToken, omUrl: sandbox.openMetadataUrl, omVersion: sandbox.state.openMetadata.version, omAdminToken }));
  } else {
    out.success(`Sandbox Okta org listening at ${out.style.bold(sandbox.orgUrl)}`);
    out.info(`  API token (SSWS, this local org only): ${sandbox.apiToken}`);
    out.info(`  OpenMetadata stand-in:                 ${sandbox.openMetadataUrl} (version ${sandbox.state.openMetadata.version})`);
    out.info(`  OpenMetadata admin token (this stand-in only): ${omAdminToken}`);
    out.info(`  OpenMetadata basic login until SSO is applied: admin@open-metadata.org / admin`);
    if (sandbox.certificatePem) out.info("  HTTPS with a self-signed certificate; trust it with NODE_EXTRA_CA_CERTS.");
    out.info("");
    out.info("  Try it from another terminal:");
    out.info(`    OKTA_OM_API_TOKEN=${sandbox.apiToken} okta-om-setup init --org-url ${sandbox.orgUrl} --bot-email bot@example.com`);
    out.info("");
    out.info("  Press Ctrl-C to stop" + (options.state ? ` (the org is saved to ${options.state}).` : "."));
  }
  await untilStopped(deps.signal);
  if (options.state) await sandbox.saveState(options.state);
  await sandbox.close();
  if (!options.json) out.info("Sandbox stopped.");
  return ExitCode.ok;
}
