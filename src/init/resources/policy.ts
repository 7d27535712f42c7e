import type { OktaApi } from "../../okta/okta-api.js";
import type { Policy } from "../../okta/okta-types.js";
import { fieldList, includesAll, union, type Change } from "../plan-types.js";

export const POLICY_RESOURCE = "policy";
const DESCRIPTION = "Lets OpenMetadata's sign-in app and ingestion bot get tokens (managed by okta-om-setup)";

/** The access policy, assigned to the SPA and the service app ("Assign to: the following clients"). */
export function desiredPolicy(name: string, clientIds: string[]) {
  return { type: "OAUTH_AUTHORIZATION_POLICY", name, description: DESCRIPTION, priority: 1, status: "ACTIVE", conditions: { clients: { include: clientIds } } };
}

export function findPolicy(policies: Policy[] | undefined, name: string, manifestId: string | undefined): { policy?: Policy; via?: "id" | "name" } {
  const byId = manifestId ? policies?.find((p) => p.id === manifestId) : undefined;
  if (byId) return { policy: byId, via: "id" };
  const byName = policies?.find((p) => p.name === name);
  return byName ? { policy: byName, via: "name" } : {};
}

function coversClients(policy: Policy, clientIds: string[]): boolean {
  const include = policy.conditions?.clients?.include ?? [];
  return include.includes("ALL_CLIENTS") || includesAll(include, clientIds);
}

/** `clientIds` may hold placeholders for apps not created yet; they count as not covered. */
export function planPolicy(policies: Policy[] | undefined, name: string, manifestId: string | undefined, clientIds: string[]): Change {
  const { policy, via } = findPolicy(policies, name, manifestId);
  if (!policy) return { resource: POLICY_RESOURCE, action: "create" };
  const drift: string[] = [];
  if (!coversClients(policy, clientIds)) drift.push("conditions.clients.include");
  if (policy.status !== "ACTIVE") drift.push("status");
  const adopted = via === "name";
  if (drift.length) return { resource: POLICY_RESOURCE, action: "update", id: policy.id, fields: fieldList(drift), adopted };
  return { resource: POLICY_RESOURCE, action: adopted ? "adopt" : "noop", id: policy.id, adopted };
}

/**
 * `replaced`: client ids of ours that this run replaced (a deleted SPA recreated, say). They leave the
 * include list: Okta checks that a policy's client ids exist (REAL-ORG.md: "conditions.clients.include:
 * Resource not found"), and whether it drops a deleted app's id by itself is not recorded.
 */
export async function applyPolicy(api: OktaApi, asId: string, change: Change, policies: Policy[] | undefined, name: string, clientIds: string[], replaced: string[] = []): Promise<Policy> {
  if (change.action === "create") return api.createPolicy(asId, desiredPolicy(name, clientIds));
  const current = policies?.find((p) => p.id === change.id);
  if (!current) throw new Error("cannot update a missing policy");
  if (change.action !== "update") return current;
  const { _links: _l, ...rest } = current as Policy & { _links?: unknown };
  const include = (current.conditions?.clients?.include ?? []).filter((id) => !replaced.includes(id));
  return api.replacePolicy(asId, current.id, {
    ...rest,
    status: "ACTIVE",
    conditions: { ...current.conditions, clients: { include: include.includes("ALL_CLIENTS") ? include : union(include, clientIds) } },
  });
}
