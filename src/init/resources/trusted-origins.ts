import type { OktaApi } from "../../okta/okta-api.js";
import type { TrustedOrigin } from "../../okta/okta-types.js";
import { fieldList, type Change } from "../plan-types.js";
import { findOne, type Found } from "./find.js";

export const trustedOriginResource = (origin: string): string => `trusted-origin:${origin}`;

/** Base URIs become org-level trusted origins with CORS and REDIRECT (the console's "Base URIs"). */
const SCOPES = ["CORS", "REDIRECT"];

/** Trusted-origin names are unique in an org, so each carries its origin. */
export function trustedOriginName(appName: string, origin: string): string {
  return `${appName} ${origin}`;
}

/** The trusted origin created for one base URI's origin. */
export function desiredTrustedOrigin(appName: string, origin: string) {
  return { name: trustedOriginName(appName, origin), origin, scopes: SCOPES.map((type) => ({ type })), status: "ACTIVE" };
}

export function originsOf(baseUris: string[]): string[] {
  return [...new Set(baseUris.map((uri) => new URL(uri).origin))];
}

export function readTrustedOrigin(api: OktaApi, origin: string, manifestId: string | undefined): Promise<Found<TrustedOrigin>> {
  return findOne({
    byId: manifestId ? async () => api.getTrustedOrigin(manifestId).then((o) => (o?.origin === origin ? o : undefined)) : undefined,
    byName: async () => (await api.findTrustedOrigins(origin)).filter((o) => o.origin === origin),
    describe: (o) => `${o.id} (${o.name})`,
    what: `trusted origin ${origin}`,
    hint: "Delete the duplicate trusted origins in Okta (Security > API > Trusted Origins), then run again.",
  });
}

export function trustedOriginDrift(current: TrustedOrigin): string[] {
  const types = new Set(current.scopes.map((s) => s.type));
  const drift: string[] = [];
  if (!SCOPES.every((t) => types.has(t))) drift.push("scopes");
  if (current.status !== "ACTIVE") drift.push("status");
  return fieldList(drift);
}

export function planTrustedOrigin(origin: string, found: Found<TrustedOrigin>): Change {
  const resource = trustedOriginResource(origin);
  if (found.kind === "conflict") return { resource, action: "conflict", reason: found.reason, hint: found.hint };
  if (found.kind === "missing") return { resource, action: "create" };
  const fields = trustedOriginDrift(found.value);
  const adopted = found.via === "name";
  if (fields.length) return { resource, action: "update", id: found.value.id, fields, adopted };
  return { resource, action: adopted ? "adopt" : "noop", id: found.value.id, adopted };
}

export async function applyTrustedOrigin(api: OktaApi, change: Change, found: Found<TrustedOrigin>, origin: string, appName: string): Promise<TrustedOrigin> {
  if (change.action === "create") {
    return api.createTrustedOrigin(desiredTrustedOrigin(appName, origin));
  }
  if (found.kind !== "found") throw new Error("cannot update a missing trusted origin");
  if (change.action !== "update") return found.value;
  const current = found.value;
  const types = new Set(current.scopes.map((s) => s.type));
  const { _links: _l, ...rest } = current as TrustedOrigin & { _links?: unknown };
  return api.replaceTrustedOrigin(current.id, {
    ...rest,
    scopes: [...current.scopes, ...SCOPES.filter((t) => !types.has(t)).map((type) => ({ type }))],
    status: "ACTIVE",
  });
}
