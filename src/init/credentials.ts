import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { createOrgAgent } from "../okta/http-agent.js";
import { proxyAgentFor } from "../okta/proxy.js";
import { CliError, ExitCode, UsageError } from "../errors.js";
import { loadServiceKeyPair } from "../keys/key-pair.js";
import type { InitOptions } from "../options/init-options.js";
import type { OktaCredentials } from "../okta/transport.js";
import type { Output } from "../output/output.js";
import type { SandboxSession } from "./sandbox-session.js";
import { requireCredentialSafeOrgUrl } from "../options/org-url.js";

/** The Okta API scopes init's management calls need with OAuth for Okta (least privilege). */
export const MANAGEMENT_SCOPES = [
  "okta.apps.manage",
  "okta.appGrants.manage",
  "okta.authorizationServers.manage",
  "okta.trustedOrigins.manage",
  "okta.groups.read",
  "okta.clients.register",
  // To read the service app's admin roles after the grants (the super-admin check).
  "okta.roles.read",
];

/** Credentials for the management API: the sandbox's, an API token, or OAuth for Okta (pre-flighted). */
export async function buildCredentials(options: InitOptions, orgUrl: string, session: SandboxSession | undefined, out: Output, env: Record<string, string | undefined> = process.env): Promise<OktaCredentials> {
  if (session) return { kind: "token", token: session.apiToken };
  if (options.apiToken) return { kind: "token", token: options.apiToken };
  if (options.mgmtClientId && options.mgmtPrivateKey) {
    const pair = await loadServiceKeyPair(options.mgmtPrivateKey, { flag: "--mgmt-private-key" });
    const privateJwk = JSON.parse(pair.privateJwk.reveal()) as Record<string, unknown>;
    await preflightOAuth(orgUrl, options.mgmtClientId, privateJwk, pair.kid, out, env);
    return { kind: "oauth", clientId: options.mgmtClientId, privateJwk, keyId: pair.kid, scopes: MANAGEMENT_SCOPES };
  }
  throw new UsageError("No Okta credentials.", "Set OKTA_OM_API_TOKEN, pipe a token to --api-token-stdin, or use --mgmt-client-id with --mgmt-private-key.");
}

/**
 * Requests the OAuth-for-Okta token ourselves first: the SDK swallows token errors (it would send
 * `Bearer undefined` and report "Invalid token provided"), so this is where the real cause shows.
 */
async function preflightOAuth(orgUrl: string, clientId: string, privateJwk: Record<string, unknown>, kid: string, out: Output, env: Record<string, string | undefined>): Promise<void> {
  const { SignJWT, importJWK } = await import("jose");
  const tokenUrl = `${requireCredentialSafeOrgUrl(orgUrl, "Okta org URL")}/oauth2/v1/token`;
  const key = await importJWK(privateJwk as Parameters<typeof importJWK>[0], "RS256");
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: "RS256", kid })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(key);
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    scope: MANAGEMENT_SCOPES.join(" "),
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: assertion,
  });
  let res: { ok: boolean; status: number; json(): Promise<unknown> };
  try {
    // Through the SDK's executor with the org's agent, so HTTPS_PROXY/NO_PROXY apply as for every other call.
    const { DefaultRequestExecutor } = createRequire(import.meta.url)("@okta/okta-sdk-nodejs/src/default-request-executor.js") as {
      DefaultRequestExecutor: new (config: { maxRetries: number; requestTimeout: number }) => { fetch(request: Record<string, unknown>): Promise<typeof res> };
    };
    res = await new DefaultRequestExecutor({ maxRetries: 1, requestTimeout: 15_000 }).fetch({
      url: tokenUrl,
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      agent: createOrgAgent(orgUrl, 15_000, proxyAgentFor(orgUrl, env)),
    });
  } catch (err) {
    throw new CliError(`Could not reach ${tokenUrl} to check --mgmt-client-id: ${(err as Error).message}`, { exitCode: ExitCode.failure });
  }
  const json = (await res.json().catch(() => undefined)) as { error?: string; error_description?: string } | undefined;
  if (res.ok) {
    out.debug("OAuth for Okta: token request accepted");
    return;
  }
  // The app requires DPoP: the assertion itself was fine; the SDK performs the DPoP nonce exchange.
  if (json?.error === "use_dpop_nonce" || json?.error === "invalid_dpop_proof") return;
  const what = json?.error ? `${json.error}: ${json.error_description ?? ""}` : `HTTP ${res.status}`;
  throw new CliError(`Okta refused the OAuth-for-Okta token request of --mgmt-client-id ${clientId} (${what}).`, {
    exitCode: ExitCode.auth,
    hint:
      json?.error === "invalid_scope"
        ? `Grant the app these Okta API scopes (Okta API Scopes tab): ${MANAGEMENT_SCOPES.join(", ")}.`
        : json?.error === "invalid_client"
          ? "Check that --mgmt-client-id is the service app's client id and that --mgmt-private-key's public half is registered on it (with this kid)."
          : "Check the app's grant types (client_credentials) and its public key, or use an API token instead.",
  });
}
