/**
 * Okta API scopes an admin can grant to a service app (a subset of Okta's catalogue: the ones
 * OpenMetadata's guide uses plus the common management scopes).
 */
export const OKTA_API_SCOPES: readonly string[] = [
  "okta.users.read",
  "okta.users.manage",
  "okta.clients.read",
  "okta.clients.manage",
  "okta.clients.register",
  "okta.apps.read",
  "okta.apps.manage",
  "okta.appGrants.read",
  "okta.appGrants.manage",
  "okta.authorizationServers.read",
  "okta.authorizationServers.manage",
  "okta.groups.read",
  "okta.groups.manage",
  "okta.trustedOrigins.read",
  "okta.trustedOrigins.manage",
  "okta.roles.read",
  "okta.roles.manage",
  "okta.logs.read",
  "okta.orgs.read",
  "okta.policies.read",
  "okta.policies.manage",
];
