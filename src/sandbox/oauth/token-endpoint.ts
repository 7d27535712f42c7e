import { oauthError } from "../okta-errors.js";
import type { OktaObject, OrgState } from "../state.js";
import { SYSTEM_SCOPE_NAMES } from "../system-scopes.js";
import type { Handler, HandlerContext, SandboxRequest } from "../types.js";
import { mintAccessToken } from "./access-tokens.js";
import { basicCredentials, secretAccepted } from "./client-credentials.js";
import {
  findActiveClient,
  identifyAssertionClient,
  invalidClient,
  JWT_BEARER_ASSERTION_TYPE,
  verifyClientAssertion,
} from "./client-assertion.js";
import { invalidClientIdError } from "./discovery.js";
import { DPOP_ERRORS, invalidDpopProof, type DpopNonces, verifyDpopProof } from "./dpop.js";
import { asObject, asString, asStrings } from "../json-values.js";
import { signingKeyFor } from "./keys-endpoint.js";
import { evaluateAccessPolicies } from "./policy-evaluation.js";
import { findAuthServer, resolveCustomServer, resolveOrgServer, type ResolvedServer } from "./resolve-server.js";

export { createAccessTokenVerifier } from "./access-tokens.js";

/** Org-AS tokens for Okta API scopes live one hour, fixed (API-NOTES §5.1). */
export const ORG_ACCESS_TOKEN_LIFETIME_SECONDS = 3600;

/** Grant types Okta knows (the app model's enum); anything else is `unsupported_grant_type` outright. */
const KNOWN_GRANT_TYPES = new Set([
  "authorization_code",
  "client_credentials",
  "implicit",
  "interaction_code",
  "password",
  "refresh_token",
  "urn:ietf:params:oauth:grant-type:device_code",
  "urn:ietf:params:oauth:grant-type:jwt-bearer",
  "urn:ietf:params:oauth:grant-type:saml2-bearer",
  "urn:ietf:params:oauth:grant-type:token-exchange",
  "urn:openid:params:grant-type:ciba",
]);

/**
 * Error descriptions of the token endpoint (client-assertion and DPoP texts live with their checks).
 * Sources: spec = oauth.yaml examples; KB = Okta support article; notes = API-NOTES.md; ours = no
 * Okta text found.
 */
export const TOKEN_ERRORS = {
  /** REAL-ORG.md token endpoint table (verbatim) */
  assertionType: "The client_assertion_type is invalid.",
  /** REAL-ORG.md token endpoint table (verbatim; status 401) */
  multipleCredentials:
    "Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.",
  /** REAL-ORG.md token endpoint table (verbatim) */
  unknownServer: "The authorization server id is invalid.",
  /** REAL-ORG.md token endpoint table (verbatim) */
  allScopesRejected: "Policy evaluation succeeded, but all the requested scopes were rejected.",
  /** REAL-ORG.md token endpoint table (verbatim) */
  openidScope: "Cannot request 'openid' scopes using client credentials.",
  /** REAL-ORG.md token endpoint table (verbatim): a custom server's token on an org without API Access Management */
  featureNotEnabled: "The requested feature is not enabled in this environment.",
  /** spec OAuthError401InvalidClient_NoCreds has no final period; a copy of Okta's older /token docs has it */
  noCredentials: "No client credentials found.",
  /** notes §0.12 (Okta support KB) */
  orgRequiresPrivateKeyJwt: "Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method",
  /** KB "Invalid_Client Error Returned When Requesting OAuth Token(s)" */
  clientAuthFailed: "Client authentication failed. Either the client or the client credentials are invalid.",
  /** KB "Invalid_Client Error Returned When Requesting OAuth Token(s)" */
  badSecret: "The client secret supplied for a confidential client is invalid.",
  /** notes §5.2 (KB "Error One or More Scopes Are Not Configured…") */
  unknownScope: "One or more scopes are not configured for the authorization server resource.",
  /** notes §0.11 */
  noDefaultScopes: "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
  /** spec OAuthError400InvalidScope_MissingScopes */
  noScopes: "No scopes were requested.",
  /** notes §0.12; the period as public material quotes it */
  customScopesOnOrg: "Custom scopes are not allowed for this request.",
  /** wording from the brief (RFC 6749's invalid_scope definition); no stored Okta source quotes it */
  scopeNotGranted: "The requested scope is invalid, unknown, or malformed.",
  /** REAL-ORG.md token endpoint table (verbatim; status 401) */
  policyFailed: "Policy evaluation failed for this request, please check the policy configurations.",
} as const;

