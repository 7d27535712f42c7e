import { CliError, UsageError } from "../errors.js";
import type { Check, CheckOutcome, CheckResult, CheckStatus, DoctorContext } from "./check.js";
import type { FetchLike } from "../net/outbound-fetch.js";

export interface RunDoctorOptions {
  only?: string[];
  skip?: string[];
  timeoutMs: number;
}

interface Settled {
  result: CheckResult;
  data?: unknown;
}

/** Checks a registry for unknown `needs` and cycles (a bug of ours, so a plain Error). */
function validateRegistry(checks: readonly Check[]): Map<string, Check> {
  const byId = new Map(checks.map((c) => [c.id, c]));
  if (byId.size !== checks.length) throw new Error("doctor: duplicate check ids");
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (id: string, path: string[]): void => {
    if (done.has(id)) return;
    if (visiting.has(id)) throw new Error(`doctor: checks need each other in a cycle: ${[...path, id].join(" -> ")}`);
    const check = byId.get(id);
    if (!check) throw new Error(`doctor: ${path[path.length - 1] ?? "?"} needs unknown check ${id}`);
    visiting.add(id);
    for (const need of check.needs ?? []) visit(need, [...path, id]);
    visiting.delete(id);
    done.add(id);
  };
  for (const c of checks) visit(c.id, []);
  return byId;
}

/** Throws a UsageError listing the valid ids when --only or --skip names an unknown check. */
export function validateCheckIds(checks: readonly Check[], options: Pick<RunDoctorOptions, "only" | "skip">): void {
  const known = new Set(checks.map((c) => c.id));
  for (const [flag, ids] of [["--only", options.only], ["--skip", options.skip]] as const) {
    const unknown = (ids ?? []).filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new UsageError(`${flag}: unknown check${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}.`, `Valid ids: ${[...known].join(", ")} (see --list-checks).`);
    }
  }
}

const seconds = (ms: number): string => `${Number.isInteger(ms / 1000) ? ms / 1000 : (ms / 1000).toFixed(1)}s`;

/** A per-check fetch that remembers what is still in flight, so a timeout can say what hung. */
function trackingFetch(inner: FetchLike, pending: Set<string>): FetchLike {
  return async (input, init) => {
    // Strip the query: a token request carries the client assertion there.
    const label = `${init?.method ?? "GET"} ${input.split("?")[0]}`;
    pending.add(label);
    try {
      return await inner(input, init);
    } finally {
      pending.delete(label);
    }
  };
}

function normalise(check: Check, outcome: CheckOutcome, durationMs: number): Settled {
  const detail = outcome.detail === undefined ? [] : Array.isArray(outcome.detail) ? outcome.detail : [outcome.detail];
  const result: CheckResult = { id: check.id, title: check.title, status: outcome.status, detail, durationMs };
  if (outcome.fix) result.fix = outcome.fix;
  return { result, data: outcome.data };
}

/** A thrown CliError is an anticipated problem with its own hint (fail); anything else is our crash (error). */
function fromThrown(err: unknown, debug: boolean): CheckOutcome & { crashed: boolean } {
  if (err instanceof CliError) return { status: "fail", detail: err.message, fix: err.hint, crashed: false };
  const error = err instanceof Error ? err : new Error(String(err));
  const detail = [`${error.name === "Error" ? "" : `${error.name}: `}${error.message}`];
  if (debug && error.stack) detail.push(...error.stack.split("\n").slice(1).map((l) => l.trim()));
  return { status: "fail", detail, crashed: true };
}

