import type { HandlerContext, Route, SandboxReply, SandboxRequest } from "../types.js";
import type { OmSecurityConfig } from "../state.js";
import { applyJsonPatch, type PatchOp } from "./json-patch.js";
import { validateSecurityConfig } from "./okta-validator.js";
import { asAdmin, omFail } from "./om-tokens.js";
import { effectiveSecurity, settingsInDatabase } from "./security-store.js";

const KEYS = ["authenticationConfiguration", "authorizerConfiguration"] as const;

function parseBody(req: SandboxRequest): unknown {
  try {
    return JSON.parse(req.body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** Both keys, objects, nothing else: the shape PUT and validate take (VERSIONS.md). */
function asSecurityConfig(body: unknown): OmSecurityConfig | string {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "the body must be a JSON object";
  const extra = Object.keys(body).filter((k) => !(KEYS as readonly string[]).includes(k));
  if (extra.length) return `Unrecognized field ${JSON.stringify(extra[0])}`;
  for (const key of KEYS) {
    const value = (body as Record<string, unknown>)[key];
    if (typeof value !== "object" || value === null || Array.isArray(value)) return `${key} is required`;
  }
  return body as OmSecurityConfig;
}

/** Secrets are masked on GET (only a confidential client's secret exists in these blocks). */
function masked(config: OmSecurityConfig): OmSecurityConfig {
  const copy = structuredClone(config);
  const oidc = copy.authenticationConfiguration.oidcConfiguration as Record<string, unknown> | undefined;
  if (oidc && typeof oidc.secret === "string" && oidc.secret !== "") oidc.secret = "*********";
  return copy;
}

const failed = (errors: { field: string; error: string }[]): SandboxReply => ({ status: 400, json: { status: "failed", message: "Security configuration validation failed", errors } });

/**
 * 1.10+'s `SystemResource` security endpoints, admin only. With `securityManagedByEnv` (2.1's
 * SECURITY_CONFIG_SOURCE=ENV) writes answer 409 SETTINGS_MANAGED_BY_ENVIRONMENT.
 */
export function securityConfigRoutes(om: string): Route[] {
  const none = { kind: "none" } as const;
  const r = (method: string, pattern: string, handler: (req: SandboxRequest, ctx: HandlerContext) => Promise<SandboxReply>): Route => ({
    method,
    pattern: `${om}${pattern}`,
    auth: none,
    bucket: "openmetadata",
    handler: async (req, ctx) => (settingsInDatabase(ctx.state.openMetadata.version) ? handler(req, ctx) : { status: 404, json: { code: 404, message: "HTTP 404 Not Found" } }),
  });
  const managed = (ctx: HandlerContext): SandboxReply | undefined =>
    ctx.state.openMetadata.securityManagedByEnv ? { status: 409, json: { code: 409, errorType: "SETTINGS_MANAGED_BY_ENVIRONMENT", message: "Security settings are managed by the environment (SECURITY_CONFIG_SOURCE=ENV)" } } : undefined;
  return [
    r("GET", "/system/security/config", (req, ctx) => asAdmin(req, ctx, () => ({ status: 200, json: masked(effectiveSecurity(ctx, req.origin)) }))),
    r("POST", "/system/security/validate", (req, ctx) =>
      asAdmin(req, ctx, async () => {
        const config = asSecurityConfig(parseBody(req));
        if (typeof config === "string") return omFail(400, config);
        const errors = await validateSecurityConfig(config, ctx.state.openMetadata.version, ctx.serverFetch);
        return errors.length ? failed(errors) : { status: 200, json: { status: "success", message: "Security configuration is valid", errors: [] } };
      }),
    ),
    r("PUT", "/system/security/config", (req, ctx) =>
      asAdmin(req, ctx, () => {
        const refused = managed(ctx);
        if (refused) return refused;
        const config = asSecurityConfig(parseBody(req));
        if (typeof config === "string") return omFail(400, config);
        ctx.state.openMetadata.securityConfig = structuredClone(config);
        return { status: 200, json: masked(config) };
      }),
    ),
    r("PATCH", "/system/security/config", (req, ctx) =>
      asAdmin(req, ctx, async () => {
        const refused = managed(ctx);
        if (refused) return refused;
        if (!String(req.headers["content-type"] ?? "").startsWith("application/json-patch+json")) return omFail(415, "HTTP 415 Unsupported Media Type");
        const ops = parseBody(req);
        if (!Array.isArray(ops)) return omFail(400, "the body must be a JSON Patch array");
        const current = effectiveSecurity(ctx, req.origin);
        // Ops on oidcConfiguration are dropped while the current provider is not OIDC (VERSIONS.md).
        const oidc = current.authenticationConfiguration.provider === "custom-oidc";
        const kept = (ops as PatchOp[]).filter((op) => oidc || !String(op.path).includes("oidcConfiguration"));
        let next: OmSecurityConfig;
        try {
          next = applyJsonPatch(current, kept);
        } catch (err) {
          return omFail(400, (err as Error).message);
        }
        const errors = await validateSecurityConfig(next, ctx.state.openMetadata.version, ctx.serverFetch);
        if (errors.length) return failed(errors);
        ctx.state.openMetadata.securityConfig = next;
        return { status: 204 };
      }),
    ),
  ];
}
