import { readJsonObject } from "../body.js";
import { makeId } from "../ids.js";
import { link } from "../links.js";
import { oktaError, validationFailed } from "../okta-errors.js";
import { oktaTimestamp, type OktaObject, type OrgState } from "../state.js";
import type { HandlerContext, Route } from "../types.js";
import { requireAuthServer } from "./auth-server-lookup.js";
import { AS_MANAGE, AS_READ } from "./auth-servers.js";
import { asObject, asStrings, findAppByClientId } from "./oidc-app-model.js";
import { routeFactory } from "./route-factory.js";

function policyPath(asPathId: string, policyId: string): string {
  return `/api/v1/authorizationServers/${asPathId}/policies/${policyId}`;
}

function render(policy: OktaObject, asPathId: string, origin: string): Record<string, unknown> {
  const base = policyPath(asPathId, policy.id);
  const { type, ...rest } = policy;
  return {
    ...rest,
    _links: {
      self: link(origin, base, ["GET", "PUT", "DELETE"]),
      rules: link(origin, `${base}/rules`, ["GET"]),
      ...(policy.status === "ACTIVE" ? { deactivate: link(origin, `${base}/lifecycle/deactivate`, ["POST"]) } : { activate: link(origin, `${base}/lifecycle/activate`, ["POST"]) }),
    },
    type,
  };
}

export function requirePolicy(state: OrgState, asId: string, policyId: string): OktaObject {
  const policy = state.policies[asId]?.[policyId];
  if (!policy) throw oktaError("E0000007", [policyId, "Policy"]);
  return policy;
}

function policyFrom(state: OrgState, asId: string, body: Record<string, unknown>, now: Date, existing?: OktaObject): OktaObject {
  const causes: string[] = [];
  if (body.type !== "OAUTH_AUTHORIZATION_POLICY") causes.push("type: The policy type must be OAUTH_AUTHORIZATION_POLICY.");
  if (typeof body.name !== "string" || !body.name.trim()) causes.push("name: The field cannot be left blank");
  if (typeof body.description !== "string" || !body.description.trim()) causes.push("description: The field cannot be left blank");
  const include = asStrings(asObject(asObject(asObject(body.conditions).clients)).include);
  if (include.length === 0) causes.push("conditions.clients.include: The policy must be assigned to at least one client.");
  // Okta checks that the client ids exist (REAL-ORG.md; articulate/terraform-provider-okta#360, #284).
  if (include.some((id) => id !== "ALL_CLIENTS" && !findAppByClientId(state, id))) causes.push("conditions.clients.include: Resource not found");
  if (causes.length > 0) throw validationFailed(causes[0]!.split(":")[0]!, causes);
  const siblings = Object.values(state.policies[asId] ?? {}).filter((p) => p.id !== existing?.id);
  if (siblings.some((p) => p.name === body.name)) throw validationFailed("name", ["name: A policy with the same name already exists."]);
  const ts = oktaTimestamp(now);
  return {
    id: existing?.id ?? makeId("policy", state.idSuffix),
    status: body.status === "INACTIVE" ? "INACTIVE" : "ACTIVE",
    name: body.name,
    description: body.description,
    priority: typeof body.priority === "number" ? body.priority : siblings.length + 1,
    system: false,
    conditions: { clients: { include } },
    created: existing?.created ?? ts,
    lastUpdated: ts,
    type: "OAUTH_AUTHORIZATION_POLICY",
  };
}

function setStatus(ctx: HandlerContext, asIdOrAlias: string, policyId: string, status: string) {
  const server = requireAuthServer(ctx.state, asIdOrAlias);
  const policy = requirePolicy(ctx.state, server.id, policyId);
  policy.status = status;
  policy.lastUpdated = oktaTimestamp(ctx.now());
  return { status: 204 };
}

export function policyRoutes(): Route[] {
  const r = routeFactory("api/v1/authorizationServers");
  const base = "/api/v1/authorizationServers/:authServerId/policies";
  return [
    r("GET", base, "listAuthorizationServerPolicies", AS_READ, (req, ctx) => {
      const server = requireAuthServer(ctx.state, req.params.authServerId!);
      const policies = Object.values(ctx.state.policies[server.id] ?? {}).sort((a, b) => Number(a.priority) - Number(b.priority));
      return { status: 200, json: policies.map((p) => render(p, req.params.authServerId!, req.origin)) };
    }),
    r("POST", base, "createAuthorizationServerPolicy", AS_MANAGE, (req, ctx) => {
      const server = requireAuthServer(ctx.state, req.params.authServerId!);
      const policy = policyFrom(ctx.state, server.id, readJsonObject(req), ctx.now());
      (ctx.state.policies[server.id] ??= {})[policy.id] = policy;
      ctx.state.rules[policy.id] = {};
      return { status: 201, json: render(policy, req.params.authServerId!, req.origin) };
    }),
    r("GET", `${base}/:policyId`, "getAuthorizationServerPolicy", AS_READ, (req, ctx) => {
      const server = requireAuthServer(ctx.state, req.params.authServerId!);
      return { status: 200, json: render(requirePolicy(ctx.state, server.id, req.params.policyId!), req.params.authServerId!, req.origin) };
    }),
    r("PUT", `${base}/:policyId`, "replaceAuthorizationServerPolicy", AS_MANAGE, (req, ctx) => {
      const server = requireAuthServer(ctx.state, req.params.authServerId!);
      const existing = requirePolicy(ctx.state, server.id, req.params.policyId!);
      const policy = policyFrom(ctx.state, server.id, readJsonObject(req), ctx.now(), existing);
      ctx.state.policies[server.id]![policy.id] = policy;
      return { status: 200, json: render(policy, req.params.authServerId!, req.origin) };
    }),
    r("DELETE", `${base}/:policyId`, "deleteAuthorizationServerPolicy", AS_MANAGE, (req, ctx) => {
      const server = requireAuthServer(ctx.state, req.params.authServerId!);
      requirePolicy(ctx.state, server.id, req.params.policyId!);
      delete ctx.state.policies[server.id]![req.params.policyId!];
      delete ctx.state.rules[req.params.policyId!];
      return { status: 204 };
    }),
    r("POST", `${base}/:policyId/lifecycle/activate`, "activateAuthorizationServerPolicy", AS_MANAGE, (req, ctx) =>
      setStatus(ctx, req.params.authServerId!, req.params.policyId!, "ACTIVE"),
    ),
    r("POST", `${base}/:policyId/lifecycle/deactivate`, "deactivateAuthorizationServerPolicy", AS_MANAGE, (req, ctx) =>
      setStatus(ctx, req.params.authServerId!, req.params.policyId!, "INACTIVE"),
    ),
  ];
}
