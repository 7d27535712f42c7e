import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { raw, startSandbox } from "../helpers/sandbox.js";
import { orgShape, parseJson, runInit, tempDir, writesIn } from "../helpers/run-cli.js";

interface Change {
  resource: string;
  action: string;
  id?: string;
  fields?: string[];
}

/** A converged org (init ran once), with the request log cleared. */
interface Ids {
  spa: string;
  service: string;
  as: string;
  policy: string;
  rule: string;
  scope: string;
}

async function setUp(): Promise<{ sandbox: Sandbox; out: string; ids: Ids }> {
  const sandbox = await startSandbox();
  const out = tempDir();
  const first = await runInit(sandbox, out, "--json");
  expect(first.code, first.stderr).toBe(0);
  const result = parseJson<{ spaClientId: string; serviceClientId: string; authServerId: string; changes: Change[] }>(first);
  const id = (resource: string) => result.changes.find((c) => c.resource === resource)!.id!;
  sandbox.requests.length = 0;
  return {
    sandbox,
    out,
    ids: { spa: result.spaClientId, service: result.serviceClientId, as: result.authServerId, policy: id("policy"), rule: id("rule"), scope: id("scope") },
  };
}

async function rerun(sandbox: Sandbox, out: string): Promise<Change[]> {
  sandbox.requests.length = 0;
  const run = await runInit(sandbox, out, "--json");
  expect(run.code, run.stderr).toBe(0);
  expect(sandbox.specViolations).toEqual([]);
  return parseJson<{ changes: Change[] }>(run).changes.filter((c) => c.action !== "noop");
}

