// The server-side settings for Okta as plain data, in conf/openmetadata.yaml terms. The bare-metal,
// Helm and --merge-into outputs are all views of these two blocks, so they cannot drift apart.
import { JWT_PRINCIPAL_CLAIMS } from "./om-config-input.js";
import type { DerivedOmConfig } from "./om-config-input.js";

/** The providerName we write everywhere (yaml, env, Helm extraEnvs). */
export const PROVIDER_NAME = "Okta";

export type BlockValue = string | boolean | string[];

export interface ServerSetting {
  /** Key in conf/openmetadata.yaml. */
  key: string;
  value: BlockValue;
  /** The env var the conf reads it from (docker compose, Helm secrets). */
  env: string;
  /** true: the Okta setup decides it, always written. false: a required default, only added when missing. */
  owned: boolean;
}

/** authorizerConfiguration, in the order of OpenMetadata's own conf/openmetadata.yaml (NOTES §3.2). */
export function authorizerSettings(d: DerivedOmConfig): ServerSetting[] {
  const settings: ServerSetting[] = [
    { key: "className", value: d.className, env: "AUTHORIZER_CLASS_NAME", owned: true },
    { key: "containerRequestFilter", value: d.containerRequestFilter, env: "AUTHORIZER_REQUEST_FILTER", owned: true },
    { key: "adminPrincipals", value: [...d.input.adminPrincipals], env: "AUTHORIZER_ADMIN_PRINCIPALS", owned: true },
  ];
  if (d.ingestionPrincipals) {
    // Before 0.13 the conf key is botPrincipals, fed by AUTHORIZER_INGESTION_PRINCIPALS (NOTES §2.2, §3.1).
    settings.push({ key: "botPrincipals", value: d.ingestionPrincipals, env: "AUTHORIZER_INGESTION_PRINCIPALS", owned: true });
  }
  settings.push(
    { key: "allowedEmailRegistrationDomains", value: ["all"], env: "AUTHORIZER_ALLOWED_REGISTRATION_DOMAIN", owned: false },
    { key: "principalDomain", value: d.input.principalDomain, env: "AUTHORIZER_PRINCIPAL_DOMAIN", owned: true },
    { key: "enforcePrincipalDomain", value: false, env: "AUTHORIZER_ENFORCE_PRINCIPAL_DOMAIN", owned: false },
    { key: "enableSecureSocketConnection", value: false, env: "AUTHORIZER_ENABLE_SECURE_SOCKET", owned: false },
  );
  return settings;
}

/** authenticationConfiguration for Okta's SPA login, in the conf's key order (clientType first where it exists). */
export function authenticationSettings(d: DerivedOmConfig): ServerSetting[] {
  const settings: ServerSetting[] = [];
  if (d.features.clientTypeSetting) {
    // public = the SPA (PKCE) flow this tool sets up; confidential needs a client secret (NOTES §3.1).
    settings.push({ key: "clientType", value: d.confidential ? "confidential" : "public", env: "AUTHENTICATION_CLIENT_TYPE", owned: true });
  }
  settings.push(
    { key: "provider", value: "okta", env: "AUTHENTICATION_PROVIDER", owned: true },
    // Always written: the 1.10+ validator rejects an empty one ("Provider name is required", VERSIONS),
    // and older servers only show it on the sign-in button.
    { key: "providerName", value: PROVIDER_NAME, env: "CUSTOM_OIDC_AUTHENTICATION_PROVIDER_NAME", owned: true },
    { key: "publicKeyUrls", value: [...d.publicKeyUrls], env: "AUTHENTICATION_PUBLIC_KEYS", owned: true },
  );
  if (d.features.tokenValidationAlgorithm) {
    // 1.6.2+ (VERSIONS): Okta signs ID and access tokens with RS256; said explicitly so a changed
    // server default cannot break sign-in.
    settings.push({ key: "tokenValidationAlgorithm", value: "RS256", env: "AUTHENTICATION_TOKEN_VALIDATION_ALGORITHM", owned: true });
  }
  settings.push(
    { key: "authority", value: d.issuer, env: "AUTHENTICATION_AUTHORITY", owned: true },
    { key: "clientId", value: d.input.spaClientId, env: "AUTHENTICATION_CLIENT_ID", owned: true },
    { key: "callbackUrl", value: d.callbackUrl, env: "AUTHENTICATION_CALLBACK_URL", owned: true },
    { key: "jwtPrincipalClaims", value: [...JWT_PRINCIPAL_CLAIMS], env: "AUTHENTICATION_JWT_PRINCIPAL_CLAIMS", owned: false },
    { key: "enableSelfSignup", value: true, env: "AUTHENTICATION_ENABLE_SELF_SIGNUP", owned: false },
  );
  return settings;
}

/** Env var and Kubernetes Secret key of the client secret (never in a 0644 file). */
export const OIDC_SECRET_ENV = "OIDC_CLIENT_SECRET";
export const OIDC_K8S_SECRET = { name: "oidc-secrets", idKey: "openmetadata-oidc-client-id", secretKey: "openmetadata-oidc-client-secret" } as const;

/**
 * authenticationConfiguration.oidcConfiguration of a confidential client, without the secret (it
 * comes from OIDC_CLIENT_SECRET). Env names from VERSIONS.md "Confidential" and the 1.3.2+ conf.
 */
export function oidcSettings(d: DerivedOmConfig): ServerSetting[] {
  const c = d.confidential;
  if (!c) return [];
  return [
    { key: "id", value: d.input.spaClientId, env: "OIDC_CLIENT_ID", owned: true },
    { key: "type", value: "okta", env: "OIDC_TYPE", owned: true },
    { key: "scope", value: c.scope, env: "OIDC_SCOPE", owned: true },
    { key: "discoveryUri", value: c.discoveryUri, env: "OIDC_DISCOVERY_URI", owned: true },
    { key: "callbackUrl", value: c.callbackUrl, env: "OIDC_CALLBACK", owned: true },
    { key: "serverUrl", value: c.serverUrl, env: "OIDC_SERVER_URL", owned: true },
    { key: "clientAuthenticationMethod", value: c.clientAuthenticationMethod, env: "OIDC_CLIENT_AUTH_METHOD", owned: true },
  ];
}

/** The settings as a plain object (for YAML rendering and schema validation). */
export function settingsObject(settings: readonly ServerSetting[]): Record<string, BlockValue> {
  return Object.fromEntries(settings.map((s) => [s.key, s.value]));
}

/** A value in OpenMetadata's env-var format: lists as `[a, b]` (NOTES §3.1), booleans as true/false. */
export function envFormat(value: BlockValue): string {
  if (Array.isArray(value)) return `[${value.join(", ")}]`;
  return String(value);
}

/** Header lines every server file carries for versions that keep SSO settings in their database. */
export function firstBootCaveat(d: DerivedOmConfig): string[] {
  if (!d.features.securityConfigInDatabase) return [];
  // VERSIONS "1.10 and later": yaml/env/Helm are copied into the database only when its rows are missing.
  return [
    `OpenMetadata ${d.version} copies these into its database at the FIRST boot only; on a running install`,
    "they change nothing: use Settings > SSO, or remove-security-config --force and restart (see the notes).",
  ];
}
