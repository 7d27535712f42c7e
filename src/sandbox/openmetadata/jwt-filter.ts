import { createPublicKey, verify as verifySignature } from "node:crypto";
import type { HandlerContext, SandboxReply, SandboxRequest } from "../types.js";

/** OpenMetadata's error body: `{code, message}`. */
const fail = (status: number, message: string): SandboxReply => ({ status, json: { code: status, message } });

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  if (!part) return undefined;
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Fetches one JWKS URL (OpenMetadata's MultiUrlJwkProvider tries each URL in order). */
async function fetchKeys(url: string): Promise<Record<string, unknown>[]> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return [];
    const body = (await res.json()) as { keys?: Record<string, unknown>[] };
    return Array.isArray(body.keys) ? body.keys : [];
  } catch {
    return [];
  }
}

/**
 * `/users/loggedInUser` as OpenMetadata's JwtFilter answers it: Bearer required; the token's `kid`
 * looked up across `publicKeyUrls`; RS256 only; `exp` enforced; no issuer or audience check; the
 * principal is the first of email, preferred_username, sub, cut at `@` and lower-cased; that user
 * or bot must exist, else 404 "user instance for <name> not found".
 */
export async function resolveLoggedInUser(req: SandboxRequest, ctx: HandlerContext): Promise<SandboxReply> {
  const header = req.headers.authorization ?? "";
  if (!header.startsWith("Bearer ")) return fail(401, "Not Authorized! Token not present");
  const token = header.slice("Bearer ".length).trim();
  const [h, p, s] = token.split(".");
  const jwtHeader = decodePart(h);
  const claims = decodePart(p);
  if (!jwtHeader || !claims || !s) return fail(401, "Invalid token");
  if (typeof claims.exp === "number" && claims.exp * 1000 < Date.now()) return fail(401, "Expired token!");
  const config = ctx.state.openMetadata.authConfig ?? {};
  const urls = Array.isArray(config.publicKeyUrls) ? config.publicKeyUrls.map(String) : [];
  const kid = typeof jwtHeader.kid === "string" ? jwtHeader.kid : "";
  let jwk: Record<string, unknown> | undefined;
  for (const url of urls) {
    jwk = (await fetchKeys(url)).find((key) => key.kid === kid);
    if (jwk) break;
  }
  if (!jwk) return fail(401, `No key found in ${urls.join(",")} with kid ${kid}`);
  if (jwtHeader.alg !== "RS256") return fail(401, "Invalid token");
  const key = createPublicKey({ key: jwk as never, format: "jwk" });
  const valid = verifySignature("RSA-SHA256", Buffer.from(`${h}.${p}`), key, Buffer.from(s, "base64url"));
  if (!valid) return fail(401, "Invalid token");
  const claimNames = Array.isArray(config.jwtPrincipalClaims) ? config.jwtPrincipalClaims.map(String) : ["email", "preferred_username", "sub"];
  const lowerClaims = Object.fromEntries(Object.entries(claims).map(([k, v]) => [k.toLowerCase(), v]));
  const claim = claimNames.map((name) => lowerClaims[name.toLowerCase()]).find((v) => typeof v === "string" && v !== "");
  if (typeof claim !== "string") return fail(401, `Invalid JWT token, none of the following claims are present [${claimNames.join(", ")}]`);
  const name = claim.split("@")[0]!.toLowerCase();
  if (!ctx.state.openMetadata.users.map((u) => u.toLowerCase()).includes(name)) return fail(404, `user instance for ${name} not found`);
  return { status: 200, json: { id: `user-${name}`, name, fullyQualifiedName: name, email: typeof claims.email === "string" ? claims.email : `${name}@sandbox.example`, isBot: false, deleted: false } };
}
