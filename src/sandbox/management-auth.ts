import { timingSafeEqual } from "node:crypto";
import { oktaError, SandboxHttpError } from "./okta-errors.js";
import type { AccessTokenVerifier } from "./oauth/access-token-verifier.js";
import type { Principal, RouteAuth, SandboxRequest } from "./types.js";

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Management API authentication as Okta does it: `SSWS <api token>`, or `Bearer <access token>` minted
 * by the org authorization server for a service app, which must carry one of the operation's scopes.
 */
export async function authenticate(
  req: SandboxRequest,
  auth: RouteAuth,
  apiToken: string,
  adminUserId: string,
  verifyAccessToken: AccessTokenVerifier,
): Promise<Principal | undefined> {
  if (auth.kind === "none") return undefined;
  const header = req.headers.authorization ?? "";
  const [scheme = "", ...rest] = header.split(" ");
  const credential = rest.join(" ").trim();
  if (!header) throw oktaError("E0000005", [], [], 403);
  if (scheme.toUpperCase() === "SSWS") {
    if (!credential || !sameSecret(credential, apiToken)) throw oktaError("E0000011");
    return { kind: "ssws", userId: adminUserId };
  }
  if (scheme.toLowerCase() === "bearer" || scheme.toLowerCase() === "dpop") {
    const token = await verifyAccessToken(credential, req.origin);
    if (!token) {
      const err = oktaError("E0000011");
      err.reply.headers = { "www-authenticate": `Bearer authorization_uri="${req.origin}/oauth2/v1/authorize", realm="${req.origin}", error="invalid_token", error_description="The token is not valid."` };
      throw err;
    }
    if (auth.scopes.length > 0 && !auth.scopes.some((scope) => token.scopes.includes(scope))) {
      const err = oktaError("E0000006");
      err.reply.headers = {
        "www-authenticate": `Bearer authorization_uri="${req.origin}/oauth2/v1/authorize", realm="${req.origin}", scope="${auth.scopes.join(" ")}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${req.path}"`,
      };
      throw err;
    }
    return { kind: "oauth", userId: adminUserId, clientId: token.clientId, scopes: token.scopes };
  }
  throw oktaError("E0000011");
}

export { SandboxHttpError };
