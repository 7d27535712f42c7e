import { OktaApi } from "../okta/okta-api.js";
import { OktaTransport, type OktaCredentials } from "../okta/transport.js";
import type { Output } from "../output/output.js";
import { rateLimitWaitLine } from "../okta/rate-limit-notice.js";

function positiveMs(raw: string | undefined): number | undefined {
  const value = Number(raw);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Per-attempt timeout (ms): OKTA_OM_REQUEST_TIMEOUT_MS, for slow networks and for tests. */
export function requestTimeoutMs(env: Record<string, string | undefined>): number {
  return positiveMs(env.OKTA_OM_REQUEST_TIMEOUT_MS) ?? 30_000;
}

/** The management API client for this run; --debug logs every call (method, path, status, time). */
export function createOktaApi(orgUrl: string, credentials: OktaCredentials, options: { debug: boolean }, out: Output, env: Record<string, string | undefined> = process.env): OktaApi {
  const transport = new OktaTransport({
    orgUrl,
    credentials,
    env,
    timeoutMs: requestTimeoutMs(env),
    // How long one call may wait out 429s in total (OKTA_OM_RETRY_BUDGET_MS; default 150 s).
    retryBudgetMs: positiveMs(env.OKTA_OM_RETRY_BUDGET_MS),
    onResponse: options.debug ? (e) => out.debug(`${e.method} ${e.path} → ${e.status} (${e.ms} ms)`) : undefined,
    onBackoff: (delayMs) => out.warn(rateLimitWaitLine(delayMs)),
  });
  return new OktaApi(transport);
}
