/** Per-bucket request ceilings, like Okta's per-endpoint-family rate limits. */
export interface RateLimitOptions {
  /** Requests per window for buckets without their own entry. Okta's org-wide default is ~600/min. */
  defaultLimit?: number;
  limits?: Record<string, number>;
  /** Window length; Okta counts per minute. Tests shorten it. */
  windowMs?: number;
}

export interface RateLimitVerdict {
  limit: number;
  remaining: number;
  /** Epoch seconds at which the window resets (X-Rate-Limit-Reset). */
  reset: number;
  exceeded: boolean;
}

/** Fixed-window counters per bucket. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly options: RateLimitOptions = {}) {}

  take(bucket: string, nowMs: number): RateLimitVerdict {
    const windowMs = this.options.windowMs ?? 60_000;
    const limit = this.options.limits?.[bucket] ?? this.options.defaultLimit ?? 600;
    let window = this.windows.get(bucket);
    if (!window || nowMs >= window.start + windowMs) {
      window = { start: nowMs - (nowMs % windowMs), count: 0 };
      this.windows.set(bucket, window);
    }
    window.count += 1;
    const reset = Math.ceil((window.start + windowMs) / 1000);
    return { limit, remaining: Math.max(0, limit - window.count), reset, exceeded: window.count > limit };
  }

  reset(): void {
    this.windows.clear();
  }
}
