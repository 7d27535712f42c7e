import type { OktaObject, OrgState } from "../state.js";
import { asNumber, asObject, asStrings } from "../json-values.js";

/** Access token lifetime when the matched rule does not set one (Okta's default rule uses 60). */
export const DEFAULT_ACCESS_TOKEN_LIFETIME_MINUTES = 60;

export interface PolicyMatch {
  policy: OktaObject;
  rule: OktaObject;
  accessTokenLifetimeMinutes: number;
}

/** ACTIVE objects by ascending `priority`; ties and missing priorities keep stored (creation) order. */
function byPriority(objects: OktaObject[]): OktaObject[] {
  return objects
    .filter((object) => object.status === "ACTIVE")
    .map((object, index) => ({ object, index, priority: asNumber(object.priority) ?? Number.POSITIVE_INFINITY }))
    .sort((a, b) => a.priority - b.priority || a.index - b.index)
    .map((entry) => entry.object);
}

function policyCoversClient(policy: OktaObject, clientId: string): boolean {
  const include = asStrings(asObject(asObject(policy.conditions).clients).include);
  return include.includes("ALL_CLIENTS") || include.includes(clientId);
}

function ruleAllows(rule: OktaObject, grantType: string, scopes: string[]): boolean {
  const conditions = asObject(rule.conditions);
  if (!asStrings(asObject(conditions.grantTypes).include).includes(grantType)) return false;
  const allowed = asStrings(asObject(conditions.scopes).include);
  return allowed.includes("*") || scopes.every((scope) => allowed.includes(scope));
}

/**
 * Okta's access-policy evaluation for a token request on a custom authorization server: the first
 * ACTIVE policy (by priority) whose clients include the client (or ALL_CLIENTS) is the only one
 * considered; within it the first ACTIVE rule that allows the grant type and every requested scope
 * wins. Rule `people` conditions are not evaluated: a client_credentials request has no user.
 * `undefined` means "Policy evaluation failed".
 */
export function evaluateAccessPolicies(state: OrgState, asId: string, clientId: string, grantType: string, scopes: string[]): PolicyMatch | undefined {
  const policy = byPriority(Object.values(state.policies[asId] ?? {})).find((candidate) => policyCoversClient(candidate, clientId));
  if (!policy) return undefined;
  const rule = byPriority(Object.values(state.rules[policy.id] ?? {})).find((candidate) => ruleAllows(candidate, grantType, scopes));
  if (!rule) return undefined;
  const minutes = asNumber(asObject(asObject(rule.actions).token).accessTokenLifetimeMinutes) ?? DEFAULT_ACCESS_TOKEN_LIFETIME_MINUTES;
  return { policy, rule, accessTokenLifetimeMinutes: minutes };
}
