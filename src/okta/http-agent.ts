import { Agent as HttpAgent, type ClientRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent } from "node:https";

/** The error a response gets when its connection closed before the announced body arrived. */
export class PrematureCloseError extends Error {
  readonly code = "ERR_STREAM_PREMATURE_CLOSE";
  constructor() {
    super("Premature close: the connection closed before the whole answer arrived");
  }
}

type AddRequest = (this: HttpAgent, req: ClientRequest, options: unknown) => void;

/** One attempt waited longer than the per-request timeout (node-fetch reports it as the cause). */
export class AttemptTimeoutError extends Error {
  readonly code = "ETIMEDOUT";
  constructor(ms: number) {
    super(`network timeout: no answer within ${ms} ms`);
  }
}

/**
 * node-fetch 2 (the SDK's fetch) notices a connection that closes mid-body only for chunked
 * answers; with a Content-Length it waits for the missing bytes until the request timeout. This
 * reports the close on the request, which node-fetch turns into an error of the response body.
 * `addRequest` is Agent's hook for every request it serves (agent-base and the proxy agents
 * override it too); it is not in Node's type definitions.
 */
function watchBodies<A>(agent: A, attemptTimeoutMs: number): A {
  const target = agent as unknown as { addRequest: AddRequest };
  const original = target.addRequest;
  target.addRequest = function (req, options) {
    // Bounds each attempt on its own; the SDK's requestTimeout is the budget for all 429 retries.
    req.setTimeout(attemptTimeoutMs, () => req.destroy(new AttemptTimeoutError(attemptTimeoutMs)));
    req.once("response", (res: IncomingMessage) => {
      res.once("close", () => {
        if (!res.complete) req.emit("error", new PrematureCloseError());
      });
    });
    original.call(this, req, options);
  };
  return agent;
}

/**
 * A keep-alive agent like Node's global one (connections are reused), or the given proxy agent, that
 * fails truncated answers at once and bounds every attempt by `attemptTimeoutMs`.
 */
export function createOrgAgent(orgUrl: string, attemptTimeoutMs: number, proxyAgent?: unknown): unknown {
  if (proxyAgent) return watchBodies(proxyAgent, attemptTimeoutMs);
  const options = { keepAlive: true, timeout: 5000, scheduling: "lifo" as const };
  return watchBodies(orgUrl.startsWith("https:") ? new HttpsAgent(options) : new HttpAgent(options), attemptTimeoutMs);
}
