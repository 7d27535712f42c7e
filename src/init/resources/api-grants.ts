import type { OktaApi } from "../../okta/okta-api.js";
import type { Grant } from "../../okta/okta-types.js";
import type { Change } from "../plan-types.js";

export const grantResource = (scope: string): string => `api-grant:${scope}`;

/**
 * Okta API scopes granted to the service app by the org authorization server (issuer = org URL).
 * Grants are only ever added: one the user granted beyond ours stays.
 */
export function planGrants(scopes: string[], current: Grant[] | undefined, orgUrl: string): Change[] {
  return scopes.map((scope) => {
    const grant = current?.find((g) => g.scopeId === scope && g.status === "ACTIVE" && g.issuer.replace(/\/$/, "") === orgUrl);
    return grant ? { resource: grantResource(scope), action: "noop" as const, id: grant.id } : { resource: grantResource(scope), action: "create" as const };
  });
}

export async function applyGrant(api: OktaApi, appId: string, change: Change, scope: string): Promise<string | undefined> {
  if (change.action !== "create") return change.id;
  return (await api.grantScope(appId, scope)).id;
}
