import type { Manifest } from "../manifest/manifest.js";
import type { OktaApi } from "../okta/okta-api.js";
import { OktaApiError } from "../okta/okta-errors.js";
import type { AuthServer, Grant, OidcApp, Policy, PolicyRule, Scope, TrustedOrigin } from "../okta/okta-types.js";
import type { ProvisionSettings } from "./provision-settings.js";
import { readAccessTargets, type AccessTargets } from "./resources/access.js";
import { readAuthServer } from "./resources/auth-server.js";
import { readAdminRoles, type AdminRoleFinding } from "../okta/admin-roles.js";
import { valueOf, type Found } from "./resources/find.js";
import { findPolicy } from "./resources/policy.js";
import { readServiceApp } from "./resources/service-app.js";
import { readSpa } from "./resources/spa-app.js";
import { readWebApp } from "./resources/web-app.js";
import { originsOf, readTrustedOrigin } from "./resources/trusted-origins.js";

/** Everything init knows about the org before planning. Only GET requests produced it. */
export interface OrgSnapshot {
  /** The SPA (public sign-in); not read, so `missing`, when the setup is confidential. */
  spa: Found<OidcApp>;
  /** The web app (confidential sign-in); read only when the setup is confidential. */
  web?: Found<OidcApp>;
  /** Groups assigned to the sign-in app (the SPA, or the web app when confidential). */
  spaGroups?: Set<string>;
  access: AccessTargets;
  origins: Map<string, Found<TrustedOrigin>>;
  service?: Found<OidcApp>;
  grants?: Grant[];
  authServer: Found<AuthServer>;
  scopes?: Scope[];
  policies?: Policy[];
  rules?: PolicyRule[];
  /** The admin roles of the manifest's service app, read with the rest (used if that app is still the one). */
  adminRoles?: { clientId: string; finding: AdminRoleFinding };
}

/** A read of a child started early with the manifest's parent id; 404 (parent gone) reads as undefined. */
function speculate<T>(parentId: string | undefined, read: (id: string) => Promise<T>): Promise<{ id: string; value: T | undefined } | undefined> {
  if (!parentId) return Promise.resolve(undefined);
  return read(parentId).then(
    (value) => ({ id: parentId, value }),
    (err: unknown) => {
      if (err instanceof OktaApiError && err.status === 404) return { id: parentId, value: undefined };
      throw err;
    },
  );
}

/**
 * Child reads whose parent id the manifest knows run in the same round as the parent's own read; they
 * are kept only if the parent resolves to that id (`matches`). So a rerun needs one round of reads,
 * and a fresh org (nothing to find) too.
 */
async function childOf<P extends { id: string }, T>(
  parent: Promise<Found<P>>,
  speculative: Promise<{ id: string; value: T | undefined } | undefined>,
  read: (parentId: string) => Promise<T>,
  matches: (guessId: string, parent: P) => boolean = (guessId, found) => guessId === found.id,
): Promise<T | undefined> {
  // Attach the rejection handler now: if the parent fails first, this must not surface unhandled.
  const early = speculative.then((v) => ({ ok: true as const, v }), (error: unknown) => ({ ok: false as const, error }));
  const found = valueOf(await parent);
  const guess = await early;
  if (!found) return undefined;
  if (guess.ok && guess.v && matches(guess.v.id, found)) return guess.v.value;
  return read(found.id);
}

export async function readOrg(api: OktaApi, settings: ProvisionSettings, manifest: Manifest): Promise<OrgSnapshot> {
  const confidential = settings.clientType === "confidential";
  const spaP: Promise<Found<OidcApp>> = confidential ? Promise.resolve({ kind: "missing" }) : readSpa(api, manifest.spaAppId, settings);
  const webP = confidential ? readWebApp(api, manifest.webAppId, settings) : undefined;
  // The sign-in app's assignments: the SPA's, or the web app's when confidential.
  const signInP = webP ?? spaP;
  const signInId = confidential ? manifest.webAppId : manifest.spaAppId;
  const spaGroupsP = childOf(signInP, speculate(signInId, (id) => api.listAppGroups(id)), (id) => api.listAppGroups(id));
  const accessP = readAccessTargets(api, settings.access);
  const origins = originsOf(settings.baseUris);
  const originPs = origins.map((origin) => readTrustedOrigin(api, origin, manifest.trustedOriginIds?.[origin] ?? (origin === origins[0] ? manifest.trustedOriginId : undefined)));
  const serviceP = settings.serviceApp ? readServiceApp(api, manifest.serviceClientId, settings.serviceAppName) : undefined;
  const grantsP = serviceP ? childOf(serviceP, speculate(manifest.serviceClientId, (id) => api.listGrants(id)), (id) => api.listGrants(id)) : Promise.resolve(undefined);
  const asP = readAuthServer(api, manifest.authServerId, settings);
  // The `default` server is addressed by its alias, so its children can be read before its id is known.
  const asGuess = settings.authServer.kind === "default" ? "default" : settings.authServer.kind === "org" ? undefined : manifest.authServerId;
  const sameServer = (guessId: string, as: AuthServer): boolean => guessId === as.id || (guessId === "default" && settings.authServer.kind === "default");
  const scopesP = childOf(asP, speculate(asGuess, (id) => api.listScopes(id)), (id) => api.listScopes(id), sameServer);
  const policiesP = childOf(asP, speculate(asGuess, (id) => api.listPolicies(id)), (id) => api.listPolicies(id), sameServer);
  const rulesGuess = asGuess && manifest.policyId ? speculate(manifest.policyId, (pid) => api.listRules(asGuess, pid)) : Promise.resolve(undefined);
  const rulesP = (async () => {
    const early = rulesGuess.then((v) => ({ ok: true as const, v }), (error: unknown) => ({ ok: false as const, error }));
    const [as, policies] = await Promise.all([asP, policiesP]);
    const server = valueOf(as);
    const policy = findPolicy(policies, settings.policyName, manifest.policyId).policy;
    const guess = await early;
    if (!server || !policy) return undefined;
    if (guess.ok && guess.v && guess.v.id === policy.id && asGuess !== undefined && sameServer(asGuess, server)) return guess.v.value;
    return api.listRules(server.id, policy.id);
  })();

  const rolesClientId = settings.serviceApp ? manifest.serviceClientId : undefined;
  const rolesP = rolesClientId ? readAdminRoles(api, rolesClientId).then((finding) => ({ clientId: rolesClientId, finding })) : Promise.resolve(undefined);
  const [spa, web, spaGroups, access, originResults, service, grants, authServer, scopes, policies, rules, adminRoles] = await Promise.all([
    spaP,
    webP,
    spaGroupsP,
    accessP,
    Promise.all(originPs),
    serviceP,
    grantsP,
    asP,
    scopesP,
    policiesP,
    rulesP,
    rolesP,
  ]);
  return {
    spa,
    web,
    spaGroups: spaGroups ? new Set(spaGroups.map((a) => a.id)) : undefined,
    access,
    origins: new Map(origins.map((origin, i) => [origin, originResults[i]!])),
    service,
    grants,
    authServer,
    scopes,
    policies,
    rules,
    adminRoles,
  };
}
