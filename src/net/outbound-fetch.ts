// One transport policy for every request that is not an Okta management call (those go through
// OktaTransport): doctor's discovery, key and token calls, and OpenMetadata's API. Node's global
// fetch ignores HTTPS_PROXY/NO_PROXY, so a run behind a corporate proxy reached Okta's admin API but
// not its token endpoint. Requests here take the same road as the Okta calls: the SDK's own
// RequestExecutor (node-fetch) with createOrgAgent (truncated bodies fail at once) and proxyAgentFor
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, never for loopback). TLS goes through Node's https module,
// which trusts NODE_EXTRA_CA_CERTS like every other call.
//
// Speed (issue 12): the executor is imported statically, so the bundle carries node-fetch without
// the 260 KB URL polyfill table it would parse when required from node_modules (bin/build.mjs), and
// the answer is a small buffered object rather than a WHATWG Response: Node 20 loads its whole fetch
// implementation (undici, ~20 ms) the first time anything touches Response or Headers.
import SdkRequestExecutor from "@okta/okta-sdk-nodejs/src/request-executor.js";
import { createOrgAgent } from "../okta/http-agent.js";
import { proxyAgentFor } from "../okta/proxy.js";

/** What a request may carry: the subset of RequestInit our callers use (the global fetch accepts it too). */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  redirect?: "follow" | "manual";
}

/** What callers read of an answer: the subset of Response they use (a WHATWG Response has it too). */
export interface FetchedAnswer {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** A fetch as our callers use it; the global fetch fits (tests pass it or a fake). */
export type FetchLike = (url: string, init?: FetchInit) => Promise<FetchedAnswer>;

interface NodeFetchResponse {
  status: number;
  statusText: string;
  headers: { raw(): Record<string, string[]> };
  text(): Promise<string>;
}

/** No answer within this long is a network timeout; callers bound whole calls with their own signal. */
const ATTEMPT_TIMEOUT_MS = 60_000;

/** An answer whose body has been read whole; headers are matched case-insensitively, as Headers does. */
class BufferedAnswer implements FetchedAnswer {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };

  constructor(
    readonly status: number,
    readonly statusText: string,
    raw: Record<string, string[]>,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status <= 299;
    const byName = new Map(Object.entries(raw).map(([name, values]) => [name.toLowerCase(), values.join(", ")]));
    this.headers = { get: (name) => byName.get(name.toLowerCase()) ?? null };
  }

  text(): Promise<string> {
    return Promise.resolve(this.body);
  }

  /** Like Response.json(): a SyntaxError (rejected) when the body is not JSON. */
  json(): Promise<unknown> {
    return new Promise((resolve) => resolve(JSON.parse(this.body)));
  }
}

/**
 * A fetch for the given environment's proxy settings. The answer has the whole body read; failures
 * look like the global fetch's (a TypeError whose `cause.code` says why, or the signal's reason when
 * it was aborted), so callers need not know which fetch they hold.
 */
export function outboundFetch(env: Record<string, string | undefined>): FetchLike {
  const executor = new SdkRequestExecutor();
  const agents = new Map<string, unknown>();
  const agentFor = (url: URL): unknown => {
    let agent = agents.get(url.origin);
    if (!agent) {
      agent = createOrgAgent(url.origin, ATTEMPT_TIMEOUT_MS, proxyAgentFor(url.origin, env));
      agents.set(url.origin, agent);
    }
    return agent;
  };
  return async (input, init = {}) => {
    const url = new URL(input);
    const signal = init.signal;
    try {
      const res = (await executor.fetch({
        url: url.href,
        method: init.method ?? "GET",
        headers: init.headers,
        body: init.body,
        redirect: init.redirect ?? "follow",
        signal,
        agent: agentFor(url),
      })) as NodeFetchResponse;
      return new BufferedAnswer(res.status, res.statusText, res.headers.raw(), await res.text());
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      // node-fetch's message quotes the whole URL (a query may hold a secret): keep only the code.
      const code = (err as { code?: string }).code ?? (err as { errno?: string }).errno;
      throw new TypeError("fetch failed", { cause: { code, message: code ?? (err as Error).name } });
    }
  };
}
