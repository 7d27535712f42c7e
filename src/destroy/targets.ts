import { UsageError } from "../errors.js";
import { handEdited, isOktaId } from "../manifest/hand-edited.js";
import type { Manifest, ManifestObject } from "../manifest/manifest.js";

/** The kinds of object `destroy` removes, in the order it removes them (dependants first). */
export const DESTROY_ORDER = ["rule", "policy", "scope", "auth-server", "api-grant", "service-app", "access", "trusted-origin", "spa-app", "web-app"] as const;
export type DestroyKind = (typeof DESTROY_ORDER)[number];

/** One Okta object of the setup, as the manifest remembers it. */
export interface Target {
  /** The plan resource id init used ("spa-app", "api-grant:okta.users.read", "access:<groupId>", ...). */
  resource: string;
  kind: DestroyKind;
  id: string;
  /** Name, label, origin or scope it had; undefined in manifests written before provenance was recorded. */
  name?: string;
  /** Undefined: the manifest predates provenance records, so it counts as adopted. */
  created?: boolean;
  /** Ids of the objects it lives in. */
  authServerId?: string;
  policyId?: string;
  appId?: string;
}

/** `--only` names (and aliases) → kinds. `service-app` takes its grants with it. */
const ONLY_NAMES: Record<string, DestroyKind[]> = {
  rule: ["rule"],
  policy: ["policy"],
  scope: ["scope"],
  "auth-server": ["auth-server"],
  "api-grants": ["api-grant"],
  grants: ["api-grant"],
  "service-app": ["api-grant", "service-app"],
  access: ["access"],
  "group-assignments": ["access"],
  "trusted-origins": ["trusted-origin"],
  "spa-app": ["spa-app"],
  spa: ["spa-app"],
  "web-app": ["web-app"],
};
export const ONLY_CHOICES = ["rule", "policy", "scope", "auth-server", "api-grants", "service-app", "access", "trusted-origins", "spa-app", "web-app"];

/** Parses `--only a,b`; undefined means everything. */
export function parseOnly(raw: string | undefined): Set<DestroyKind> | undefined {
  if (raw === undefined) return undefined;
  const names = raw.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !ONLY_NAMES[n]);
  if (names.length === 0 || bad.length > 0) {
    throw new UsageError(`--only: ${bad.length ? `${bad.join(", ")} ${bad.length > 1 ? "are" : "is"} not` : "needs"} one of ${ONLY_CHOICES.join(", ")}.`, "Example: okta-om-setup destroy --only service-app");
  }
  return new Set(names.flatMap((n) => ONLY_NAMES[n]!));
}


/** Checks the fields destroy relies on, so a hand-edited manifest never steers a DELETE. */
function checkShape(manifest: Manifest): void {
  for (const field of ["spaAppId", "webAppId", "serviceClientId", "authServerId", "scopeId", "policyId", "ruleId", "trustedOriginId"] as const) {
    const value = manifest[field] as unknown;
    if (value !== undefined && !isOktaId(value)) throw handEdited(field, "is not an Okta id");
  }
  const origins = manifest.trustedOriginIds as unknown;
  if (origins !== undefined && (typeof origins !== "object" || origins === null || Object.values(origins).some((v) => !isOktaId(v)))) {
    throw handEdited("trustedOriginIds", "is not a map of origins to Okta ids");
  }
  const objects = manifest.objects as unknown;
  if (objects === undefined) return;
  if (typeof objects !== "object" || objects === null || Array.isArray(objects)) throw handEdited("objects", "is not an object");
  for (const [resource, raw] of Object.entries(objects as Record<string, unknown>)) {
    const entry = raw as Partial<ManifestObject> | null;
    if (!entry || typeof entry !== "object" || !isOktaId(entry.id) || typeof entry.created !== "boolean" || (entry.name !== undefined && typeof entry.name !== "string")) {
      throw handEdited(`objects["${resource}"]`, "is not {id, name, created}");
    }
    if (!kindOf(resource)) throw handEdited(`objects["${resource}"]`, "is not a resource okta-om-setup makes");
  }
  // The id fields and the provenance records are written together: they can only differ by hand.
  const pairs: [string, string | undefined][] = [
    ["spa-app", manifest.spaAppId],
    ["web-app", manifest.webAppId],
    ["service-app", manifest.serviceClientId],
    ["auth-server", manifest.authServerId],
    ["scope", manifest.scopeId],
    ["policy", manifest.policyId],
    ["rule", manifest.ruleId],
  ];
  for (const [resource, id] of pairs) {
    const entry = manifest.objects?.[resource];
    if (entry && id !== undefined && entry.id !== id) throw handEdited(`objects["${resource}"].id`, `(${entry.id}) differs from the id field beside it (${id})`);
  }
}

