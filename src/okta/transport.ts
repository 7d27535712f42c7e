import { createRequire } from "node:module";
import { release, platform } from "node:os";
import type { Secret } from "../secret.js";
import { packageVersion } from "../version.js";
import { createOrgAgent } from "./http-agent.js";
import { OktaApiError, OktaNetworkError, type OktaErrorBody } from "./okta-errors.js";
import { proxyAgentFor } from "./proxy.js";
import { createSdkExecutor, type SdkExecutor, type SdkResponse } from "./sdk-executor.js";
import { requireCredentialSafeOrgUrl } from "../options/org-url.js";
import { tolerateDuplicateResetHeader } from "./rate-limit-headers.js";

const require = createRequire(import.meta.url);

/** How init authenticates to the management API. */
export type OktaCredentials =
  | { kind: "token"; token: Secret }
  | { kind: "oauth"; clientId: string; privateJwk: Record<string, unknown>; keyId?: string; scopes: string[] };

export interface OktaTransportOptions {
  orgUrl: string;
  credentials: OktaCredentials;
  /** Bounds each attempt (no answer within it: a network timeout). */
  timeoutMs?: number;
  /**
   * Bounds a call with all its 429 retries (the SDK's requestTimeout). Okta's X-Rate-Limit-Reset is the
   * end of a one-minute window, so this must be well over a minute.
   */
  retryBudgetMs?: number;
  /** 429 retries (the SDK's maxRetries). */
  maxRetries?: number;
  env?: Record<string, string | undefined>;
  /** Called after every request; used for --debug and request counting. Never sees bodies or headers. */
  onResponse?: (entry: { method: string; path: string; status: number; ms: number }) => void;
  /** Called when the SDK backs off after a 429. */
  onBackoff?: (delayMs: number) => void;
}

export interface OktaResponse<T> {
  status: number;
  json: T;
  headers: { get(name: string): string | null };
}

interface SdkRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  agent?: unknown;
  /** Set before the SDK sees the request, so the SDK does not turn its 429 budget into a fetch timeout. */
  startTime?: Date;
  timeout?: number;
}


/**
 * Okta management calls through the SDK's own transport: its DefaultRequestExecutor (429 retries
 * with X-Rate-Limit-Reset, X-Okta-Retry-* headers, request timeout) and, for OAuth for Okta, its
 * OAuth + Http classes (client assertion, DPoP). We deliberately do not construct the SDK's Client:
 * that loads ~900 generated model files (about 0.6 s) and its serializer silently drops fields it
 * does not model, which would corrupt GET-merge-PUT updates. We send Okta's wire JSON as is.
 */
export class OktaTransport {
  readonly orgUrl: string;
  readonly stats = { requests: 0, writes: 0 };
  private readonly executor: SdkExecutor;
  private readonly headers: Record<string, string>;
  private readonly prepare?: (request: SdkRequest) => Promise<void>;
  private readonly agent: unknown;

  constructor(private readonly options: OktaTransportOptions) {
    // Defence in depth: callers validate with their own source names first; this is the choke point.
    this.orgUrl = requireCredentialSafeOrgUrl(options.orgUrl, "Okta org URL");
    const attemptMs = options.timeoutMs ?? 30_000;
    this.executor = createSdkExecutor({ maxRetries: options.maxRetries ?? 2, requestTimeout: options.retryBudgetMs ?? Math.max(150_000, 4 * attemptMs) });
    tolerateDuplicateResetHeader(this.executor);
    this.executor.on("backoff", (_req, _res, _id, delayMs) => options.onBackoff?.(delayMs));
    // Every request the SDK sends, ours, its 429 retries and its own OAuth token calls, goes through
    // here. The SDK hands its 429 budget to node-fetch as the request's `timeout`, and node-fetch does
    // not clear that timer when a body fails (a truncated answer kept the process alive for 150 s): the
    // budget is still enforced by the executor from `startTime`, and each attempt is bounded by our
    // agent, which the SDK's token request would otherwise go without (no proxy, no attempt timeout).
    const sdkFetch = this.executor.fetch.bind(this.executor);
    this.executor.fetch = (request) => sdkFetch({ agent: this.agent, ...request, startTime: request.startTime ?? new Date(), timeout: 0 });
    const sdkVersion = (require("@okta/okta-sdk-nodejs/package.json") as { version: string }).version;
    this.headers = {
      Accept: "application/json",
      "User-Agent": `okta-om-setup/${packageVersion()} @okta/okta-sdk-nodejs/${sdkVersion} node/${process.versions.node} ${platform()}/${release()}`,
    };
    this.agent = createOrgAgent(this.orgUrl, attemptMs, proxyAgentFor(this.orgUrl, options.env ?? process.env));
    const credentials = options.credentials;
    if (credentials.kind === "token") {
      this.headers.Authorization = `SSWS ${credentials.token.reveal()}`;
    } else {
      this.prepare = createOAuthPreparer(this.orgUrl, credentials, this.executor);
    }
  }

