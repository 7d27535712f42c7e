import { readJson } from "../body.js";
import type { Route } from "../types.js";
import { compareVersions } from "./version.js";
import { resolveLoggedInUser } from "./jwt-filter.js";
import { botToken } from "./om-tokens.js";
import { bootOpenMetadata, effectiveSecurity, settingsInDatabase } from "./security-store.js";
import { securityConfigRoutes } from "./security-routes.js";
import { userAdminRoutes } from "./user-admin-routes.js";
import { userRoutes } from "./user-routes.js";

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
    r("GET", `${om}/system/config/auth`, (req, ctx) => {
      if (compareVersions(ctx.state.openMetadata.version, "1.0.0") < 0) return notFound;
      // 1.10+ answers from its database rows, whatever the deployed files say.
      const stored = settingsInDatabase(ctx.state.openMetadata.version) ? effectiveSecurity(ctx, req.origin).authenticationConfiguration : ctx.state.openMetadata.authConfig;
      return { status: 200, json: authConfig(stored, false) };
    }),
    r("GET", `${om}/config/jwks`, async (_req, ctx) =>
      compareVersions(ctx.state.openMetadata.version, "1.0.0") < 0 ? { status: 200, json: { keys: [(await ctx.keys.get("openmetadata")).publicJwk] } } : notFound,
    ),
    r("GET", `${om}/system/config/jwks`, async (_req, ctx) =>
      compareVersions(ctx.state.openMetadata.version, "1.0.0") >= 0 ? { status: 200, json: { keys: [(await ctx.keys.get("openmetadata")).publicJwk] } } : notFound,
    ),
    r("GET", `${om}/users/loggedInUser`, (req, ctx) => resolveLoggedInUser(req, ctx)),
    ...securityConfigRoutes(om),
    ...userRoutes(om),
    ...userAdminRoutes(om),
    {
      method: "PUT",
      pattern: "/__sandbox/openmetadata",
      auth: { kind: "management", scopes: ["sandbox.admin"] },
      bucket: "__sandbox",
      handler: (req, ctx) => {
        const body = (readJson(req) ?? {}) as { version?: string; users?: string[]; authConfig?: Record<string, unknown>; securityManagedByEnv?: boolean };
        if (typeof body.version === "string") ctx.state.openMetadata.version = body.version;
        if (Array.isArray(body.users)) ctx.state.openMetadata.users = body.users.map(String);
        if (body.authConfig) ctx.state.openMetadata.authConfig = body.authConfig;
        if (typeof body.securityManagedByEnv === "boolean") ctx.state.openMetadata.securityManagedByEnv = body.securityManagedByEnv;
        // A deploy is a restart: 1.10+ copies the deployed config into its database only when empty.
        bootOpenMetadata(ctx, req.origin);
        // OpenMetadata signs with its JWT key from boot on.
        ctx.keys.prepare("openmetadata");
        const { botTokens: _secret, ...shown } = ctx.state.openMetadata;
        return { status: 200, json: shown };
      },
    },
    {
      // What Settings > Bots > ingestion-bot > "copy token" gives on a real server (1.3+ ingestion).
      method: "POST",
      pattern: "/__sandbox/openmetadata/bot-token",
      auth: { kind: "management", scopes: ["sandbox.admin"] },
      bucket: "__sandbox",
      handler: async (_req, ctx) => ({ status: 200, json: { token: await botToken(ctx, "ingestion-bot") } }),
    },
  ];
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
