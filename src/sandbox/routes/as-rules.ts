import { readJsonObject } from "../body.js";
import { makeId } from "../ids.js";
import { link } from "../links.js";
import { oktaError, validationFailed } from "../okta-errors.js";
import { oktaTimestamp, type OktaObject, type OrgState } from "../state.js";
import type { HandlerContext, Route } from "../types.js";
import { requireAuthServer } from "./auth-server-lookup.js";
import { AS_MANAGE, AS_READ } from "./auth-servers.js";
import { requirePolicy } from "./as-policies.js";
import { asObject, asStrings } from "./oidc-app-model.js";
import { routeFactory } from "./route-factory.js";

/** Grant types a rule may name (the spec types the list as plain strings, so check it here). */
const RULE_GRANT_TYPES = [
  "authorization_code",
  "client_credentials",
  "implicit",
  "password",
  "refresh_token",
  "interaction_code",
  "urn:ietf:params:oauth:grant-type:device_code",
  "urn:ietf:params:oauth:grant-type:token-exchange",
  "urn:ietf:params:oauth:grant-type:jwt-bearer",
  "urn:ietf:params:oauth:grant-type:saml2-bearer",
  "urn:openid:params:grant-type:ciba",
  "urn:okta:params:oauth:grant-type:otp",
  "urn:okta:params:oauth:grant-type:oob",
  "http://auth0.com/oauth/grant-type/mfa-otp",
  "http://auth0.com/oauth/grant-type/mfa-oob",
];

const USER_GRANTS = ["authorization_code", "implicit", "password", "interaction_code", "urn:ietf:params:oauth:grant-type:device_code"];

function render(rule: OktaObject, asPathId: string, policyId: string, origin: string): Record<string, unknown> {
  const base = `/api/v1/authorizationServers/${asPathId}/policies/${policyId}/rules/${rule.id}`;
  const { type, ...rest } = rule;
  return {
    ...rest,
    _links: {
      self: link(origin, base, ["GET", "PUT", "DELETE"]),
      ...(rule.status === "ACTIVE" ? { deactivate: link(origin, `${base}/lifecycle/deactivate`, ["POST"]) } : { activate: link(origin, `${base}/lifecycle/activate`, ["POST"]) }),
    },
    type,
  };
}

function requireRule(state: OrgState, policyId: string, ruleId: string): OktaObject {
  const rule = state.rules[policyId]?.[ruleId];
  if (!rule) throw oktaError("E0000007", [ruleId, "PolicyRule"]);
  return rule;
}

/** Stored rule with the fields Okta fills in (recorded: empty people/scopes objects become lists). */
function ruleFrom(state: OrgState, policyId: string, body: Record<string, unknown>, now: Date, existing?: OktaObject): OktaObject {
  const conditions = asObject(body.conditions);
  const grantTypes = asStrings(asObject(conditions.grantTypes).include);
  const causes: string[] = [];
  if (body.type !== "RESOURCE_ACCESS") causes.push("type: The rule type must be RESOURCE_ACCESS.");
  if (typeof body.name !== "string" || !body.name.trim()) causes.push("name: The field cannot be left blank");
  if (grantTypes.length === 0) causes.push("conditions.grantTypes.include: At least one grant type must be specified.");
  for (const grant of grantTypes) {
    if (!RULE_GRANT_TYPES.includes(grant)) causes.push(`conditions.grantTypes.include: '${grant}' is not a valid grant type.`);
  }
  const people = asObject(conditions.people);
  const users = asObject(people.users);
  const groups = asObject(people.groups);
  const hasPeople = asStrings(users.include).length > 0 || asStrings(groups.include).length > 0;
  if (grantTypes.some((g) => USER_GRANTS.includes(g)) && !hasPeople) {
    // Verbatim, doubled quotes and all (REAL-ORG.md; okta-developer-docs#1622).
    causes.push(
      "conditions.people: At least one of ''conditions.people.users.include'' or ''conditions.people.groups.include'' must contain a valid user or group when ''conditions.grantTypes'' contains one or more of [authorization_code, implicit, password].",
    );
  }
  const token = asObject(asObject(body.actions).token);
  const accessMinutes = typeof token.accessTokenLifetimeMinutes === "number" ? token.accessTokenLifetimeMinutes : 60;
  if (accessMinutes < 5 || accessMinutes > 1440) causes.push("actions.token.accessTokenLifetimeMinutes: The value must be between 5 and 1440.");
  if (causes.length > 0) throw validationFailed(causes[0]!.split(":")[0]!, causes);
  const siblings = Object.values(state.rules[policyId] ?? {}).filter((r) => r.id !== existing?.id);
  if (siblings.some((r) => r.name === body.name)) throw validationFailed("name", ["name: A rule with the same name already exists."]);
  const ts = oktaTimestamp(now);
  return {
    id: existing?.id ?? makeId("rule", state.idSuffix),
    status: body.status === "INACTIVE" ? "INACTIVE" : "ACTIVE",
    name: body.name,
    priority: typeof body.priority === "number" ? body.priority : siblings.length + 1,
    created: existing?.created ?? ts,
    lastUpdated: ts,
    system: false,
    conditions: {
      people: {
        users: { ...(asStrings(users.include).length ? { include: asStrings(users.include) } : {}), exclude: asStrings(users.exclude) },
        ...(Object.keys(groups).length ? { groups: { include: asStrings(groups.include), ...(groups.exclude ? { exclude: asStrings(groups.exclude) } : {}) } } : {}),
      },
      grantTypes: { include: grantTypes },
      scopes: { include: asStrings(asObject(conditions.scopes).include) },
    },
    actions: {
      token: {
        accessTokenLifetimeMinutes: accessMinutes,
        refreshTokenLifetimeMinutes: typeof token.refreshTokenLifetimeMinutes === "number" ? token.refreshTokenLifetimeMinutes : 0,
        refreshTokenWindowMinutes: typeof token.refreshTokenWindowMinutes === "number" ? token.refreshTokenWindowMinutes : 10080,
        ...(token.inlineHook ? { inlineHook: token.inlineHook } : {}),
      },
    },
    type: "RESOURCE_ACCESS",
  };
}

