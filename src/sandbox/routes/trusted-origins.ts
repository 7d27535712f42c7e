import { readJsonObject } from "../body.js";
import { compileFilter } from "../filter-expression.js";
import { makeId } from "../ids.js";
import { link } from "../links.js";
import { oktaError, validationFailed } from "../okta-errors.js";
import { paginate } from "../pagination.js";
import { oktaTimestamp, type OktaObject, type OrgState } from "../state.js";
import type { HandlerContext, Route } from "../types.js";
import { routeFactory } from "./route-factory.js";

const READ = ["okta.trustedOrigins.read", "okta.trustedOrigins.manage"];
const MANAGE = ["okta.trustedOrigins.manage"];

function render(origin: OktaObject, base: string): Record<string, unknown> {
  const path = `/api/v1/trustedOrigins/${origin.id}`;
  return {
    ...origin,
    _links: {
      self: link(base, path, ["GET", "PUT", "DELETE"]),
      ...(origin.status === "ACTIVE"
        ? { deactivate: link(base, `${path}/lifecycle/deactivate`, ["POST"]) }
        : { activate: link(base, `${path}/lifecycle/activate`, ["POST"]) }),
    },
  };
}

function requireOrigin(state: OrgState, id: string): OktaObject {
  const found = state.trustedOrigins[id];
  if (!found) throw oktaError("E0000007", [id, "TrustedOrigin"]);
  return found;
}

/** Name and origin must be set and unique; the origin must be scheme://host[:port] only. */
function checkBody(state: OrgState, body: Record<string, unknown>, selfId?: string): { name: string; origin: string } {
  const name = typeof body.name === "string" ? body.name : "";
  const origin = typeof body.origin === "string" ? body.origin : "";
  if (!name) throw validationFailed("name", ["name: The field cannot be left blank"]);
  if (!origin) throw validationFailed("origin", ["origin: The field cannot be left blank"]);
  if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
    // Okta's recorded text (REAL-ORG.md "Management API validation").
    throw validationFailed("origin", ["origin: Origin value is not valid"]);
  }
  for (const other of Object.values(state.trustedOrigins)) {
    if (other.id === selfId) continue;
    if (other.name === name) throw validationFailed("name", ["name: An object with this field already exists in the current organization"]);
    if (other.origin === origin) throw validationFailed("origin", ["origin: An object with this field already exists in the current organization"]);
  }
  if (!Array.isArray(body.scopes) || body.scopes.length === 0) throw validationFailed("scopes", ["scopes: The field cannot be left blank"]);
  return { name, origin };
}

function setStatus(ctx: HandlerContext, id: string, status: "ACTIVE" | "INACTIVE"): OktaObject {
  const found = requireOrigin(ctx.state, id);
  found.status = status;
  found.lastUpdated = oktaTimestamp(ctx.now());
  found.lastUpdatedBy = ctx.principal?.userId ?? ctx.state.adminUserId;
  return found;
}

export function trustedOriginRoutes(): Route[] {
  const r = routeFactory("api/v1/trustedOrigins");
  return [
    r("GET", "/api/v1/trustedOrigins", "listTrustedOrigins", READ, (req, ctx) => {
      let items = Object.values(ctx.state.trustedOrigins);
      const q = req.query.get("q");
      if (q) items = items.filter((o) => [o.name, o.origin].some((v) => String(v).toLowerCase().startsWith(q.toLowerCase())));
      const filter = req.query.get("filter");
      if (filter) items = items.filter(compileFilter(filter, ["name", "origin", "status", "type"]));
      const page = paginate(req, items, { defaultLimit: 20, maxLimit: 200 });
      return { ...page, json: (page.json as OktaObject[]).map((o) => render(o, req.origin)) };
    }),
    r("POST", "/api/v1/trustedOrigins", "createTrustedOrigin", MANAGE, (req, ctx) => {
      const body = readJsonObject(req);
      const { name, origin } = checkBody(ctx.state, body);
      const ts = oktaTimestamp(ctx.now());
      const by = ctx.principal?.userId ?? ctx.state.adminUserId;
      const created: OktaObject = {
        id: makeId("trustedOrigin", ctx.state.idSuffix),
        name,
        origin,
        scopes: body.scopes,
        status: body.status === "INACTIVE" ? "INACTIVE" : "ACTIVE",
        created: ts,
        createdBy: by,
        lastUpdated: ts,
        lastUpdatedBy: by,
      };
      ctx.state.trustedOrigins[created.id] = created;
      return { status: 200, json: render(created, req.origin) };
    }),
    r("GET", "/api/v1/trustedOrigins/:trustedOriginId", "getTrustedOrigin", READ, (req, ctx) => ({
      status: 200,
      json: render(requireOrigin(ctx.state, req.params.trustedOriginId!), req.origin),
    })),
    r("PUT", "/api/v1/trustedOrigins/:trustedOriginId", "replaceTrustedOrigin", MANAGE, (req, ctx) => {
      const existing = requireOrigin(ctx.state, req.params.trustedOriginId!);
      const body = readJsonObject(req);
      const { name, origin } = checkBody(ctx.state, body, existing.id);
      Object.assign(existing, {
        name,
        origin,
        scopes: body.scopes,
        status: body.status === "INACTIVE" || body.status === "ACTIVE" ? body.status : existing.status,
        lastUpdated: oktaTimestamp(ctx.now()),
        lastUpdatedBy: ctx.principal?.userId ?? ctx.state.adminUserId,
      });
      return { status: 200, json: render(existing, req.origin) };
    }),
    r("DELETE", "/api/v1/trustedOrigins/:trustedOriginId", "deleteTrustedOrigin", MANAGE, (req, ctx) => {
      requireOrigin(ctx.state, req.params.trustedOriginId!);
      delete ctx.state.trustedOrigins[req.params.trustedOriginId!];
      return { status: 204 };
    }),
    // Recorded: trusted-origin lifecycle calls answer 200 with the whole updated object.
    r("POST", "/api/v1/trustedOrigins/:trustedOriginId/lifecycle/activate", "activateTrustedOrigin", MANAGE, (req, ctx) => ({
      status: 200,
      json: render(setStatus(ctx, req.params.trustedOriginId!, "ACTIVE"), req.origin),
    })),
    r("POST", "/api/v1/trustedOrigins/:trustedOriginId/lifecycle/deactivate", "deactivateTrustedOrigin", MANAGE, (req, ctx) => ({
      status: 200,
      json: render(setStatus(ctx, req.params.trustedOriginId!, "INACTIVE"), req.origin),
    })),
  ];
}
