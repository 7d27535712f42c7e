// Absolute URLs (issuer, Link, _links, discovery) come from the request's Host header and
// X-Forwarded-Proto, so the sandbox works behind a proxy or a port mapping; `limit` + `after`
// pagination through absolute `Link: rel="next"` URLs, raw and through the SDK's collections;
// HTTPS with the self-signed certificate.
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { raw, sdkClient, startSandbox } from "../helpers/sandbox.js";
import { webAppBody } from "../helpers/okta-payloads.js";

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  json: Record<string, unknown>;
}

/** A GET/POST over node:http(s), where (unlike fetch) the Host header can be set. */
function send(sandbox: Sandbox, method: string, path: string, options: { headers?: Record<string, string>; body?: unknown; ca?: string } = {}): Promise<Answer> {
  const url = new URL(path, sandbox.orgUrl);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers = { Authorization: `SSWS ${sandbox.apiToken}`, Accept: "application/json", ...(payload ? { "Content-Type": "application/json" } : {}), ...options.headers };
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca: options.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown> }));
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** `<url>; rel="name"` values of a Link header (one header value per relation, as Okta sends them). */
function links(header: string | string[] | null | undefined): Record<string, string> {
  const values = Array.isArray(header) ? header : header ? header.split(/,\s*(?=<)/) : [];
  const out: Record<string, string> = {};
  for (const value of values) {
    const match = /^<([^>]+)>;\s*rel="([^"]+)"$/.exec(value.trim());
    if (match?.[1] && match[2]) out[match[2]] = match[1];
  }
  return out;
}

const webApp = webAppBody;

describe("absolute URLs follow the Host header", () => {
  it("_links, Link, issuer and discovery use the proxy's host and X-Forwarded-Proto", async () => {
    const sandbox = await startSandbox();
    const proxied = { Host: "okta.proxy.test:8443", "X-Forwarded-Proto": "https" };
    const origin = "https://okta.proxy.test:8443";

    const app = await send(sandbox, "POST", "/api/v1/apps", { headers: proxied, body: webApp("Proxied") });
    expect(app.status).toBe(200);
    expect(app.json._links).toMatchObject({ deactivate: { href: `${origin}/api/v1/apps/${String(app.json.id)}/lifecycle/deactivate` }, groups: { href: `${origin}/api/v1/apps/${String(app.json.id)}/groups` } });

    const groups = await send(sandbox, "GET", `/api/v1/groups?filter=${encodeURIComponent('type eq "BUILT_IN"')}&limit=1`, { headers: proxied });
    expect(links(groups.headers.link)).toEqual({
      self: `${origin}/api/v1/groups?limit=1&filter=type+eq+%22BUILT_IN%22`,
      next: expect.stringMatching(new RegExp(`^${origin}/api/v1/groups\\?after=00g[A-Za-z0-9]{17}&limit=1&filter=type\\+eq\\+%22BUILT_IN%22$`)) as unknown,
    });

    const def = await send(sandbox, "GET", "/api/v1/authorizationServers/default", { headers: proxied });
    expect(def.json).toMatchObject({ issuer: `${origin}/oauth2/default`, _links: { self: { href: `${origin}/api/v1/authorizationServers/default` } } });
    const discovery = await send(sandbox, "GET", "/oauth2/default/.well-known/openid-configuration", { headers: proxied });
    expect(discovery.json).toMatchObject({ issuer: `${origin}/oauth2/default`, token_endpoint: `${origin}/oauth2/default/v1/token`, jwks_uri: `${origin}/oauth2/default/v1/keys` });
    const org = await send(sandbox, "GET", "/.well-known/openid-configuration", { headers: { Host: "localhost:9999" } });
    expect(org.json).toMatchObject({ issuer: "http://localhost:9999", token_endpoint: "http://localhost:9999/oauth2/v1/token" });

    // Without a proxy the same objects point at the sandbox itself.
    expect((await raw(sandbox, "GET", "/api/v1/authorizationServers/default")).json.issuer).toBe(`${sandbox.orgUrl}/oauth2/default`);
  });
});

describe("pagination", () => {
  it("limit + after: every page links the next one with an absolute rel=\"next\" until the last", async () => {
    const sandbox = await startSandbox();
    const created: string[] = [];
    for (let i = 1; i <= 5; i++) created.push(String((await raw(sandbox, "POST", "/api/v1/apps", webApp(`Paged ${i}`))).json.id));
    const seen: string[] = [];
    const afters: (string | null)[] = [];
    let next: string | undefined = `${sandbox.orgUrl}/api/v1/apps?limit=2`;
    while (next) {
      const url: URL = new URL(next);
      afters.push(url.searchParams.get("after"));
      const page = await raw(sandbox, "GET", url.pathname + url.search);
      const ids = (page.json as { id: string }[]).map((a) => a.id);
      expect(ids.length).toBeLessThanOrEqual(2);
      seen.push(...ids);
      const rels = links(page.headers.get("link"));
      const self = new URL(rels.self!);
      expect(self.origin + self.pathname).toBe(`${sandbox.orgUrl}/api/v1/apps`);
      expect([...self.searchParams].sort()).toEqual([...url.searchParams].sort());
      next = rels.next;
    }
    expect(seen).toEqual(created);
    expect(afters).toEqual([null, created[1], created[3]]);
  });

  it("the SDK's collection iteration fetches every page", async () => {
    const sandbox = await startSandbox();
    const created: string[] = [];
    for (let i = 1; i <= 5; i++) created.push(String((await raw(sandbox, "POST", "/api/v1/apps", webApp(`SDK ${i}`))).json.id));
    const listed: string[] = [];
    for await (const app of await sdkClient(sandbox).applicationApi.listApplications({ limit: 2 })) listed.push(app!.id!);
    expect(listed).toEqual(created);
    const pages = sandbox.requests.filter((r) => r.method === "GET" && r.path === "/api/v1/apps");
    expect(pages.map((r) => r.query.after ?? null)).toEqual([null, created[1], created[3]]);
  });
});

describe("HTTPS with the self-signed certificate", () => {
  it("serves TLS; a client that trusts certificatePem connects, one that does not is refused", async () => {
    const sandbox = await startSandbox({ https: true });
    expect(sandbox.orgUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const trusted = await send(sandbox, "GET", "/api/v1/authorizationServers/default", { ca: sandbox.certificatePem });
    expect(trusted.status).toBe(200);
    expect(trusted.json.issuer).toBe(`${sandbox.orgUrl}/oauth2/default`);
    await expect(send(sandbox, "GET", "/api/v1/apps")).rejects.toMatchObject({ code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY/) as unknown });
  });
});