describe("init after drift makes exactly the needed updates", () => {
  it("puts back a removed redirect URI with one PUT of the whole app, keeping what the admin added", async () => {
    const { sandbox, out, ids } = await setUp();
    const app = (await raw(sandbox, "GET", `/api/v1/apps/${ids.spa}`)).json;
    const oauthClient = (app.settings as { oauthClient: Record<string, unknown> }).oauthClient;
    oauthClient.redirect_uris = ["http://localhost:8585/callback", "https://extra.example.com/cb"];
    expect((await raw(sandbox, "PUT", `/api/v1/apps/${ids.spa}`, app)).status).toBe(200);

    const changes = await rerun(sandbox, out);
    expect(changes).toEqual([{ resource: "spa-app", action: "update", id: ids.spa, fields: ["settings.oauthClient.redirect_uris"], adopted: false }]);
    expect(writesIn(sandbox)).toEqual([{ method: "PUT", path: `/api/v1/apps/${ids.spa}`, status: 200 }]);
    const after = (await raw(sandbox, "GET", `/api/v1/apps/${ids.spa}`)).json;
    expect((after.settings as { oauthClient: { redirect_uris: string[] } }).oauthClient.redirect_uris).toEqual([
      "http://localhost:8585/callback",
      "https://extra.example.com/cb",
      "http://localhost:8585/silent-callback",
    ]);
    expect(await rerun(sandbox, out)).toEqual([]);
    expect(writesIn(sandbox)).toEqual([]);
  });

  it("grants a revoked scope again, and only that one", async () => {
    const { sandbox, out, ids } = await setUp();
    const grants = (await raw(sandbox, "GET", `/api/v1/apps/${ids.service}/grants`)).json as { id: string; scopeId: string }[];
    const revoked = grants.find((g) => g.scopeId === "okta.users.manage")!;
    expect((await raw(sandbox, "DELETE", `/api/v1/apps/${ids.service}/grants/${revoked.id}`)).status).toBe(204);

    const changes = await rerun(sandbox, out);
    expect(changes).toEqual([expect.objectContaining({ resource: "api-grant:okta.users.manage", action: "create" })]);
    expect(writesIn(sandbox)).toEqual([{ method: "POST", path: `/api/v1/apps/${ids.service}/grants`, status: 200 }]);
    expect(sandbox.requests.find((r) => r.method === "POST")?.requestBody).toEqual({ issuer: sandbox.orgUrl, scopeId: "okta.users.manage" });
  });

  it("creates a deleted rule again in the same policy", async () => {
    const { sandbox, out, ids } = await setUp();
    const rulePath = `/api/v1/authorizationServers/${ids.as}/policies/${ids.policy}/rules`;
    expect((await raw(sandbox, "DELETE", `${rulePath}/${ids.rule}`)).status).toBe(204);

    const changes = await rerun(sandbox, out);
    expect(changes).toEqual([expect.objectContaining({ resource: "rule", action: "create" })]);
    expect(writesIn(sandbox)).toEqual([{ method: "POST", path: rulePath, status: 201 }]);
    expect((await raw(sandbox, "GET", rulePath)).json).toHaveLength(1);
    expect(await rerun(sandbox, out)).toEqual([]);
  });

  it("fixes all three at once with exactly three writes", async () => {
    const { sandbox, out, ids } = await setUp();
    const shape = orgShape(sandbox);
    (sandbox.state.apps[ids.spa]!.settings as { oauthClient: { redirect_uris: string[] } }).oauthClient.redirect_uris = ["http://localhost:8585/callback"];
    const grants = sandbox.state.grants[ids.service]!;
    delete grants[Object.values(grants).find((g) => g.scopeId === "okta.users.read")!.id];
    delete sandbox.state.rules[ids.policy]![ids.rule];

    const changes = await rerun(sandbox, out);
    expect(changes.map((c) => `${c.resource} ${c.action}`).sort()).toEqual(["api-grant:okta.users.read create", "rule create", "spa-app update"]);
    expect(writesIn(sandbox).map((w) => w.method).sort()).toEqual(["POST", "POST", "PUT"]);
    expect(orgShape(sandbox)).toEqual(shape);
  });

  it("reactivates a deactivated app and server with lifecycle calls only", async () => {
    const { sandbox, out, ids } = await setUp();
    expect((await raw(sandbox, "POST", `/api/v1/apps/${ids.spa}/lifecycle/deactivate`)).status).toBe(200);
    expect((await raw(sandbox, "POST", `/api/v1/authorizationServers/${ids.as}/lifecycle/deactivate`)).status).toBeLessThan(300);

    const changes = await rerun(sandbox, out);
    expect(changes.map((c) => [c.resource, c.action, c.fields])).toEqual([
      ["spa-app", "update", ["status"]],
      ["auth-server", "update", ["status"]],
    ]);
    expect(writesIn(sandbox).map((w) => `${w.method} ${w.path}`).sort()).toEqual(
      [`POST /api/v1/apps/${ids.spa}/lifecycle/activate`, `POST /api/v1/authorizationServers/${ids.as}/lifecycle/activate`].sort(),
    );
  });

  it("repairs the scope's default flag, the policy's clients and a trusted origin's scopes", async () => {
    const { sandbox, out, ids } = await setUp();
    sandbox.state.scopes[ids.as]![ids.scope]!.default = false;
    (sandbox.state.policies[ids.as]![ids.policy]!.conditions as { clients: { include: string[] } }).clients.include = [ids.spa];
    const origin = Object.values(sandbox.state.trustedOrigins)[0]!;
    origin.scopes = [{ type: "CORS" }];

    const changes = await rerun(sandbox, out);
    expect(changes.map((c) => [c.resource, c.action, c.fields])).toEqual([
      ["trusted-origin:http://localhost:8585", "update", ["scopes"]],
      ["scope", "update", ["default"]],
      ["policy", "update", ["conditions.clients.include"]],
    ]);
    expect(writesIn(sandbox).map((w) => w.method)).toEqual(["PUT", "PUT", "PUT"]);
    expect(sandbox.state.scopes[ids.as]![ids.scope]!.default).toBe(true);
    expect((sandbox.state.policies[ids.as]![ids.policy]!.conditions as { clients: { include: string[] } }).clients.include).toEqual([ids.spa, ids.service]);
    expect(origin.scopes).toEqual([{ type: "CORS" }, { type: "REDIRECT" }]);
    expect(await rerun(sandbox, out)).toEqual([]);
  });

  it("recreates a deleted SPA and points the server's audience and the policy at the new client id", async () => {
    const { sandbox, out, ids } = await setUp();
    await raw(sandbox, "POST", `/api/v1/apps/${ids.spa}/lifecycle/deactivate`);
    expect((await raw(sandbox, "DELETE", `/api/v1/apps/${ids.spa}`)).status).toBe(204);

    const changes = await rerun(sandbox, out);
    const spa = changes.find((c) => c.resource === "spa-app")!;
    expect(spa.action).toBe("create");
    expect(spa.id).not.toBe(ids.spa);
    expect(changes.map((c) => `${c.resource} ${c.action}`)).toEqual([
      "spa-app create",
      expect.stringMatching(/^access:\S+ create$/),
      "auth-server update",
      "policy update",
    ]);
    expect(sandbox.state.authServers[ids.as]!.audiences).toEqual([spa.id]);
    const include = (sandbox.state.policies[ids.as]![ids.policy]!.conditions as { clients: { include: string[] } }).clients.include;
    expect(include).toContain(spa.id);
    // The deleted SPA's id is dropped: Okta checks a policy's client ids (REAL-ORG.md, "Resource not found").
    expect(include).not.toContain(ids.spa);
    expect(await rerun(sandbox, out)).toEqual([]);
  });
});
