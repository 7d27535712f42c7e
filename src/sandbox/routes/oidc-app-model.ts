import { makeId, randomAlnum } from "../ids.js";
import { oktaError, validationFailed } from "../okta-errors.js";
import { oktaTimestamp, type OktaObject, type OrgState } from "../state.js";

import { asObject, asString, asStrings, isObject, type Json } from "../json-values.js";
import { checkJwks, storeJwks } from "./oidc-app-jwks.js";

const SECRET_METHODS = new Set(["client_secret_basic", "client_secret_post", "client_secret_jwt"]);
const USER_GRANTS = new Set(["authorization_code", "implicit", "interaction_code"]);
/** OpenIdConnectApplicationSettingsClient properties (Okta's spec) that Okta stores without defaults. */
const ECHOED_CLIENT_SETTINGS = [
  "frontchannel_logout_uri",
  "frontchannel_logout_session_required",
  "network",
  "tos_uri",
  "policy_uri",
  "sector_identifier_uri",
  "subject_type",
  "backchannel_authentication_request_signing_alg",
  "backchannel_custom_authenticator_id",
  "backchannel_token_delivery_mode",
  "id_token_encrypted_response_alg",
  "request_object_signing_alg",
];

/**
 * Okta's semantic checks on an OIDC client (the spec only checks shapes). Each problem becomes one
 * errorCause under `E0000001 Api validation failed: <field>`, as Okta reports them.
 */
function checkOauthClient(settings: Json, credentials: Json): void {
  const grantTypes = asStrings(settings.grant_types);
  const responseTypes = asStrings(settings.response_types);
  const appType = asString(settings.application_type) ?? "web";
  const method = asString(credentials.token_endpoint_auth_method) ?? "client_secret_basic";
  const causes: string[] = [];
  if (grantTypes.length === 0) causes.push("grant_types: The 'grant_types' must not be empty.");
  if (grantTypes.some((g) => USER_GRANTS.has(g)) && asStrings(settings.redirect_uris).length === 0) {
    causes.push("redirect_uris: The 'redirect_uris' must contain at least one URI for the 'authorization_code' or 'implicit' grant types.");
  }
  for (const uri of [...asStrings(settings.redirect_uris), ...asStrings(settings.post_logout_redirect_uris)]) {
    if (!URL.canParse(uri)) causes.push(`redirect_uris: The redirect URI '${uri}' is not a valid absolute URI.`);
  }
  if (grantTypes.includes("authorization_code") && !responseTypes.includes("code")) {
    causes.push("response_types: The 'code' response type is required for the 'authorization_code' grant type.");
  }
  if (grantTypes.includes("implicit") && !responseTypes.some((r) => r === "token" || r === "id_token")) {
    causes.push("response_types: The 'token' or 'id_token' response type is required for the 'implicit' grant type.");
  }
  if (grantTypes.includes("refresh_token") && !grantTypes.some((g) => g !== "refresh_token" && g !== "implicit" && g !== "client_credentials")) {
    causes.push("grant_types: The 'refresh_token' grant type requires 'authorization_code', 'password' or device authorization.");
  }
  if (appType === "service" && grantTypes.some((g) => USER_GRANTS.has(g))) {
    causes.push("grant_types: Service applications cannot use the 'authorization_code' or 'implicit' grant types.");
  }
  // No "browser apps must use `none`" rule: live Okta created a browser app with
  // client_secret_basic + pkce_required and returned a secret (recordings: app-oauth
  // TestAccResourceOktaAppOauth_basic #13).
  if (grantTypes.includes("client_credentials") && (appType === "browser" || appType === "native")) {
    causes.push(`grant_types: The 'client_credentials' grant type is not allowed for '${appType}' applications.`);
  }
  if (method === "none" && credentials.pkce_required === false) {
    causes.push("pkce_required: PKCE must be required when the token endpoint authentication method is 'none'.");
  }
  if (settings.dpop_bound_access_tokens === true && grantTypes.some((g) => g === "client_credentials" || g === "implicit")) {
    // The spec: "If dpop_bound_access_tokens is true, then client_credentials and implicit aren't allowed in grant_types."
    causes.push("dpop_bound_access_tokens: DPoP-bound access tokens can't be used with the 'client_credentials' or 'implicit' grant types.");
  }
  const jwks = asObject(settings.jwks);
  if (method === "private_key_jwt" && !Array.isArray(jwks.keys) && typeof settings.jwks_uri !== "string") {
    causes.push("jwks: A 'jwks' or 'jwks_uri' is required when the token endpoint authentication method is 'private_key_jwt'.");
  }
  if (causes.length > 0) throw validationFailed("settings.oauthClient", causes);
  if (Array.isArray(jwks.keys)) checkJwks(jwks.keys);
}

