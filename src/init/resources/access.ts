import type { OktaApi } from "../../okta/okta-api.js";
import type { Group } from "../../okta/okta-types.js";
import type { Change } from "../plan-types.js";
import type { ProvisionSettings } from "../provision-settings.js";

export const accessResource = (groupId: string): string => `access:${groupId}`;

/** The groups the SPA must be assigned to ("Controlled access" in the console). */
export interface AccessTargets {
  groups: { id: string; name: string }[];
  /** Group ids asked for that do not exist. */
  missing: string[];
}

/** Resolves `everyone` to the org's built-in Everyone group, and checks `groups:<ids>` exist. */
export async function readAccessTargets(api: OktaApi, access: ProvisionSettings["access"]): Promise<AccessTargets> {
  if (access.kind === "none") return { groups: [], missing: [] };
  if (access.kind === "everyone") {
    const everyone = (await api.listBuiltInGroups()).find((g: Group) => g.profile.name === "Everyone");
    return everyone ? { groups: [{ id: everyone.id, name: "Everyone" }], missing: [] } : { groups: [], missing: ["Everyone"] };
  }
  const results = await Promise.all(access.groupIds.map(async (id) => ({ id, group: await api.getGroup(id) })));
  return {
    groups: results.flatMap(({ id, group }) => (group ? [{ id, name: group.profile.name }] : [])),
    missing: results.filter((r) => !r.group).map((r) => r.id),
  };
}

/** One change per group: assign unless already assigned. Nothing is ever unassigned. */
export function planAccess(targets: AccessTargets, assigned: Set<string> | undefined): Change[] {
  const changes: Change[] = targets.missing.map((id) => ({
    resource: accessResource(id),
    action: "conflict" as const,
    reason: `Group ${id} does not exist in this org.`,
    hint: "Check the ids given to --access groups:<id,...> (Directory > Groups, the id is in the URL).",
  }));
  for (const group of targets.groups) {
    const already = assigned?.has(group.id) ?? false;
    changes.push({ resource: accessResource(group.id), action: already ? "noop" : "create", id: group.id, note: group.name });
  }
  return changes;
}

export async function applyAccess(api: OktaApi, appId: string, change: Change): Promise<void> {
  if (change.action === "create" && change.id) await api.assignGroup(appId, change.id);
}
