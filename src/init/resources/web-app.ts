import type { OktaApi } from "../../okta/okta-api.js";
import type { OidcApp } from "../../okta/okta-types.js";
import { Secret } from "../../secret.js";
import { fieldList, includesAll, type Change } from "../plan-types.js";
import type { ProvisionSettings } from "../provision-settings.js";
import { findOne, type Found } from "./find.js";
import { mergeOidcApp, planOidcApp } from "./oidc-app.js";

export const WEB_RESOURCE = "web-app";

/**
 * How OpenMetadata's server authenticates at the token endpoint: OIDC_CLIENT_AUTH_METHOD defaults to
 * client_secret_post (VERSIONS.md: "Confidential"), so the app is registered with the same method.
 */
export const WEB_AUTH_METHOD = "client_secret_post";
const GRANT_TYPES = ["authorization_code", "refresh_token"];
const RESPONSE_TYPES = ["code"];

/** Okta refuses two ACTIVE OIDC apps with one label, and a switch keeps the SPA: the web app gets its own. */
export function webAppLabel(appName: string): string {
  return `${appName} (server sign-in)`;
}

/** The one sign-in redirect OpenMetadata's server uses: exactly {om}/callback (OIDC_CALLBACK). */
export function webCallbackUrl(omUrl: string): string {
  return `${omUrl.replace(/\/+$/, "")}/callback`;
}

/**
 * OpenMetadata's confidential client (VERSIONS.md: "Confidential", OM ≥ 1.3.2): an Okta web app
 * with a client secret, authorization code + refresh token, sign-in redirect exactly {om}/callback.
 */
export function desiredWebApp(settings: ProvisionSettings) {
  return {
    name: "oidc_client",
    label: webAppLabel(settings.appName),
    signOnMode: "OPENID_CONNECT",
    credentials: { oauthClient: { token_endpoint_auth_method: WEB_AUTH_METHOD, autoKeyRotation: true } },
    settings: {
      implicitAssignment: false,
      oauthClient: {
        application_type: "web",
        grant_types: GRANT_TYPES,
        response_types: RESPONSE_TYPES,
        redirect_uris: [webCallbackUrl(settings.omUrl)],
        post_logout_redirect_uris: settings.logoutUris,
        consent_method: "TRUSTED",
        issuer_mode: "ORG_URL",
        wildcard_redirect: "DISABLED",
      },
    },
  };
}

const isWeb = (app: OidcApp): boolean => app.signOnMode === "OPENID_CONNECT" && app.settings?.oauthClient?.application_type === "web";

/** By the manifest's id first, then by exact label among web OIDC apps. */
export async function readWebApp(api: OktaApi, manifestId: string | undefined, settings: ProvisionSettings): Promise<Found<OidcApp>> {
  const label = webAppLabel(settings.appName);
  return findOne({
    byId: manifestId ? async () => api.getApp(manifestId).then((app) => (app && isWeb(app) ? app : undefined)) : undefined,
    byName: async () => (await api.findAppsByLabel(label)).filter(isWeb),
    describe: (app) => app.id,
    what: `web app labelled "${label}"`,
    hint: "Rename the extra apps in Okta, or put the id of the one to keep as webAppId in the manifest (okta-om-setup.json).",
  });
}

/** Fields of the web app that differ from what OpenMetadata's server needs (URIs and grants only ever grow). */
export function webDrift(app: OidcApp, settings: ProvisionSettings): string[] {
  const client = app.settings?.oauthClient ?? {};
  const creds = app.credentials?.oauthClient ?? {};
  const drift: string[] = [];
  if (app.label !== webAppLabel(settings.appName)) drift.push("label");
  if (app.status !== "ACTIVE") drift.push("status");
  if (creds.token_endpoint_auth_method !== WEB_AUTH_METHOD) drift.push("credentials.oauthClient.token_endpoint_auth_method");
  if (!includesAll(client.grant_types, GRANT_TYPES)) drift.push("settings.oauthClient.grant_types");
  if (!includesAll(client.response_types, RESPONSE_TYPES)) drift.push("settings.oauthClient.response_types");
  if (!includesAll(client.redirect_uris, [webCallbackUrl(settings.omUrl)])) drift.push("settings.oauthClient.redirect_uris");
  if (!includesAll(client.post_logout_redirect_uris, settings.logoutUris)) drift.push("settings.oauthClient.post_logout_redirect_uris");
  if (client.consent_method !== "TRUSTED") drift.push("settings.oauthClient.consent_method");
  if (client.issuer_mode !== "ORG_URL") drift.push("settings.oauthClient.issuer_mode");
  return fieldList(drift);
}

export function planWebApp(found: Found<OidcApp>, settings: ProvisionSettings): Change {
  return planOidcApp(WEB_RESOURCE, found, (app) => webDrift(app, settings), "its client secret is written only to 0600 files in the out-dir");
}

/** The whole current app with our fields merged in; the secret is left alone (no client_secret sent). */
export function mergeWebApp(app: OidcApp, settings: ProvisionSettings): OidcApp {
  const { rest, oauthClient } = mergeOidcApp(app, { grantTypes: GRANT_TYPES, responseTypes: RESPONSE_TYPES, redirectUris: [webCallbackUrl(settings.omUrl)], logoutUris: settings.logoutUris });
  const { client_secret: _s, ...oauthCreds } = app.credentials?.oauthClient ?? {};
  return {
    ...rest,
    label: webAppLabel(settings.appName),
    credentials: { ...app.credentials, oauthClient: { ...oauthCreds, token_endpoint_auth_method: WEB_AUTH_METHOD } },
    settings: {
      ...app.settings,
      oauthClient,
    },
  };
}

/**
 * Creates, or GET-merge-PUTs (and activates) the web app. Only a create hands back the client secret
 * (Okta returns `credentials.oauthClient.client_secret` once); updates never touch or read it, so a
 * rerun does not rotate it.
 */
export async function applyWebApp(api: OktaApi, change: Change, found: Found<OidcApp>, settings: ProvisionSettings): Promise<{ app: OidcApp; secret?: Secret }> {
  if (change.action === "create") {
    const created = await api.createApp(desiredWebApp(settings));
    const raw = created.credentials?.oauthClient?.client_secret;
    const secret = typeof raw === "string" && raw !== "" ? new Secret(raw) : undefined;
    // Drop the secret from the object handed on, so nothing downstream can print it by accident.
    if (created.credentials?.oauthClient) delete created.credentials.oauthClient.client_secret;
    return { app: created, secret };
  }
  if (found.kind !== "found") throw new Error(`cannot ${change.action} a missing web app`);
  let app = found.value;
  if (change.action === "update") {
    const fields = change.fields ?? [];
    if (fields.some((f) => f !== "status")) {
      app = await api.replaceApp(app.id, mergeWebApp(app, settings));
      if (app.credentials?.oauthClient) delete app.credentials.oauthClient.client_secret;
    }
    if (fields.includes("status")) {
      await api.activateApp(app.id);
      app = { ...app, status: "ACTIVE" };
    }
  }
  return { app };
}
