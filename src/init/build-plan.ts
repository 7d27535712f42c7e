import type { Manifest } from "../manifest/manifest.js";
import type { Change } from "./plan-types.js";
import type { ProvisionSettings } from "./provision-settings.js";
import type { OrgSnapshot } from "./read-org.js";
import { planAccess } from "./resources/access.js";
import { planGrants } from "./resources/api-grants.js";
import { planAuthServer } from "./resources/auth-server.js";
import { valueOf } from "./resources/find.js";
import { planPolicy, findPolicy } from "./resources/policy.js";
import { planRule, requiredRuleScopes } from "./resources/rule.js";
import { planScope } from "./resources/scope.js";
import { planServiceApp } from "./resources/service-app.js";
import { planKey, type LocalKey } from "./resources/service-key.js";
import { clientIdOf, planSpa } from "./resources/spa-app.js";
import { planTrustedOrigin } from "./resources/trusted-origins.js";
import { planWebApp, WEB_RESOURCE } from "./resources/web-app.js";
import { SPA_RESOURCE } from "./resources/spa-app.js";

export { planKey, type LocalKey };

/** Stand-ins for ids that only exist once their object is created (shown as such in --plan). */
export const PENDING = {
  spaClientId: "(client id of the new SPA)",
  webClientId: "(client id of the new web app)",
  serviceClientId: "(client id of the new service app)",
};

/**
 * A switch between public and confidential sign-in leaves the other app in Okta: it is reported as a
 * noop with a note, so the plan says it stays and how to remove it once the switch works.
 */
export function leftInPlace(settings: ProvisionSettings, manifest: Manifest): Change | undefined {
  if (settings.clientType === "confidential" && manifest.spaAppId) {
    return { resource: SPA_RESOURCE, action: "noop", id: manifest.spaAppId, note: "left in place after the switch to confidential sign-in; remove it with `destroy --only spa-app` once sign-in through the web app works" };
  }
  if (settings.clientType !== "confidential" && manifest.webAppId) {
    return { resource: WEB_RESOURCE, action: "noop", id: manifest.webAppId, note: "left in place after the switch to public sign-in; remove it with `destroy --only web-app` once sign-in through the SPA works" };
  }
  return undefined;
}

/**
 * The whole plan, in the guide's order, from a snapshot. Pure: no I/O, so it is what unit tests and
 * `--plan` exercise. Ids of objects still to be created appear as PENDING placeholders.
 */
export function buildPlan(settings: ProvisionSettings, snapshot: OrgSnapshot, key: LocalKey | undefined, manifest: Manifest): Change[] {
  const changes: Change[] = [];
  const keyChange = settings.serviceApp ? planKey(key) : undefined;
  if (keyChange) changes.push(keyChange);

  const confidential = settings.clientType === "confidential";
  changes.push(confidential ? planWebApp(snapshot.web ?? { kind: "missing" }, settings) : planSpa(snapshot.spa, settings));
  const other = leftInPlace(settings, manifest);
  if (other) changes.push(other);
  for (const [origin, found] of snapshot.origins) changes.push(planTrustedOrigin(origin, found));
  changes.push(...planAccess(snapshot.access, snapshot.spaGroups));

  // The sign-in app: the authorization server's audience and the policy's first client.
  const spa = valueOf(confidential ? snapshot.web : snapshot.spa);
  const spaClientId = spa ? clientIdOf(spa) : undefined;
  let serviceClientId: string | undefined;
  if (settings.serviceApp && snapshot.service) {
    changes.push(planServiceApp(snapshot.service, key?.publicJwk));
    const service = valueOf(snapshot.service);
    serviceClientId = service ? (service.credentials?.oauthClient?.client_id ?? service.id) : undefined;
    changes.push(...planGrants(settings.apiScopes, snapshot.grants, settings.orgUrl));
  }

  // The org authorization server has no custom scopes, policies or rules (REAL-ORG.md: "Features and plans").
  if (settings.authServer.kind === "org") return changes;
  changes.push(planAuthServer(snapshot.authServer, settings, spaClientId));
  const asExists = valueOf(snapshot.authServer) !== undefined;
  changes.push(planScope(asExists ? snapshot.scopes : undefined, settings.scope, manifest.scopeId));
  const clients = [spaClientId ?? (confidential ? PENDING.webClientId : PENDING.spaClientId), ...(settings.serviceApp ? [serviceClientId ?? PENDING.serviceClientId] : [])];
  const policies = asExists ? snapshot.policies : undefined;
  changes.push(planPolicy(policies, settings.policyName, manifest.policyId, clients));
  const policyExists = findPolicy(policies, settings.policyName, manifest.policyId).policy !== undefined;
  changes.push(planRule(policyExists ? snapshot.rules : undefined, settings.ruleName, manifest.ruleId, settings.ruleGrantTypes, settings.scope, requiredRuleScopes(settings.clientType)));
  return changes;
}

/** True when applying would write anything. */
export function hasPendingChanges(changes: Change[]): boolean {
  return changes.some((c) => c.action === "create" || c.action === "update" || c.action === "adopt");
}