/** REAL-ORG.md token endpoint table (verbatim; the list is the grant types Okta knows). */
export function grantTypeMissing(): string {
  return `The token request must specify a 'grant_type'. Valid values: [${[...KNOWN_GRANT_TYPES].join(", ")}]`;
}

/** REAL-ORG.md token endpoint table (verbatim): the grant type is not one the server serves. */
export function unsupportedGrantType(configured: string[]): string {
  return `The authorization grant type is not supported by the authorization server. Configured grant types: [${configured.join(", ")}].`;
}

/** REAL-ORG.md token endpoint table (verbatim): the rule matched but refused some of the scopes. */
export function someScopesDenied(denied: string[]): string {
  return `Some of the requested scopes were denied by the policy. Denied scopes: [${denied.join(", ")}].`;
}

/** REAL-ORG.md token endpoint table (verbatim), error `consent_required`. */
export function consentScopesNotAllowed(scopes: string[]): string {
  return `The following scopes require user consent and cannot be granted for the client credentials grant type: [${scopes.join(", ")}].`;
}

/** REAL-ORG.md token endpoint table (verbatim). */
export function unauthorizedGrantType(configured: string[]): string {
  return `The client is not authorized to use the provided grant type. Configured grant types: [${configured.join(", ")}].`;
}

/**
 * Token request parameters. OpenMetadata's Python client sends them all in the query string with an
 * empty body, which Okta accepts; a form body is the normal case. Both are read, the body winning.
 */
export function readTokenParams(req: SandboxRequest): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of req.query) if (!params.has(name)) params.set(name, value);
  if (req.body.length > 0) {
    const seen = new Set<string>();
    for (const [name, value] of new URLSearchParams(req.body.toString("utf8"))) {
      if (seen.has(name)) continue;
      seen.add(name);
      params.set(name, value);
    }
  }
  return params;
}

export function oauthClientSettings(app: OktaObject): { grantTypes: string[]; authMethod: string; dpopRequired: boolean } {
  const settings = asObject(asObject(app.settings).oauthClient);
  const credentials = asObject(asObject(app.credentials).oauthClient);
  return {
    grantTypes: asStrings(settings.grant_types),
    authMethod: asString(credentials.token_endpoint_auth_method) ?? "client_secret_basic",
    dpopRequired: settings.dpop_bound_access_tokens === true,
  };
}

function parseScopes(value: string | undefined): string[] {
  return [...new Set((value ?? "").split(" ").filter((scope) => scope.length > 0))];
}

interface AuthenticatedClient {
  app: OktaObject;
  clientId: string;
}

/**
 * Client authentication for the token endpoint: exactly one credential (Basic header, client_secret
 * in the request, or a client assertion), then Okta's per-server rules. Only private_key_jwt is a
 * real path for client_credentials at the org server; custom servers also take client secrets.
 */
async function authenticateClient(
  req: SandboxRequest,
  params: Map<string, string>,
  server: ResolvedServer,
  grantType: string,
  ctx: HandlerContext,
): Promise<AuthenticatedClient> {
  const basic = basicCredentials(req);
  const assertion = params.get("client_assertion") || undefined;
  const postedSecret = params.get("client_secret") || undefined;
  const kinds = [basic, assertion, postedSecret].filter((kind) => kind !== undefined).length;
  if (kinds > 1) throw oauthError(401, "invalid_request", TOKEN_ERRORS.multipleCredentials);
  if (kinds === 0) throw invalidClient(TOKEN_ERRORS.noCredentials);
  const orgClientCredentials = server.kind === "org" && grantType === "client_credentials";

  if (assertion !== undefined) {
    if (params.get("client_assertion_type") !== JWT_BEARER_ASSERTION_TYPE) {
      throw oauthError(400, "invalid_request", TOKEN_ERRORS.assertionType);
    }
    const found = identifyAssertionClient(ctx.state, assertion, params.get("client_id") || undefined);
    const { authMethod } = oauthClientSettings(found.app);
    if (authMethod !== "private_key_jwt") {
      throw invalidClient(orgClientCredentials ? TOKEN_ERRORS.orgRequiresPrivateKeyJwt : TOKEN_ERRORS.clientAuthFailed);
    }
    await verifyClientAssertion(found, { state: ctx.state, audiences: server.tokenUrls, nowSeconds: nowSeconds(ctx) });
    return { app: found.app, clientId: found.clientId };
  }

  const clientId = basic?.clientId ?? params.get("client_id") ?? "";
  const secret = basic?.secret ?? postedSecret ?? "";
  const app = clientId ? findActiveClient(ctx.state, clientId) : undefined;
  if (!app) throw invalidClientIdError(ctx.state, 401);
  if (orgClientCredentials) throw invalidClient(TOKEN_ERRORS.orgRequiresPrivateKeyJwt);
  const { authMethod } = oauthClientSettings(app);
  if (authMethod !== "client_secret_basic" && authMethod !== "client_secret_post") throw invalidClient(TOKEN_ERRORS.clientAuthFailed);
  if (!secretAccepted(ctx.state, app.id, secret)) throw invalidClient(TOKEN_ERRORS.badSecret);
  return { app, clientId };
}

