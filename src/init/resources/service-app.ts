import type { PublicJwk } from "../../keys/key-pair.js";
import type { OktaApi } from "../../okta/okta-api.js";
import type { Jwk, OidcApp } from "../../okta/okta-types.js";
import { fieldList, includesAll, union, type Change } from "../plan-types.js";
import { findOne, type Found } from "./find.js";

export const SERVICE_RESOURCE = "service-app";

/** The public half of the local service key, as registered in Okta. */
export type PublicKey = PublicJwk;

const isService = (app: OidcApp): boolean => app.signOnMode === "OPENID_CONNECT" && app.settings?.oauthClient?.application_type === "service";

/**
 * The ingestion bot's service app, registered through Dynamic Client Registration as OpenMetadata's
 * guide does: private_key_jwt, client_credentials, exactly one JWK (OpenMetadata signs without a
 * `kid`, so a second key makes Okta answer "The client_assertion JWT kid is invalid").
 */
export function desiredServiceClient(name: string, key: PublicKey) {
  return {
    client_name: name,
    grant_types: ["client_credentials"],
    response_types: ["token"],
    token_endpoint_auth_method: "private_key_jwt",
    application_type: "service",
    jwks: { keys: [key] },
  };
}

/** Read through the Apps API: it shows `dpop_bound_access_tokens` and key status, which DCR hides. */
export function readServiceApp(api: OktaApi, manifestClientId: string | undefined, name: string): Promise<Found<OidcApp>> {
  return findOne({
    byId: manifestClientId ? async () => api.getApp(manifestClientId).then((app) => (app && isService(app) ? app : undefined)) : undefined,
    byName: async () => (await api.findAppsByLabel(name)).filter(isService),
    describe: (app) => app.id,
    what: `service app named "${name}"`,
    hint: "Rename the extra apps in Okta, or put the client id of the one to keep as serviceClientId in the manifest (okta-om-setup.json).",
  });
}

const sameKey = (jwk: Jwk, key: PublicKey): boolean => jwk.kty === "RSA" && jwk.n === key.n && jwk.e === key.e;

export function activeKeys(app: OidcApp): Jwk[] {
  return (app.settings?.oauthClient?.jwks?.keys ?? []).filter((k) => k.status === undefined || k.status === "ACTIVE");
}

export interface ServiceDrift {
  fields: string[];
  /** The app's keys are not exactly our one key: replacing them breaks whoever uses the old ones. */
  keyReplaced: boolean;
}

/** `key` undefined: a new key is being generated, so whatever the app has is replaced. */
export function serviceDrift(app: OidcApp, key: PublicKey | undefined): ServiceDrift {
  const client = app.settings?.oauthClient ?? {};
  const fields: string[] = [];
  if (app.status !== "ACTIVE") fields.push("status");
  if (app.credentials?.oauthClient?.token_endpoint_auth_method !== "private_key_jwt") fields.push("credentials.oauthClient.token_endpoint_auth_method");
  if (!includesAll(client.grant_types, ["client_credentials"])) fields.push("settings.oauthClient.grant_types");
  if (client.dpop_bound_access_tokens === true) fields.push("settings.oauthClient.dpop_bound_access_tokens");
  const keys = activeKeys(app);
  const keyReplaced = key === undefined || !(keys.length === 1 && sameKey(keys[0]!, key)) || (app.settings?.oauthClient?.jwks?.keys?.length ?? 0) !== 1;
  if (keyReplaced) fields.push("settings.oauthClient.jwks");
  return { fields: fieldList(fields), keyReplaced };
}

export function planServiceApp(found: Found<OidcApp>, key: PublicKey | undefined): Change {
  if (found.kind === "conflict") return { resource: SERVICE_RESOURCE, action: "conflict", reason: found.reason, hint: found.hint };
  if (found.kind === "missing") return { resource: SERVICE_RESOURCE, action: "create" };
  const adopted = found.via === "name";
  const app = found.value;
  const drift = serviceDrift(app, key);
  if (drift.fields.length === 0) return { resource: SERVICE_RESOURCE, action: adopted ? "adopt" : "noop", id: app.id, adopted };
  // Only removing an active key other than ours breaks anyone; dropping inactive ones does not.
  const removed = drift.keyReplaced ? activeKeys(app).filter((k) => key === undefined || !sameKey(k, key)) : [];
  const confirm = removed.length
    ? `The service app's ${removed.length === 1 ? "key" : `${removed.length} keys`} (${removed.map((k) => k.kid ?? "no kid").join(", ")}) will be replaced by the local key${key ? ` ${key.kid}` : " (a new one)"}; anything still signing with the old key (an existing OpenMetadata ingestion config) stops working.`
    : undefined;
  return { resource: SERVICE_RESOURCE, action: "update", id: app.id, fields: drift.fields, adopted, confirm };
}

export function mergeServiceApp(app: OidcApp, key: PublicKey): OidcApp {
  const { _links: _l, _embedded: _e, ...rest } = app as OidcApp & { _links?: unknown; _embedded?: unknown };
  const client = app.settings?.oauthClient ?? {};
  return {
    ...rest,
    credentials: { ...app.credentials, oauthClient: { ...app.credentials?.oauthClient, token_endpoint_auth_method: "private_key_jwt" } },
    settings: {
      ...app.settings,
      oauthClient: {
        ...client,
        grant_types: union(client.grant_types, ["client_credentials"]),
        // OpenMetadata's Python client sends no DPoP proof.
        dpop_bound_access_tokens: false,
        jwks: { keys: [{ ...key }] },
      },
    },
  };
}

/** Returns the service app's client id. Creation goes through DCR, updates through the Apps API. */
export async function applyServiceApp(api: OktaApi, change: Change, found: Found<OidcApp>, name: string, key: PublicKey): Promise<string> {
  if (change.action === "create") return (await api.createClient(desiredServiceClient(name, key))).client_id;
  if (found.kind !== "found") throw new Error(`cannot ${change.action} a missing service app`);
  const app = found.value;
  if (change.action === "update") {
    const fields = change.fields ?? [];
    if (fields.some((f) => f !== "status")) await api.replaceApp(app.id, mergeServiceApp(app, key));
    if (fields.includes("status")) await api.activateApp(app.id);
  }
  return app.credentials?.oauthClient?.client_id ?? app.id;
}
