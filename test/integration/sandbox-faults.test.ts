// Test hooks: latency, deterministic fault rules (status, 429, hang, reset, truncate, HTML 5xx,
// delay) matched by method, path and call number; the admin routes; the JSONL request log with
// secrets redacted; state save/load/reset.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DefaultRequestExecutor } from "@okta/okta-sdk-nodejs";
import { describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { raw, sdkClient, startSandbox } from "../helpers/sandbox.js";
import { spaAppBody, webAppBody } from "../helpers/okta-payloads.js";

const tempDir = (): string => mkdtempSync(join(tmpdir(), "sandbox-faults-"));
const E0000009 = { errorCode: "E0000009", errorSummary: "Internal Server Error", errorLink: "E0000009", errorId: "oaeSandboxFault0000000001", errorCauses: [] };
const webApp = webAppBody;

async function timed<T>(run: () => Promise<T>): Promise<number> {
  const started = Date.now();
  await run();
  return Date.now() - started;
}

/** The error a failed fetch reports, with its low-level cause code. */
async function fetchFailure(promise: Promise<unknown>): Promise<{ name: string; code?: string }> {
  try {
    await promise;
  } catch (err) {
    const error = err as Error & { cause?: { code?: string } };
    return { name: error.name, code: error.cause?.code };
  }
  throw new Error("the request did not fail");
}

describe("latency", () => {
  it("delays every response by the configured time, changeable at run time, and per request with a delay rule", async () => {
    const sandbox = await startSandbox({ latencyMs: 300 });
    expect(await timed(() => raw(sandbox, "GET", "/api/v1/apps"))).toBeGreaterThanOrEqual(295);
    sandbox.setLatency(0);
    sandbox.faults.add({ method: "GET", path: "/api/v1/groups", action: { type: "delay", ms: 300 } });
    expect(await timed(() => raw(sandbox, "GET", "/api/v1/groups"))).toBeGreaterThanOrEqual(295);
    expect(await timed(() => raw(sandbox, "GET", "/api/v1/apps"))).toBeLessThan(295);
  });

  it("delays callers only: the OpenMetadata stand-in's own lookups at the org are server-to-server hops inside the sandbox", async () => {
    const sandbox = await startSandbox();
    sandbox.state.openMetadata.version = "2.0.2";
    const admin = await sandbox.openMetadataAdminToken();
    const spa = (await raw(sandbox, "POST", "/api/v1/apps", spaAppBody(sandbox.openMetadataUrl))).json as unknown as { credentials: { oauthClient: { client_id: string } } };
    // The default server makes its signing key on first use (up to ~0.3 s on a busy machine): made
    // now, so that the timings below are latency alone.
    await raw(sandbox, "GET", "/oauth2/default/v1/keys");
    sandbox.requests.length = 0;
    sandbox.setLatency(300);
    const issuer = `${sandbox.orgUrl}/oauth2/default`;
    const config = {
      authenticationConfiguration: { clientType: "public", provider: "okta", providerName: "Okta", publicKeyUrls: [`${issuer}/v1/keys`], authority: issuer, clientId: spa.credentials.oauthClient.client_id, callbackUrl: `${sandbox.openMetadataUrl}/callback`, jwtPrincipalClaims: ["email"] },
      authorizerConfiguration: { className: "org.openmetadata.service.security.DefaultAuthorizer", containerRequestFilter: "org.openmetadata.service.security.JwtFilter", adminPrincipals: ["admin"], principalDomain: "sandbox.example" },
    };
    let verdict: unknown;
    const took = await timed(async () => {
      const res = await fetch(`${sandbox.openMetadataUrl}/api/v1/system/security/validate`, { method: "POST", headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" }, body: JSON.stringify(config) });
      verdict = await res.json();
    });
    expect(verdict).toMatchObject({ status: "success" });
    // The validator's discovery, introspection and keys lookups (VERSIONS.md) went over HTTP and are
    // logged, but only the caller's request waited the 300 ms.
    const hops = sandbox.requests.filter((r) => r.path.startsWith("/oauth2/default/"));
    expect(hops.map((r) => r.path)).toEqual(["/oauth2/default/.well-known/openid-configuration", "/oauth2/default/v1/introspect", "/oauth2/default/v1/keys"]);
    expect(hops.every((r) => r.durationMs < 295 && r.serverHop === true)).toBe(true);
    expect(took).toBeGreaterThanOrEqual(295);
    expect(took).toBeLessThan(3 * 295);
    // A caller cannot skip the latency by sending the header: its value is the sandbox's secret mark.
    expect(await timed(() => raw(sandbox, "GET", "/oauth2/default/v1/keys", undefined, { "x-sandbox-server-hop": "a-guess" }))).toBeGreaterThanOrEqual(295);
  });
});

describe("fault rules", () => {
  it("status: answers the given status and body, with Okta's rate-limit headers", async () => {
    const sandbox = await startSandbox();
    sandbox.faults.add({ method: "POST", path: "/api/v1/apps", action: { type: "status", status: 503, json: E0000009 } });
    const res = await raw(sandbox, "POST", "/api/v1/apps", webApp("Faulted"));
    expect(res.status).toBe(503);
    expect(res.json).toEqual(E0000009);
    expect(res.headers.get("x-rate-limit-remaining")).toMatch(/^\d+$/);
    expect(sandbox.state.apps).toEqual({}); // the handler never ran
  });

  it("rate-limit: 429 E0000047 with X-Rate-Limit-Reset this many seconds after Date", async () => {
    const sandbox = await startSandbox();
    sandbox.faults.add({ path: "/api/v1/apps", action: { type: "rate-limit", resetInSeconds: 5 } });
    const res = await raw(sandbox, "GET", "/api/v1/apps");
    expect(res.status).toBe(429);
    expect(res.json).toMatchObject({ errorCode: "E0000047", errorLink: "E0000047", errorCauses: [] });
    expect(Number(res.headers.get("x-rate-limit-reset")) - Date.parse(res.headers.get("date")!) / 1000).toBe(5);
  });

  it("hang: never answers, so the client's timeout fires (fetch and the SDK)", async () => {
    const sandbox = await startSandbox();
    sandbox.faults.add({ path: "^/api/v1/apps", action: { type: "hang" } });
    const fetched = fetch(`${sandbox.orgUrl}/api/v1/apps`, { headers: { Authorization: `SSWS ${sandbox.apiToken}` }, signal: AbortSignal.timeout(300) });
    expect(await fetchFailure(fetched)).toMatchObject({ name: "TimeoutError" });
    const client = sdkClient(sandbox, { requestExecutor: new DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 300 }) });
    await expect(client.applicationApi.getApplication({ appId: "0oaHang" })).rejects.toThrow(/network timeout/);
    expect(sandbox.requests.map((r) => r.fault)).toEqual(["hang", "hang"]);
  });

  it("reset: the connection is reset before any byte (ECONNRESET)", async () => {
    const sandbox = await startSandbox();
    sandbox.faults.add({ method: "GET", path: "/api/v1/apps", action: { type: "reset" } });
    expect(await fetchFailure(raw(sandbox, "GET", "/api/v1/apps"))).toEqual({ name: "TypeError", code: "ECONNRESET" });
    expect((await raw(sandbox, "GET", "/api/v1/groups")).status).toBe(200);
  });

  it("truncate: the real answer, cut in half under a full Content-Length", async () => {
    const sandbox = await startSandbox();
    sandbox.faults.add({ path: "/api/v1/groups", action: { type: "truncate" } });
    const res = await fetch(`${sandbox.orgUrl}/api/v1/groups`, { headers: { Authorization: `SSWS ${sandbox.apiToken}` } });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("content-length"))).toBeGreaterThan(100);
    await expect(res.text()).rejects.toThrow(/terminated/);
  });

  it("html: a non-JSON 502 page, which the SDK reports as an HttpError", async () => {
    const sandbox = await startSandbox();
    sandbox.faults.add({ path: "^/api/v1/apps/[^/]+$", action: { type: "html" } });
    const res = await raw(sandbox, "GET", "/api/v1/apps/0oaAny");
    expect(res.status).toBe(502);
    expect(res.headers.get("content-type")).toBe("text/html");
    expect(res.text).toContain("<html>");
    await expect(sdkClient(sandbox).applicationApi.getApplication({ appId: "0oaAny" })).rejects.toMatchObject({ name: "HttpError", status: 502 });
  });

  it("onCalls numbers the calls matching method + path per rule; times limits how often a rule fires", async () => {
    const sandbox = await startSandbox();
    sandbox.faults.add({ method: "GET", path: "/api/v1/apps", onCalls: [2], action: { type: "status", status: 500, json: E0000009 } });
    sandbox.faults.add({ path: "^/api/v1/groups", times: 1, action: { type: "status", status: 503, json: E0000009 } });
    const statuses: number[] = [];
    for (const path of ["/api/v1/apps", "/api/v1/groups", "/api/v1/apps", "/api/v1/groups", "/api/v1/apps"]) statuses.push((await raw(sandbox, "GET", path)).status);
    expect(statuses).toEqual([200, 503, 500, 200, 200]);
    expect((await raw(sandbox, "POST", "/api/v1/apps", webApp("Other method"))).status).toBe(200); // POST is not numbered
  });
});

