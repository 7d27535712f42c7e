import { readJson } from "../body.js";
import { sign } from "node:crypto";
import type { HandlerContext, Route } from "../types.js";
import { compareVersions } from "./version.js";
import { resolveLoggedInUser } from "./jwt-filter.js";

/**
 * A small OpenMetadata stand-in under `/openmetadata`, so doctor can be tested end to end: the version
 * endpoints, the public auth config, OM's own JWKS and `/users/loggedInUser`, which checks a bearer
 * token the way OpenMetadata's JwtFilter does. `PUT /__sandbox/openmetadata` "deploys" a server config.
 */
export function openMetadataRoutes(): Route[] {
  const om = "/openmetadata/api/v1";
  const none = { kind: "none" } as const;
  const r = (method: string, pattern: string, handler: Route["handler"]): Route => ({ method, pattern, auth: none, bucket: "openmetadata", handler });
  const notFound = { status: 404, json: { code: 404, message: "HTTP 404 Not Found" } };
  return [
    // 0.x serves /v1/version; 1.0 moved it (and the config endpoints) under /v1/system.
    r("GET", `${om}/version`, (_req, ctx) =>
      compareVersions(ctx.state.openMetadata.version, "1.0.0") < 0 ? { status: 200, json: versionBody(ctx.state.openMetadata.version) } : notFound,
    ),
    r("GET", `${om}/system/version`, (_req, ctx) =>
      compareVersions(ctx.state.openMetadata.version, "1.0.0") >= 0 ? { status: 200, json: versionBody(ctx.state.openMetadata.version) } : notFound,
    ),
    r("GET", `${om}/config/auth`, (_req, ctx) =>
      compareVersions(ctx.state.openMetadata.version, "1.0.0") < 0 ? { status: 200, json: authConfig(ctx.state.openMetadata.authConfig, true) } : notFound,
    ),
    r("GET", `${om}/system/config/auth`, (_req, ctx) =>
      compareVersions(ctx.state.openMetadata.version, "1.0.0") >= 0 ? { status: 200, json: authConfig(ctx.state.openMetadata.authConfig, false) } : notFound,
    ),
    r("GET", `${om}/config/jwks`, async (_req, ctx) =>
      compareVersions(ctx.state.openMetadata.version, "1.0.0") < 0 ? { status: 200, json: { keys: [(await ctx.keys.get("openmetadata")).publicJwk] } } : notFound,
    ),
    r("GET", `${om}/system/config/jwks`, async (_req, ctx) =>
      compareVersions(ctx.state.openMetadata.version, "1.0.0") >= 0 ? { status: 200, json: { keys: [(await ctx.keys.get("openmetadata")).publicJwk] } } : notFound,
    ),
    r("GET", `${om}/users/loggedInUser`, (req, ctx) => resolveLoggedInUser(req, ctx)),
    {
      method: "PUT",
      pattern: "/__sandbox/openmetadata",
      auth: { kind: "management", scopes: ["sandbox.admin"] },
      bucket: "__sandbox",
      handler: (req, ctx) => {
        const body = (readJson(req) ?? {}) as { version?: string; users?: string[]; authConfig?: Record<string, unknown> };
        if (typeof body.version === "string") ctx.state.openMetadata.version = body.version;
        if (Array.isArray(body.users)) ctx.state.openMetadata.users = body.users.map(String);
        if (body.authConfig) ctx.state.openMetadata.authConfig = body.authConfig;
        return { status: 200, json: ctx.state.openMetadata };
      },
    },
    {
      // What Settings > Bots > ingestion-bot > "copy token" gives on a real server (1.3+ ingestion).
      method: "POST",
      pattern: "/__sandbox/openmetadata/bot-token",
      auth: { kind: "management", scopes: ["sandbox.admin"] },
      bucket: "__sandbox",
      handler: async (_req, ctx) => ({ status: 200, json: { token: await mintBotToken(ctx.keys, "ingestion-bot") } }),
    },
  ];
}

/** An OpenMetadata-issued bot JWT: RS256 with OM's own key (served at its JWKS), like JWTTokenGenerator. */
async function mintBotToken(keys: HandlerContext["keys"], bot: string): Promise<string> {
  const key = await keys.get("openmetadata");
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ kid: key.kid, typ: "JWT", alg: "RS256" })}.${part({ sub: bot, iss: "open-metadata.org", isBot: true, email: `${bot}@openmetadata.org`, iat: now, exp: now + 30 * 24 * 3600 })}`;
  const signature = sign("RSA-SHA256", Buffer.from(unsigned), key.privateKey).toString("base64url");
  return `${unsigned}.${signature}`;
}

function versionBody(version: string) {
  return { version, revision: "sandbox", timestamp: 1700000000000 };
}

/** 0.x returns the whole AuthenticationConfiguration; current servers leave out publicKeyUrls. */
function authConfig(config: Record<string, unknown> | undefined, includeKeys: boolean) {
  const effective = config ?? { provider: "basic", providerName: "", authority: "", clientId: "", callbackUrl: "", publicKeyUrls: [], jwtPrincipalClaims: ["email", "preferred_username", "sub"] };
  if (includeKeys) return effective;
  const { publicKeyUrls: _keys, ...rest } = effective;
  return rest;
}
