import type { CheckOutcome } from "./check.js";

export type FindingLevel = "pass" | "warn" | "fail";

interface Finding {
  level: FindingLevel;
  text: string;
  fix?: string;
}

const RANK: Record<FindingLevel, number> = { pass: 0, warn: 1, fail: 2 };

/**
 * What one check found, line by line. The check's status is the worst finding; problems are listed
 * before what was verified, and every distinct fix is kept (one `fix:` line each).
 */
export class Findings {
  private readonly items: Finding[] = [];

  pass(text: string): this {
    this.items.push({ level: "pass", text });
    return this;
  }

  warn(text: string, fix?: string): this {
    this.items.push({ level: "warn", text, fix });
    return this;
  }

  fail(text: string, fix?: string): this {
    this.items.push({ level: "fail", text, fix });
    return this;
  }

  /** How many findings so far (to tell whether a step added any). */
  get count(): number {
    return this.items.length;
  }

  get failed(): boolean {
    return this.items.some((f) => f.level === "fail");
  }

  get status(): FindingLevel {
    return this.items.reduce<FindingLevel>((worst, f) => (RANK[f.level] > RANK[worst] ? f.level : worst), "pass");
  }

  /** The outcome: worst status, problems first, unique fixes joined by newlines. */
  outcome(data?: unknown): CheckOutcome {
    const ordered = [...this.items].sort((a, b) => RANK[b.level] - RANK[a.level]);
    const fixes = [...new Set(ordered.flatMap((f) => (f.fix ? [f.fix] : [])))];
    return {
      status: this.status,
      detail: ordered.map((f) => f.text),
      ...(fixes.length > 0 ? { fix: fixes.join("\n") } : {}),
      ...(data === undefined ? {} : { data }),
    };
  }
}

/** A `skip` outcome with its reason. */
export function skipped(reason: string): CheckOutcome {
  return { status: "skip", detail: reason };
}
