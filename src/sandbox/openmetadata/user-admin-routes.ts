import type { HandlerContext, Route, SandboxReply, SandboxRequest } from "../types.js";
import { asAdmin, omFail, omId } from "./om-tokens.js";

/** Built-in roles a fresh OpenMetadata has (the bot roles of Entity.*_BOT_ROLE, and the defaults). */
const ROLES = ["Admin", "DataConsumer", "DataSteward", "IngestionBotRole", "ProfilerBotRole"];
const roleRef = (name: string) => ({ id: omId(`role:${name}`), type: "role", name, fullyQualifiedName: name });

function userJson(ctx: HandlerContext, name: string): SandboxReply["json"] {
  const roles = ctx.state.openMetadata.userRoles?.[name] ?? (name === "ingestion-bot" ? ["IngestionBotRole"] : []);
  return { id: omId(name), name, fullyQualifiedName: name, email: `${name}@open-metadata.org`, isAdmin: name === "admin", isBot: name.endsWith("-bot"), roles: roles.map(roleRef) };
}

/** CreateUser {name, email, roles: [uuid]} (openmetadata-spec api/teams/createUser.json): name and email required. */
function parseCreateUser(req: SandboxRequest): { name: string; roles: string[] } | SandboxReply {
  let body: { name?: unknown; email?: unknown; roles?: unknown };
  try {
    body = JSON.parse(req.body.toString("utf8")) as typeof body;
  } catch {
    return omFail(400, "the body must be a CreateUser JSON object");
  }
  if (typeof body.name !== "string" || body.name === "") return omFail(400, "[name must not be null]");
  if (typeof body.email !== "string" || !/^\S+@\S+\.\S+$/.test(body.email)) return omFail(400, "[email must match the email pattern]");
  const ids = Array.isArray(body.roles) ? body.roles.map(String) : [];
  const roles = ROLES.filter((r) => ids.includes(omId(`role:${r}`)));
  if (roles.length !== ids.length) return omFail(404, "role instance not found");
  return { name: body.name, roles };
}

/** Roles by name, users by name, and creating users (POST) or creating-or-updating them (PUT); admin only. */
export function userAdminRoutes(om: string): Route[] {
  const none = { kind: "none" } as const;
  const r = (method: string, pattern: string, handler: Route["handler"]): Route => ({ method, pattern: `${om}${pattern}`, auth: none, bucket: "openmetadata", handler });
  const exists = (ctx: HandlerContext, name: string): boolean => ctx.state.openMetadata.users.includes(name);
  const save = (ctx: HandlerContext, user: { name: string; roles: string[] }): void => {
    const om = ctx.state.openMetadata;
    if (!om.users.includes(user.name)) om.users.push(user.name);
    om.userRoles = { ...om.userRoles, [user.name]: user.roles };
  };
  return [
    r("GET", "/roles/name/:name", (req, ctx) => asAdmin(req, ctx, () => (ROLES.includes(req.params.name ?? "") ? { status: 200, json: roleRef(req.params.name!) } : omFail(404, `role instance for ${req.params.name ?? ""} not found`)))),
    r("GET", "/users/name/:name", (req, ctx) => asAdmin(req, ctx, () => (exists(ctx, req.params.name ?? "") ? { status: 200, json: userJson(ctx, req.params.name!) } : omFail(404, `user instance for ${req.params.name ?? ""} not found`)))),
    r("POST", "/users", (req, ctx) =>
      asAdmin(req, ctx, () => {
        const user = parseCreateUser(req);
        if ("status" in user) return user;
        if (exists(ctx, user.name)) return omFail(409, "Entity already exists");
        save(ctx, user);
        return { status: 201, json: userJson(ctx, user.name) };
      }),
    ),
    r("PUT", "/users", (req, ctx) =>
      asAdmin(req, ctx, () => {
        const user = parseCreateUser(req);
        if ("status" in user) return user;
        const created = !exists(ctx, user.name);
        save(ctx, user);
        return { status: created ? 201 : 200, json: userJson(ctx, user.name) };
      }),
    ),
  ];
}
