import { createPublicKey } from "node:crypto";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { oauthError } from "../okta-errors.js";
import type { OktaObject } from "../state.js";
import type { Handler, HandlerContext, SandboxRequest } from "../types.js";
import { asNumber, asString, asStrings } from "../json-values.js";
import { identifyAssertionClient, invalidClient, JWT_BEARER_ASSERTION_TYPE, verifyClientAssertion, findActiveClient } from "./client-assertion.js";
import { basicCredentials, secretAccepted } from "./client-credentials.js";
import { invalidClientIdError } from "./discovery.js";
import { requireActiveCustomServer, resolveOrgServer, type ResolvedServer } from "./resolve-server.js";
import { oauthClientSettings, readTokenParams, TOKEN_ERRORS } from "./token-endpoint.js";

/** spec OAuthError400InvalidRequest_MissingToken */
export const MISSING_TOKEN = "The `token` parameter is required.";

/** RFC 7662 §2.2: anything the server cannot vouch for is just `{"active": false}`, never an error. */
const INACTIVE = { active: false } as const;

/**
 * Client authentication for `/introspect` (spec: "requires client authentication. The method is
 * configured per client app ... For public clients ... include the `client_id`"). A public client
 * (`token_endpoint_auth_method: none`) names itself; others prove who they are as at /token.
 */
async function authenticateIntrospectionClient(req: SandboxRequest, params: Map<string, string>, server: ResolvedServer, ctx: HandlerContext): Promise<OktaObject> {
  const basic = basicCredentials(req);
  const assertion = params.get("client_assertion") || undefined;
  const postedSecret = params.get("client_secret") || undefined;
  const kinds = [basic, assertion, postedSecret].filter((kind) => kind !== undefined).length;
  if (kinds > 1) throw oauthError(400, "invalid_request", TOKEN_ERRORS.multipleCredentials);

  if (assertion !== undefined) {
    if (params.get("client_assertion_type") !== JWT_BEARER_ASSERTION_TYPE) throw oauthError(400, "invalid_request", TOKEN_ERRORS.assertionType);
    const found = identifyAssertionClient(ctx.state, assertion, params.get("client_id") || undefined);
    if (oauthClientSettings(found.app).authMethod !== "private_key_jwt") throw invalidClient(TOKEN_ERRORS.clientAuthFailed);
    // The assertion's audience is the endpoint invoked: this server's /introspect.
    const audiences = server.tokenUrls.map((url) => url.replace(/\/v1\/token$/, "/v1/introspect"));
    await verifyClientAssertion(found, { state: ctx.state, audiences, nowSeconds: Math.floor(ctx.now().getTime() / 1000) });
    return found.app;
  }

  const clientId = basic?.clientId ?? params.get("client_id") ?? "";
  if (!clientId) throw invalidClient(TOKEN_ERRORS.noCredentials);
  const app = findActiveClient(ctx.state, clientId);
  if (!app) throw invalidClientIdError(ctx.state, 401);
  const { authMethod } = oauthClientSettings(app);
  if (authMethod === "none") return app;
  if (authMethod !== "client_secret_basic" && authMethod !== "client_secret_post") throw invalidClient(TOKEN_ERRORS.clientAuthFailed);
  const secret = basic?.secret ?? postedSecret;
  if (!secretAccepted(ctx.state, app.id, secret)) throw invalidClient(TOKEN_ERRORS.badSecret);
  return app;
}

/**
 * The claims of an access token this server minted and that is still valid, as RFC 7662 lists them
 * (spec IntrospectionAccessToken); `undefined` for anything else (another server's, expired, garbage).
 */
async function describeToken(token: string, server: ResolvedServer, ctx: HandlerContext): Promise<Record<string, unknown> | undefined> {
  const slot = ctx.state.signingKeys[server.keySlot];
  if (!slot) return undefined;
  try {
    if (decodeProtectedHeader(token).kid !== slot.kid) return undefined;
    const key = await ctx.keys.get(server.keySlot);
    const { payload } = await jwtVerify(token, createPublicKey(key.privateKey), { algorithms: ["RS256"], issuer: server.issuer, currentDate: ctx.now() });
    return {
      active: true,
      token_type: payload.cnf === undefined ? "Bearer" : "DPoP",
      scope: asStrings(payload.scp).join(" "),
      client_id: asString(payload.cid),
      exp: asNumber(payload.exp),
      iat: asNumber(payload.iat),
      sub: asString(payload.sub),
      aud: payload.aud,
      iss: payload.iss,
      jti: payload.jti,
    };
  } catch {
    return undefined;
  }
}

/**
 * POST `/oauth2/v1/introspect` (`kind: "org"`) or `/oauth2/:asId/v1/introspect` (RFC 7662). This is
 * the call OpenMetadata's 1.10+ Okta validator makes with `token=<dummy>&client_id=<spa client id>`
 * and needs a 200 with an `active` field (VERSIONS.md: 1.10+ validator); a confidential client's
 * wrong secret must be a 401 there.
 */
export function createIntrospectHandler(kind: "org" | "custom"): Handler {
  return async (req, ctx) => {
    const server = kind === "org" ? resolveOrgServer(req.origin) : requireActiveCustomServer(ctx.state, req.origin, req.params.asId ?? "");
    const params = readTokenParams(req);
    await authenticateIntrospectionClient(req, params, server, ctx);
    const token = params.get("token");
    if (!token) throw oauthError(400, "invalid_request", MISSING_TOKEN);
    const described = await describeToken(token, server, ctx);
    return { status: 200, json: described ?? INACTIVE, headers: { "cache-control": "no-store", pragma: "no-cache" } };
  };
}

