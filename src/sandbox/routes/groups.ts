import { compileFilter } from "../filter-expression.js";
import { link } from "../links.js";
import { oktaError } from "../okta-errors.js";
import { paginate } from "../pagination.js";
import type { OktaObject } from "../state.js";
import type { Route } from "../types.js";

const READ = ["okta.groups.read", "okta.groups.manage"];

function render(group: OktaObject, origin: string): Record<string, unknown> {
  const base = `/api/v1/groups/${group.id}`;
  return {
    ...group,
    _links: {
      logo: [
        { name: "medium", href: `${origin}/assets/img/logos/groups/okta-medium.png`, type: "image/png" },
        { name: "large", href: `${origin}/assets/img/logos/groups/okta-large.png`, type: "image/png" },
      ],
      ...(group.type === "OKTA_GROUP" ? { owners: link(origin, `${base}/owners`) } : {}),
      users: link(origin, `${base}/users`),
      apps: link(origin, `${base}/apps`),
    },
  };
}

const FILTER_ATTRIBUTES = ["id", "type", "lastUpdated", "lastMembershipUpdated"];
const SEARCH_ATTRIBUTES = ["id", "type", "profile.name", "profile.description", "created", "lastUpdated", "lastMembershipUpdated"];

/** Groups (read-only here): the org's built-in Everyone and Okta Administrators groups. */
export function groupRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: "/api/v1/groups",
      operationId: "listGroups",
      auth: { kind: "management", scopes: READ },
      bucket: "api/v1/groups",
      handler: (req, ctx) => {
        let groups = Object.values(ctx.state.groups);
        const q = req.query.get("q");
        if (q) groups = groups.filter((g) => String((g.profile as { name?: string }).name ?? "").toLowerCase().startsWith(q.toLowerCase()));
        const filter = req.query.get("filter");
        if (filter) groups = groups.filter(compileFilter(filter, FILTER_ATTRIBUTES));
        const search = req.query.get("search");
        if (search) groups = groups.filter(compileFilter(search, SEARCH_ATTRIBUTES));
        // Recorded: `q` lists carry no Link header, even with `limit` (groups TestAccDataSourceOktaGroups_read
        // #2, `?limit=200&q=…`); filter/limit lists carry rel="self" (same cassette, #0).
        const links = !req.query.has("q") && (req.query.has("limit") || req.query.has("filter") || req.query.has("search") || req.query.has("after"));
        const page = paginate(req, groups, { defaultLimit: 10000, maxLimit: 10000, links });
        return { ...page, json: (page.json as OktaObject[]).map((g) => render(g, req.origin)) };
      },
    },
    {
      method: "GET",
      pattern: "/api/v1/groups/:groupId",
      operationId: "getGroup",
      auth: { kind: "management", scopes: READ },
      bucket: "api/v1/groups",
      handler: (req, ctx) => {
        const group = ctx.state.groups[req.params.groupId!];
        if (!group) throw oktaError("E0000007", [req.params.groupId!, "UserGroup"]);
        return { status: 200, json: render(group, req.origin) };
      },
    },
  ];
}
