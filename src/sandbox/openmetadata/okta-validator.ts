import type { OmSecurityConfig } from "../state.js";
import { compareVersions } from "./version.js";

/** One entry of OpenMetadata's validation answer: `{"status":"failed","errors":[{field, error}]}`. */
export interface FieldError {
  field: string;
  error: string;
}

const AUTHN = "authenticationConfiguration";
const AUTHZ = "authorizerConfiguration";
const KNOWN_AUTHORIZERS = new Set(["org.openmetadata.service.security.DefaultAuthorizer", "org.openmetadata.service.security.NoopAuthorizer"]);

const str = (v: unknown): string => (typeof v === "string" ? v.trim() : "");
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x).trim()).filter((x) => x !== "") : []);

async function getJson(send: typeof fetch, url: string, init?: RequestInit): Promise<{ status: number; json?: Record<string, unknown>; error?: string }> {
  try {
    const res = await send(url, { ...init, signal: AbortSignal.timeout(5000) });
    const text = await res.text();
    try {
      const json = JSON.parse(text) as unknown;
      return { status: res.status, json: typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined };
    } catch {
      return { status: res.status };
    }
  } catch (err) {
    return { status: 0, error: (err as Error).message };
  }
}

/** Required fields, then the authorizer (VERSIONS.md: "What the 1.10+ validator demands"). */
function requiredFields(config: OmSecurityConfig): FieldError[] {
  const a = config.authenticationConfiguration;
  const z = config.authorizerConfiguration;
  const errors: FieldError[] = [];
  const need = (ok: boolean, field: string, error: string): void => {
    if (!ok) errors.push({ field, error });
  };
  need(str(a.provider) !== "", `${AUTHN}.provider`, "Provider is required");
  const provider = str(a.provider).toLowerCase();
  if (provider !== "basic" && provider !== "ldap") {
    // Issue #24404: providerName defaults to "" and the validator refuses it.
    need(str(a.providerName) !== "", `${AUTHN}.providerName`, "Provider name is required");
    need(list(a.jwtPrincipalClaims).length > 0, `${AUTHN}.jwtPrincipalClaims`, "JWT principal claims are required");
    need(str(a.authority) !== "", `${AUTHN}.authority`, "Authority is required");
    need(str(a.callbackUrl) !== "", `${AUTHN}.callbackUrl`, "Callback URL is required");
    need(str(a.clientId) !== "", `${AUTHN}.clientId`, "Client ID is required");
    if (str(a.clientType || "public") === "public") need(list(a.publicKeyUrls).length > 0, `${AUTHN}.publicKeyUrls`, "Public key URLs are required for public clients");
  }
  need(KNOWN_AUTHORIZERS.has(str(z.className)), `${AUTHZ}.className`, `Authorizer class ${JSON.stringify(str(z.className))} cannot be loaded`);
  need(list(z.adminPrincipals).length > 0, `${AUTHZ}.adminPrincipals`, "Admin principals are required");
  need(str(z.principalDomain) !== "", `${AUTHZ}.principalDomain`, "Principal domain is required");
  return errors;
}

/**
 * The JWKS URL OpenMetadata insists on: `{authority}/v1/keys` for a custom server, the org server's
 * `{authority}/oauth2/v1/keys`; 1.10.0–1.10.6 wrongly demanded `/v1/keys` for both (#24334).
 */
export function expectedOktaKeysUrl(authority: string, version: string): string {
  const base = authority.replace(/\/+$/, "");
  const custom = /\/oauth2\/[^/]+$/.test(base);
  const buggy = compareVersions(version, "1.10.0") >= 0 && compareVersions(version, "1.10.7") < 0;
  return custom || buggy ? `${base}/v1/keys` : `${base}/oauth2/v1/keys`;
}

