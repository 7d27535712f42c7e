import type { OktaApi } from "../../okta/okta-api.js";
import type { OidcApp } from "../../okta/okta-types.js";
import { fieldList, includesAll, type Change } from "../plan-types.js";
import type { ProvisionSettings } from "../provision-settings.js";
import { findOne, type Found } from "./find.js";
import { mergeOidcApp, planOidcApp } from "./oidc-app.js";

export const SPA_RESOURCE = "spa-app";

const GRANT_TYPES = ["authorization_code", "refresh_token", "implicit"];
const RESPONSE_TYPES = ["code", "id_token", "token"];

/**
 * The OpenMetadata UI's single-page app, exactly as API-NOTES §1.1/§2 map the guide's console steps:
 * auth code + PKCE (no secret), refresh token rotation, implicit id_token/token, no user consent,
 * issuer "Okta URL".
 */
export function desiredSpa(settings: ProvisionSettings) {
  return {
    name: "oidc_client",
    label: settings.appName,
    signOnMode: "OPENID_CONNECT",
    credentials: { oauthClient: { token_endpoint_auth_method: "none", pkce_required: true, autoKeyRotation: true } },
    settings: {
      implicitAssignment: false,
      oauthClient: {
        application_type: "browser",
        grant_types: GRANT_TYPES,
        response_types: RESPONSE_TYPES,
        redirect_uris: settings.redirectUris,
        post_logout_redirect_uris: settings.logoutUris,
        consent_method: "TRUSTED",
        issuer_mode: "ORG_URL",
        refresh_token: { rotation_type: "ROTATE", leeway: 30 },
        wildcard_redirect: "DISABLED",
      },
    },
  };
}

const isSpa = (app: OidcApp): boolean => app.signOnMode === "OPENID_CONNECT" && app.settings?.oauthClient?.application_type === "browser";

/** By the manifest's id first, then by exact label among browser OIDC apps. */
export async function readSpa(api: OktaApi, manifestId: string | undefined, settings: ProvisionSettings): Promise<Found<OidcApp>> {
  return findOne({
    byId: manifestId ? async () => api.getApp(manifestId).then((app) => (app && isSpa(app) ? app : undefined)) : undefined,
    byName: async () => (await api.findAppsByLabel(settings.appName)).filter(isSpa),
    describe: (app) => app.id,
    what: `single-page app labelled "${settings.appName}"`,
    hint: "Rename the extra apps in Okta, or put the id of the one to keep as spaAppId in the manifest (okta-om-setup.json).",
  });
}

/** Fields of the SPA that differ from what OpenMetadata needs (URIs and grants only ever grow). */
export function spaDrift(app: OidcApp, settings: ProvisionSettings): string[] {
  const client = app.settings?.oauthClient ?? {};
  const creds = app.credentials?.oauthClient ?? {};
  const drift: string[] = [];
  if (app.label !== settings.appName) drift.push("label");
  if (app.status !== "ACTIVE") drift.push("status");
  if (creds.token_endpoint_auth_method !== "none") drift.push("credentials.oauthClient.token_endpoint_auth_method");
  if (creds.pkce_required !== true) drift.push("credentials.oauthClient.pkce_required");
  if (!includesAll(client.grant_types, GRANT_TYPES)) drift.push("settings.oauthClient.grant_types");
  if (!includesAll(client.response_types, RESPONSE_TYPES)) drift.push("settings.oauthClient.response_types");
  if (!includesAll(client.redirect_uris, settings.redirectUris)) drift.push("settings.oauthClient.redirect_uris");
  if (!includesAll(client.post_logout_redirect_uris, settings.logoutUris)) drift.push("settings.oauthClient.post_logout_redirect_uris");
  if (client.consent_method !== "TRUSTED") drift.push("settings.oauthClient.consent_method");
  if (client.issuer_mode !== "ORG_URL") drift.push("settings.oauthClient.issuer_mode");
  if (client.refresh_token?.rotation_type !== "ROTATE") drift.push("settings.oauthClient.refresh_token");
  return fieldList(drift);
}

export function planSpa(found: Found<OidcApp>, settings: ProvisionSettings): Change {
  return planOidcApp(SPA_RESOURCE, found, (app) => spaDrift(app, settings));
}

/** The whole current app with our fields merged in (Okta's PUT replaces the entire object). */
export function mergeSpa(app: OidcApp, settings: ProvisionSettings): OidcApp {
  const want = desiredSpa(settings);
  const client = app.settings?.oauthClient ?? {};
  const { rest, oauthClient } = mergeOidcApp(app, { grantTypes: GRANT_TYPES, responseTypes: RESPONSE_TYPES, redirectUris: settings.redirectUris, logoutUris: settings.logoutUris });
  return {
    ...rest,
    label: settings.appName,
    credentials: {
      ...app.credentials,
      oauthClient: { ...app.credentials?.oauthClient, token_endpoint_auth_method: "none", pkce_required: true },
    },
    settings: {
      ...app.settings,
      oauthClient: {
        ...oauthClient,
        refresh_token: { ...want.settings.oauthClient.refresh_token, ...(client.refresh_token ?? {}), rotation_type: "ROTATE" },
      },
    },
  };
}

/** Creates, or GET-merge-PUTs (and activates) the SPA; returns the app as Okta now has it. */
export async function applySpa(api: OktaApi, change: Change, found: Found<OidcApp>, settings: ProvisionSettings): Promise<OidcApp> {
  if (change.action === "create") return api.createApp(desiredSpa(settings));
  if (found.kind !== "found") throw new Error(`cannot ${change.action} a missing SPA`);
  let app = found.value;
  if (change.action === "update") {
    const fields = change.fields ?? [];
    if (fields.some((f) => f !== "status")) app = await api.replaceApp(app.id, mergeSpa(app, settings));
    if (fields.includes("status")) {
      await api.activateApp(app.id);
      app = { ...app, status: "ACTIVE" };
    }
  }
  return app;
}

/** The SPA's OAuth client id (the app id unless one was chosen at creation). */
export function clientIdOf(app: OidcApp): string {
  return app.credentials?.oauthClient?.client_id ?? app.id;
}
