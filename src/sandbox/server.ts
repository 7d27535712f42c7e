import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import { authenticate } from "./management-auth.js";
import { safeDecode } from "./safe-decode.js";
import { oktaError, oktaErrorBody, SandboxHttpError } from "./okta-errors.js";
import type { FaultAction, FaultTable } from "./faults.js";
import type { RateLimiter, RateLimitVerdict } from "./rate-limit.js";
import { oktaBucket } from "./rate-limit-plans.js";
import type { RequestLog } from "./request-log.js";
import type { Router } from "./router.js";
import type { AccessTokenVerifier } from "./oauth/access-token-verifier.js";
import type { HandlerContext, Route, SandboxReply, SandboxRequest } from "./types.js";

const MAX_BODY_BYTES = 1_000_000;

/** Everything one request needs from the running sandbox. */
export interface Pipeline {
  router: Router;
  faults: FaultTable;
  limiter: RateLimiter;
  log: RequestLog;
  apiToken: string;
  latencyMs: () => number;
  context: () => Omit<HandlerContext, "principal">;
  verifyAccessToken: AccessTokenVerifier;
  /** Validates a JSON/form body against the route's operation in Okta's spec; throws SandboxHttpError. */
  validateBody: (route: Route, req: SandboxRequest) => Promise<void>;
  /** Called with every JSON reply of a routed request (tests check them against the spec). */
  onReply?: (route: Route, req: SandboxRequest, reply: SandboxReply) => void;
  /** Whether a request is the sandbox's own server-to-server hop (HandlerContext.serverFetch): no --latency. */
  isServerHop?: (headers: IncomingMessage["headers"]) => boolean;
  /** Okta feature gate: routes that need API Access Management answer E0000015 when it is off. */
  isRouteEnabled: (route: Route, req: SandboxRequest) => boolean;
  tls: boolean;
}

/** The header that marks a server-to-server hop (Pipeline.isServerHop); its value is the sandbox's secret mark. */
export const SERVER_HOP_HEADER = "x-sandbox-server-hop";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Absolute URLs are built from the Host header (and X-Forwarded-Proto), so they survive proxies. */
function requestOrigin(req: IncomingMessage, tls: boolean): string {
  const forwarded = req.headers["x-forwarded-proto"];
  const proto = typeof forwarded === "string" && forwarded ? forwarded.split(",")[0]!.trim() : tls ? "https" : "http";
  const socket = req.socket;
  const host = req.headers.host ?? `${socket.localAddress ?? "127.0.0.1"}:${socket.localPort ?? 80}`;
  return `${proto}://${host}`;
}

function serialise(reply: SandboxReply): { body: Buffer; contentType?: string } {
  if (reply.text !== undefined) return { body: Buffer.from(reply.text), contentType: reply.contentType ?? "text/plain" };
  if (reply.json !== undefined) return { body: Buffer.from(JSON.stringify(reply.json)), contentType: reply.contentType ?? "application/json" };
  return { body: Buffer.alloc(0) };
}

function faultReply(action: FaultAction, nowMs: number): SandboxReply | undefined {
  switch (action.type) {
    case "status":
      return { status: action.status, json: action.text === undefined ? action.json : undefined, text: action.text, contentType: action.contentType, headers: action.headers };
    case "rate-limit": {
      // Reset = Date − 1 s makes the SDK retry at once (its wait is reset − Date + 1 s).
      const reset = Math.floor(nowMs / 1000) + (action.resetInSeconds ?? -1);
      return { status: 429, json: oktaErrorBody("E0000047"), headers: { "x-rate-limit-limit": "600", "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(reset) } };
    }
    case "html":
      return { status: action.status ?? 502, text: "<html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>", contentType: "text/html" };
    default:
      return undefined;
  }
}

/** Builds the node:http(s) server that runs every request through the pipeline. */
export function createSandboxServer(pipeline: Pipeline, tlsOptions?: { cert: string; key: string }): Server {
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void handle(pipeline, req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify(oktaErrorBody("E0000009")));
      } else {
        res.destroy();
      }
    });
  };
  const server = tlsOptions ? createHttpsServer({ cert: tlsOptions.cert, key: tlsOptions.key }, handler) : createHttpServer(handler);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // close() must not wait for hung requests or idle keep-alive sockets.
  const close = server.close.bind(server);
  server.close = (callback?: (err?: Error) => void) => {
    for (const socket of sockets) socket.destroy();
    return close(callback);
  };
  return server;
}

async function handle(pipeline: Pipeline, rawReq: IncomingMessage, res: ServerResponse): Promise<void> {
  const admitted = pipeline.limiter.enter();
  try {
    await handleAdmitted(pipeline, rawReq, res, admitted);
  } finally {
    pipeline.limiter.leave();
  }
}

/**
 * A request over the concurrency limit: REAL-ORG.md ("Concurrency limit") says it sends
 * `X-Rate-Limit-Limit: 0`, `X-Rate-Limit-Remaining: 0`, and a Reset that is only an estimate.
 */
