// One transport policy for every request that is not an Okta management call (those go through
// OktaTransport): doctor's discovery, key and token calls, and OpenMetadata's API. Node's global
// fetch ignores HTTPS_PROXY/NO_PROXY, so a run behind a corporate proxy reached Okta's admin API but
// not its token endpoint. Requests here take the same road as the Okta calls: node-fetch (the SDK's
// fetch) with createOrgAgent (truncated bodies fail at once) and proxyAgentFor (HTTPS_PROXY,
// HTTP_PROXY, NO_PROXY, never for loopback). TLS goes through Node's https module, which trusts
// NODE_EXTRA_CA_CERTS like every other call.
import { createRequire } from "node:module";
import { createOrgAgent } from "../okta/http-agent.js";
import { proxyAgentFor } from "../okta/proxy.js";

const require = createRequire(import.meta.url);

interface NodeFetchResponse {
  status: number;
  statusText: string;
  headers: { raw(): Record<string, string[]> };
  text(): Promise<string>;
}

type NodeFetch = (url: string, init: Record<string, unknown>) => Promise<NodeFetchResponse>;

/** Statuses whose Response may not have a body (the WHATWG constructor throws otherwise). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** No answer within this long is a network timeout; callers bound whole calls with their own signal. */
const ATTEMPT_TIMEOUT_MS = 60_000;

/**
 * A `fetch` for the given environment's proxy settings. The answer is a standard Response with the
 * whole body read; failures look like the global fetch's (a TypeError whose `cause.code` says why,
 * or the signal's reason when it was aborted), so callers need not know which fetch they hold.
 */
export function outboundFetch(env: Record<string, string | undefined>): typeof fetch {
  const sdkRequire = createRequire(require.resolve("@okta/okta-sdk-nodejs"));
  const nodeFetch = sdkRequire("node-fetch") as NodeFetch;
  const agents = new Map<string, unknown>();
  const agentFor = (url: URL): unknown => {
    let agent = agents.get(url.origin);
    if (!agent) {
      agent = createOrgAgent(url.origin, ATTEMPT_TIMEOUT_MS, proxyAgentFor(url.origin, env));
      agents.set(url.origin, agent);
    }
    return agent;
  };
  return async (input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const signal = init.signal ?? undefined;
    try {
      const res = await nodeFetch(url.href, {
        method: init.method ?? "GET",
        headers: init.headers,
        body: init.body,
        redirect: init.redirect ?? "follow",
        signal,
        agent: agentFor(url),
      });
      const text = await res.text();
      const headers = new Headers();
      for (const [name, values] of Object.entries(res.headers.raw())) for (const value of values) headers.append(name, value);
      return new Response(NULL_BODY.has(res.status) || text === "" ? null : text, { status: res.status, statusText: res.statusText, headers });
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      // node-fetch's message quotes the whole URL (a query may hold a secret): keep only the code.
      const code = (err as { code?: string }).code ?? (err as { errno?: string }).errno;
      throw new TypeError("fetch failed", { cause: { code, message: code ?? (err as Error).name } });
    }
  };
}
