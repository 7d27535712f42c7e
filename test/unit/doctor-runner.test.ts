import { describe, expect, it } from "vitest";
import type { Check, CheckOutcome, DoctorContext } from "../../src/doctor/check.js";
import { runDoctor } from "../../src/doctor/run-doctor.js";
import { UsageError } from "../../src/errors.js";
import { CliError } from "../../src/errors.js";

const ctx: DoctorContext = { serverFiles: {}, fetch: globalThis.fetch, now: () => new Date() };

function check(id: string, outcome: CheckOutcome | (() => Promise<CheckOutcome>), needs?: string[]): Check {
  return { id, title: `Title of ${id}`, needs, run: typeof outcome === "function" ? outcome : () => Promise.resolve(outcome) };
}

const statuses = async (checks: Check[], options: { only?: string[]; skip?: string[]; timeoutMs?: number } = {}) =>
  Object.fromEntries((await runDoctor(checks, ctx, { timeoutMs: 1000, ...options })).map((r) => [r.id, [r.status, ...r.detail]]));

describe("runDoctor", () => {
  it("starts every check at once; a dependent waits only for its needs and receives their data", async () => {
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = check("slow", async () => {
      started.push("slow");
      await gate;
      return { status: "pass", data: 42 };
    });
    const independent = check("independent", () => {
      started.push("independent");
      release();
      return Promise.resolve({ status: "pass" });
    });
    let seen: unknown;
    const dependent: Check = {
      id: "dependent",
      title: "d",
      needs: ["slow"],
      run: (_c, inputs) => {
        seen = inputs.slow;
        return Promise.resolve({ status: "warn", detail: "hm" });
      },
    };
    const results = await runDoctor([slow, dependent, independent], ctx, { timeoutMs: 1000 });
    expect(started).toEqual(["slow", "independent"]);
    expect(seen).toBe(42);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ["slow", "pass"],
      ["dependent", "warn"],
      ["independent", "pass"],
    ]);
  });

  it("skips a check whose prerequisite failed, was skipped or crashed, naming it (and the skip's reason)", async () => {
    const r = await statuses([
      check("a", { status: "fail", detail: "broken", fix: "repair a" }),
      check("b", { status: "skip", detail: "nothing to do" }),
      check("c", () => Promise.reject(new Error("boom"))),
      check("needs-a", { status: "pass" }, ["a"]),
      check("needs-b", { status: "pass" }, ["b"]),
      check("needs-c", { status: "pass" }, ["c"]),
      check("needs-needs-a", { status: "pass" }, ["needs-a"]),
    ]);
    expect(r["needs-a"]).toEqual(["skip", "needs a, which failed"]);
    expect(r["needs-b"]).toEqual(["skip", "needs b, which was skipped: nothing to do"]);
    expect(r["needs-c"]).toEqual(["skip", "needs c, which crashed"]);
    expect(r["needs-needs-a"]).toEqual(["skip", "needs needs-a, which was skipped: needs a, which failed"]);
    expect(r.c).toEqual(["error", "boom"]);
  });

  it("--only runs unselected prerequisites silently and carries their reason and fix into a skip", async () => {
    const results = await runDoctor([check("a", { status: "fail", detail: "broken", fix: "repair a" }), check("b", { status: "pass" }, ["a"])], ctx, { only: ["b"], timeoutMs: 1000 });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ id: "b", status: "skip", detail: ["needs a, which failed", "a: broken"], fix: "repair a" });
  });

  it("--skip removes checks and skips their dependents without running the skipped one", async () => {
    let ran = false;
    const r = await statuses(
      [
        check("a", () => {
          ran = true;
          return Promise.resolve({ status: "pass" });
        }),
        check("b", { status: "pass" }, ["a"]),
      ],
      { skip: ["a"] },
    );
    expect(ran).toBe(false);
    expect(r.a).toBeUndefined();
    expect(r.b).toEqual(["skip", "needs a, which --skip excluded"]);
  });

  it("rejects unknown ids with a UsageError listing the valid ones", async () => {
    const checks = [check("a", { status: "pass" }), check("b", { status: "pass" })];
    await expect(runDoctor(checks, ctx, { only: ["c"], timeoutMs: 1000 })).rejects.toThrow(UsageError);
    await expect(runDoctor(checks, ctx, { skip: ["x", "y"], timeoutMs: 1000 })).rejects.toMatchObject({ message: "--skip: unknown checks x, y.", hint: "Valid ids: a, b (see --list-checks)." });
  });

  it("refuses registries with cycles or unknown needs", async () => {
    await expect(runDoctor([check("a", { status: "pass" }, ["b"]), check("b", { status: "pass" }, ["a"])], ctx, { timeoutMs: 1000 })).rejects.toThrow(/cycle/);
    await expect(runDoctor([check("a", { status: "pass" }, ["zzz"])], ctx, { timeoutMs: 1000 })).rejects.toThrow(/unknown check zzz/);
  });

  it("times a check out as a fail, aborts its signal, and names what it was waiting for", async () => {
    let aborted = false;
    const hang: Check = {
      id: "hang",
      title: "h",
      run: (c, _i, signal) => {
        signal.addEventListener("abort", () => (aborted = true));
        void c.fetch("http://127.0.0.1:9/never?secret=1", { signal }).catch(() => undefined);
        return new Promise(() => undefined);
      },
    };
    const hangingFetch = ((_: unknown, init?: { signal?: AbortSignal }) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new Error("aborted"))))) as typeof fetch;
    const [result] = await runDoctor([hang], { ...ctx, fetch: hangingFetch }, { timeoutMs: 50 });
    expect(result).toMatchObject({ status: "fail", detail: ["timed out after 0.1s", "no answer from GET http://127.0.0.1:9/never"] });
    expect(result!.fix).toContain("raise --timeout");
    expect(aborted).toBe(true);
  });

  it("turns a thrown CliError into a fail with its hint, and a bug into error (stack only with debug)", async () => {
    const cli = check("cli", () => Promise.reject(new CliError("Okta answered 403", { hint: "use a super admin token" })));
    const bug = check("bug", () => Promise.reject(new RangeError("bad index")));
    const [a, b] = await runDoctor([cli, bug], ctx, { timeoutMs: 1000 });
    expect(a).toMatchObject({ status: "fail", detail: ["Okta answered 403"], fix: "use a super admin token" });
    expect(b).toMatchObject({ status: "error", detail: ["RangeError: bad index"] });
    const [debug] = await runDoctor([bug], { ...ctx, debug: true }, { timeoutMs: 1000 });
    expect(debug!.detail.length).toBeGreaterThan(1);
    expect(debug!.detail[1]).toMatch(/^at /);
  });
});