function kindOf(resource: string): DestroyKind | undefined {
  const base = resource.split(":")[0]!;
  if (base === "api-grant" && resource.includes(":")) return "api-grant";
  if (base === "access" && resource.includes(":")) return "access";
  if (base === "trusted-origin" && resource.includes(":")) return "trusted-origin";
  return (DESTROY_ORDER as readonly string[]).includes(resource) && !["api-grant", "access", "trusted-origin"].includes(resource) ? (resource as DestroyKind) : undefined;
}

/**
 * Every object the manifest knows, in destroy order. Ids come from the manifest's id fields (what
 * init resumes from), provenance and names from `objects`; objects without a record count as adopted.
 */
export function targetsOf(manifest: Manifest): Target[] {
  checkShape(manifest);
  const objects = manifest.objects ?? {};
  const targets: Target[] = [];
  const add = (resource: string, kind: DestroyKind, id: string | undefined, extra: Partial<Target> = {}): void => {
    const record = objects[resource];
    const chosen = id ?? record?.id;
    if (!chosen) return;
    targets.push({ resource, kind, id: chosen, name: record?.name, created: record ? record.created : undefined, ...extra });
  };
  const asId = manifest.authServerId ?? objects["auth-server"]?.id;
  const policyId = manifest.policyId ?? objects.policy?.id;
  const serviceId = manifest.serviceClientId ?? objects["service-app"]?.id;
  // Groups are assigned to the app users sign in with: the web app when confidential (issue 14).
  const signInAppId = manifest.clientType === "confidential" ? (manifest.webAppId ?? objects["web-app"]?.id) : (manifest.spaAppId ?? objects["spa-app"]?.id);
  if (asId && policyId) add("rule", "rule", manifest.ruleId, { authServerId: asId, policyId });
  if (asId) add("policy", "policy", manifest.policyId, { authServerId: asId });
  if (asId) add("scope", "scope", manifest.scopeId, { authServerId: asId });
  add("auth-server", "auth-server", manifest.authServerId);
  for (const [resource, record] of Object.entries(objects)) {
    if (kindOf(resource) === "api-grant" && serviceId) targets.push({ resource, kind: "api-grant", id: record.id, name: record.name ?? resource.slice("api-grant:".length), created: record.created, appId: serviceId });
  }
  add("service-app", "service-app", manifest.serviceClientId);
  for (const [resource, record] of Object.entries(objects)) {
    if (kindOf(resource) === "access" && signInAppId) targets.push({ resource, kind: "access", id: record.id, name: record.name, created: record.created, appId: signInAppId });
  }
  const origins = new Map(Object.entries(manifest.trustedOriginIds ?? {}));
  for (const [resource, record] of Object.entries(objects)) {
    const origin = resource.slice("trusted-origin:".length);
    if (kindOf(resource) === "trusted-origin" && !origins.has(origin)) origins.set(origin, record.id);
  }
  for (const [origin, id] of origins) {
    const resource = `trusted-origin:${origin}`;
    const record = objects[resource];
    targets.push({ resource, kind: "trusted-origin", id, name: origin, created: record?.id === id ? record.created : undefined });
  }
  add("spa-app", "spa-app", manifest.spaAppId);
  add("web-app", "web-app", manifest.webAppId);
  return targets;
}

/** The manifest without `target`: its id field and its provenance record. */
export function forget(manifest: Manifest, target: Target): Partial<Manifest> {
  const objects = { ...(manifest.objects ?? {}) };
  delete objects[target.resource];
  const patch: Partial<Manifest> = { objects };
  const clear = <K extends keyof Manifest>(key: K): void => {
    if (manifest[key] === target.id) patch[key] = undefined;
  };
  switch (target.kind) {
    case "rule":
      clear("ruleId");
      break;
    case "policy":
      clear("policyId");
      break;
    case "scope":
      clear("scopeId");
      break;
    case "auth-server":
      clear("authServerId");
      break;
    case "service-app":
      clear("serviceClientId");
      break;
    case "spa-app":
      clear("spaAppId");
      if (manifest.spaAppId === target.id) patch.spaClientId = undefined;
      break;
    case "web-app":
      clear("webAppId");
      if (manifest.webAppId === target.id) patch.webClientId = undefined;
      break;
    case "trusted-origin": {
      const ids = { ...(manifest.trustedOriginIds ?? {}) };
      for (const [origin, id] of Object.entries(ids)) if (id === target.id) delete ids[origin];
      patch.trustedOriginIds = ids;
      clear("trustedOriginId");
      break;
    }
    default:
      break;
  }
  return patch;
}
