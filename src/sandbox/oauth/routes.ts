import type { Route } from "../types.js";
import { customDiscoveryHandler, orgDiscoveryHandler } from "./discovery.js";
import { DpopNonces } from "./dpop.js";
import { createIntrospectHandler } from "./introspect-endpoint.js";
import { customKeysHandler, orgKeysHandler } from "./keys-endpoint.js";
import { createTokenHandler } from "./token-endpoint.js";

/**
 * The public OAuth endpoints of the org authorization server and of every custom server (addressed
 * by id or, for the `default` server, by the `default` alias). No management auth: clients
 * authenticate inside the token request. Each call builds its own DPoP nonce secret.
 */
export function oauthRoutes(): Route[] {
  const nonces = new DpopNonces();
  const none = { kind: "none" } as const;
  return [
    { method: "GET", pattern: "/.well-known/openid-configuration", auth: none, bucket: "oauth2/discovery", handler: orgDiscoveryHandler("openid") },
    { method: "GET", pattern: "/.well-known/oauth-authorization-server", auth: none, bucket: "oauth2/discovery", handler: orgDiscoveryHandler("oauth") },
    { method: "GET", pattern: "/oauth2/:asId/.well-known/openid-configuration", auth: none, bucket: "oauth2/discovery", handler: customDiscoveryHandler("openid") },
    { method: "GET", pattern: "/oauth2/:asId/.well-known/oauth-authorization-server", auth: none, bucket: "oauth2/discovery", handler: customDiscoveryHandler("oauth") },
    { method: "GET", pattern: "/oauth2/v1/keys", auth: none, bucket: "oauth2/keys", handler: orgKeysHandler },
    { method: "GET", pattern: "/oauth2/:asId/v1/keys", auth: none, bucket: "oauth2/keys", handler: customKeysHandler },
    { method: "POST", pattern: "/oauth2/v1/token", auth: none, bucket: "oauth2/token", handler: createTokenHandler("org", nonces) },
    { method: "POST", pattern: "/oauth2/:asId/v1/token", auth: none, bucket: "oauth2/token", handler: createTokenHandler("custom", nonces) },
    { method: "POST", pattern: "/oauth2/v1/introspect", auth: none, bucket: "oauth2/introspect", handler: createIntrospectHandler("org") },
    { method: "POST", pattern: "/oauth2/:asId/v1/introspect", auth: none, bucket: "oauth2/introspect", handler: createIntrospectHandler("custom") },
  ];
}
