import { randomAlnum } from "../ids.js";
import { setSigningKid } from "../state.js";
import type { Handler, HandlerContext } from "../types.js";
import type { ActiveSigningKey } from "./signing-keys.js";
import { requireActiveCustomServer, resolveOrgServer, type ResolvedServer } from "./resolve-server.js";

/**
 * The server's signing key. A server created without a key slot (a management handler that forgot
 * it, or an older saved state) gets one here, so the OAuth side never fails with a 500 on it.
 */
export async function signingKeyFor(ctx: HandlerContext, server: ResolvedServer): Promise<ActiveSigningKey> {
  if (!ctx.state.signingKeys[server.keySlot]) {
    ctx.state.signingKeys[server.keySlot] = { kid: randomAlnum(43) };
    if (server.kind === "custom") setSigningKid(ctx.state, server.keySlot);
  }
  return ctx.keys.get(server.keySlot);
}

/**
 * Okta sends standard caching headers on /keys (spec: "max-age=3832304, must-revalidate"). The
 * sandbox can rotate keys at any moment, so it asks clients to revalidate after five minutes.
 */
const CACHE_CONTROL = "max-age=300, must-revalidate";

/** GET `/oauth2/v1/keys` (org AS). `?client_id=` only adds app-specific keys at Okta, which the sandbox has none of. */
export const orgKeysHandler: Handler = async (req, ctx) => {
  const key = await signingKeyFor(ctx, resolveOrgServer(req.origin));
  return { status: 200, json: { keys: [key.publicJwk] }, headers: { "cache-control": CACHE_CONTROL } };
};

/** GET `/oauth2/:asId/v1/keys`; unknown or inactive servers answer 404 E0000007. */
export const customKeysHandler: Handler = async (req, ctx) => {
  const server = requireActiveCustomServer(ctx.state, req.origin, req.params.asId ?? "");
  const key = await signingKeyFor(ctx, server);
  return { status: 200, json: { keys: [key.publicJwk] }, headers: { "cache-control": CACHE_CONTROL } };
};
