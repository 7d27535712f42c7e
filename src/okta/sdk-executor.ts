// The Okta SDK's DefaultRequestExecutor: 429 retries after X-Rate-Limit-Reset, the X-Okta-Retry-*
// headers and the request timeout, over node-fetch. Imported statically (not through createRequire)
// so that the bundle carries it: loading it from node_modules cost ~12 CommonJS modules and the
// parse of a 260 KB JSON table node-fetch never uses on Node ≥ 10 (bin/build.mjs).
import { DefaultRequestExecutor as SdkDefaultRequestExecutor } from "@okta/okta-sdk-nodejs/src/default-request-executor.js";
import type { ResetReadingExecutor } from "./rate-limit-headers.js";

/** What we use of the answers of the SDK's executor (node-fetch Responses). */
export interface SdkResponse {
  status: number;
  ok: boolean;
  url: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** What we use of the executor (and what rate-limit-headers.ts replaces on it). */
export interface SdkExecutor extends ResetReadingExecutor {
  fetch(request: { url: string; method: string; headers: Record<string, string>; body?: string; agent?: unknown; startTime?: Date; timeout?: number }): Promise<SdkResponse>;
  on(event: "backoff", listener: (request: unknown, response: unknown, requestId: string, delayMs: number) => void): void;
}

export function createSdkExecutor(config: { maxRetries: number; requestTimeout: number }): SdkExecutor {
  return new SdkDefaultRequestExecutor(config) as SdkExecutor;
}
