import type { Route } from "../types.js";
import type { HandlerContext, SandboxReply, SandboxRequest } from "../types.js";
import { asAdmin, botToken, mintOmToken, omFail, omId } from "./om-tokens.js";
import { effectiveSecurity } from "./security-store.js";
import { compareVersions } from "./version.js";

/** The built-in admin of a fresh OpenMetadata (basic auth): admin@open-metadata.org / admin. */
export const OM_ADMIN_EMAIL = "admin@open-metadata.org";
const OM_ADMIN_PASSWORD = "admin";
const BOTS = ["ingestion-bot"];
/** jwtAuth.json JWTTokenExpiry: days, one hour, or no expiry. */
const EXPIRY_SECONDS: Record<string, number | undefined> = { OneHour: 3600, "1": 86_400, "7": 7 * 86_400, "30": 30 * 86_400, "60": 60 * 86_400, "90": 90 * 86_400, Unlimited: undefined };

/** The bot behind a user id, or the error OpenMetadata answers (a plain user: 400; unknown: 404). */
function botOf(req: SandboxRequest, ctx: HandlerContext): string | SandboxReply {
  const bot = BOTS.find((b) => omId(b) === req.params.id);
  const user = ["admin", ...ctx.state.openMetadata.users].find((u) => omId(u) === req.params.id);
  if (!bot && user) return omFail(400, `User ${user} is not a bot`);
  if (!bot || compareVersions(ctx.state.openMetadata.version, "1.0.0") < 0) return omFail(404, `user instance for ${req.params.id ?? ""} not found`);
  return bot;
}

/** The JWTAuthMechanism body both token endpoints answer with. */
function jwtAuthMechanism(token: string, expiry: string) {
  const exp = (JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as { exp?: number }).exp;
  return { JWTToken: token, JWTTokenExpiry: expiry, ...(exp === undefined ? {} : { JWTTokenExpiresAt: exp * 1000 }) };
}

/**
 * Basic login (`POST /users/login`, password base64-encoded, VERSIONS.md "Bot JWT by API") while
 * the server still uses basic auth, and the bots API (≥ 1.0, admin only, bot users only).
 */
export function userRoutes(om: string): Route[] {
  const none = { kind: "none" } as const;
  const r = (method: string, pattern: string, handler: Route["handler"]): Route => ({ method, pattern: `${om}${pattern}`, auth: none, bucket: "openmetadata", handler });
  const v1 = (version: string): boolean => compareVersions(version, "1.0.0") >= 0;
  return [
    r("POST", "/users/login", async (req, ctx) => {
      const stored = effectiveSecurity(ctx, req.origin).authenticationConfiguration.provider;
      const provider = typeof stored === "string" ? stored : "";
      // Ours (no stored OpenMetadata text): once SSO is on, the basic authenticator is gone.
      if (provider !== "basic") return omFail(401, `Basic login is disabled: this server signs in with ${provider}`);
      let body: { email?: unknown; password?: unknown };
      try {
        body = JSON.parse(req.body.toString("utf8")) as typeof body;
      } catch {
        return omFail(400, "the body must be JSON {email, password}");
      }
      const password = typeof body.password === "string" ? Buffer.from(body.password, "base64").toString("utf8") : "";
      if (body.email !== OM_ADMIN_EMAIL || password !== OM_ADMIN_PASSWORD) return omFail(401, "You have entered an invalid username or password.");
      const expiry = 3600;
      return { status: 200, json: { tokenType: "Bearer", accessToken: await mintOmToken(ctx.keys, "admin", { isBot: false, lifetimeSeconds: expiry, email: OM_ADMIN_EMAIL }), expiryDuration: expiry } };
    }),
    r("GET", "/bots/name/:name", (req, ctx) =>
      asAdmin(req, ctx, () => {
        const name = req.params.name ?? "";
        if (!v1(ctx.state.openMetadata.version) || !BOTS.includes(name)) return omFail(404, `bot instance for ${name} not found`);
        return { status: 200, json: { id: omId(`bot:${name}`), name, fullyQualifiedName: name, provider: "system", botUser: { id: omId(name), type: "user", name, fullyQualifiedName: name, deleted: false } } };
      }),
    ),
    r("GET", "/users/token/:id", (req, ctx) =>
      asAdmin(req, ctx, async () => {
        const bot = botOf(req, ctx);
        if (typeof bot !== "string") return bot;
        return { status: 200, json: jwtAuthMechanism(await botToken(ctx, bot), ctx.state.openMetadata.botTokenExpiry?.[bot] ?? "30") };
      }),
    ),
    // UserResource.generateToken (PUT /users/generateToken/{id}, admin only, body GenerateTokenRequest
    // {JWTTokenExpiry}): a new JWT replaces the stored one, so the old one stops working at once.
    r("PUT", "/users/generateToken/:id", (req, ctx) =>
      asAdmin(req, ctx, async () => {
        const bot = botOf(req, ctx);
        if (typeof bot !== "string") return bot;
        let body: { JWTTokenExpiry?: unknown };
        try {
          body = JSON.parse(req.body.toString("utf8")) as typeof body;
        } catch {
          return omFail(400, "the body must be JSON {JWTTokenExpiry}");
        }
        const expiry = typeof body.JWTTokenExpiry === "string" ? body.JWTTokenExpiry : "";
        if (!(expiry in EXPIRY_SECONDS)) return omFail(400, `JWTTokenExpiry must be one of ${Object.keys(EXPIRY_SECONDS).join(", ")}`);
        const om = ctx.state.openMetadata;
        const token = await mintOmToken(ctx.keys, bot, { isBot: true, lifetimeSeconds: EXPIRY_SECONDS[expiry] });
        om.botTokens = { ...(om.botTokens ?? {}), [bot]: token };
        om.botTokenExpiry = { ...(om.botTokenExpiry ?? {}), [bot]: expiry };
        return { status: 200, json: jwtAuthMechanism(token, expiry) };
      }),
    ),
  ];
}
