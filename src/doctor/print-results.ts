import type { Output } from "../output/output.js";
import type { Check, CheckResult, CheckStatus } from "./check.js";

/** One element of `doctor --json`: every key always present (`fix` is null when there is none). */
export interface JsonCheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string[];
  fix: string | null;
  durationMs: number;
}

export function toJsonResult(r: CheckResult): JsonCheckResult {
  return { id: r.id, title: r.title, status: r.status, detail: r.detail, fix: r.fix ?? null, durationMs: r.durationMs };
}

const MARK: Record<CheckStatus, "ok" | "warn" | "fail" | "skip"> = { pass: "ok", warn: "warn", fail: "fail", error: "fail", skip: "skip" };

/** "9/12 checks passed, 1 warning, 2 skipped": passes out of all, then the other statuses that occurred. */
export function summaryLine(results: CheckResult[]): string {
  const count = (s: CheckStatus): number => results.filter((r) => r.status === s).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  const parts = [`${count("pass")}/${results.length} checks passed`];
  if (count("warn")) parts.push(plural(count("warn"), "warning"));
  if (count("fail")) parts.push(`${count("fail")} failed`);
  if (count("error")) parts.push(`${count("error")} crashed`);
  if (count("skip")) parts.push(`${count("skip")} skipped`);
  return parts.join(", ");
}

/** The human report on stderr: a marked line per check, indented detail, `fix:` lines, the summary. */
export function printHuman(results: CheckResult[], out: Output): void {
  const s = out.style;
  for (const r of results) {
    const title = r.status === "pass" ? r.title : s.bold(r.title);
    out.info(`${out.mark(MARK[r.status])} ${title} ${s.dim(`(${r.id})`)}`);
    for (const [i, line] of r.detail.entries()) {
      const text = r.status === "error" && i === 0 ? `error: ${line}` : r.status === "skip" && i === 0 ? `skipped: ${line}` : line;
      out.info(`    ${r.status === "pass" ? s.dim(text) : text}`);
    }
    for (const fix of (r.fix ?? "").split("\n").filter(Boolean)) out.info(`    ${s.cyan("fix:")} ${fix}`);
  }
  out.info("");
  const failed = results.some((r) => r.status === "fail" || r.status === "error");
  const line = summaryLine(results);
  out.info(failed ? s.red(line) : results.some((r) => r.status === "warn") ? s.yellow(line) : s.green(line));
}

/** `--json`: exactly one JSON array on stdout. */
export function printJson(results: CheckResult[], out: Output): void {
  out.data(results.map(toJsonResult));
}

/** `--list-checks`: id, title and prerequisites (JSON with --json). */
export function printCheckList(checks: readonly Check[], out: Output, json: boolean): void {
  if (json) {
    out.data(checks.map((c) => ({ id: c.id, title: c.title, needs: c.needs ?? [] })));
    return;
  }
  const width = Math.max(...checks.map((c) => c.id.length));
  for (const c of checks) out.print(`${c.id.padEnd(width)}  ${c.title}${c.needs?.length ? `  (needs ${c.needs.join(", ")})` : ""}`);
}
