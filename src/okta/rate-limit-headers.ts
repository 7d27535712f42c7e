/** The parts of the SDK's DefaultRequestExecutor that read X-Rate-Limit-Reset on a 429. */
export interface ResetReadingExecutor {
  getRateLimitReset(response: { headers: { get(name: string): string | null } }): string | null;
  validateRetryResponseHeaders(response: { headers: { get(name: string): string | null } }): boolean;
}

/**
 * Okta sometimes sends the X-Rate-Limit headers twice (OKTA-112507; REAL-ORG.md "Rate limits"), which
 * fetch joins into "1700000060, 1700000060"; the Node SDK then refuses to retry at all and the 429
 * becomes a failure. Read the latest of the values instead, so such a 429 waits like any other.
 */
export function tolerateDuplicateResetHeader(executor: ResetReadingExecutor): void {
  executor.getRateLimitReset = (response) => latestReset(response.headers.get("x-rate-limit-reset"));
  executor.validateRetryResponseHeaders = (response) => executor.getRateLimitReset(response) !== null;
}

/** "a, b" → the largest epoch-seconds value; null when none parses. */
export function latestReset(header: string | null): string | null {
  const values = (header ?? "").split(",").map((v) => Number(v.trim())).filter((v) => Number.isInteger(v) && v > 0);
  return values.length > 0 ? String(Math.max(...values)) : null;
}
