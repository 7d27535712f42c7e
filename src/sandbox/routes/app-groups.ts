import { readJson } from "../body.js";
import { link } from "../links.js";
import { oktaError } from "../okta-errors.js";
import { paginate } from "../pagination.js";
import { oktaTimestamp, type OktaObject } from "../state.js";
import type { Route } from "../types.js";
import { asObject, requireApp } from "./oidc-app-model.js";
import { routeFactory } from "./route-factory.js";

const READ = ["okta.apps.read", "okta.apps.manage"];
const MANAGE = ["okta.apps.manage"];

function render(assignment: OktaObject, appId: string, origin: string): Record<string, unknown> {
  return {
    ...assignment,
    _links: {
      app: link(origin, `/api/v1/apps/${appId}`),
      self: link(origin, `/api/v1/apps/${appId}/groups/${assignment.id}`),
      group: link(origin, `/api/v1/groups/${assignment.id}`),
    },
  };
}

/** App ↔ group assignments: `PUT` assigns (200, body optional), `GET` reads, `DELETE` unassigns. */
export function appGroupRoutes(): Route[] {
  const r = routeFactory("api/v1/apps");
  return [
    r("GET", "/api/v1/apps/:appId/groups", "listApplicationGroupAssignments", READ, (req, ctx) => {
      const app = requireApp(ctx.state, req.params.appId!);
      const page = paginate(req, Object.values(ctx.state.appGroups[app.id] ?? {}), { defaultLimit: 20, maxLimit: 200 });
      return { ...page, json: (page.json as OktaObject[]).map((a) => render(a, app.id, req.origin)) };
    }),
    r("GET", "/api/v1/apps/:appId/groups/:groupId", "getApplicationGroupAssignment", READ, (req, ctx) => {
      const app = requireApp(ctx.state, req.params.appId!);
      const assignment = ctx.state.appGroups[app.id]?.[req.params.groupId!];
      if (!assignment) throw oktaError("E0000007", [req.params.groupId!, "ApplicationGroupAssignment"]);
      return { status: 200, json: render(assignment, app.id, req.origin) };
    }),
    r("PUT", "/api/v1/apps/:appId/groups/:groupId", "assignGroupToApplication", MANAGE, (req, ctx) => {
      const app = requireApp(ctx.state, req.params.appId!);
      const groupId = req.params.groupId!;
      if (!ctx.state.groups[groupId]) throw oktaError("E0000007", [groupId, "UserGroup"]);
      const body = asObject(readJson(req));
      const assignment: OktaObject = {
        id: groupId,
        lastUpdated: oktaTimestamp(ctx.now()),
        priority: typeof body.priority === "number" ? body.priority : 0,
        profile: asObject(body.profile),
      };
      (ctx.state.appGroups[app.id] ??= {})[groupId] = assignment;
      return { status: 200, json: render(assignment, app.id, req.origin) };
    }),
    r("DELETE", "/api/v1/apps/:appId/groups/:groupId", "unassignApplicationFromGroup", MANAGE, (req, ctx) => {
      const app = requireApp(ctx.state, req.params.appId!);
      const groups = ctx.state.appGroups[app.id];
      if (!groups?.[req.params.groupId!]) throw oktaError("E0000007", [req.params.groupId!, "ApplicationGroupAssignment"]);
      delete groups[req.params.groupId!];
      return { status: 204 };
    }),
  ];
}