describe("admin routes (the sandbox's SSWS token required)", () => {
  it("faults, requests, state and reset", async () => {
    const sandbox = await startSandbox();
    expect((await raw(sandbox, "GET", "/__sandbox/faults", undefined, { Authorization: "" })).json).toMatchObject({ errorCode: "E0000005" });
    expect((await raw(sandbox, "GET", "/__sandbox/faults", undefined, { Authorization: "SSWS nope" })).status).toBe(401);

    const rules = [{ method: "GET", path: "/api/v1/apps", onCalls: [1], action: { type: "rate-limit" } }, { path: "/api/v1/groups", action: { type: "html" } }];
    expect((await raw(sandbox, "POST", "/__sandbox/faults", rules)).json).toEqual(rules);
    expect((await raw(sandbox, "GET", "/__sandbox/faults")).json).toEqual(rules);
    expect((await raw(sandbox, "GET", "/api/v1/apps")).status).toBe(429);
    expect((await raw(sandbox, "DELETE", "/__sandbox/faults")).status).toBe(204);
    expect((await raw(sandbox, "GET", "/api/v1/groups")).status).toBe(200);

    const logged = (await raw(sandbox, "GET", "/__sandbox/requests")).json as { method: string; path: string; status: number; fault?: string }[];
    expect(logged.find((r) => r.path === "/api/v1/apps")).toMatchObject({ method: "GET", status: 429, fault: "rate-limit" });
    expect((await raw(sandbox, "DELETE", "/__sandbox/requests")).status).toBe(204);
    // Only the DELETE itself is left: it is logged once it has answered.
    expect((await raw(sandbox, "GET", "/__sandbox/requests")).json).toEqual([expect.objectContaining({ method: "DELETE", path: "/__sandbox/requests" })]);

    const appId = String((await raw(sandbox, "POST", "/api/v1/apps", webApp("Kept"))).json.id);
    const saved = (await raw(sandbox, "GET", "/__sandbox/state")).json as Record<string, unknown>;
    expect(saved).toMatchObject({ schemaVersion: 1, apps: { [appId]: { label: "Kept" } } });
    expect((await raw(sandbox, "POST", "/__sandbox/reset")).status).toBe(204);
    expect((await raw(sandbox, "GET", "/api/v1/apps")).json).toEqual([]);
    expect((await raw(sandbox, "PUT", "/__sandbox/state", saved)).status).toBe(204);
    expect((await raw(sandbox, "GET", `/api/v1/apps/${appId}`)).json).toMatchObject({ label: "Kept" });
    expect((await raw(sandbox, "PUT", "/__sandbox/state", { schemaVersion: 2 })).json).toMatchObject({ errorCode: "E0000003" });
  });
});