/** Fields Okta fills in on every OIDC app (from recorded create responses). */
function withDefaults(body: Json, existing: OktaObject | undefined, state: OrgState, now: Date): OktaObject {
  const suffix = state.idSuffix;
  const id = existing?.id ?? makeId("app", suffix);
  const ts = oktaTimestamp(now);
  const settings = asObject(body.settings);
  const oauthClient = asObject(settings.oauthClient);
  const credentials = asObject(body.credentials);
  const credClient = asObject(credentials.oauthClient);
  const previousCreds = asObject(asObject(existing?.credentials).oauthClient);
  const previousKeys = (asObject(asObject(asObject(existing?.settings).oauthClient).jwks).keys as Json[] | undefined) ?? [];
  const appType = asString(oauthClient.application_type) ?? "web";
  const method = asString(credClient.token_endpoint_auth_method) ?? (appType === "browser" ? "none" : "client_secret_basic");
  const jwks = asObject(oauthClient.jwks);
  const storedOauth: Json = {
    client_uri: oauthClient.client_uri ?? null,
    logo_uri: oauthClient.logo_uri ?? null,
    redirect_uris: asStrings(oauthClient.redirect_uris),
    ...(oauthClient.post_logout_redirect_uris !== undefined ? { post_logout_redirect_uris: asStrings(oauthClient.post_logout_redirect_uris) } : {}),
    response_types: oauthClient.response_types ?? ["code"],
    grant_types: oauthClient.grant_types,
    ...(Array.isArray(jwks.keys) ? { jwks: { keys: storeJwks(jwks.keys, previousKeys, suffix) } } : {}),
    ...(typeof oauthClient.jwks_uri === "string" ? { jwks_uri: oauthClient.jwks_uri } : {}),
    ...(typeof oauthClient.initiate_login_uri === "string" ? { initiate_login_uri: oauthClient.initiate_login_uri } : {}),
    application_type: appType,
    consent_method: oauthClient.consent_method ?? "TRUSTED",
    issuer_mode: oauthClient.issuer_mode ?? "DYNAMIC",
    idp_initiated_login: oauthClient.idp_initiated_login ?? { mode: "DISABLED", default_scope: [] },
    wildcard_redirect: oauthClient.wildcard_redirect ?? "DISABLED",
    dpop_bound_access_tokens: oauthClient.dpop_bound_access_tokens ?? false,
    participate_slo: oauthClient.participate_slo ?? false,
    ...(oauthClient.refresh_token !== undefined ? { refresh_token: { leeway: 30, ...asObject(oauthClient.refresh_token) } } : {}),
    // Every other client setting the spec declares is echoed as sent; live Okta echoed `network`
    // and the front-channel logout fields (recordings: app-oauth TestAccResourceOktaAppOauth_basic #0, #13).
    ...pick(oauthClient, ECHOED_CLIENT_SETTINGS),
    // Recorded: a front-channel logout URI sent alone comes back with `…_session_required: false`
    // (app-oauth TestAccResourceOktaAppOauth_basic #0).
    ...(typeof oauthClient.frontchannel_logout_uri === "string" && oauthClient.frontchannel_logout_session_required === undefined
      ? { frontchannel_logout_session_required: false }
      : {}),
  };
  return {
    id,
    orn: `orn:oktapreview:idp:${state.orgId}:apps:oidc_client:${id}`,
    name: "oidc_client",
    label: body.label,
    status: existing?.status ?? "ACTIVE",
    lastUpdated: ts,
    created: existing?.created ?? ts,
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null, ...asObject(body.accessibility) },
    visibility: {
      autoLaunch: false,
      autoSubmitToolbar: false,
      hide: { iOS: false, web: false },
      ...asObject(body.visibility),
      appLinks: { oidc_client_link: true },
    },
    features: [],
    signOnMode: "OPENID_CONNECT",
    credentials: {
      userNameTemplate: { template: "${source.login}", type: "BUILT_IN", ...asObject(credentials.userNameTemplate) },
      signing: { kid: state.signingKeys.org?.kid ?? randomAlnum(43) },
      oauthClient: {
        autoKeyRotation: credClient.autoKeyRotation ?? true,
        client_id: previousCreds.client_id ?? credClient.client_id ?? id,
        token_endpoint_auth_method: method,
        pkce_required: credClient.pkce_required ?? (appType === "browser" || appType === "native"),
      },
    },
    universalLogout: { status: "DISABLED", supportType: "FULL", identityStack: "NOT_SHARED", protocol: "GLOBAL_TOKEN_REVOCATION" },
    settings: {
      app: {},
      notifications: { vpn: { network: { connection: "DISABLED" }, message: null, helpUrl: null } },
      manualProvisioning: false,
      implicitAssignment: settings.implicitAssignment ?? false,
      emOptInStatus: "NONE",
      notes: { admin: null, enduser: null, ...asObject(settings.notes) },
      oauthClient: storedOauth,
    },
  };
}

