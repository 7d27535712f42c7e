import { createRequire } from "node:module";
import { afterEach } from "vitest";
import type * as OktaSdk from "@okta/okta-sdk-nodejs";
import { createSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";

const require = createRequire(import.meta.url);

/** Starts a sandbox for one test and closes it afterwards; response checking against the spec is on. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await createSandbox({ checkResponses: true, ...options });
  afterEach(() => sandbox.close());
  return sandbox;
}

/** The real Okta SDK Client, configured explicitly with its GET cache off (as our tests require). */
export function sdkClient(sandbox: Sandbox, overrides: Record<string, unknown> = {}) {
  const okta = require("@okta/okta-sdk-nodejs") as typeof OktaSdk;
  return new okta.Client({
    orgUrl: sandbox.orgUrl,
    token: sandbox.apiToken,
    authorizationMode: "SSWS",
    cacheMiddleware: null,
    requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 2, requestTimeout: 10_000 }),
    ...overrides,
  });
}

/** A raw JSON call with the sandbox's SSWS token. */
export async function raw(sandbox: Sandbox, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(sandbox.orgUrl + path, {
    method,
    headers: {
      Authorization: `SSWS ${sandbox.apiToken}`,
      Accept: "application/json",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json: json as Record<string, unknown> & unknown[], text };
}
