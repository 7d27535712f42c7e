// REAL-ORG.md "Grants, roles and who may do what": with the org setting "Public client app admins"
// on, granting Okta API scopes makes the service app a SUPER_ADMIN (check /oauth2/v1/clients/{id}/roles).
import { describe, expect, it } from "vitest";
import { parseJson, runCli, runInit, tempDir, type InitJson } from "../helpers/run-cli.js";
import { raw, startSandbox } from "../helpers/sandbox.js";

type DoctorResult = { id: string; status: string; detail: string[]; fix?: string };

describe("the service app's admin roles after the grants", () => {
  it("sandbox --public-client-app-admins: a grant makes the app SUPER_ADMIN, listed at /oauth2/v1/clients/{id}/roles", async () => {
    const sandbox = await startSandbox({ publicClientAppAdmins: true });
    const app = await raw(sandbox, "POST", "/oauth2/v1/clients", { client_name: "Bot", application_type: "service", grant_types: ["client_credentials"], response_types: ["token"], token_endpoint_auth_method: "client_secret_basic" });
    const clientId = String(app.json.client_id);
    expect((await raw(sandbox, "GET", `/oauth2/v1/clients/${clientId}/roles`)).json).toEqual([]);
    expect((await raw(sandbox, "POST", `/api/v1/apps/${clientId}/grants`, { issuer: sandbox.orgUrl, scopeId: "okta.users.read" })).status).toBe(200);
    expect((await raw(sandbox, "GET", `/oauth2/v1/clients/${clientId}/roles`)).json).toMatchObject([{ type: "SUPER_ADMIN", label: "Super Administrator", status: "ACTIVE", assignmentType: "CLIENT" }]);
    // A second grant does not add a second role.
    await raw(sandbox, "POST", `/api/v1/apps/${clientId}/grants`, { issuer: sandbox.orgUrl, scopeId: "okta.clients.read" });
    expect((await raw(sandbox, "GET", `/oauth2/v1/clients/${clientId}/roles`)).json).toHaveLength(1);
  });

  it("init says so loudly (and in --json), never calls the setup done silently; doctor fails the check with the fix", async () => {
    const sandbox = await startSandbox({ publicClientAppAdmins: true });
    const out = tempDir();
    const run = await runInit(sandbox, out, "--json");
    expect(run.code, run.stderr).toBe(0);
    const result = parseJson<InitJson & { serviceAppAdminRoles?: string[] }>(run);
    expect(result.serviceAppAdminRoles).toEqual(["SUPER_ADMIN"]);
    expect(run.stderr).toContain(`WARNING: the service app ${result.serviceClientId} holds the admin role SUPER_ADMIN`);
    expect(run.stderr).toContain("is a Super Administrator of this org");
    expect(run.stderr).toMatch(/Done in .* But the service app/);
    expect(run.stderr).toContain('"Public client app admins"');
    expect(sandbox.requests.some((r) => r.method === "GET" && r.path === `/oauth2/v1/clients/${result.serviceClientId}/roles`)).toBe(true);

    const doctor = await runCli(["doctor", "--out-dir", out, "--only", "service-app-roles", "--json"], { sandbox });
    expect(doctor.code).toBe(3);
    const [check] = JSON.parse(doctor.stdout) as DoctorResult[];
    expect(check).toMatchObject({ id: "service-app-roles", status: "fail" });
    expect(check!.detail.join(" ")).toContain("SUPER_ADMIN");
    expect(check!.fix).toContain("remove the role");
    expect(check!.fix).toContain("--api-scopes none");
  });

  it("the plan says what the default grants allow, that ingestion does not use them, and how to skip them", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    const plan = await runInit(sandbox, out, "--plan");
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toContain("note: the grants (okta.users.read, okta.users.manage, okta.clients.read) let whoever holds the service app's private key call those Okta APIs");
    expect(plan.stderr).toContain("OpenMetadata's Okta ingestion does not use them");
    expect(plan.stderr).toContain("--api-scopes none skips them");
    const none = await runInit(sandbox, out, "--plan", "--api-scopes", "none");
    expect(none.stderr).not.toContain("note: the grants");
  });

  it("--api-scopes none grants nothing, so the app stays without roles and doctor passes the check", async () => {
    const sandbox = await startSandbox({ publicClientAppAdmins: true });
    const out = tempDir();
    const run = await runInit(sandbox, out, "--api-scopes", "none", "--json");
    expect(run.code, run.stderr).toBe(0);
    const result = parseJson<InitJson & { serviceAppAdminRoles?: string[] }>(run);
    expect(result.serviceAppAdminRoles).toEqual([]);
    expect(sandbox.requests.filter((r) => r.path.endsWith("/grants") && r.method === "POST")).toEqual([]);
    const doctor = await runCli(["doctor", "--out-dir", out, "--only", "service-app-roles", "--json"], { sandbox });
    expect((JSON.parse(doctor.stdout) as DoctorResult[])[0]).toMatchObject({ status: "pass" });
  });
});
