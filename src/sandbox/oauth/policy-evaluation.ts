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

function ruleTakesGrant(rule: OktaObject, grantType: string): boolean {
  return asStrings(asObject(asObject(rule.conditions).grantTypes).include).includes(grantType);
}

/** The requested scopes the rule does not allow. */
function deniedBy(rule: OktaObject, scopes: string[]): string[] {
  const allowed = asStrings(asObject(asObject(rule.conditions).scopes).include);
  return allowed.includes("*") ? [] : scopes.filter((scope) => !allowed.includes(scope));
}

/** A rule for the grant type matched, but it refused some (or all) of the requested scopes. */
export interface ScopesRefused {
  denied: string[];
  all: boolean;
}

/**
 * Okta's access-policy evaluation for a token request on a custom authorization server: the first
 * ACTIVE policy (by priority) whose clients include the client (or ALL_CLIENTS) is the only one
 * considered; within it the first ACTIVE rule that allows the grant type and every requested scope
 * wins. Rule `people` conditions are not evaluated: a client_credentials request has no user.
 * `undefined` means "Policy evaluation failed" (no policy or no rule for the grant type); a rule for
 * the grant type that refuses scopes is a ScopesRefused.
 */
export function evaluateAccessPolicies(state: OrgState, asId: string, clientId: string, grantType: string, scopes: string[]): PolicyMatch | ScopesRefused | undefined {
  const policy = byPriority(Object.values(state.policies[asId] ?? {})).find((candidate) => policyCoversClient(candidate, clientId));
  if (!policy) return undefined;
  const forGrant = byPriority(Object.values(state.rules[policy.id] ?? {})).filter((candidate) => ruleTakesGrant(candidate, grantType));
  if (forGrant.length === 0) return undefined;
  const rule = forGrant.find((candidate) => deniedBy(candidate, scopes).length === 0);
  if (!rule) {
    // "Policy evaluation succeeded" but the first matching rule refused scopes (REAL-ORG.md token table).
    const denied = deniedBy(forGrant[0]!, scopes);
    return { denied, all: denied.length === scopes.length };
  }
  const minutes = asNumber(asObject(asObject(rule.actions).token).accessTokenLifetimeMinutes) ?? DEFAULT_ACCESS_TOKEN_LIFETIME_MINUTES;
  return { policy, rule, accessTokenLifetimeMinutes: minutes };
}
