import type { HandlerContext } from "../types.js";
import type { OmSecurityConfig } from "../state.js";
import { compareVersions } from "./version.js";

/** From 1.10.0 OpenMetadata reads its SSO settings from its database (VERSIONS.md, "1.10 and later"). */
export function settingsInDatabase(version: string): boolean {
  return compareVersions(version, "1.10.0") >= 0;
}

/** The default (basic auth) authenticationConfiguration of OpenMetadata's own conf/openmetadata.yaml. */
export function defaultAuthentication(omBase: string, version: string): Record<string, unknown> {
  const jwks = `${omBase}${compareVersions(version, "1.0.0") >= 0 ? "/api/v1/system/config/jwks" : "/api/v1/config/jwks"}`;
  return {
    ...(compareVersions(version, "1.3.2") >= 0 ? { clientType: "public" } : {}),
    provider: "basic",
    providerName: "",
    publicKeyUrls: [jwks],
    authority: "https://accounts.google.com",
    clientId: "",
    callbackUrl: "",
    jwtPrincipalClaims: ["email", "preferred_username", "sub"],
    enableSelfSignup: true,
  };
}

export function defaultAuthorizer(): Record<string, unknown> {
  return {
    className: "org.openmetadata.service.security.DefaultAuthorizer",
    containerRequestFilter: "org.openmetadata.service.security.JwtFilter",
    adminPrincipals: ["admin"],
    allowedEmailRegistrationDomains: ["all"],
    principalDomain: "open-metadata.org",
    enforcePrincipalDomain: false,
    enableSecureSocketConnection: false,
  };
}

/** `{origin}/openmetadata`: the stand-in's base URL as the request reached it. */
export function omBaseUrl(origin: string): string {
  return `${origin}/openmetadata`;
}

/**
 * "Boots" a 1.10+ server: copies the deployed config into the database only when the rows are
 * missing (`SettingsCache.createDefaultConfiguration`, VERSIONS.md), so a later deploy changes nothing.
 */
export function bootOpenMetadata(ctx: HandlerContext, origin: string): void {
  const om = ctx.state.openMetadata;
  if (!settingsInDatabase(om.version) || om.securityConfig) return;
  om.securityConfig = {
    authenticationConfiguration: structuredClone(om.authConfig ?? defaultAuthentication(omBaseUrl(origin), om.version)),
    authorizerConfiguration: defaultAuthorizer(),
  };
}

/** What the server runs with: the database rows from 1.10, else the deployed config (or the defaults). */
export function effectiveSecurity(ctx: HandlerContext, origin: string): OmSecurityConfig {
  const om = ctx.state.openMetadata;
  if (settingsInDatabase(om.version)) {
    bootOpenMetadata(ctx, origin);
    return om.securityConfig!;
  }
  return {
    authenticationConfiguration: om.authConfig ?? defaultAuthentication(omBaseUrl(origin), om.version),
    authorizerConfiguration: defaultAuthorizer(),
  };
}
