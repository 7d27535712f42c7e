import type { Manifest, ManifestObject } from "../manifest/manifest.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { Change } from "./plan-types.js";
import type { ProvisionSettings } from "./provision-settings.js";
import type { OrgSnapshot } from "./read-org.js";
import { applyAccess } from "./resources/access.js";
import { applyGrant, grantResource } from "./resources/api-grants.js";
import { applyAuthServer, AUTH_SERVER_RESOURCE, planAuthServer } from "./resources/auth-server.js";
import { valueOf } from "./resources/find.js";
import { applyPolicy, planPolicy, POLICY_RESOURCE } from "./resources/policy.js";
import { applyRule, planRule, requiredRuleScopes, RULE_RESOURCE } from "./resources/rule.js";
import { applyScope, planScope, SCOPE_RESOURCE } from "./resources/scope.js";
import { applyServiceApp, SERVICE_RESOURCE, type PublicKey } from "./resources/service-app.js";
import { applySpa, clientIdOf, SPA_RESOURCE } from "./resources/spa-app.js";
import { applyTrustedOrigin, trustedOriginResource } from "./resources/trusted-origins.js";
import { readAdminRoles, type AdminRoleFinding } from "../okta/admin-roles.js";
import { applyWebApp, WEB_RESOURCE } from "./resources/web-app.js";
import type { Secret } from "../secret.js";

export interface ApplyHooks {
  /** Writes the local key files (the `key` change). */
  writeKey(): Promise<void>;
  /** Keeps the web app's client secret (0600) the moment Okta returns it; it is never returned again. */
  writeClientSecret(secret: Secret): Promise<void>;
  /** Persists manifest fields right after the step that produced them, so a crash can resume. */
  remember(patch: Partial<Manifest>): Promise<void>;
  /** Called once per change as it completes (progress output). */
  done(change: Change): void;
  /**
   * Called once the steps the OpenMetadata files are made from (sign-in app, service app, server)
   * are done, while the policy and its rule may still be in flight (render-ahead.ts).
   */
  outputsKnown?(): void;
  /** Once aborted (SIGINT/SIGTERM), no new write starts; writes in flight finish and are recorded. */
  stop?: AbortSignal;
}

export interface ApplyResult {
  changes: Change[];
  failed?: { change: Change; error: unknown };
  /** Changes never started because an earlier one failed or the run was interrupted. */
  notApplied: Change[];
  /** True when `hooks.stop` ended the run early. */
  interrupted?: boolean;
  /** The service app's admin roles as they are after the grants. */
  adminRoles?: AdminRoleFinding;
}

/** Stops new writes once one failed or the run is stopped; writes already in flight finish. */
class Gate {
  failure?: { change: Change; error: unknown };
  constructor(private readonly stop?: AbortSignal) {}
  async run<T>(change: Change, work: () => Promise<T>): Promise<T> {
    if (this.failure || this.stop?.aborted) throw new NotApplied();
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof NotApplied)) this.failure ??= { change, error };
      throw error;
    }
  }
}

class NotApplied extends Error {}

/**
 * Applies the plan in dependency order, running independent branches concurrently:
 * key → service app → grants; SPA → access; SPA → authorization server → scope; SPA + service app +
 * server → policy → rule. Each step is re-planned with the real ids of the steps before it.
 */