/** The sandbox's servers mint client_credentials tokens only; that is their configured grant type list. */
const SERVED_GRANT_TYPES = ["client_credentials"];

/**
 * The custom server a token request names. Unlike discovery and keys (404 E0000007), the token
 * endpoint answers an unknown id with invalid_request, and a custom server on an org without API
 * Access Management with "feature not enabled" (REAL-ORG.md token endpoint table).
 */
function tokenServer(ctx: HandlerContext, origin: string, segment: string): ResolvedServer {
  if (ctx.features && !ctx.features.apiAccessManagement) throw oauthError(400, "access_denied", TOKEN_ERRORS.featureNotEnabled);
  const server = findAuthServer(ctx.state, segment);
  if (!server || server.status !== "ACTIVE") throw oauthError(400, "invalid_request", TOKEN_ERRORS.unknownServer);
  return resolveCustomServer(origin, server);
}

function nowSeconds(ctx: HandlerContext): number {
  return Math.floor(ctx.now().getTime() / 1000);
}

/** Scopes for a custom server: requested or default ones, all configured, none OIDC or consent-bound. */
function customServerScopes(state: OrgState, asId: string, requested: string[]): string[] {
  const configured = Object.values(state.scopes[asId] ?? {});
  let scopes = requested;
  if (scopes.length === 0) {
    scopes = configured.filter((scope) => scope.default === true).flatMap((scope) => asString(scope.name) ?? []);
    if (scopes.length === 0) throw oauthError(400, "invalid_scope", TOKEN_ERRORS.noDefaultScopes);
  }
  const byName = new Map(configured.map((scope) => [asString(scope.name), scope]));
  // Okta API scopes exist only on the org server, even if someone stored one here.
  if (scopes.some((scope) => !byName.has(scope) || scope.startsWith("okta."))) {
    throw oauthError(400, "invalid_scope", TOKEN_ERRORS.unknownScope);
  }
  if (scopes.some((scope) => SYSTEM_SCOPE_NAMES.includes(scope))) throw oauthError(400, "invalid_scope", TOKEN_ERRORS.openidScope);
  const consent = scopes.filter((scope) => byName.get(scope)?.consent === "REQUIRED");
  if (consent.length > 0) throw oauthError(400, "consent_required", consentScopesNotAllowed(consent));
  return scopes;
}

/**
 * Scopes for the org server: only Okta API scopes (`okta.*`), each one an ACTIVE grant of the app
 * issued by this org (`POST /api/v1/apps/{appId}/grants`, issuer = the org URL).
 */
function orgServerScopes(state: OrgState, app: OktaObject, origin: string, requested: string[]): string[] {
  if (requested.length === 0) throw oauthError(400, "invalid_scope", TOKEN_ERRORS.noScopes);
  if (requested.some((scope) => SYSTEM_SCOPE_NAMES.includes(scope))) throw oauthError(400, "invalid_scope", TOKEN_ERRORS.openidScope);
  if (requested.some((scope) => !scope.startsWith("okta."))) throw oauthError(400, "invalid_scope", TOKEN_ERRORS.customScopesOnOrg);
  const issuer = origin.replace(/\/+$/, "");
  const granted = new Set(
    Object.values(state.grants[app.id] ?? {})
      .filter((grant) => grant.status === "ACTIVE" && asString(grant.issuer)?.replace(/\/+$/, "") === issuer)
      .flatMap((grant) => asString(grant.scopeId) ?? []),
  );
  if (requested.some((scope) => !granted.has(scope))) throw oauthError(400, "invalid_scope", TOKEN_ERRORS.scopeNotGranted);
  return requested;
}