function concurrencyReply(nowMs: number): SandboxReply {
  return {
    status: 429,
    json: oktaErrorBody("E0000047"),
    headers: { "x-rate-limit-limit": "0", "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(Math.floor(nowMs / 1000) + 1) },
  };
}

async function handleAdmitted(pipeline: Pipeline, rawReq: IncomingMessage, res: ServerResponse, admitted: boolean): Promise<void> {
  const started = Date.now();
  const url = new URL(rawReq.url ?? "/", "http://sandbox.invalid");
  const body = await readBody(rawReq);
  const req: SandboxRequest = {
    method: (rawReq.method ?? "GET").toUpperCase(),
    path: safeDecode(url.pathname, decodeURI),
    query: url.searchParams,
    headers: rawReq.headers,
    body,
    origin: requestOrigin(rawReq, pipeline.tls),
    params: {},
    requestId: randomUUID().replace(/-/g, "").slice(0, 24),
  };
  const serverHop = pipeline.isServerHop?.(rawReq.headers) === true;
  const latency = pipeline.latencyMs();
  if (latency > 0 && !serverHop) await sleep(latency);

  const fault = pipeline.faults.take(req.method, req.path);
  const logEntry = (status: number, faultName?: string): void => {
    pipeline.log.record({
      time: new Date(started).toISOString(),
      method: req.method,
      path: req.path,
      query: req.query,
      status,
      durationMs: Date.now() - started,
      authorization: typeof req.headers.authorization === "string" ? req.headers.authorization : undefined,
      body,
      contentType: req.headers["content-type"],
      fault: faultName,
      retryCount: typeof req.headers["x-okta-retry-count"] === "string" ? req.headers["x-okta-retry-count"] : undefined,
      ...(serverHop ? { serverHop: true as const } : {}),
    });
  };

  if (fault?.type === "hang") {
    logEntry(0, "hang");
    return; // the socket stays open until the client gives up or the sandbox closes
  }
  if (fault?.type === "reset") {
    logEntry(0, "reset");
    rawReq.socket.resetAndDestroy();
    return;
  }
  if (fault?.type === "delay") await sleep(fault.ms);

  let reply: SandboxReply;
  let route: Route | undefined;
  // One clock for the Date header and any X-Rate-Limit-Reset derived from it: the SDK waits
  // `reset − Date + 1 s` (API-NOTES §3.3), so a 429 with reset = Date − 1 must retry at once.
  const replyAt = Date.now();
  const injected = fault ? faultReply(fault, replyAt) : undefined;
  if (injected) {
    // An injected Okta error still carries Okta's rate-limit headers (sent on every response);
    // only the proxy-style HTML page does not.
    reply = fault?.type === "status" ? { ...injected, headers: { ...rateHeaders(pipeline, req, replyAt), ...(injected.headers ?? {}) } } : injected;
  } else if (!admitted && !req.path.startsWith("/__sandbox")) {
    reply = concurrencyReply(replyAt);
  } else {
    const result = await routeRequest(pipeline, req);
    reply = result.reply;
    route = result.route;
  }
  if (route && !injected && pipeline.onReply && reply.json !== undefined) pipeline.onReply(route, req, reply);

  const { body: payload, contentType } = serialise(reply);
  const headers: Record<string, string | string[]> = {
    date: new Date(replyAt).toUTCString(),
    "x-okta-request-id": req.requestId,
    ...(contentType ? { "content-type": contentType } : {}),
    ...lowerKeys(reply.headers),
  };
  logEntry(reply.status, fault?.type);
  if (fault?.type === "truncate" && payload.length > 1) {
    res.writeHead(reply.status, { ...headers, "content-length": String(payload.length) });
    res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.destroy());
    return;
  }
  res.writeHead(reply.status, { ...headers, "content-length": String(payload.length) });
  res.end(payload);
}

function lowerKeys(headers: Record<string, string | string[]> | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(headers ?? {})) out[key.toLowerCase()] = value;
  return out;
}

function headersOf(verdict: RateLimitVerdict): Record<string, string> {
  return {
    "x-rate-limit-limit": String(verdict.limit),
    "x-rate-limit-remaining": String(verdict.remaining),
    "x-rate-limit-reset": String(verdict.reset),
  };
}

/** Counts the request against its route's bucket and returns the X-Rate-Limit-* headers. */
function rateHeaders(pipeline: Pipeline, req: SandboxRequest, nowMs: number): Record<string, string> {
  const match = pipeline.router.match(req.method, req.path);
  return headersOf(pipeline.limiter.take(oktaBucket(typeof match === "object" ? match.route.bucket : "default", req.path), nowMs));
}

/** Routing, rate limiting, auth, validation and the handler; every failure becomes an Okta-shaped reply. */
async function routeRequest(pipeline: Pipeline, req: SandboxRequest): Promise<{ reply: SandboxReply; route?: Route }> {
  const match = pipeline.router.match(req.method, req.path);
  const route = typeof match === "object" ? match.route : undefined;
  // Okta sends the rate-limit headers on every response, errors included.
  const verdict = pipeline.limiter.take(oktaBucket(route?.bucket ?? "default", req.path), Date.now());
  const limitHeaders = headersOf(verdict);
  const withRate = (reply: SandboxReply): SandboxReply => ({ ...reply, headers: { ...limitHeaders, ...(reply.headers ?? {}) } });
  if (match === "method-not-allowed") {
    return { reply: withRate({ status: 405, json: oktaErrorBody("E0000022") }) };
  }
  if (!match || !route) {
    return { reply: withRate({ status: 404, json: oktaErrorBody("E0000007", [req.path, "Resource"]) }) };
  }
  req.params = match.params;
  if (verdict.exceeded) {
    return { reply: withRate({ status: 429, json: oktaErrorBody("E0000047") }), route };
  }
  try {
    const state = pipeline.context().state;
    const principal = await authenticate(req, route.auth, pipeline.apiToken, state.adminUserId, pipeline.verifyAccessToken);
    if (!pipeline.isRouteEnabled(route, req)) throw oktaError("E0000015");
    await pipeline.validateBody(route, req);
    const reply = await route.handler(req, { ...pipeline.context(), principal });
    return { reply: withRate(reply), route };
  } catch (err) {
    if (err instanceof SandboxHttpError) return { reply: withRate(err.reply), route };
    return { reply: withRate({ status: 500, json: oktaErrorBody("E0000009") }), route };
  }
}
