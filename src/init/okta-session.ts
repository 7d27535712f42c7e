import { OktaApi } from "../okta/okta-api.js";
import { OktaTransport, type OktaCredentials } from "../okta/transport.js";
import type { Output } from "../output/output.js";

/** Per-request timeout (ms), overridable for slow networks and for tests. */
export function requestTimeoutMs(env: Record<string, string | undefined>): number {
  const raw = Number(env.OKTA_OM_REQUEST_TIMEOUT_MS);
  return Number.isFinite(raw) && raw > 0 ? raw : 30_000;
}

/** The management API client for this run; --debug logs every call (method, path, status, time). */
export function createOktaApi(orgUrl: string, credentials: OktaCredentials, options: { debug: boolean }, out: Output, env: Record<string, string | undefined> = process.env): OktaApi {
  const transport = new OktaTransport({
    orgUrl,
    credentials,
    env,
    timeoutMs: requestTimeoutMs(env),
    onResponse: options.debug ? (e) => out.debug(`${e.method} ${e.path} → ${e.status} (${e.ms} ms)`) : undefined,
    onBackoff: (delayMs) => out.debug(`rate limited by Okta; retrying in ${delayMs} ms`),
  });
  return new OktaApi(transport);
}
