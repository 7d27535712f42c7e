import { randomAlnum } from "./ids.js";
import { oktaTimestamp, type OktaObject, type OrgState } from "./state.js";

/** Org-wide feature flags and settings a real org may or may not have (REAL-ORG.md: "Features and plans"). */
export interface OrgFeatures {
  /** API Access Management: custom authorization servers, and the `default` server's management API. */
  apiAccessManagement: boolean;
  /**
   * The org setting "Public client app admins": granting Okta API scopes to a service app makes it a
   * SUPER_ADMIN automatically (REAL-ORG.md: "Grants, roles and who may do what").
   */
  publicClientAppAdmins: boolean;
}

export const DEFAULT_FEATURES: OrgFeatures = { apiAccessManagement: true, publicClientAppAdmins: false };

/** With "Public client app admins" on, a grant turns the app into a Super Administrator (once). */
export function afterScopeGranted(state: OrgState, app: OktaObject, features: OrgFeatures | undefined, now: Date): void {
  if (!features?.publicClientAppAdmins) return;
  const roles = (state.clientRoles[app.id] ??= {});
  if (Object.values(roles).some((role) => role.type === "SUPER_ADMIN")) return;
  const ts = oktaTimestamp(now);
  // Same shape as an assignment through POST /oauth2/v1/clients/{clientId}/roles (client-roles.ts).
  const role: OktaObject = { id: randomAlnum(24).toUpperCase(), label: "Super Administrator", type: "SUPER_ADMIN", status: "ACTIVE", created: ts, lastUpdated: ts, assignmentType: "CLIENT" };
  roles[role.id] = role;
}