/**
 * POST `/oauth2/v1/token` (`kind: "org"`) or `/oauth2/:asId/v1/token` (`kind: "custom"`): the
 * client_credentials grant, authenticated with private_key_jwt (or, on custom servers, a client
 * secret), with Okta's DPoP, scope and access-policy rules.
 *
 * DPoP: an app with `dpop_bound_access_tokens: true` must send a proof and go through the nonce
 * round-trip; it gets `token_type: DPoP` and a `cnf.jkt`-bound token. An app without it gets a plain
 * Bearer token and its `DPoP` header is ignored: the Okta Node SDK sends a proof on every token
 * request yet works against apps with DPoP off (okta/okta-sdk-nodejs#453, #496), which it could not
 * if Okta answered those with `use_dpop_nonce` (that switches the SDK into DPoP mode).
 */
export function createTokenHandler(kind: "org" | "custom", nonces: DpopNonces): Handler {
  return async (req, ctx) => {
    const server = kind === "org" ? resolveOrgServer(req.origin) : tokenServer(ctx, req.origin, req.params.asId ?? "");
    const params = readTokenParams(req);
    const grantType = params.get("grant_type") ?? "";
    if (!grantType) throw oauthError(400, "invalid_request", grantTypeMissing());
    if (!KNOWN_GRANT_TYPES.has(grantType)) throw oauthError(400, "unsupported_grant_type", unsupportedGrantType(SERVED_GRANT_TYPES));

    const { app, clientId } = await authenticateClient(req, params, server, grantType, ctx);
    const client = oauthClientSettings(app);
    if (!client.grantTypes.includes(grantType)) throw oauthError(400, "unauthorized_client", unauthorizedGrantType(client.grantTypes));
    // The sandbox mints only client_credentials tokens; other grants the app has are not served.
    if (!SERVED_GRANT_TYPES.includes(grantType)) throw oauthError(400, "unsupported_grant_type", unsupportedGrantType(SERVED_GRANT_TYPES));

    let jkt: string | undefined;
    if (client.dpopRequired) {
      const proof = req.headers.dpop;
      if (typeof proof !== "string" || proof.length === 0) throw invalidDpopProof(DPOP_ERRORS.missing);
      ({ jkt } = await verifyDpopProof({ proof, method: req.method, urls: server.tokenUrls, nowSeconds: nowSeconds(ctx), nonces }));
    }

    const requested = parseScopes(params.get("scope"));
    let scopes: string[];
    let audience: string;
    let lifetimeSeconds: number;
    if (server.kind === "org") {
      scopes = orgServerScopes(ctx.state, app, req.origin, requested);
      audience = req.origin;
      lifetimeSeconds = ORG_ACCESS_TOKEN_LIFETIME_SECONDS;
    } else {
      scopes = customServerScopes(ctx.state, server.keySlot, requested);
      const match = evaluateAccessPolicies(ctx.state, server.keySlot, clientId, grantType, scopes);
      // Policy failure is 401, refused scopes 400 (REAL-ORG.md token endpoint table).
      if (!match) throw oauthError(401, "access_denied", TOKEN_ERRORS.policyFailed);
      if ("denied" in match) throw oauthError(400, "access_denied", match.all ? TOKEN_ERRORS.allScopesRejected : someScopesDenied(match.denied));
      audience = asStrings(server.server?.audiences)[0] ?? server.issuer;
      lifetimeSeconds = match.accessTokenLifetimeMinutes * 60;
    }

    const key = await signingKeyFor(ctx, server);
    const accessToken = await mintAccessToken({
      key,
      issuer: server.issuer,
      audience,
      clientId,
      scopes,
      issuedAt: ctx.now(),
      lifetimeSeconds,
      jkt,
    });
    return {
      status: 200,
      json: { token_type: jkt === undefined ? "Bearer" : "DPoP", expires_in: lifetimeSeconds, access_token: accessToken, scope: scopes.join(" ") },
      headers: { "cache-control": "no-store", pragma: "no-cache" },
    };
  };
}
