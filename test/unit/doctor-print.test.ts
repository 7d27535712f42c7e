import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../src/doctor/check.js";
import { doctorFailed, parseTimeoutSeconds } from "../../src/doctor/doctor-command.js";
import { printHuman, printJson, summaryLine } from "../../src/doctor/print-results.js";
import { UsageError } from "../../src/errors.js";
import { Output } from "../../src/output/output.js";

const results: CheckResult[] = [
  { id: "a", title: "Alpha", status: "pass", detail: ["fine"], durationMs: 1 },
  { id: "b", title: "Beta", status: "warn", detail: ["hmm"], fix: "do x\ndo y", durationMs: 2 },
  { id: "c", title: "Gamma", status: "fail", detail: ["bad"], fix: "repair", durationMs: 3 },
  { id: "d", title: "Delta", status: "skip", detail: ["needs c, which failed"], durationMs: 0 },
  { id: "e", title: "Epsilon", status: "error", detail: ["TypeError: x"], durationMs: 4 },
];

function capture(env: Record<string, string | undefined>, json = false) {
  let stdout = "";
  let stderr = "";
  const out = new Output({ stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env }, { json });
  return { out, get stdout() { return stdout; }, get stderr() { return stderr; } };
}

describe("doctor output", () => {
  it("summarises passes out of all, then the other statuses", () => {
    expect(summaryLine(results)).toBe("1/5 checks passed, 1 warning, 1 failed, 1 crashed, 1 skipped");
    expect(summaryLine(results.slice(0, 1))).toBe("1/1 checks passed");
  });

  it("prints ASCII marks with NO_COLOR: [ok] [!] [x] [-], indented detail and one fix: line per fix", () => {
    const c = capture({ NO_COLOR: "1", LANG: "en_US.UTF-8" });
    printHuman(results, c.out);
    expect(c.stderr).toBe(
      [
        "[ok] Alpha (a)",
        "    fine",
        "[!] Beta (b)",
        "    hmm",
        "    fix: do x",
        "    fix: do y",
        "[x] Gamma (c)",
        "    bad",
        "    fix: repair",
        "[-] Delta (d)",
        "    skipped: needs c, which failed",
        "[x] Epsilon (e)",
        "    error: TypeError: x",
        "",
        "1/5 checks passed, 1 warning, 1 failed, 1 crashed, 1 skipped",
        "",
      ].join("\n"),
    );
    expect(c.stdout).toBe("");
  });

  it("prints unicode marks on a UTF-8 locale, ASCII on a non-UTF-8 one", () => {
    const utf8 = capture({ LANG: "en_US.UTF-8" });
    printHuman(results.slice(0, 4), utf8.out);
    expect(utf8.stderr).toMatch(/^✓ Alpha[\s\S]*^! Beta[\s\S]*^✗ Gamma[\s\S]*^- Delta/m);
    const latin = capture({ LANG: "de_DE.ISO-8859-1" });
    printHuman(results.slice(0, 1), latin.out);
    expect(latin.stderr).toContain("[ok] Alpha");
  });

  it("--json prints the array with every key, fix null when absent", () => {
    const c = capture({}, true);
    printJson(results, c.out);
    const parsed = JSON.parse(c.stdout) as Record<string, unknown>[];
    expect(parsed[0]).toEqual({ id: "a", title: "Alpha", status: "pass", detail: ["fine"], fix: null, durationMs: 1 });
    expect(c.stderr).toBe("");
  });

  it("fails on fail or error, and on warn only when strict", () => {
    expect(doctorFailed(results.slice(0, 2))).toBe(false);
    expect(doctorFailed(results.slice(0, 2), true)).toBe(true);
    expect(doctorFailed([results[4]!])).toBe(true);
  });

  it("parses --timeout seconds, fractions allowed", () => {
    expect(parseTimeoutSeconds(undefined)).toBe(15_000);
    expect(parseTimeoutSeconds("0.5")).toBe(500);
    expect(() => parseTimeoutSeconds("0")).toThrow(UsageError);
    expect(() => parseTimeoutSeconds("-1")).toThrow(UsageError);
    expect(() => parseTimeoutSeconds("ten")).toThrow(UsageError);
  });
});
