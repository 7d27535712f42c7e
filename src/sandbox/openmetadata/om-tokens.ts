import { createHash, createPublicKey, randomUUID, sign, verify as verifySignature } from "node:crypto";
import type { HandlerContext, SandboxReply, SandboxRequest } from "../types.js";
import { effectiveSecurity } from "./security-store.js";
import { compareVersions } from "./version.js";

/** OpenMetadata's error body: `{code, message}`. */
export const omFail = (status: number, message: string): SandboxReply => ({ status, json: { code: status, message } });

/** A stable UUID per user or bot name (OpenMetadata's ids are UUIDs; the stand-in derives them). */
export function omId(name: string): string {
  const hex = createHash("sha1").update(`om-user:${name}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An OpenMetadata-issued JWT: RS256 with OM's own key (served at its JWKS), like JWTTokenGenerator. */
export async function mintOmToken(keys: HandlerContext["keys"], name: string, options: { isBot: boolean; lifetimeSeconds: number | undefined; email?: string }): Promise<string> {
  const key = await keys.get("openmetadata");
  const now = Math.floor(Date.now() / 1000);
  // An "Unlimited" bot token carries no exp (JWTTokenGenerator leaves it out).
  const expiry = options.lifetimeSeconds === undefined ? {} : { exp: now + options.lifetimeSeconds };
  const claims = { sub: name, iss: "open-metadata.org", isBot: options.isBot, email: options.email ?? `${name}@openmetadata.org`, iat: now, ...expiry, jti: randomUUID() };
  // The jti keeps two tokens minted in the same second apart (a regenerated bot token must differ).
  const unsigned = `${part({ kid: key.kid, typ: "JWT", alg: "RS256" })}.${part(claims)}`;
  return `${unsigned}.${sign("RSA-SHA256", Buffer.from(unsigned), key.privateKey).toString("base64url")}`;
}

/** The ingestion bot's token, minted once and kept (OpenMetadata stores a bot's JWT with the bot). */
export async function botToken(ctx: HandlerContext, bot: string): Promise<string> {
  const om = ctx.state.openMetadata;
  om.botTokens ??= {};
  om.botTokens[bot] ??= await mintOmToken(ctx.keys, bot, { isBot: true, lifetimeSeconds: 30 * 24 * 3600 });
  return om.botTokens[bot];
}

function decodePart(p: string | undefined): Record<string, unknown> | undefined {
  if (!p) return undefined;
  try {
    return JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Fetches one JWKS URL (OpenMetadata's MultiUrlJwkProvider tries each URL in order). */
async function fetchKeys(url: string, serverFetch: typeof fetch): Promise<Record<string, unknown>[]> {
  try {
    const res = await serverFetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return [];
    const body = (await res.json()) as { keys?: Record<string, unknown>[] };
    return Array.isArray(body.keys) ? body.keys : [];
  } catch {
    return [];
  }
}

export interface OmCaller {
  name: string;
  claims: Record<string, unknown>;
  isAdmin: boolean;
}

/**
 * The JwtFilter: Bearer required; OpenMetadata's own tokens are checked locally first from 1.9
 * (`LocalJwkProvider`, VERSIONS.md), others by `kid` across `publicKeyUrls`; RS256 only; `exp` enforced; no
 * issuer or audience check; the principal is the first of jwtPrincipalClaims, cut at `@` and
 * lower-cased. Admin: the built-in `admin` user or a configured admin principal.
 */
export async function authenticate(req: SandboxRequest, ctx: HandlerContext): Promise<OmCaller | SandboxReply> {
  const header = req.headers.authorization ?? "";
  if (!header.startsWith("Bearer ")) return omFail(401, "Not Authorized! Token not present");
  const token = header.slice("Bearer ".length).trim();
  const [h, p, s] = token.split(".");
  const jwtHeader = decodePart(h);
  const claims = decodePart(p);
  if (!jwtHeader || !claims || !s) return omFail(401, "Invalid token");
  if (typeof claims.exp === "number" && claims.exp * 1000 < Date.now()) return omFail(401, "Expired token!");
  const security = effectiveSecurity(ctx, req.origin);
  const config = security.authenticationConfiguration;
  const urls = Array.isArray(config.publicKeyUrls) ? config.publicKeyUrls.map(String) : [];
  const kid = typeof jwtHeader.kid === "string" ? jwtHeader.kid : "";
  const localFirst = compareVersions(ctx.state.openMetadata.version, "1.9.0") >= 0;
  const own = localFirst ? await ctx.keys.get("openmetadata") : undefined;
  let jwk: Record<string, unknown> | undefined = own && kid === own.kid ? own.publicJwk : undefined;
  for (const url of jwk ? [] : urls) {
    jwk = (await fetchKeys(url, ctx.serverFetch ?? fetch)).find((key) => key.kid === kid);
    if (jwk) break;
  }
  if (!jwk) return omFail(401, `No key found in ${urls.join(",")} with kid ${kid}`);
  if (jwtHeader.alg !== "RS256") return omFail(401, "Invalid token");
  const key = createPublicKey({ key: jwk as never, format: "jwk" });
  if (!verifySignature("RSA-SHA256", Buffer.from(`${h}.${p}`), key, Buffer.from(s, "base64url"))) return omFail(401, "Invalid token");
  const claimNames = Array.isArray(config.jwtPrincipalClaims) ? config.jwtPrincipalClaims.map(String) : ["email", "preferred_username", "sub"];
  const lowerClaims = Object.fromEntries(Object.entries(claims).map(([k, v]) => [k.toLowerCase(), v]));
  const claim = claimNames.map((n) => lowerClaims[n.toLowerCase()]).find((v) => typeof v === "string" && v !== "");
  if (typeof claim !== "string") return omFail(401, `Invalid JWT token, none of the following claims are present [${claimNames.join(", ")}]`);
  const name = claim.split("@")[0]!.toLowerCase();
  // JwtFilter.validateBotToken: a bot's JWT must be the one stored with the bot, so a regenerated
  // (or revoked) token is refused at once even though its signature is still good.
  const stored = ctx.state.openMetadata.botTokens?.[name];
  if (claims.isBot === true && stored !== undefined && stored !== token) return omFail(401, "Not Authorized! The given token does not match the current bot's token!");
  const admins = Array.isArray(security.authorizerConfiguration.adminPrincipals) ? security.authorizerConfiguration.adminPrincipals.map((a) => String(a).toLowerCase()) : [];
  return { name, claims, isAdmin: name === "admin" || admins.includes(name) };
}

/** Runs `handler` for an authenticated admin; 401 without a valid token, 403 for anyone else (`DefaultAuthorizer`). */
export async function asAdmin(req: SandboxRequest, ctx: HandlerContext, handler: (caller: OmCaller) => SandboxReply | Promise<SandboxReply>): Promise<SandboxReply> {
  const caller = await authenticate(req, ctx);
  if ("status" in caller) return caller;
  if (!caller.isAdmin) return omFail(403, `Principal: CatalogPrincipal{name='${caller.name}'} is not admin`);
  return handler(caller);
}