/** OktaAuthValidator for a public client: discovery, introspection, then every public key URL. */
async function oktaPublicClient(send: typeof fetch, a: Record<string, unknown>, version: string): Promise<FieldError[]> {
  const authority = str(a.authority).replace(/\/+$/, "");
  const discoveryUrl = `${authority}/.well-known/openid-configuration`;
  const discovery = await getJson(send, discoveryUrl);
  const doc = discovery.json;
  if (discovery.status !== 200 || !doc) {
    return [{ field: `${AUTHN}.authority`, error: `Failed to fetch OIDC discovery from ${discoveryUrl}: ${discovery.error ?? `HTTP ${discovery.status}`}` }];
  }
  const missing = ["issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint"].filter((k) => str(doc[k]) === "");
  if (missing.length) return [{ field: `${AUTHN}.authority`, error: `The discovery document lacks ${missing.join(", ")}` }];
  const errors: FieldError[] = [];
  const scopes = list(doc.scopes_supported);
  const lackingScopes = ["openid", "email", "profile"].filter((s) => !scopes.includes(s));
  if (lackingScopes.length) errors.push({ field: `${AUTHN}.authority`, error: `The authorization server does not support the scopes ${lackingScopes.join(", ")}` });
  if (!list(doc.id_token_signing_alg_values_supported).includes("RS256")) errors.push({ field: `${AUTHN}.authority`, error: "The authorization server does not sign ID tokens with RS256" });
  const introspection = str(doc.introspection_endpoint);
  const probe = introspection
    ? await getJson(send, introspection, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" }, body: new URLSearchParams({ token: "validation-dummy-token", client_id: str(a.clientId) }) })
    : { status: 0, error: "no introspection_endpoint in discovery" };
  if (probe.status !== 200 || !probe.json || !("active" in probe.json)) {
    errors.push({ field: `${AUTHN}.clientId`, error: `Client ID validation failed at the introspection endpoint: ${probe.error ?? `HTTP ${probe.status}`}${str(probe.json?.errorSummary) ? ` (${str(probe.json?.errorSummary)})` : ""}` });
  }
  const urls = list(a.publicKeyUrls);
  const expected = expectedOktaKeysUrl(authority, version);
  if (!urls.includes(expected)) errors.push({ field: `${AUTHN}.publicKeyUrls`, error: `Public key URLs must include ${expected}` });
  for (const url of urls) {
    const keys = await getJson(send, url);
    const found = Array.isArray(keys.json?.keys) ? (keys.json.keys as unknown[]) : [];
    if (keys.status !== 200 || found.length === 0) errors.push({ field: `${AUTHN}.publicKeyUrls`, error: `${url} did not answer with a non-empty keys array (${keys.error ?? `HTTP ${keys.status}`})` });
  }
  return errors;
}

/**
 * OktaAuthValidator for a confidential client (VERSIONS.md "What the 1.10+ validator demands"): the
 * oidcConfiguration fields, then its discovery document, publicKeyUrls holding discovery's jwks_uri
 * exactly, and the secret checked with HTTP Basic at the introspection endpoint (401 = wrong secret).
 */
async function oktaConfidentialClient(send: typeof fetch, a: Record<string, unknown>): Promise<FieldError[]> {
  const oidc = (typeof a.oidcConfiguration === "object" && a.oidcConfiguration !== null ? a.oidcConfiguration : {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (str(oidc.id) === "") errors.push({ field: `${AUTHN}.oidcConfiguration.id`, error: "Client ID is required for confidential clients" });
  if (str(oidc.secret) === "") errors.push({ field: `${AUTHN}.oidcConfiguration.secret`, error: "Client secret is required for confidential clients" });
  if (str(oidc.discoveryUri) === "" && str(oidc.serverUrl) === "") errors.push({ field: `${AUTHN}.oidcConfiguration.discoveryUri`, error: "Discovery URI is required" });
  if (errors.length || str(oidc.discoveryUri) === "") return errors;
  const discovery = await getJson(send, str(oidc.discoveryUri));
  const doc = discovery.json;
  if (discovery.status !== 200 || !doc) {
    return [{ field: `${AUTHN}.oidcConfiguration.discoveryUri`, error: `Failed to fetch OIDC discovery from ${str(oidc.discoveryUri)}: ${discovery.error ?? `HTTP ${discovery.status}`}` }];
  }
  const jwks = str(doc.jwks_uri);
  if (jwks && !list(a.publicKeyUrls).includes(jwks)) errors.push({ field: `${AUTHN}.publicKeyUrls`, error: `Public key URLs must include ${jwks}` });
  const introspection = str(doc.introspection_endpoint);
  if (!introspection) return [...errors, { field: `${AUTHN}.oidcConfiguration.discoveryUri`, error: "The discovery document lacks introspection_endpoint" }];
  const basic = Buffer.from(`${encodeURIComponent(str(oidc.id))}:${encodeURIComponent(str(oidc.secret))}`).toString("base64");
  const probe = await getJson(send, introspection, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json", Authorization: `Basic ${basic}` },
    body: new URLSearchParams({ token: "validation-dummy-token" }),
  });
  if (probe.status === 401) errors.push({ field: `${AUTHN}.oidcConfiguration.secret`, error: "Invalid client credentials: Okta refused the client id and secret" });
  else if (probe.status !== 200) errors.push({ field: `${AUTHN}.oidcConfiguration.id`, error: `Client validation failed at the introspection endpoint: ${probe.error ?? `HTTP ${probe.status}`}` });
  return errors;
}

/**
 * `POST /system/security/validate` and the PATCH pre-check: [] when OpenMetadata would accept the
 * config. `send` makes its lookups at the org (HandlerContext.serverFetch).
 */
export async function validateSecurityConfig(config: OmSecurityConfig, version: string, send: typeof fetch = fetch): Promise<FieldError[]> {
  const required = requiredFields(config);
  if (required.length) return required;
  const a = config.authenticationConfiguration;
  if (str(a.provider).toLowerCase() !== "okta") return [];
  return str(a.clientType || "public") === "confidential" ? await oktaConfidentialClient(send, a) : await oktaPublicClient(send, a, version);
}
