import type { OktaApi } from "../../okta/okta-api.js";
import type { Scope } from "../../okta/okta-types.js";
import { fieldList, type Change } from "../plan-types.js";

export const SCOPE_RESOURCE = "scope";

/**
 * The custom scope, flagged default: OpenMetadata sends `scopes: []`, so Okta must fall back to a
 * default scope. Consent must not be REQUIRED (client_credentials cannot consent).
 */
export function desiredScope(name: string) {
  return { name, description: "Access to OpenMetadata", consent: "IMPLICIT", metadataPublish: "NO_CLIENTS", default: true };
}

export function findScope(scopes: Scope[] | undefined, name: string, manifestId: string | undefined): { scope?: Scope; via?: "id" | "name" } {
  const byId = manifestId ? scopes?.find((s) => s.id === manifestId && s.name === name) : undefined;
  if (byId) return { scope: byId, via: "id" };
  const byName = scopes?.find((s) => s.name === name);
  return byName ? { scope: byName, via: "name" } : {};
}

export function planScope(scopes: Scope[] | undefined, name: string, manifestId: string | undefined): Change {
  const { scope, via } = findScope(scopes, name, manifestId);
  if (!scope) return { resource: SCOPE_RESOURCE, action: "create" };
  const drift: string[] = [];
  if (scope.default !== true) drift.push("default");
  if (scope.consent === "REQUIRED") drift.push("consent");
  const adopted = via === "name";
  if (drift.length) return { resource: SCOPE_RESOURCE, action: "update", id: scope.id, fields: fieldList(drift), adopted };
  return { resource: SCOPE_RESOURCE, action: adopted ? "adopt" : "noop", id: scope.id, adopted };
}

export async function applyScope(api: OktaApi, asId: string, change: Change, scopes: Scope[] | undefined, name: string): Promise<Scope> {
  if (change.action === "create") return api.createScope(asId, desiredScope(name));
  const current = scopes?.find((s) => s.id === change.id);
  if (!current) throw new Error("cannot update a missing scope");
  if (change.action !== "update") return current;
  const { _links: _l, ...rest } = current as Scope & { _links?: unknown };
  return api.replaceScope(asId, current.id, { ...rest, default: true, consent: current.consent === "REQUIRED" ? "IMPLICIT" : current.consent });
}
