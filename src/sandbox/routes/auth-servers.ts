import { readJsonObject } from "../body.js";
import { makeId, randomAlnum } from "../ids.js";
import { link } from "../links.js";
import { oktaError, validationFailed } from "../okta-errors.js";
import { paginate } from "../pagination.js";
import { oktaTimestamp, setSigningKid, systemScopes, type OktaObject, type OrgState } from "../state.js";
import type { HandlerContext, Route } from "../types.js";
import { issuerOf, requireAuthServer } from "./auth-server-lookup.js";
import { asObject, asStrings } from "./oidc-app-model.js";
import { routeFactory } from "./route-factory.js";

export const AS_READ = ["okta.authorizationServers.read", "okta.authorizationServers.manage"];
export const AS_MANAGE = ["okta.authorizationServers.manage"];
const NINETY_DAYS_MS = 90 * 24 * 3600 * 1000;

export function renderAuthServer(server: OktaObject, origin: string): Record<string, unknown> {
  const pathId = server.default === true ? "default" : server.id;
  const base = `/api/v1/authorizationServers/${pathId}`;
  const issuer = issuerOf(server, origin);
  const { credentials, ...rest } = server;
  return {
    ...rest,
    issuer,
    credentials,
    _links: {
      rotateKey: link(origin, `${base}/credentials/lifecycle/keyRotate`, ["POST"]),
      metadata: [
        { name: "oauth-authorization-server", href: `${issuer}/.well-known/oauth-authorization-server`, hints: { allow: ["GET"] } },
        { name: "openid-configuration", href: `${issuer}/.well-known/openid-configuration`, hints: { allow: ["GET"] } },
      ],
      keys: link(origin, `${base}/credentials/keys`, ["GET"]),
      claims: link(origin, `${base}/claims`, ["GET", "POST"]),
      policies: link(origin, `${base}/policies`, ["GET", "POST"]),
      self: link(origin, base, ["GET", "DELETE", "PUT"]),
      scopes: link(origin, `${base}/scopes`, ["GET", "POST"]),
      ...(server.status === "ACTIVE"
        ? { deactivate: link(origin, `${base}/lifecycle/deactivate`, ["POST"]) }
        : { activate: link(origin, `${base}/lifecycle/activate`, ["POST"]) }),
    },
  };
}

/** Okta's rules for name, description and the single audience. */
function checkBody(state: OrgState, body: Record<string, unknown>, selfId?: string): void {
  const causes: string[] = [];
  const name = typeof body.name === "string" ? body.name.trim() : "";
  if (!name) causes.push("name: The field cannot be left blank");
  const audiences = asStrings(body.audiences);
  if (audiences.length === 0) causes.push("audiences: The field cannot be left blank");
  if (audiences.length > 1) causes.push("audiences: Okta currently supports only one audience.");
  if (causes.length > 0) throw validationFailed(causes[0]!.split(":")[0]!, causes);
  if (Object.values(state.authServers).some((as) => as.id !== selfId && as.name === name)) {
    throw validationFailed("name", ["name: An object with this field already exists in the current organization"]);
  }
}

function setStatus(ctx: HandlerContext, idOrAlias: string, status: string) {
  const server = requireAuthServer(ctx.state, idOrAlias);
  server.status = status;
  server.lastUpdated = oktaTimestamp(ctx.now());
  // Recorded: authorization-server lifecycle calls answer 204 with no body.
  return { status: 204 };
}

