/**
 * Deterministic fault injection: rules matched by method, path and call number, consumed in order.
 * Tests use them to prove retries, timeouts and crash-resume without any randomness.
 */
export type FaultAction =
  /** Answer with this status and body (JSON unless `text` is given) instead of the real handler. */
  | { type: "status"; status: number; json?: unknown; text?: string; contentType?: string; headers?: Record<string, string> }
  /** 429 E0000047 with X-Rate-Limit-Reset `resetInSeconds` from now (0 means "already reset"). */
  | { type: "rate-limit"; resetInSeconds?: number }
  /** Never answer (the client's timeout must fire). */
  | { type: "hang" }
  /** Destroy the TCP connection with RST before any response byte. */
  | { type: "reset" }
  /** Run the real handler, then send only half of the body with a correct Content-Length. */
  | { type: "truncate" }
  /** A non-JSON 5xx, like a proxy's error page. */
  | { type: "html"; status?: number }
  /** Delay this request by `ms` and then run it normally. */
  | { type: "delay"; ms: number };

export interface FaultRule {
  method?: string;
  /** Exact path, or a regular expression source (e.g. "^/api/v1/apps/[^/]+$"). */
  path: string;
  /** 1-based call numbers (counted per rule, over requests matching method+path) that fault. Default: every call. */
  onCalls?: number[];
  /** Stop after this many faults. */
  times?: number;
  action: FaultAction;
}

interface ActiveRule {
  rule: FaultRule;
  regex?: RegExp;
  calls: number;
  fired: number;
}

export class FaultTable {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    const isRegex = /[\^$*+?()[\]{}|\\]/.test(rule.path);
    this.rules.push({ rule, regex: isRegex ? new RegExp(rule.path) : undefined, calls: 0, fired: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /** The action for this request, if a rule fires. Every matching rule counts the call. */
  take(method: string, path: string): FaultAction | undefined {
    let chosen: FaultAction | undefined;
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (active.regex ? !active.regex.test(path) : rule.path !== path) continue;
      active.calls += 1;
      if (chosen) continue;
      if (rule.onCalls && !rule.onCalls.includes(active.calls)) continue;
      if (rule.times !== undefined && active.fired >= rule.times) continue;
      active.fired += 1;
      chosen = rule.action;
    }
    return chosen;
  }
}