function setStatus(ctx: HandlerContext, params: Record<string, string>, status: string) {
  const server = requireAuthServer(ctx.state, params.authServerId!);
  requirePolicy(ctx.state, server.id, params.policyId!);
  const rule = requireRule(ctx.state, params.policyId!, params.ruleId!);
  rule.status = status;
  rule.lastUpdated = oktaTimestamp(ctx.now());
  return { status: 204 };
}

export function ruleRoutes(): Route[] {
  const r = routeFactory("api/v1/authorizationServers");
  const base = "/api/v1/authorizationServers/:authServerId/policies/:policyId/rules";
  const load = (ctx: HandlerContext, params: Record<string, string>) => {
    const server = requireAuthServer(ctx.state, params.authServerId!);
    return requirePolicy(ctx.state, server.id, params.policyId!);
  };
  return [
    r("GET", base, "listAuthorizationServerPolicyRules", AS_READ, (req, ctx) => {
      const policy = load(ctx, req.params);
      const rules = Object.values(ctx.state.rules[policy.id] ?? {}).sort((a, b) => Number(a.priority) - Number(b.priority));
      return { status: 200, json: rules.map((rule) => render(rule, req.params.authServerId!, policy.id, req.origin)) };
    }),
    r("POST", base, "createAuthorizationServerPolicyRule", AS_MANAGE, (req, ctx) => {
      const policy = load(ctx, req.params);
      const rule = ruleFrom(ctx.state, policy.id, readJsonObject(req), ctx.now());
      (ctx.state.rules[policy.id] ??= {})[rule.id] = rule;
      return { status: 201, json: render(rule, req.params.authServerId!, policy.id, req.origin) };
    }),
    r("GET", `${base}/:ruleId`, "getAuthorizationServerPolicyRule", AS_READ, (req, ctx) => {
      const policy = load(ctx, req.params);
      return { status: 200, json: render(requireRule(ctx.state, policy.id, req.params.ruleId!), req.params.authServerId!, policy.id, req.origin) };
    }),
    r("PUT", `${base}/:ruleId`, "replaceAuthorizationServerPolicyRule", AS_MANAGE, (req, ctx) => {
      const policy = load(ctx, req.params);
      const existing = requireRule(ctx.state, policy.id, req.params.ruleId!);
      const rule = ruleFrom(ctx.state, policy.id, readJsonObject(req), ctx.now(), existing);
      ctx.state.rules[policy.id]![rule.id] = rule;
      return { status: 200, json: render(rule, req.params.authServerId!, policy.id, req.origin) };
    }),
    r("DELETE", `${base}/:ruleId`, "deleteAuthorizationServerPolicyRule", AS_MANAGE, (req, ctx) => {
      const policy = load(ctx, req.params);
      requireRule(ctx.state, policy.id, req.params.ruleId!);
      delete ctx.state.rules[policy.id]![req.params.ruleId!];
      return { status: 204 };
    }),
    r("POST", `${base}/:ruleId/lifecycle/activate`, "activateAuthorizationServerPolicyRule", AS_MANAGE, (req, ctx) => setStatus(ctx, req.params, "ACTIVE")),
    r("POST", `${base}/:ruleId/lifecycle/deactivate`, "deactivateAuthorizationServerPolicyRule", AS_MANAGE, (req, ctx) => setStatus(ctx, req.params, "INACTIVE")),
  ];
}
