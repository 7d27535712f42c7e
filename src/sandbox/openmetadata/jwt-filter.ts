import type { HandlerContext, SandboxReply, SandboxRequest } from "../types.js";
import { authenticate, omFail, omId } from "./om-tokens.js";

/**
 * `/users/loggedInUser` as OpenMetadata answers it: the JwtFilter (see `authenticate`), then that
 * user or bot must exist, else 404 "user instance for <name> not found".
 */
export async function resolveLoggedInUser(req: SandboxRequest, ctx: HandlerContext): Promise<SandboxReply> {
  const caller = await authenticate(req, ctx);
  if ("status" in caller) return caller;
  const { name, claims } = caller;
  if (!ctx.state.openMetadata.users.map((u) => u.toLowerCase()).includes(name)) return omFail(404, `user instance for ${name} not found`);
  return {
    status: 200,
    json: { id: omId(name), name, fullyQualifiedName: name, email: typeof claims.email === "string" ? claims.email : `${name}@sandbox.example`, isBot: claims.isBot === true, isAdmin: caller.isAdmin, deleted: false },
  };
}