export async function applyPlan(
  api: OktaApi,
  settings: ProvisionSettings,
  snapshot: OrgSnapshot,
  planned: Change[],
  /** The service app's public key; may still be generating, so only the key and service app steps wait for it. */
  key: (() => Promise<PublicKey>) | undefined,
  manifest: Manifest,
  hooks: ApplyHooks,
): Promise<ApplyResult> {
  const gate = new Gate(hooks.stop);
  const results: Change[] = [];
  // Provenance of every object touched, carried in the same manifest write as its id (so a crash
  // never leaves an id without it). Created stays created on reruns that find the same id.
  const objects: Record<string, ManifestObject> = { ...(manifest.objects ?? {}) };
  const record = (change: Change, id: string | undefined, name: string): Pick<Manifest, "objects"> | Record<string, never> => {
    if (!id) return {};
    const previous = objects[change.resource];
    objects[change.resource] = { id, name, created: change.action === "create" || (previous?.id === id && previous.created) };
    return { objects: { ...objects } };
  };
  const byResource = new Map(planned.map((c) => [c.resource, c]));
  const finish = (change: Change, id?: string): Change => {
    const done = { ...change, ...(id ? { id } : {}) };
    results.push(done);
    hooks.done(done);
    return done;
  };
  const step = async <T>(change: Change | undefined, work: (c: Change) => Promise<T>): Promise<T | undefined> => {
    if (!change) return undefined;
    return gate.run(change, () => work(change));
  };

  const keyP = step(byResource.get("key"), async (change) => {
    const publicKey = key ? await key() : undefined;
    if (change.action === "create" || change.action === "update") await hooks.writeKey();
    if (publicKey) await hooks.remember({ kid: publicKey.kid });
    finish(change, publicKey?.kid);
    return publicKey;
  });

  const confidential = settings.clientType === "confidential";
  // The app left in place by a public <-> confidential switch is only reported.
  const other = byResource.get(confidential ? SPA_RESOURCE : WEB_RESOURCE);
  if (other) finish(other);
  const spaP = confidential
    ? step(byResource.get(WEB_RESOURCE), async (change) => {
        const { app, secret } = await applyWebApp(api, change, snapshot.web ?? { kind: "missing" }, settings);
        // Before anything else: Okta shows a new app's secret only in this one answer.
        if (secret) await hooks.writeClientSecret(secret);
        await hooks.remember({ clientType: "confidential", webAppId: app.id, webClientId: clientIdOf(app), ...record(change, app.id, app.label) });
        finish(change, app.id);
        return { appId: app.id, clientId: clientIdOf(app) };
      })
    : step(byResource.get(SPA_RESOURCE), async (change) => {
        const app = await applySpa(api, change, snapshot.spa, settings);
        await hooks.remember({ clientType: "public", spaAppId: app.id, spaClientId: clientIdOf(app), ...record(change, app.id, settings.appName) });
        finish(change, app.id);
        return { appId: app.id, clientId: clientIdOf(app) };
      });

  const originPs = [...snapshot.origins].map(([origin, found]) =>
    step(byResource.get(trustedOriginResource(origin)), async (change) => {
      const created = await applyTrustedOrigin(api, change, found, origin, settings.appName);
      const ids = { ...(manifest.trustedOriginIds ?? {}), [origin]: created.id };
      manifest.trustedOriginIds = ids;
      await hooks.remember({ trustedOriginIds: ids, ...(origin === [...snapshot.origins.keys()][0] ? { trustedOriginId: created.id } : {}), ...record(change, created.id, origin) });
      finish(change, created.id);
    }),
  );

  const accessPs = planned
    .filter((c) => c.resource.startsWith("access:"))
    .map(async (change) => {
      const spa = await spaP;
      await step(change, async () => {
        if (spa) await applyAccess(api, spa.appId, change);
        if (spa) await hooks.remember(record(change, change.id, change.note ?? change.id ?? ""));
        finish(change);
      });
    });

  const serviceP = (async () => {
    const publicKey = await keyP;
    return step(byResource.get(SERVICE_RESOURCE), async (change) => {
      if (!publicKey) throw new Error("no service key");
      const clientId = await applyServiceApp(api, change, snapshot.service ?? { kind: "missing" }, settings.serviceAppName, publicKey);
      await hooks.remember({ serviceClientId: clientId, ...record(change, clientId, settings.serviceAppName) });
      finish(change, clientId);
      return clientId;
    });
  })();

  const grantPs = settings.apiScopes.map(async (scope) => {
    const change = byResource.get(grantResource(scope));
    if (!change) return;
    const clientId = await serviceP;
    await step(change, async () => {
      const id = clientId ? await applyGrant(api, clientId, change, scope) : undefined;
      await hooks.remember(record(change, id, scope));
      finish(change, id);
    });
  });

  // After the grants (they can make the app an admin), alongside the server's chain: no extra round.
  const rolesP = (async (): Promise<AdminRoleFinding | undefined> => {
    const clientId = await serviceP.catch(() => undefined);
    await Promise.allSettled(grantPs);
    if (!clientId || gate.failure) return undefined;
    const granted = results.some((c) => c.resource.startsWith("api-grant:") && c.action === "create");
    if (!granted && snapshot.adminRoles?.clientId === clientId) return snapshot.adminRoles.finding;
    return readAdminRoles(api, clientId);
  })();

  const asP = (async () => {
    const spa = await spaP;
    return step(byResource.get(AUTH_SERVER_RESOURCE), async (planned) => {
      if (!spa) throw new NotApplied();
      const change = planAuthServer(snapshot.authServer, settings, spa.clientId);
      if (change.action === "conflict") throw new Error(change.reason);
      const as = await applyAuthServer(api, change, snapshot.authServer, settings, spa.clientId);
      await hooks.remember({ authServerId: as.id, issuer: as.issuer, ...record(change, as.id, as.name) });
      finish({ ...planned, ...change }, as.id);
      return as;
    });
  })();
  // Children of a server that existed before this run use the snapshot; a new server has none.
  const existed = (asId: string): boolean => valueOf(snapshot.authServer)?.id === asId;

  const scopeP = (async () => {
    const as = await asP;
    return step(byResource.get(SCOPE_RESOURCE), async (planned) => {
      if (!as) throw new NotApplied();
      const scopes = existed(as.id) ? snapshot.scopes : undefined;
      const change = planScope(scopes, settings.scope, manifest.scopeId);
      const scope = await applyScope(api, as.id, change, scopes, settings.scope);
      await hooks.remember({ scopeId: scope.id, ...record(change, scope.id, settings.scope) });
      finish({ ...planned, ...change }, scope.id);
    });
  })();

  const policyP = (async () => {
    const [spa, serviceClientId, as] = await Promise.all([spaP, serviceP, asP]);
    return step(byResource.get(POLICY_RESOURCE), async (planned) => {
      if (!as || !spa || (settings.serviceApp && !serviceClientId)) throw new NotApplied();
      const clients = [spa.clientId, ...(serviceClientId ? [serviceClientId] : [])];
      const policies = existed(as.id) ? snapshot.policies : undefined;
      const change = planPolicy(policies, settings.policyName, manifest.policyId, clients);
      const replaced = [manifest.spaClientId, manifest.serviceClientId].filter((id): id is string => id !== undefined && !clients.includes(id));
      const policy = await applyPolicy(api, as.id, change, policies, settings.policyName, clients, replaced);
      await hooks.remember({ policyId: policy.id, ...record(change, policy.id, settings.policyName) });
      finish({ ...planned, ...change }, policy.id);
      return { asId: as.id, policyId: policy.id, existed: policies?.some((p) => p.id === policy.id) ?? false };
    });
  })();

  const ruleP = (async () => {
    // The rule names the scope: create the scope first. Whether Okta checks that rule scopes exist is
    // not settled (REAL-ORG.md: "Not settled"), so a client must not depend on either answer.
    const [policy] = await Promise.all([policyP, scopeP.catch(() => undefined)]);
    return step(byResource.get(RULE_RESOURCE), async (planned) => {
      if (!policy) throw new NotApplied();
      const rules = policy.existed && existed(policy.asId) ? snapshot.rules : undefined;
      const extra = requiredRuleScopes(settings.clientType);
      const change = planRule(rules, settings.ruleName, manifest.ruleId, settings.ruleGrantTypes, settings.scope, extra);
      const rule = await applyRule(api, policy.asId, policy.policyId, change, rules, settings.ruleName, settings.ruleGrantTypes, settings.scope, extra);
      await hooks.remember({ ruleId: rule.id, ...record(change, rule.id, settings.ruleName) });
      finish({ ...planned, ...change }, rule.id);
    });
  })();

  // Everything the OpenMetadata files name is known once these are done (render-ahead.ts).
  void Promise.all([spaP, serviceP, asP]).then(
    () => {
      if (!gate.failure && !hooks.stop?.aborted) hooks.outputsKnown?.();
    },
    () => undefined,
  );

  const [, , , , , , , , , , rolesOutcome] = await Promise.allSettled([keyP, spaP, Promise.all(originPs), Promise.all(accessPs), serviceP, Promise.all(grantPs), asP, scopeP, policyP, ruleP, rolesP]);
  const doneIds = new Set(results.map((c) => c.resource));
  const inPlanOrder = planned.flatMap((p) => results.filter((r) => r.resource === p.resource));
  return {
    changes: inPlanOrder,
    failed: gate.failure,
    notApplied: planned.filter((c) => !doneIds.has(c.resource) && c.resource !== gate.failure?.change.resource),
    ...(hooks.stop?.aborted ? { interrupted: true } : {}),
    adminRoles: rolesOutcome.status === "fulfilled" ? rolesOutcome.value : undefined,
  };
}
