import { createPublicKey } from "node:crypto";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { oauthError } from "../okta-errors.js";
import type { Handler, HandlerContext } from "../types.js";
import { asObject, asString, asStrings } from "../json-values.js";
import { findActiveClient, invalidClient } from "./client-assertion.js";
import { signingKeyFor } from "./keys-endpoint.js";
import { requireActiveCustomServer, resolveOrgServer, type ResolvedServer } from "./resolve-server.js";
import { basicCredentials, readTokenParams, sameSecret, TOKEN_ERRORS } from "./token-endpoint.js";

/** spec (oauth.yaml, /introspect): "The `token` parameter is required." is the example's wording. */
export const INTROSPECT_ERRORS = { tokenMissing: "The `token` parameter is required." } as const;

/**
 * Client authentication at /introspect, per the app's method (oauth.yaml: "The method is configured
 * per client app"): a confidential client sends its secret (Basic header or `client_secret` in the
 * body), a public client only `client_id`. A wrong secret is 401 invalid_client, which is what
 * OpenMetadata's 1.10+ validator reads as "wrong secret" (VERSIONS.md: Confidential client).
 * Client assertions are not emulated here.
 */
function authenticate(req: Parameters<Handler>[0], params: Map<string, string>, ctx: HandlerContext): void {
  const basic = basicCredentials(req);
  const posted = params.get("client_secret") || undefined;
  if (basic && posted) throw oauthError(400, "invalid_request", TOKEN_ERRORS.multipleCredentials);
  const clientId = basic?.clientId ?? params.get("client_id") ?? "";
  if (!clientId) throw invalidClient(TOKEN_ERRORS.noCredentials);
  const app = findActiveClient(ctx.state, clientId);
  if (!app) throw invalidClient(TOKEN_ERRORS.clientAuthFailed);
  const method = asString(asObject(asObject(app.credentials).oauthClient).token_endpoint_auth_method) ?? "client_secret_basic";
  if (method === "none") {
    if (basic || posted) throw invalidClient(TOKEN_ERRORS.clientAuthFailed);
    return;
  }
  if (method !== "client_secret_basic" && method !== "client_secret_post") throw invalidClient(TOKEN_ERRORS.clientAuthFailed);
  const secret = basic?.secret ?? posted;
  if (secret === undefined) throw invalidClient(TOKEN_ERRORS.noCredentials);
  const stored = ctx.state.appSecrets[app.id];
  if (stored === undefined || !sameSecret(secret, stored)) throw invalidClient(TOKEN_ERRORS.badSecret);
}

/** The claims of an access token this server minted and that is still valid; undefined otherwise. */
async function activeClaims(token: string, server: ResolvedServer, ctx: HandlerContext): Promise<Record<string, unknown> | undefined> {
  try {
    const slot = ctx.state.signingKeys[server.keySlot];
    if (!slot || decodeProtectedHeader(token).kid !== slot.kid) return undefined;
    const key = await signingKeyFor(ctx, server);
    const { payload } = await jwtVerify(token, createPublicKey(key.privateKey), { algorithms: ["RS256"], issuer: server.issuer, currentDate: ctx.now() });
    return payload;
  } catch {
    return undefined;
  }
}

/**
 * POST `/oauth2/v1/introspect` (org) or `/oauth2/:asId/v1/introspect`: authenticates the client,
 * then answers `{active: false}` for anything that is not a live access token of this server (a
 * dummy token included: that is how OpenMetadata probes the endpoint), else the RFC 7662 fields.
 */
export function createIntrospectHandler(kind: "org" | "custom"): Handler {
  return async (req, ctx) => {
    const server = kind === "org" ? resolveOrgServer(req.origin) : requireActiveCustomServer(ctx.state, req.origin, req.params.asId ?? "");
    const params = readTokenParams(req);
    authenticate(req, params, ctx);
    const token = params.get("token");
    if (!token) throw oauthError(400, "invalid_request", INTROSPECT_ERRORS.tokenMissing);
    const claims = await activeClaims(token, server, ctx);
    const headers = { "cache-control": "no-store", pragma: "no-cache" };
    if (!claims) return { status: 200, json: { active: false }, headers };
    return {
      status: 200,
      json: {
        active: true,
        scope: asStrings(claims.scp).join(" "),
        client_id: claims.cid,
        exp: claims.exp,
        iat: claims.iat,
        sub: claims.sub,
        aud: claims.aud,
        iss: claims.iss,
        jti: claims.jti,
        token_type: "Bearer",
      },
      headers,
    };
  };
}
