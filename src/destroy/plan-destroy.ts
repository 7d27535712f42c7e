import type { Manifest } from "../manifest/manifest.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { OidcApp } from "../okta/okta-types.js";
import { DESTROY_ORDER, type DestroyKind, type Target } from "./targets.js";

/**
 * What destroy does with one object: `delete` it, nothing because it is already `gone`, `keep` it
 * (adopted, or the `default` server), or `skip` it because it changed since the manifest recorded it.
 */
export type DestroyAction = "delete" | "gone" | "keep" | "skip";

export interface DestroyStep {
  resource: string;
  kind: DestroyKind;
  action: DestroyAction;
  id: string;
  name?: string;
  created: boolean;
  /** Why it is kept or skipped; for a forced delete, what changed. */
  reason?: string;
  /** The target as the manifest has it (internal; left out of --json). */
  target: Target;
}

export interface DestroyOptions {
  only?: Set<DestroyKind>;
  includeAdopted: boolean;
  /** --yes --force: delete objects that changed since the manifest recorded them. */
  force: boolean;
}

/** What the object looks like now: undefined when it is gone, else a mismatch (or undefined when it matches). */
type Reading = { gone: true } | { gone: false; mismatch?: string; isDefault?: boolean };

const label = (app: OidcApp): string => app.label;
const appType = (app: OidcApp): string | undefined => app.settings?.oauthClient?.application_type;

function named(kind: string, actual: string, expected: string | undefined): string | undefined {
  return expected !== undefined && actual !== expected ? `its ${kind} is now "${actual}", not "${expected}"` : undefined;
}

/** Re-reads one object by its id and checks it is still the one the manifest recorded (same name). */
async function reread(api: OktaApi, target: Target, manifest: Manifest): Promise<Reading> {
  switch (target.kind) {
    case "spa-app":
    case "web-app":
    case "service-app": {
      const app = await api.getApp(target.id);
      if (!app) return { gone: true };
      const wanted = target.kind === "spa-app" ? "browser" : target.kind === "web-app" ? "web" : "service";
      if (appType(app) !== wanted) return { gone: false, mismatch: `it is now a ${appType(app) ?? "non-OIDC"} app, not a ${wanted} app` };
      return { gone: false, mismatch: named("label", label(app), target.name) };
    }
    case "auth-server": {
      const server = await api.getAuthServer(target.id);
      if (!server) return { gone: true };
      if (server.default === true || target.id === "default") return { gone: false, isDefault: true };
      const mismatch = named("name", server.name, target.name);
      if (mismatch) return { gone: false, mismatch };
      // Deleting a server deletes everything in it: refuse when it holds objects this setup did not make.
      const [scopes, policies] = await Promise.all([api.listScopes(server.id), api.listPolicies(server.id)]);
      const foreign = [
        ...scopes.filter((s) => s.system !== true && s.id !== manifest.scopeId).map((s) => `scope ${s.name}`),
        ...policies.filter((p) => p.id !== manifest.policyId).map((p) => `policy "${p.name}"`),
      ];
      return { gone: false, mismatch: foreign.length ? `it now also holds ${foreign.join(", ")}, which this setup did not make` : undefined };
    }
    case "scope": {
      const scope = await api.getScope(target.authServerId!, target.id);
      return scope ? { gone: false, mismatch: named("name", scope.name, target.name ?? manifest.scope) } : { gone: true };
    }
    case "policy": {
      const policy = await api.getPolicy(target.authServerId!, target.id);
      if (!policy) return { gone: true };
      const mismatch = named("name", policy.name, target.name);
      if (mismatch) return { gone: false, mismatch };
      const foreign = (await api.listRules(target.authServerId!, target.id)).filter((r) => r.id !== manifest.ruleId).map((r) => `rule "${r.name}"`);
      return { gone: false, mismatch: foreign.length ? `it now also holds ${foreign.join(", ")}, which this setup did not make` : undefined };
    }
    case "rule": {
      const rule = await api.getRule(target.authServerId!, target.policyId!, target.id);
      return rule ? { gone: false, mismatch: named("name", rule.name, target.name) } : { gone: true };
    }
    case "api-grant": {
      const grant = await api.getGrant(target.appId!, target.id);
      return grant ? { gone: false, mismatch: named("scope", grant.scopeId, target.name) } : { gone: true };
    }
    case "access": {
      const assignment = await api.getAppGroup(target.appId!, target.id);
      return assignment ? { gone: false } : { gone: true };
    }
    case "trusted-origin": {
      const origin = await api.getTrustedOrigin(target.id);
      return origin ? { gone: false, mismatch: named("origin", origin.origin, target.name) } : { gone: true };
    }
  }
}

function decide(target: Target, reading: Reading, options: DestroyOptions): Pick<DestroyStep, "action" | "reason"> {
  if (reading.gone) return { action: "gone", reason: "already gone" };
  if (reading.isDefault) return { action: "keep", reason: "the default authorization server is never deleted" };
  if (target.created !== true && !options.includeAdopted) {
    return {
      action: "keep",
      reason: target.created === false ? "adopted (it existed before init); --include-adopted deletes it too" : "the manifest predates provenance records, so it counts as adopted; --include-adopted deletes it too",
    };
  }
  if (reading.mismatch) {
    return options.force ? { action: "delete", reason: `forced: ${reading.mismatch}` } : { action: "skip", reason: `${reading.mismatch}; --yes --force deletes it anyway` };
  }
  return { action: "delete" };
}

/**
 * Reads every selected object (GETs only, all at once) and decides what to do with it. A server or
 * policy whose child is skipped is skipped too: deleting it would delete that child with it.
 */
export async function planDestroy(api: OktaApi, manifest: Manifest, targets: Target[], options: DestroyOptions): Promise<DestroyStep[]> {
  const selected = targets.filter((t) => !options.only || options.only.has(t.kind));
  const readings = await Promise.all(selected.map((t) => reread(api, t, manifest)));
  const steps: DestroyStep[] = selected.map((target, i) => ({
    resource: target.resource,
    kind: target.kind,
    id: target.id,
    ...(target.name !== undefined ? { name: target.name } : {}),
    created: target.created === true,
    ...decide(target, readings[i]!, options),
    target,
  }));
  const skipped = (kinds: DestroyKind[]) => steps.find((s) => kinds.includes(s.kind) && s.action === "skip");
  for (const step of steps) {
    if (step.action !== "delete") continue;
    const child = step.kind === "auth-server" ? skipped(["scope", "policy", "rule"]) : step.kind === "policy" ? skipped(["rule"]) : undefined;
    if (child) Object.assign(step, { action: "skip", reason: `it holds the ${child.kind} that is skipped (${child.reason ?? "changed"})` });
  }
  return steps.sort((a, b) => DESTROY_ORDER.indexOf(a.kind) - DESTROY_ORDER.indexOf(b.kind));
}
