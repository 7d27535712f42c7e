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

/**
 * node-fetch 2 (the SDK's fetch) notices a connection that closes mid-body only for chunked
 * answers; with a Content-Length it waits for the missing bytes until the request timeout. This
 * reports the close on the request, which node-fetch turns into an error of the response body.
 * `addRequest` is Agent's hook for every request it serves (agent-base and the proxy agents
 * override it too); it is not in Node's type definitions.
 */
function watchBodies(agent: HttpAgent): HttpAgent {
  const original = (HttpAgent.prototype as unknown as { addRequest: AddRequest }).addRequest;
  (agent as unknown as { addRequest: AddRequest }).addRequest = function (req, options) {
    req.once("response", (res: IncomingMessage) => {
      res.once("close", () => {
        if (!res.complete) req.emit("error", new PrematureCloseError());
      });
    });
    original.call(this, req, options);
  };
  return agent;
}

/** A keep-alive agent like Node's global one (connections are reused), that fails truncated answers at once. */
export function createOrgAgent(orgUrl: string): HttpAgent {
  const options = { keepAlive: true, timeout: 5000, scheduling: "lifo" as const };
  return watchBodies(orgUrl.startsWith("https:") ? new HttpsAgent(options) : new HttpAgent(options));
}
