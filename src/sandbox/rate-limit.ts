import { planLimits, type RateLimitPlan } from "./rate-limit-plans.js";

/** Per-bucket request ceilings, like Okta's per-endpoint-family rate limits. */
export interface RateLimitOptions {
  /** Requests per window for buckets without their own entry. Okta's org-wide default is ~600/min. */
  defaultLimit?: number;
  limits?: Record<string, number>;
  /** An Okta plan's numbers (REAL-ORG.md: "Rate limits"); `limits` entries still win. */
  plan?: RateLimitPlan;
  /** Window length; Okta counts per minute. Tests shorten it. */
  windowMs?: number;
  /** Requests in flight at once before a concurrency 429 (Okta: 35 on Integrator Free, 75 otherwise). */
  concurrency?: number;
}

export interface RateLimitVerdict {
  limit: number;
  remaining: number;
  /** Epoch seconds at which the window resets (X-Rate-Limit-Reset). */
  reset: number;
  exceeded: boolean;
}

/**
 * Counters per bucket whose windows start with the bucket's first request and last one window
 * (REAL-ORG.md: "Windows reset 60 s after they start; they are not aligned to the clock minute").
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly limits: Record<string, number>;
  private readonly concurrency: number;
  private inFlight = 0;

  constructor(private readonly options: RateLimitOptions = {}) {
    const plan = options.plan ? planLimits(options.plan) : undefined;
    this.limits = { ...(plan?.limits ?? {}), ...(options.limits ?? {}) };
    this.concurrency = options.concurrency ?? plan?.concurrency ?? 75;
  }

  take(bucket: string, nowMs: number): RateLimitVerdict {
    const windowMs = this.options.windowMs ?? 60_000;
    const limit = this.limits[bucket] ?? this.options.defaultLimit ?? 600;
    let window = this.windows.get(bucket);
    if (!window || nowMs >= window.start + windowMs) {
      window = { start: nowMs, count: 0 };
      this.windows.set(bucket, window);
    }
    window.count += 1;
    const reset = Math.ceil((window.start + windowMs) / 1000);
    return { limit, remaining: Math.max(0, limit - window.count), reset, exceeded: window.count > limit };
  }

  /**
   * Counts a request in flight; `false` when that is over the concurrency limit (the caller answers
   * 429 and must still call `leave`).
   */
  enter(): boolean {
    this.inFlight += 1;
    return this.inFlight <= this.concurrency;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  reset(): void {
    this.windows.clear();
  }
}
