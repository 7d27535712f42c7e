import { readJsonObject } from "../body.js";
import { randomAlnum } from "../ids.js";
import { link } from "../links.js";
import { oktaError, validationFailed } from "../okta-errors.js";
import { oktaTimestamp, type OktaObject } from "../state.js";
import type { Route } from "../types.js";
import { findAppByClientId } from "./oidc-app-model.js";
import { routeFactory } from "./route-factory.js";

const ROLE_LABELS: Record<string, string> = {
  SUPER_ADMIN: "Super Administrator",
  ORG_ADMIN: "Organizational Administrator",
  APP_ADMIN: "Application Administrator",
  USER_ADMIN: "Group Administrator",
  HELP_DESK_ADMIN: "Help Desk Administrator",
  READ_ONLY_ADMIN: "Read Only Administrator",
  API_ACCESS_MANAGEMENT_ADMIN: "API Access Management Administrator",
  GROUP_MEMBERSHIP_ADMIN: "Group Membership Administrator",
  REPORT_ADMIN: "Report Administrator",
  MOBILE_ADMIN: "Mobile Administrator",
  // The rest of the standard role types in the spec's AssignRoleRequest enum.
  ACCESS_CERTIFICATIONS_ADMIN: "Access Certifications Administrator",
  ACCESS_REQUESTS_ADMIN: "Access Requests Administrator",
  WORKFLOWS_ADMIN: "Workflows Administrator",
};

const MANAGE = ["okta.roles.manage"];
const READ = ["okta.roles.read", "okta.roles.manage"];

function render(role: OktaObject, clientId: string, origin: string): Record<string, unknown> {
  return {
    ...role,
    _links: {
      assignee: link(origin, `/oauth2/v1/clients/${clientId}`),
      self: link(origin, `/oauth2/v1/clients/${clientId}/roles/${role.id}`),
    },
  };
}

/** Standard admin roles assigned to a client app (service apps need one to call management APIs). */
export function clientRoleRoutes(): Route[] {
  const r = routeFactory("oauth2/v1/clients");
  const client = (state: Parameters<typeof findAppByClientId>[0], clientId: string) => {
    const app = findAppByClientId(state, clientId);
    if (!app) throw oktaError("E0000007", [clientId, "Client"]);
    return app;
  };
  return [
    r("GET", "/oauth2/v1/clients/:clientId/roles", "listRolesForClient", READ, (req, ctx) => {
      const app = client(ctx.state, req.params.clientId!);
      return { status: 200, json: Object.values(ctx.state.clientRoles[app.id] ?? {}).map((role) => render(role, req.params.clientId!, req.origin)) };
    }),
    r("POST", "/oauth2/v1/clients/:clientId/roles", "assignRoleToClient", MANAGE, (req, ctx) => {
      const app = client(ctx.state, req.params.clientId!);
      const body = readJsonObject(req);
      const type = typeof body.type === "string" ? body.type : "";
      const label = ROLE_LABELS[type];
      if (!label) throw validationFailed("type", [`type: Invalid role type '${type}'.`]);
      const roles = (ctx.state.clientRoles[app.id] ??= {});
      if (Object.values(roles).some((role) => role.type === type)) throw validationFailed("type", ["type: The role is already assigned to the client."]);
      const ts = oktaTimestamp(ctx.now());
      // Recorded: admin-role assignment ids are 24 upper-case characters without a type prefix.
      const role: OktaObject = { id: randomAlnum(24).toUpperCase(), label, type, status: "ACTIVE", created: ts, lastUpdated: ts, assignmentType: "CLIENT" };
      roles[role.id] = role;
      return { status: 201, json: render(role, req.params.clientId!, req.origin) };
    }),
    r("GET", "/oauth2/v1/clients/:clientId/roles/:roleAssignmentId", "retrieveClientRole", READ, (req, ctx) => {
      const app = client(ctx.state, req.params.clientId!);
      const role = ctx.state.clientRoles[app.id]?.[req.params.roleAssignmentId!];
      if (!role) throw oktaError("E0000007", [req.params.roleAssignmentId!, "Role"]);
      return { status: 200, json: render(role, req.params.clientId!, req.origin) };
    }),
    r("DELETE", "/oauth2/v1/clients/:clientId/roles/:roleAssignmentId", "deleteRoleFromClient", MANAGE, (req, ctx) => {
      const app = client(ctx.state, req.params.clientId!);
      const roles = ctx.state.clientRoles[app.id];
      if (!roles?.[req.params.roleAssignmentId!]) throw oktaError("E0000007", [req.params.roleAssignmentId!, "Role"]);
      delete roles[req.params.roleAssignmentId!];
      return { status: 204 };
    }),
  ];
}
