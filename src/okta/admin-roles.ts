import type { OktaApi } from "./okta-api.js";
import { OktaApiError } from "./okta-errors.js";

/** What a service app's admin roles mean for whoever holds its private key. */
export interface AdminRoleFinding {
  /** Role types, e.g. SUPER_ADMIN; empty when the app holds none. */
  roles: string[];
  /** Why the roles could not be read (e.g. the credentials lack okta.roles.read); roles is then empty. */
  unreadable?: string;
}

/**
 * Reads the service app's admin roles. With the org setting "Public client app admins" on, granting
 * Okta API scopes makes the app a SUPER_ADMIN by itself, so its private key then carries super-admin
 * power (REAL-ORG.md: "Grants, roles and who may do what").
 */
export async function readAdminRoles(api: OktaApi, clientId: string): Promise<AdminRoleFinding> {
  try {
    const roles = await api.listClientRoles(clientId);
    return { roles: roles.filter((role) => role.status !== "INACTIVE").map((role) => role.type) };
  } catch (err) {
    if (err instanceof OktaApiError && (err.status === 401 || err.status === 403 || err.status === 404)) {
      return { roles: [], unreadable: `${err.status}${err.errorCode ? ` ${err.errorCode}` : ""}` };
    }
    throw err;
  }
}

/** The one sentence init and doctor both say about an admin role on the service app. */
export function adminRoleProblem(clientId: string, roles: string[]): string {
  const superAdmin = roles.includes("SUPER_ADMIN");
  return `the service app ${clientId} holds the admin role${roles.length > 1 ? "s" : ""} ${roles.join(", ")}: anyone with its private key (OpenMetadata's workflowConfig) ${superAdmin ? "is a Super Administrator of this org" : "has those admin powers in this org"}`;
}

/** How to take the role away and keep it from coming back. */
export function adminRoleFix(orgUrl: string, clientId: string): string {
  return [
    `remove the role: Okta Admin Console > Security > Administrators > Apps > (service app ${clientId}) > remove its roles`,
    `(API: GET ${orgUrl}/oauth2/v1/clients/${clientId}/roles, then DELETE …/roles/{roleAssignmentId})`,
    `turn off the org setting "Public client app admins" (Security > General) so grants stop making the app an admin`,
    "OpenMetadata's Okta ingestion does not use the okta.* grants: rerun init with --api-scopes none to revoke none but add none",
  ].join("; ");
}