  /** One JSON call. Non-2xx answers become OktaApiError with Okta's own code and texts. */
  async request<T>(method: string, pathOrUrl: string, body?: unknown): Promise<OktaResponse<T>> {
    const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${this.orgUrl}${pathOrUrl}`;
    const path = url.slice(this.orgUrl.length) || "/";
    const request: SdkRequest = {
      url,
      method,
      headers: { ...this.headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      ...(this.agent ? { agent: this.agent } : {}),
    };
    const started = Date.now();
    const { response, text } = await this.send(request, method === "GET");
    this.stats.requests += 1;
    if (method !== "GET") this.stats.writes += 1;
    this.options.onResponse?.({ method, path: path.split("?")[0] ?? path, status: response.status, ms: Date.now() - started });
    let json: unknown;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        throw new OktaNetworkError(
          `${method} ${path} answered HTTP ${response.status} with something that is not JSON (${text.slice(0, 60).replace(/\s+/g, " ")}…). Is ${this.orgUrl} an Okta org?`,
        );
      }
    }
    if (response.status < 200 || response.status >= 300) {
      throw new OktaApiError(method, path.split("?")[0] ?? path, response.status, json as OktaErrorBody | undefined);
    }
    return { status: response.status, json: json as T, headers: response.headers };
  }

  /** Follows Okta's absolute `Link: <…>; rel="next"` headers and concatenates the pages. */
  async list<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    for (let page = 0; next && page < 100; page++) {
      const response: OktaResponse<T[]> = await this.request<T[]>("GET", next);
      items.push(...(Array.isArray(response.json) ? response.json : []));
      next = nextLink(response.headers.get("link"), this.orgUrl);
    }
    return items;
  }

  /** Sends and reads the whole answer; reads that died on the wire are tried once more. */
  private async send(request: SdkRequest, idempotent: boolean): Promise<{ response: SdkResponse; text: string }> {
    try {
      return await this.attempt(request);
    } catch (err) {
      if (err instanceof OktaApiError || err instanceof OktaNetworkError) throw err;
      // Writes are never replayed blindly: the first one may have reached Okta.
      if (idempotent && isTransient(err)) {
        try {
          return await this.attempt({ ...request });
        } catch (again) {
          throw networkError(again, request, this.orgUrl);
        }
      }
      throw networkError(err, request, this.orgUrl);
    }
  }

  private async attempt(request: SdkRequest): Promise<{ response: SdkResponse; text: string }> {
    if (this.prepare) await this.prepare(request);
    const response = await this.executor.fetch(request);
    return { response, text: await response.text() };
  }
}

function isTransient(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === "ECONNRESET" || code === "EPIPE" || code === "ERR_STREAM_PREMATURE_CLOSE" || /socket hang up|premature close/i.test((err as Error).message ?? "");
}

function networkError(err: unknown, request: SdkRequest, orgUrl: string): OktaNetworkError {
  const message = (err as Error).message ?? String(err);
  const path = request.url.slice(orgUrl.length);
  if (/429 retry delay would exceed/i.test(message)) {
    return new OktaNetworkError(`${request.method} ${path} was rate limited by Okta, and the wait it asked for is longer than the retry budget (OKTA_OM_RETRY_BUDGET_MS, default 150 s).`, err);
  }
  if (/timeout|time exceeded/i.test(message)) return new OktaNetworkError(`${request.method} ${path} timed out waiting for ${orgUrl}.`, err);
  if (/premature close/i.test(message)) return new OktaNetworkError(`The connection to ${orgUrl} broke while reading the answer to ${request.method} ${path}.`, err);
  if (/ECONNREFUSED/.test(message)) return new OktaNetworkError(`Could not connect to ${orgUrl} (connection refused).`, err);
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return new OktaNetworkError(`Could not resolve the host of ${orgUrl}.`, err);
  return new OktaNetworkError(`${request.method} ${path} failed: ${message.replace(/https?:\/\/\S+/g, "<url>")}`, err);
}

/** The `rel="next"` URL of a Link header, only when it points at the same org. */
export function nextLink(header: string | null, orgUrl: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1] && match[1].startsWith(orgUrl)) return match[1];
  }
  return undefined;
}

/**
 * OAuth for Okta via the SDK's OAuth class (client assertion, DPoP nonce dance, token cache) and its
 * Http.prepareRequest, which sets `Authorization: Bearer|DPoP` and the DPoP proof per request.
 */
function createOAuthPreparer(orgUrl: string, credentials: Extract<OktaCredentials, { kind: "oauth" }>, executor: SdkExecutor) {
  const { OAuth } = require("@okta/okta-sdk-nodejs/src/oauth.js") as { OAuth: new (client: unknown) => unknown };
  const { Http } = require("@okta/okta-sdk-nodejs/src/http.js") as {
    Http: new (config: unknown) => { prepareRequest(request: SdkRequest): Promise<void> };
  };
  const clientLike = {
    clientId: credentials.clientId,
    scopes: credentials.scopes,
    privateKey: credentials.privateJwk,
    keyId: credentials.keyId,
    baseUrl: orgUrl,
    requestExecutor: executor,
  };
  const http = new Http({ requestExecutor: executor, oauth: new OAuth(clientLike), cacheMiddleware: null });
  return (request: SdkRequest) => http.prepareRequest(request);
}
