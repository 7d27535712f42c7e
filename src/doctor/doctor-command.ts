import type { CliDeps } from "../deps.js";
import { ExitCode, UsageError } from "../errors.js";
import { splitList } from "../options/sources.js";
import { quoteInput } from "../output/quote-input.js";
import { Output } from "../output/output.js";
import type { CheckResult, DoctorContext } from "./check.js";
import { CHECKS } from "./checks/index.js";
import { loadDoctorContext } from "./load-context.js";
import { prefetchIssuerKids, prefetchingApi, prefetchOmGets, prefetchToken } from "./prefetch.js";
import { printCheckList, printHuman, printJson } from "./print-results.js";
import { runDoctor, validateCheckIds } from "./run-doctor.js";

export const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_TIMEOUT_SECONDS = 600;

/** `--timeout <seconds>`: a positive number, fractions allowed (tests use 0.5). */
export function parseTimeoutSeconds(raw: unknown): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_MS;
  const text = typeof raw === "string" || typeof raw === "number" ? String(raw).trim() : "";
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(value > 0) || value > MAX_TIMEOUT_SECONDS) {
    throw new UsageError(`--timeout must be a number of seconds between 0 and ${MAX_TIMEOUT_SECONDS}, got ${quoteInput(text)}.`);
  }
  return Math.round(value * 1000);
}

function ids(raw: unknown): string[] | undefined {
  return typeof raw === "string" ? splitList(raw) : undefined;
}

/** Any fail or crash fails the run; with `strict`, so does any warning. */
export function doctorFailed(results: CheckResult[], strict = false): boolean {
  return results.some((r) => r.status === "fail" || r.status === "error" || (strict && r.status === "warn"));
}

/** `okta-om-setup doctor`: exit 0 when nothing failed (warnings allowed unless --strict), 3 when a check failed, 2 on usage errors. */
export async function runDoctorCommand(flags: Record<string, unknown>, deps: CliDeps): Promise<number> {
  const json = flags.json === true;
  const out = new Output(deps, { json, debug: flags.debug === true });
  if (flags.listChecks === true) {
    printCheckList(CHECKS, out, json);
    return ExitCode.ok;
  }
  const options = { only: ids(flags.only), skip: ids(flags.skip), timeoutMs: parseTimeoutSeconds(flags.timeout) };
  // Before anything is read: a typo in an id is a usage error, not a slow run.
  validateCheckIds(CHECKS, options);
  const ctx = await loadDoctorContext(flags, deps, { timeoutMs: options.timeoutMs, warn: (m) => out.warn(m) });
  const runs = (id: string): boolean => (!options.only || options.only.includes(id)) && !options.skip?.includes(id);
  if (ctx.api) ctx.api = prefetchingApi(ctx.api, { manifest: ctx.manifest, omUrl: ctx.omUrl, runs });
  // The early requests live as long as the run: each check that waits for one has its own timeout,
  // which names the request when it fires; what nobody waited for is cancelled at the end.
  const run = new AbortController();
  if (runs("live-token") || runs("om-auth-config") || runs("okta-discovery")) ctx.prefetchedKids = prefetchIssuerKids(ctx, run.signal);
  if (runs("live-token")) ctx.prefetchedToken = prefetchToken(ctx, run.signal);
  if (runs("om-auth-config")) ctx.prefetchedGets = prefetchOmGets(ctx, run.signal);
  let results: CheckResult[];
  try {
    results = await runDoctor(CHECKS, ctx, options);
  } finally {
    run.abort(new Error("doctor finished"));
  }
  if (json) printJson(results, out);
  else printHuman(results, out);
  return doctorFailed(results, flags.strict === true) ? ExitCode.doctorFailed : ExitCode.ok;
}

/**
 * Doctor at the end of init, with the context init already has. With `json` nothing is printed (init
 * puts `results` into its own JSON document); otherwise the human report goes to stderr.
 */
export async function runDoctorForInit(ctx: DoctorContext, out: Output, options: { json?: boolean }): Promise<{ results: CheckResult[]; failed: boolean }> {
  const results = await runDoctor(CHECKS, ctx, { timeoutMs: DEFAULT_TIMEOUT_MS });
  if (!options.json) printHuman(results, out);
  return { results, failed: doctorFailed(results) };
}
