import type { Route } from "../types.js";
import { appGroupRoutes } from "./app-groups.js";
import { appRoutes } from "./apps.js";
import { clientSecretRoutes } from "./client-secrets.js";
import { ruleRoutes } from "./as-rules.js";
import { policyRoutes } from "./as-policies.js";
import { scopeRoutes } from "./as-scopes.js";
import { authServerRoutes } from "./auth-servers.js";
import { clientRoleRoutes } from "./client-roles.js";
import { dcrClientRoutes } from "./dcr-clients.js";
import { grantRoutes } from "./grants.js";
import { groupRoutes } from "./groups.js";
import { trustedOriginRoutes } from "./trusted-origins.js";
import { userRoutes } from "./users.js";

/** Every management API route the sandbox serves (SSWS or OAuth-for-Okta authenticated). */
export function managementRoutes(): Route[] {
  return [
    ...appRoutes(),
    ...clientSecretRoutes(),
    ...appGroupRoutes(),
    ...grantRoutes(),
    ...groupRoutes(),
    ...userRoutes(),
    ...trustedOriginRoutes(),
    ...authServerRoutes(),
    ...scopeRoutes(),
    ...policyRoutes(),
    ...ruleRoutes(),
    ...dcrClientRoutes(),
    ...clientRoleRoutes(),
  ];
}