async function runOne(check: Check, ctx: DoctorContext, inputs: Record<string, unknown>, timeoutMs: number): Promise<Settled> {
  const started = Date.now();
  const controller = new AbortController();
  const pending = new Set<string>();
  const checkCtx: DoctorContext = {
    ...ctx,
    fetch: trackingFetch(ctx.fetch, pending),
    waitFor: async (label, answer) => {
      pending.add(label);
      try {
        return await answer;
      } finally {
        pending.delete(label);
      }
    },
  };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => {
      const waiting = [...pending];
      controller.abort(new Error(`timed out after ${seconds(timeoutMs)}`));
      const detail = [`timed out after ${seconds(timeoutMs)}`, ...waiting.map((w) => `no answer from ${w}`)];
      resolve(
        normalise(check, { status: "fail", detail, fix: `check that ${waiting.length > 0 ? "the URL above" : "the endpoints this check calls"} is right and reachable from here (proxy, firewall, VPN), or raise --timeout` }, Date.now() - started),
      );
    }, timeoutMs);
  });
  const ran = (async (): Promise<Settled> => {
    try {
      const outcome = await check.run(checkCtx, inputs, controller.signal);
      return normalise(check, outcome, Date.now() - started);
    } catch (err) {
      const { crashed, ...outcome } = fromThrown(err, ctx.debug === true);
      const settled = normalise(check, outcome, Date.now() - started);
      if (crashed) settled.result.status = "error";
      return settled;
    }
  })();
  try {
    return await Promise.race([ran, timedOut]);
  } finally {
    clearTimeout(timer);
    // Cancels whatever a finished (or timed-out) check left running.
    if (!controller.signal.aborted) controller.abort(new Error("check finished"));
  }
}

const PAST_TENSE: Record<CheckStatus, string> = { pass: "passed", warn: "warned", fail: "failed", skip: "was skipped", error: "crashed" };

/**
 * Runs the checks concurrently; each waits only for its `needs`. A check whose prerequisite did not
 * pass or warn is skipped naming it. `only` runs unselected prerequisites silently: their result is
 * not returned, but a skip caused by them carries their detail and fix. `skip` removes checks; their
 * dependents are skipped. Each check gets its own AbortSignal and timeout (a timeout is a `fail`:
 * the environment did not answer, which the user fixes; `error` is kept for our own crashes).
 */
export async function runDoctor(checks: readonly Check[], ctx: DoctorContext, options: RunDoctorOptions): Promise<CheckResult[]> {
  const byId = validateRegistry(checks);
  validateCheckIds(checks, options);
  const skipSet = new Set(options.skip ?? []);
  const selected = new Set(options.only && options.only.length > 0 ? options.only : checks.map((c) => c.id));
  for (const id of skipSet) selected.delete(id);

  const running = new Map<string, Promise<Settled>>();
  const start = (check: Check): Promise<Settled> => {
    const existing = running.get(check.id);
    if (existing) return existing;
    const promise = (async (): Promise<Settled> => {
      const needs = check.needs ?? [];
      const inputs: Record<string, unknown> = {};
      for (const need of needs) {
        if (skipSet.has(need)) {
          return normalise(check, { status: "skip", detail: `needs ${need}, which --skip excluded` }, 0);
        }
      }
      const settled = await Promise.all(needs.map((need) => start(byId.get(need)!)));
      for (const [i, need] of needs.entries()) {
        const { result, data } = settled[i]!;
        if (result.status !== "pass" && result.status !== "warn") {
          const hidden = !selected.has(need);
          const why = result.status === "skip" && result.detail[0] ? `: ${result.detail[0]}` : "";
          const detail = [`needs ${need}, which ${PAST_TENSE[result.status]}${why}`];
          if (hidden && result.status !== "skip") detail.push(...result.detail.map((d) => `${need}: ${d}`));
          return normalise(check, { status: "skip", detail, fix: hidden ? result.fix : undefined }, 0);
        }
        inputs[need] = data;
      }
      return runOne(check, ctx, inputs, options.timeoutMs);
    })();
    running.set(check.id, promise);
    return promise;
  };
  const results = await Promise.all(checks.filter((c) => selected.has(c.id)).map((c) => start(c)));
  return results.map((s) => s.result);
}