export function authServerRoutes(): Route[] {
  const r = routeFactory("api/v1/authorizationServers");
  return [
    r("GET", "/api/v1/authorizationServers", "listAuthorizationServers", AS_READ, (req, ctx) => {
      let servers = Object.values(ctx.state.authServers);
      const q = req.query.get("q")?.toLowerCase();
      // `q` matches name or audiences (prefix, case-insensitive).
      if (q) servers = servers.filter((as) => [String(as.name), ...asStrings(as.audiences)].some((v) => v.toLowerCase().startsWith(q)));
      const page = paginate(req, servers, { defaultLimit: 200, maxLimit: 200 });
      return { ...page, json: (page.json as OktaObject[]).map((as) => renderAuthServer(as, req.origin)) };
    }),
    r("POST", "/api/v1/authorizationServers", "createAuthorizationServer", AS_MANAGE, (req, ctx) => {
      const body = readJsonObject(req);
      checkBody(ctx.state, body);
      const now = ctx.now();
      const ts = oktaTimestamp(now);
      const id = makeId("authServer", ctx.state.idSuffix);
      const rotationMode = asObject(asObject(body.credentials).signing).rotationMode === "MANUAL" ? "MANUAL" : "AUTO";
      const server: OktaObject = {
        id,
        name: String(body.name),
        ...(typeof body.description === "string" ? { description: body.description } : {}),
        audiences: asStrings(body.audiences),
        issuerMode: typeof body.issuerMode === "string" ? body.issuerMode : "ORG_URL",
        status: "ACTIVE",
        created: ts,
        lastUpdated: ts,
        credentials: {
          signing: {
            kid: "",
            rotationMode,
            lastRotated: ts,
            ...(rotationMode === "AUTO" ? { nextRotation: oktaTimestamp(new Date(now.getTime() + NINETY_DAYS_MS)) } : {}),
          },
        },
        default: false,
      };
      ctx.state.authServers[id] = server;
      ctx.state.signingKeys[id] = { kid: randomAlnum(43) };
      setSigningKid(ctx.state, id);
      ctx.keys.prepare(id);
      ctx.state.scopes[id] = systemScopes(ctx.state.idSuffix);
      ctx.state.policies[id] = {};
      return { status: 201, json: renderAuthServer(server, req.origin) };
    }),
    r("GET", "/api/v1/authorizationServers/:authServerId", "getAuthorizationServer", AS_READ, (req, ctx) => ({
      status: 200,
      json: renderAuthServer(requireAuthServer(ctx.state, req.params.authServerId!), req.origin),
    })),
    r("PUT", "/api/v1/authorizationServers/:authServerId", "replaceAuthorizationServer", AS_MANAGE, (req, ctx) => {
      const server = requireAuthServer(ctx.state, req.params.authServerId!);
      const body = readJsonObject(req);
      checkBody(ctx.state, body, server.id);
      server.name = String(body.name);
      server.description = typeof body.description === "string" ? body.description : server.description;
      server.audiences = asStrings(body.audiences);
      if (typeof body.issuerMode === "string") server.issuerMode = body.issuerMode;
      // Recorded oddity: an authorization-server PUT leaves lastUpdated unchanged.
      return { status: 200, json: renderAuthServer(server, req.origin) };
    }),
    r("DELETE", "/api/v1/authorizationServers/:authServerId", "deleteAuthorizationServer", AS_MANAGE, (req, ctx) => {
      const server = requireAuthServer(ctx.state, req.params.authServerId!);
      // Like apps, Okta deletes only deactivated servers (issue 13: 403 E0000056 otherwise).
      if (server.status === "ACTIVE") throw oktaError("E0000056");
      for (const policyId of Object.keys(ctx.state.policies[server.id] ?? {})) delete ctx.state.rules[policyId];
      delete ctx.state.policies[server.id];
      delete ctx.state.scopes[server.id];
      delete ctx.state.signingKeys[server.id];
      delete ctx.state.authServers[server.id];
      return { status: 204 };
    }),
    r("POST", "/api/v1/authorizationServers/:authServerId/lifecycle/activate", "activateAuthorizationServer", AS_MANAGE, (req, ctx) =>
      setStatus(ctx, req.params.authServerId!, "ACTIVE"),
    ),
    r("POST", "/api/v1/authorizationServers/:authServerId/lifecycle/deactivate", "deactivateAuthorizationServer", AS_MANAGE, (req, ctx) =>
      setStatus(ctx, req.params.authServerId!, "INACTIVE"),
    ),
    r("GET", "/api/v1/authorizationServers/:authServerId/credentials/keys", "listAuthorizationServerKeys", AS_READ, async (req, ctx) => {
      const server = requireAuthServer(ctx.state, req.params.authServerId!);
      const key = await ctx.keys.get(server.id);
      const base = `/api/v1/authorizationServers/${req.params.authServerId!}/credentials/keys/${key.kid}`;
      return { status: 200, json: [{ status: "ACTIVE", ...key.publicJwk, _links: { self: link(req.origin, base, ["GET"]) } }] };
    }),
  ];
}