describe("request log", () => {
  it("appends one JSON line per request (0600) and never writes the SSWS token, assertions, secrets or private JWK members", async () => {
    const file = join(tempDir(), "requests.jsonl");
    const sandbox = await startSandbox({ requestLogFile: file });
    const privateJwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
    const assertion = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJzYW5kYm94In0.c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtbGVhaw";
    const secret = "client-secret-that-must-not-leak";
    const symmetric = "c3ltbWV0cmljLWtleS10aGF0LW11c3Qtbm90LWxlYWs";
    await raw(sandbox, "GET", "/api/v1/apps?q=x");
    const app = webApp("Logged");
    await raw(sandbox, "POST", "/api/v1/apps", { ...app, credentials: { oauthClient: { token_endpoint_auth_method: "client_secret_post", client_secret: secret } } });
    await raw(sandbox, "POST", "/oauth2/v1/clients", { client_name: "Leaky", application_type: "service", grant_types: ["client_credentials"], token_endpoint_auth_method: "private_key_jwt", jwks: { keys: [{ ...privateJwk, kid: "k" }, { kty: "oct", kid: "sym", k: symmetric }] } });
    const form = new URLSearchParams({ grant_type: "client_credentials", scope: "okta.apps.read", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion });
    await fetch(`${sandbox.orgUrl}/oauth2/v1/token`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form });
    await raw(sandbox, "GET", "/oauth2/v1/keys"); // creates the org's private signing key ...
    await raw(sandbox, "PUT", "/__sandbox/state", sandbox.state); // ... and a state upload carries it and the client secret
    const orgKey = String(sandbox.state.signingKeys.org?.privateJwk?.d);

    const text = readFileSync(file, "utf8");
    const lines = text.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => `${String(l.method)} ${String(l.path)}`)).toEqual([
      "GET /api/v1/apps",
      "POST /api/v1/apps",
      "POST /oauth2/v1/clients",
      "POST /oauth2/v1/token",
      "GET /oauth2/v1/keys",
      "PUT /__sandbox/state",
    ]);
    expect(lines[0]).toMatchObject({ seq: 1, status: 200, auth: "SSWS [redacted]", query: { q: "x" } });
    expect(lines[3]).toMatchObject({ requestBody: { client_assertion: "[redacted]", grant_type: "client_credentials" } });
    for (const leaked of [sandbox.apiToken, assertion, secret, orgKey, symmetric, ...["d", "p", "q", "dp", "dq", "qi"].map((m) => String(privateJwk[m as keyof typeof privateJwk]))]) {
      expect(text).not.toContain(leaked);
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The private members were not stored either: the client's JWKS is public only.
    const stored = Object.values(sandbox.state.apps).find((a) => a.label === "Leaky");
    expect(JSON.stringify(stored)).not.toContain(String(privateJwk.d));
  });
});

