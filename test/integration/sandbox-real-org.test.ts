// REAL-ORG.md facts not covered elsewhere, each through the sandbox over HTTP with its source.
import { describe, expect, it } from "vitest";
import { runCli, runInit, tempDir } from "../helpers/run-cli.js";
import { raw, startSandbox } from "../helpers/sandbox.js";
import type { Sandbox } from "../../src/sandbox/index.js";

const defaultPolicies = async (sandbox: Sandbox) => (await raw(sandbox, "GET", "/api/v1/authorizationServers/default/policies")).json as unknown as { name: string; id: string }[];

describe("REAL-ORG.md: features and plans", () => {
  // DOCS concepts/auth-servers (2025-08-27): a new Integrator Free Plan org's `default` server has no
  // access policy; older orgs have "Default Policy" + "Default Policy Rule".
  it("an Integrator Free org's `default` server has no access policy; an older org's has Default Policy and its rule", async () => {
    const free = await startSandbox({ integratorFree: true });
    expect(await defaultPolicies(free)).toEqual([]);
    const older = await startSandbox();
    const [policy] = await defaultPolicies(older);
    expect(policy?.name).toBe("Default Policy");
    const rules = (await raw(older, "GET", `/api/v1/authorizationServers/default/policies/${policy!.id}/rules`)).json as unknown as { name: string }[];
    expect(rules.map((r) => r.name)).toEqual(["Default Policy Rule"]);
  });

  it("init --auth-server default on an Integrator Free org gives the server its policy and rule; doctor passes", async () => {
    const sandbox = await startSandbox({ integratorFree: true });
    const out = tempDir();
    const run = await runInit(sandbox, out, "--auth-server", "default");
    expect(run.code, run.stderr).toBe(0);
    expect((await defaultPolicies(sandbox)).length).toBeGreaterThan(0);
    const doctor = await runCli(["doctor", "--out-dir", out, "--json"], { sandbox });
    expect(doctor.code, doctor.stdout).toBe(0);
  });

  // DOCS: the org authorization server: issuer = the org URL, keys at {org}/oauth2/v1/keys, discovery at
  // {org}/.well-known/openid-configuration; it works without API Access Management.
  it("without API Access Management the org authorization server still publishes discovery and keys", async () => {
    const sandbox = await startSandbox({ apiAccessManagement: false });
    const discovery = (await raw(sandbox, "GET", "/.well-known/openid-configuration")).json;
    expect(discovery).toMatchObject({ issuer: sandbox.orgUrl, jwks_uri: `${sandbox.orgUrl}/oauth2/v1/keys` });
    const keys = await raw(sandbox, "GET", "/oauth2/v1/keys");
    expect(keys.status).toBe(200);
    expect((keys.json as unknown as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
  });
});

describe("REAL-ORG.md: apps and grants", () => {
  it("listing apps returns INACTIVE apps too", async () => {
    const sandbox = await startSandbox();
    const body = { name: "oidc_client", label: "Off", signOnMode: "OPENID_CONNECT", credentials: { oauthClient: { token_endpoint_auth_method: "client_secret_basic" } }, settings: { oauthClient: { application_type: "web", grant_types: ["authorization_code"], response_types: ["code"], redirect_uris: ["https://om.example.com/cb"] } } };
    const created = await raw(sandbox, "POST", "/api/v1/apps?activate=false", body);
    expect(created.json.status).toBe("INACTIVE");
    const listed = (await raw(sandbox, "GET", "/api/v1/apps")).json as unknown as { id: string; status: string }[];
    expect(listed.find((a) => a.id === created.json.id)?.status).toBe("INACTIVE");
  });

  // Recorded (TF fixtures): POST /api/v1/apps/{id}/grants answers 200, not the spec's 201.
  it("a grant answers 200", async () => {
    const sandbox = await startSandbox();
    const app = await raw(sandbox, "POST", "/oauth2/v1/clients", { client_name: "Bot", application_type: "service", grant_types: ["client_credentials"], response_types: ["token"], token_endpoint_auth_method: "client_secret_basic" });
    const grant = await raw(sandbox, "POST", `/api/v1/apps/${String(app.json.client_id)}/grants`, { issuer: sandbox.orgUrl, scopeId: "okta.users.read" });
    expect(grant.status).toBe(200);
  });
});
