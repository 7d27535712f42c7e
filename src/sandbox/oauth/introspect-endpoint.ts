import { timingSafeEqual } from "node:crypto";
import { asObject, asString } from "../json-values.js";
import type { Handler } from "../types.js";
import { findActiveClient, invalidClient } from "./client-assertion.js";
import { invalidClientIdError } from "./discovery.js";
import { requireActiveCustomServer } from "./resolve-server.js";
import { readTokenParams } from "./token-endpoint.js";

/**
 * A minimal RFC 7662 introspection endpoint, enough for OpenMetadata's 1.10+ Okta validator
 * (VERSIONS.md, "What the 1.10+ validator demands"): it posts `token=<dummy>&client_id=<spa>` and
 * needs 200 with an `active` field. The sandbox never recognises a token here, so every answer for
 * an authenticated client is `{"active": false}` (RFC 7662 §2.2: unknown tokens are inactive).
 * Client authentication follows the token endpoint: a public client (`none`) names itself with
 * `client_id`; a secret client must send its secret (Basic or posted). The full endpoint belongs to
 * the sandbox's Okta side (issue 10); this one only exists so the OpenMetadata stand-in can validate.
 */
export function createIntrospectHandler(kind: "org" | "custom"): Handler {
  return (req, ctx) => {
    if (kind === "custom") requireActiveCustomServer(ctx.state, req.origin, req.params.asId ?? "");
    const params = readTokenParams(req);
    const basic = /^basic /i.test(String(req.headers.authorization ?? ""))
      ? Buffer.from(String(req.headers.authorization).slice(6).trim(), "base64").toString("utf8")
      : undefined;
    const clientId = basic !== undefined ? basic.split(":")[0]! : (params.get("client_id") ?? "");
    const secret = basic !== undefined ? basic.slice(basic.indexOf(":") + 1) : params.get("client_secret");
    const app = clientId ? findActiveClient(ctx.state, clientId) : undefined;
    if (!app) throw invalidClientIdError(ctx.state, 401);
    const method = asString(asObject(asObject(app.credentials).oauthClient).token_endpoint_auth_method) ?? "client_secret_basic";
    if (method === "client_secret_basic" || method === "client_secret_post") {
      const stored = ctx.state.appSecrets[app.id];
      const same = stored !== undefined && secret !== undefined && secret !== null && Buffer.byteLength(secret) === Buffer.byteLength(stored) && timingSafeEqual(Buffer.from(secret), Buffer.from(stored));
      if (!same) throw invalidClient("The client secret supplied for a confidential client is invalid.");
    }
    if (!params.get("token")) return { status: 400, json: { error: "invalid_request", error_description: "The token parameter is required." } };
    return { status: 200, json: { active: false } };
  };
}