describe("state", () => {
  it("save (0600) → load in a new sandbox serves the same objects and keys; reset starts a fresh org", async () => {
    const file = join(tempDir(), "nested", "org.json");
    const first: Sandbox = await startSandbox();
    const appId = String((await raw(first, "POST", "/api/v1/apps", webApp("Persisted"))).json.id);
    const asId = String((await raw(first, "POST", "/api/v1/authorizationServers", { name: "Saved", audiences: ["api://saved"] })).json.id);
    const keys = (await raw(first, "GET", "/oauth2/v1/keys")).json;
    await first.saveState(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = await createSandbox({ stateFile: file, apiToken: first.apiToken });
    try {
      expect((await raw(second, "GET", `/api/v1/apps/${appId}`)).json).toMatchObject({ id: appId, label: "Persisted" });
      expect((await raw(second, "GET", `/api/v1/authorizationServers/${asId}`)).json).toMatchObject({ name: "Saved", issuer: `${second.orgUrl}/oauth2/${asId}` });
      expect((await raw(second, "GET", "/oauth2/v1/keys")).json).toEqual(keys);
      second.reset();
      expect((await raw(second, "GET", "/api/v1/apps")).json).toEqual([]);
      expect((await raw(second, "GET", `/api/v1/authorizationServers/${asId}`)).status).toBe(404);
      expect(second.state.idSuffix).not.toBe(first.state.idSuffix);
    } finally {
      await second.close();
    }
  });
});