function pick(source: Json, keys: string[]): Json {
  const out: Json = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

export interface UpsertResult {
  app: OktaObject;
  /** Returned on create and replace only, for secret-based methods. */
  clientSecret?: string;
}

/** Creates (existing undefined) or fully replaces an OIDC app from a request body. */
export function upsertOidcApp(state: OrgState, body: unknown, existing: OktaObject | undefined, now: Date, activate = true): UpsertResult {
  const app = asObject(body);
  if (app.signOnMode !== "OPENID_CONNECT") {
    // The sandbox emulates OIDC clients only; the spec lets other sign-on modes through.
    throw validationFailed("signOnMode", ["signOnMode: The sandbox only emulates OPENID_CONNECT applications."]);
  }
  if (typeof app.label !== "string" || app.label.trim() === "") throw validationFailed("label", ["label: The field cannot be left blank"]);
  const settings = asObject(asObject(app.settings).oauthClient);
  const credentials = asObject(asObject(app.credentials).oauthClient);
  checkOauthClient(settings, credentials);
  const stored = withDefaults(app, existing, state, now);
  if (!existing) stored.status = activate ? "ACTIVE" : "INACTIVE";
  // No label check: labels are not unique on a real org; two active OIDC apps may share one
  // (REAL-ORG.md "Names are not unique": release 2021.06.3, OKTA-403289).
  state.apps[stored.id] = stored;
  const method = String(asObject(asObject(stored.credentials).oauthClient).token_endpoint_auth_method);
  if (!SECRET_METHODS.has(method)) {
    delete state.appSecrets[stored.id];
    return { app: stored };
  }
  // A PUT with "client_secret": "" keeps the existing secret (recorded behaviour).
  const sent = typeof credentials.client_secret === "string" && credentials.client_secret !== "" ? credentials.client_secret : undefined;
  const secret = sent ?? state.appSecrets[stored.id] ?? randomAlnum(64);
  state.appSecrets[stored.id] = secret;
  return { app: stored, clientSecret: secret };
}

/** The app's current client id (equal to its id unless one was set on create). */
export function clientIdOf(app: OktaObject): string {
  return asString(asObject(asObject(app.credentials).oauthClient).client_id) ?? app.id;
}

/** Finds an app by id or by client id (they differ only when a client_id was chosen at creation). */
export function findAppByClientId(state: OrgState, clientId: string): OktaObject | undefined {
  return state.apps[clientId] ?? Object.values(state.apps).find((app) => clientIdOf(app) === clientId);
}

export function requireApp(state: OrgState, appId: string): OktaObject {
  const app = state.apps[appId];
  if (!app) throw oktaError("E0000007", [appId, "AppInstance"]);
  return app;
}

export { asObject, asStrings, isObject };
