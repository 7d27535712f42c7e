import type { OktaApi } from "../../okta/okta-api.js";
import type { PolicyRule } from "../../okta/okta-types.js";
import { fieldList, includesAll, union, type Change } from "../plan-types.js";

export const RULE_RESOURCE = "rule";

const TOKEN_LIFETIMES = { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 };

/**
 * The policy rule: the guide's grant types, any scope, everyone (user grants need a people
 * condition; client_credentials ignores it).
 */
export function desiredRule(name: string, grantTypes: string[]) {
  return {
    type: "RESOURCE_ACCESS",
    name,
    priority: 1,
    status: "ACTIVE",
    conditions: { people: { groups: { include: ["EVERYONE"] } }, grantTypes: { include: grantTypes }, scopes: { include: ["*"] } },
    actions: { token: TOKEN_LIFETIMES },
  };
}

export function findRule(rules: PolicyRule[] | undefined, name: string, manifestId: string | undefined): { rule?: PolicyRule; via?: "id" | "name" } {
  const byId = manifestId ? rules?.find((r) => r.id === manifestId) : undefined;
  if (byId) return { rule: byId, via: "id" };
  const byName = rules?.find((r) => r.name === name);
  return byName ? { rule: byName, via: "name" } : {};
}

/**
 * Scopes the rule must allow besides the custom one: confidential sign-in needs offline_access (the
 * server's sessions live on refresh tokens, VERSIONS.md "Confidential") and the OIDC scopes it asks for.
 */
export function requiredRuleScopes(clientType: "public" | "confidential"): string[] {
  return clientType === "confidential" ? ["openid", "email", "profile", "offline_access"] : [];
}

export function ruleDrift(rule: PolicyRule, grantTypes: string[], scope: string, extraScopes: string[] = []): string[] {
  const drift: string[] = [];
  if (!includesAll(rule.conditions?.grantTypes?.include, grantTypes)) drift.push("conditions.grantTypes.include");
  const scopes = rule.conditions?.scopes?.include ?? [];
  if (!scopes.includes("*") && (!scopes.includes(scope) || !includesAll(scopes, extraScopes))) drift.push("conditions.scopes.include");
  const people = rule.conditions?.people;
  if (!people?.groups?.include?.length && !people?.users?.include?.length) drift.push("conditions.people");
  if (rule.status !== "ACTIVE") drift.push("status");
  return fieldList(drift);
}

export function planRule(rules: PolicyRule[] | undefined, name: string, manifestId: string | undefined, grantTypes: string[], scope: string, extraScopes: string[] = []): Change {
  const { rule, via } = findRule(rules, name, manifestId);
  if (!rule) return { resource: RULE_RESOURCE, action: "create" };
  const fields = ruleDrift(rule, grantTypes, scope, extraScopes);
  const adopted = via === "name";
  if (fields.length) return { resource: RULE_RESOURCE, action: "update", id: rule.id, fields, adopted };
  return { resource: RULE_RESOURCE, action: adopted ? "adopt" : "noop", id: rule.id, adopted };
}

export async function applyRule(
  api: OktaApi,
  asId: string,
  policyId: string,
  change: Change,
  rules: PolicyRule[] | undefined,
  name: string,
  grantTypes: string[],
  scope: string,
  extraScopes: string[] = [],
): Promise<PolicyRule> {
  if (change.action === "create") return api.createRule(asId, policyId, desiredRule(name, grantTypes));
  const current = rules?.find((r) => r.id === change.id);
  if (!current) throw new Error("cannot update a missing rule");
  if (change.action !== "update") return current;
  const { _links: _l, ...rest } = current as PolicyRule & { _links?: unknown };
  const conditions = current.conditions ?? {};
  const scopes = conditions.scopes?.include ?? [];
  const people = conditions.people;
  return api.replaceRule(asId, policyId, current.id, {
    ...rest,
    status: "ACTIVE",
    conditions: {
      ...conditions,
      people: people?.groups?.include?.length || people?.users?.include?.length ? people : { groups: { include: ["EVERYONE"] } },
      grantTypes: { include: union(conditions.grantTypes?.include, grantTypes) },
      scopes: { include: scopes.includes("*") ? scopes : union(scopes, [scope, ...extraScopes]) },
    },
  });
}
