import type { OktaApi } from "../../okta/okta-api.js";
import type { AuthServer } from "../../okta/okta-types.js";
import { fieldList, type Change } from "../plan-types.js";
import type { ProvisionSettings } from "../provision-settings.js";
import { findOne, type Found } from "./find.js";

export const AUTH_SERVER_RESOURCE = "auth-server";
export const AS_DESCRIPTION = "OpenMetadata sign-in and ingestion tokens (managed by okta-om-setup)";

/** The custom authorization server: audience = the SPA's client id, issuer mode "Okta URL". */
export function desiredAuthServer(name: string, spaClientId: string) {
  return { name, description: AS_DESCRIPTION, audiences: [spaClientId], issuerMode: "ORG_URL" };
}

export function readAuthServer(api: OktaApi, manifestId: string | undefined, settings: ProvisionSettings): Promise<Found<AuthServer>> {
  // The org authorization server is not an object of the management API: nothing to read.
  if (settings.authServer.kind === "org") return Promise.resolve({ kind: "missing" });
  if (settings.authServer.kind === "default") {
    return api.getAuthServer("default").then((as): Found<AuthServer> => (as ? { kind: "found", value: as, via: "id" } : { kind: "missing" }));
  }
  const name = settings.authServer.name;
  return findOne({
    byId: manifestId ? () => api.getAuthServer(manifestId).then((as) => (as && as.default !== true ? as : undefined)) : undefined,
    byName: () => api.findAuthServersByName(name),
    describe: (as) => as.id,
    what: `authorization server named "${name}"`,
    hint: "Rename the extra servers in Okta, or put the id of the one to keep as authServerId in the manifest (okta-om-setup.json).",
  });
}

/**
 * Drift of the server. The `default` server is shared with other apps: only its status is ours to
 * fix, never its name or audience.
 */
export function authServerDrift(as: AuthServer, settings: ProvisionSettings, spaClientId: string | undefined): string[] {
  const drift: string[] = [];
  if (as.status !== "ACTIVE") drift.push("status");
  if (settings.authServer.kind === "create") {
    if (spaClientId === undefined || as.audiences.length !== 1 || as.audiences[0] !== spaClientId) drift.push("audiences");
    if (as.issuerMode !== "ORG_URL") drift.push("issuerMode");
  }
  return fieldList(drift);
}

export function planAuthServer(found: Found<AuthServer>, settings: ProvisionSettings, spaClientId: string | undefined): Change {
  if (found.kind === "conflict") return { resource: AUTH_SERVER_RESOURCE, action: "conflict", reason: found.reason, hint: found.hint };
  if (found.kind === "missing") {
    if (settings.authServer.kind === "default") {
      return { resource: AUTH_SERVER_RESOURCE, action: "conflict", reason: "This org has no `default` authorization server.", hint: "Drop --auth-server default to create a dedicated server." };
    }
    return { resource: AUTH_SERVER_RESOURCE, action: "create" };
  }
  const fields = authServerDrift(found.value, settings, spaClientId);
  const adopted = found.via === "name";
  const note = settings.authServer.kind === "default" ? "the shared default server keeps its name and audience" : undefined;
  if (fields.length) return { resource: AUTH_SERVER_RESOURCE, action: "update", id: found.value.id, fields, adopted, note };
  return { resource: AUTH_SERVER_RESOURCE, action: adopted ? "adopt" : "noop", id: found.value.id, adopted, note };
}

export async function applyAuthServer(api: OktaApi, change: Change, found: Found<AuthServer>, settings: ProvisionSettings, spaClientId: string): Promise<AuthServer> {
  if (change.action === "create" && settings.authServer.kind === "create") {
    return api.createAuthServer(desiredAuthServer(settings.authServer.name, spaClientId));
  }
  if (found.kind !== "found") throw new Error(`cannot ${change.action} a missing authorization server`);
  let as = found.value;
  if (change.action !== "update") return as;
  const fields = change.fields ?? [];
  if (fields.some((f) => f !== "status")) {
    const { _links: _l, ...rest } = as as AuthServer & { _links?: unknown };
    as = await api.replaceAuthServer(as.id, { ...rest, audiences: [spaClientId], issuerMode: "ORG_URL" });
  }
  if (fields.includes("status")) {
    await api.activateAuthServer(as.id);
    as = { ...as, status: "ACTIVE" };
  }
  return as;
}
