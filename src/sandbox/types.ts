import type { IncomingHttpHeaders } from "node:http";
import type { OrgState } from "./state.js";
import type { SigningKeys } from "./oauth/signing-keys.js";
import type { OrgFeatures } from "./org-features.js";

/** One parsed request as route handlers see it. */
export interface SandboxRequest {
  method: string;
  /** Decoded pathname, without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** `scheme://host[:port]` taken from the request's Host header, so absolute URLs survive proxies. */
  origin: string;
  /** Values of `:name` segments of the matched route. */
  params: Record<string, string>;
  requestId: string;
}

/** What a handler answers; the server adds Date, rate-limit and request-id headers. */
export interface SandboxReply {
  status: number;
  /** Serialised as `application/json` (no charset, as Okta sends it). */
  json?: unknown;
  /** Sent verbatim with `contentType`. */
  text?: string;
  contentType?: string;
  headers?: Record<string, string | string[]>;
}

/** Who made a management call: an SSWS token, or an OAuth access token minted by the org AS. */
export type Principal =
  | { kind: "ssws"; userId: string }
  | { kind: "oauth"; userId: string; clientId: string; scopes: string[] };

export interface HandlerContext {
  state: OrgState;
  keys: SigningKeys;
  now(): Date;
  principal?: Principal;
  /** The org's features and settings; absent means a standard org (DEFAULT_FEATURES). */
  features?: OrgFeatures;
  /**
   * fetch for the OpenMetadata stand-in's own calls to the org (its JWKS and validator lookups).
   * Those are server-to-server hops inside one process, so `--latency` (the caller's distance from
   * the org) does not delay them; absent (unit tests), the global fetch.
   */
  serverFetch?: typeof fetch;
}

export type Handler = (req: SandboxRequest, ctx: HandlerContext) => SandboxReply | Promise<SandboxReply>;

/**
 * Authentication a route needs: `ssws` accepts `SSWS <api token>` or an org-AS `Bearer` token with
 * one of `scopes`; `none` is for the public OAuth/discovery endpoints.
 */
export type RouteAuth = { kind: "none" } | { kind: "management"; scopes: string[] };

export interface Route {
  method: string;
  /** Express-like pattern: `/api/v1/apps/:appId/grants`. */
  pattern: string;
  /** Operation id in the derived Okta spec, used to validate request bodies. */
  operationId?: string;
  auth: RouteAuth;
  /** Rate-limit bucket name (Okta limits per endpoint family). */
  bucket: string;
  handler: Handler;
}
