import { request as httpRequest, type Agent, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Output } from "../output/output.js";
import { createOktaApi } from "../init/okta-session.js";
import type { OktaApi } from "../okta/okta-api.js";
import { OktaApiError } from "../okta/okta-errors.js";
import { proxyAgentFor } from "../okta/proxy.js";
import type { OktaCredentials } from "../okta/transport.js";

const PROBE_TIMEOUT_MS = 10_000;

/**
 * Checks that `orgUrl` answers like an Okta org: its OpenID discovery document, through the same
 * proxy rules as the API calls. Returns the problem to show under the prompt, or true.
 */
export async function probeOrgUrl(orgUrl: string, env: Record<string, string | undefined>): Promise<true | string> {
  const url = `${orgUrl}/.well-known/openid-configuration`;
  let res: { status: number; body: string };
  try {
    res = await get(url, proxyAgentFor(orgUrl, env) as Agent | undefined);
  } catch (err) {
    return `Cannot reach ${orgUrl}: ${networkReason(err)}. Check the URL (and HTTPS_PROXY if you need a proxy).`;
  }
  if (res.status !== 200) return `${url} answered HTTP ${res.status}; is ${orgUrl} your Okta org URL?`;
  let issuer: unknown;
  try {
    issuer = (JSON.parse(res.body) as { issuer?: unknown }).issuer;
  } catch {
    issuer = undefined;
  }
  if (typeof issuer !== "string") return `${orgUrl} does not look like an Okta org (its /.well-known/openid-configuration has no issuer).`;
  return true;
}

/** The result of trying credentials against GET /api/v1/users/me. */
export type CredentialCheck = { ok: true; login?: string; api: OktaApi } | { ok: false; problem: string; status?: number };

/** Calls GET /api/v1/users/me with these credentials; Okta's own error text when it refuses. */
export async function checkCredentials(
  orgUrl: string,
  credentials: OktaCredentials,
  out: Output,
  env: Record<string, string | undefined>,
): Promise<CredentialCheck> {
  const api = createOktaApi(orgUrl, credentials, { debug: out.options.debug === true }, out, env);
  try {
    const me = await api.getCurrentUser();
    return { ok: true, login: me.profile?.login, api };
  } catch (err) {
    if (err instanceof OktaApiError) return { ok: false, problem: `${err.message}${err.hint ? `. ${err.hint}` : ""}`, status: err.status };
    return { ok: false, problem: err instanceof Error ? err.message : String(err) };
  }
}

function get(url: string, agent: Agent | undefined): Promise<{ status: number; body: string }> {
  const send = url.startsWith("https:") ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: "GET", headers: { Accept: "application/json" }, agent, timeout: PROBE_TIMEOUT_MS }, (res: IncomingMessage) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        // Discovery documents are a few KiB; anything far bigger is not one.
        if (body.length < 256 * 1024) body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end();
  });
}

function networkReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name does not resolve";
    case "ECONNREFUSED":
      return "the connection was refused";
    case "ETIMEDOUT":
      return (err as Error).message;
    case "CERT_HAS_EXPIRED":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
      return `its TLS certificate is not trusted (${code}; set NODE_EXTRA_CA_CERTS for a corporate CA)`;
    default:
      return code ? `${(err as Error).message} (${code})` : (err as Error).message;
  }
}
