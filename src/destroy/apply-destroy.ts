import type { ManifestWriter } from "../manifest/manifest-writer.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { DestroyStep } from "./plan-destroy.js";
import { forget, type Target } from "./targets.js";

/**
 * Removes one object. Servers and apps are deactivated first (Okta deletes only INACTIVE ones: 403
 * E0000056). A 404 anywhere means someone (or a crashed earlier run) already removed it: not an error.
 */
async function remove(api: OktaApi, target: Target): Promise<void> {
  switch (target.kind) {
    case "rule":
      await api.deleteRule(target.authServerId!, target.policyId!, target.id);
      return;
    case "policy":
      await api.deletePolicy(target.authServerId!, target.id);
      return;
    case "scope":
      await api.deleteScope(target.authServerId!, target.id);
      return;
    case "auth-server":
      if (await api.deactivateAuthServer(target.id)) await api.deleteAuthServer(target.id);
      return;
    case "api-grant":
      await api.revokeGrant(target.appId!, target.id);
      return;
    case "access":
      await api.unassignGroup(target.appId!, target.id);
      return;
    case "trusted-origin":
      await api.deleteTrustedOrigin(target.id);
      return;
    case "service-app":
    case "spa-app":
    case "web-app":
      if (await api.deactivateApp(target.id)) await api.deleteApp(target.id);
      return;
  }
}

export interface ApplyDestroyHooks {
  done(step: DestroyStep): void;
}

/**
 * Deletes in the plan's (reverse dependency) order, one at a time, and drops each object from the
 * manifest right after it is gone, so a crash resumes at the next one. Objects already gone are only
 * dropped from the manifest. Stops at the first failure (the error propagates).
 */
export async function applyDestroy(api: OktaApi, steps: DestroyStep[], writer: ManifestWriter, hooks: ApplyDestroyHooks): Promise<void> {
  for (const step of steps) {
    if (step.action !== "delete" && step.action !== "gone") continue;
    if (step.action === "delete") await remove(api, step.target);
    await writer.update(forget(writer.manifest, step.target));
    hooks.done(step);
  }
  await writer.flush();
}
