import { readJsonObject } from "../body.js";
import { compileFilter } from "../filter-expression.js";
import { makeId } from "../ids.js";
import { link } from "../links.js";
import { oktaError, validationFailed } from "../okta-errors.js";
import { paginate } from "../pagination.js";
import type { OktaObject, OrgState } from "../state.js";
import type { Route } from "../types.js";
import { requireAuthServer } from "./auth-server-lookup.js";
import { AS_MANAGE, AS_READ } from "./auth-servers.js";
import { routeFactory } from "./route-factory.js";
import { scopeNameProblem } from "../../okta/scope-name-rules.js";

function render(scope: OktaObject, asPathId: string, origin: string): Record<string, unknown> {
  return { ...scope, _links: { self: link(origin, `/api/v1/authorizationServers/${asPathId}/scopes/${scope.id}`, ["GET", "PUT", "DELETE"]) } };
}

function requireScope(state: OrgState, asId: string, scopeId: string): OktaObject {
  const scope = state.scopes[asId]?.[scopeId];
  if (!scope) throw oktaError("E0000007", [scopeId, "OAuth2Scope"]);
  return scope;
}

/** Builds the stored scope from a create/replace body (Okta's defaults for omitted fields). */
function scopeFrom(state: OrgState, asId: string, body: Record<string, unknown>, existing?: OktaObject): OktaObject {
  const name = typeof body.name === "string" ? body.name.trim() : "";
  if (!name) throw validationFailed("name", ["name: The field cannot be left blank"]);
  const problem = scopeNameProblem(name);
  if (problem) throw validationFailed("name", [`name: ${problem}`]);
  const clash = Object.values(state.scopes[asId] ?? {}).find((s) => s.name === name && s.id !== existing?.id);
  if (clash) throw validationFailed("name", [`name: A scope with the name '${name}' already exists.`]);
  return {
    id: existing?.id ?? makeId("scope", state.idSuffix),
    name,
    // Omitted rather than null when not given: the spec types both as plain strings.
    ...(typeof body.displayName === "string" ? { displayName: body.displayName } : {}),
    ...(typeof body.description === "string" ? { description: body.description } : {}),
    system: existing?.system ?? false,
    metadataPublish: typeof body.metadataPublish === "string" ? body.metadataPublish : "NO_CLIENTS",
    consent: typeof body.consent === "string" ? body.consent : "IMPLICIT",
    optional: body.optional === true,
    apiResourceId: null,
    default: body.default === true,
  };
}

export function scopeRoutes(): Route[] {
  const r = routeFactory("api/v1/authorizationServers");
  const base = "/api/v1/authorizationServers/:authServerId/scopes";
  return [
    r("GET", base, "listOAuth2Scopes", AS_READ, (req, ctx) => {
      const server = requireAuthServer(ctx.state, req.params.authServerId!);
      let scopes = Object.values(ctx.state.scopes[server.id] ?? {});
      const q = req.query.get("q")?.toLowerCase();
      if (q) scopes = scopes.filter((s) => String(s.name).toLowerCase().includes(q));
      const filter = req.query.get("filter");
      if (filter) scopes = scopes.filter(compileFilter(filter, ["name", "system", "default", "metadataPublish"]));
      // Recorded: the scopes list has no Link header.
      const page = paginate(req, scopes, { defaultLimit: 200, maxLimit: 200, links: false });
      return { ...page, json: (page.json as OktaObject[]).map((s) => render(s, req.params.authServerId!, req.origin)) };
    }),
    r("POST", base, "createOAuth2Scope", AS_MANAGE, (req, ctx) => {
      const server = requireAuthServer(ctx.state, req.params.authServerId!);
      const scope = scopeFrom(ctx.state, server.id, readJsonObject(req));
      (ctx.state.scopes[server.id] ??= {})[scope.id] = scope;
      return { status: 201, json: render(scope, req.params.authServerId!, req.origin) };
    }),
    r("GET", `${base}/:scopeId`, "getOAuth2Scope", AS_READ, (req, ctx) => {
      const server = requireAuthServer(ctx.state, req.params.authServerId!);
      return { status: 200, json: render(requireScope(ctx.state, server.id, req.params.scopeId!), req.params.authServerId!, req.origin) };
    }),
    r("PUT", `${base}/:scopeId`, "replaceOAuth2Scope", AS_MANAGE, (req, ctx) => {
      const server = requireAuthServer(ctx.state, req.params.authServerId!);
      const existing = requireScope(ctx.state, server.id, req.params.scopeId!);
      const scope = scopeFrom(ctx.state, server.id, readJsonObject(req), existing);
      ctx.state.scopes[server.id]![scope.id] = scope;
      return { status: 200, json: render(scope, req.params.authServerId!, req.origin) };
    }),
    r("DELETE", `${base}/:scopeId`, "deleteOAuth2Scope", AS_MANAGE, (req, ctx) => {
      const server = requireAuthServer(ctx.state, req.params.authServerId!);
      const scope = requireScope(ctx.state, server.id, req.params.scopeId!);
      if (scope.system === true) throw validationFailed("scope", ["scope: System scopes can't be deleted."]);
      delete ctx.state.scopes[server.id]![scope.id];
      return { status: 204 };
    }),
  ];
}
