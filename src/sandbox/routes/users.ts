import { link } from "../links.js";
import type { Route } from "../types.js";

/** `GET /api/v1/users/me`: the admin user behind the API token (or behind the OAuth client's grant). */
export function userRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: "/api/v1/users/me",
      operationId: "getUser",
      auth: { kind: "management", scopes: ["okta.users.read", "okta.users.manage"] },
      bucket: "api/v1/users",
      handler: (req, ctx) => {
        const user = ctx.state.users[ctx.principal?.userId ?? ctx.state.adminUserId]!;
        return {
          status: 200,
          json: {
            ...user,
            _links: {
              self: link(req.origin, `/api/v1/users/${user.id}`),
            },
          },
        };
      },
    },
  ];
}
