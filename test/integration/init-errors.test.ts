import { describe, expect, it } from "vitest";
import { createServer } from "node:net";
import { startSandbox } from "../helpers/sandbox.js";
import { initArgs, orgShape, runCli, runInit, tempDir, writesIn } from "../helpers/run-cli.js";

const E0000006 = {
  errorCode: "E0000006",
  errorSummary: "You do not have permission to perform the requested action",
  errorLink: "E0000006",
  errorId: "oae3iIvBs6ZRy2HRz0YZvSvOQ",
  errorCauses: [],
};

describe("init maps Okta's errors to a message, a hint and an exit code", () => {
  it("without API Access Management (E0000015): exit 1 (a missing feature), suggests --auth-server org, writes nothing", async () => {
    const sandbox = await startSandbox({ apiAccessManagement: false });
    const run = await runInit(sandbox, tempDir());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/E0000015/);
    expect(run.stderr).toContain("--auth-server org");
    expect(writesIn(sandbox)).toEqual([]);
  });

  it("E0000006 on granting scopes: exit 4, and the hint names the role the token's admin lacks", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    sandbox.faults.add({ method: "POST", path: "^/api/v1/apps/[^/]+/grants$", action: { type: "status", status: 403, json: E0000006 } });
    const run = await runInit(sandbox, out);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/Okta answered 403 E0000006 to POST \/api\/v1\/apps\/\S+\/grants: You do not have permission/);
    expect(run.stderr).toMatch(/granting Okta API scopes to an app needs the Super Administrator role/);
    expect(run.stderr).toContain("okta.appGrants.manage");
    expect(run.stderr).toContain(`recorded in ${out}`);

    // The admin got the role: the same command finishes the job.
    sandbox.faults.clear();
    const resumed = await runInit(sandbox, out);
    expect(resumed.code, resumed.stderr).toBe(0);
  });

  it("E0000006 on authorization servers names the API Access Management Administrator role", async () => {
    const sandbox = await startSandbox();
    sandbox.faults.add({ method: "POST", path: "/api/v1/authorizationServers", action: { type: "status", status: 403, json: E0000006 } });
    const run = await runInit(sandbox, tempDir());
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("API Access Management Administrator");
  });

  it("a duplicate label on create (another app appeared since the read): exit 1, the conflict is explained", async () => {
    const sandbox = await startSandbox();
    const duplicate = {
      errorCode: "E0000001",
      errorSummary: "Api validation failed: label",
      errorLink: "E0000001",
      errorId: "oaeDUP",
      errorCauses: [{ errorSummary: 'label: An active OpenID Connect Client instance with the label "OpenMetadata" already exists.' }],
    };
    sandbox.faults.add({ method: "POST", path: "/api/v1/apps", action: { type: "status", status: 400, json: duplicate } });
    const run = await runInit(sandbox, tempDir());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/400 E0000001 to POST \/api\/v1\/apps: Api validation failed: label \(label: An active OpenID Connect Client instance/);
    expect(run.stderr).toMatch(/already exists but was not matched/);
  });

  it("a duplicate service app name in Dynamic Client Registration is explained too", async () => {
    const sandbox = await startSandbox();
    const duplicate = { error: "invalid_client_metadata", error_description: "client_name: An object with this field already exists in the current organization" };
    sandbox.faults.add({ method: "POST", path: "/oauth2/v1/clients", action: { type: "status", status: 400, json: duplicate } });
    const run = await runInit(sandbox, tempDir());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/invalid_client_metadata/);
    expect(run.stderr).toContain("--service-app-name");
  });

  it("a wrong API token: exit 4 with the token hint, nothing written", async () => {
    const sandbox = await startSandbox();
    const run = await runCli(initArgs(sandbox, tempDir()), { env: { OKTA_OM_API_TOKEN: "00" + "x".repeat(40) } });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/401 E0000011/);
    expect(run.stderr).toContain("Security > API > Tokens");
    expect(writesIn(sandbox)).toEqual([]);
  });

  it("retries a 429 after the reset time the answer gives, and finishes", async () => {
    const sandbox = await startSandbox();
    sandbox.faults.add({ method: "POST", path: "/api/v1/apps", onCalls: [1], action: { type: "rate-limit" } });
    const run = await runInit(sandbox, tempDir());
    expect(run.code, run.stderr).toBe(0);
    const creates = sandbox.requests.filter((r) => r.method === "POST" && r.path === "/api/v1/apps");
    expect(creates.map((r) => [r.status, r.retryCount])).toEqual([
      [429, undefined],
      [200, "1"],
    ]);
    expect(Object.values(sandbox.state.apps).filter((a) => a.label === "OpenMetadata")).toHaveLength(1);
  });

  it("gives up after the SDK's retries with E0000047: exit 1 and how to resume", async () => {
    const sandbox = await startSandbox();
    sandbox.faults.add({ method: "POST", path: "/api/v1/trustedOrigins", action: { type: "rate-limit" } });
    const run = await runInit(sandbox, tempDir());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/429 E0000047/);
    expect(run.stderr).toMatch(/run the same command again/);
    expect(sandbox.requests.filter((r) => r.path === "/api/v1/trustedOrigins" && r.method === "POST")).toHaveLength(3);
  });

  it("a 429 whose reset is further away than the retry budget fails at once and says so", async () => {
    const sandbox = await startSandbox();
    sandbox.faults.add({ method: "POST", path: "/api/v1/trustedOrigins", action: { type: "rate-limit", resetInSeconds: 60 } });
    const started = Date.now();
    const run = await runCli(initArgs(sandbox, tempDir()), { sandbox, env: { OKTA_OM_RETRY_BUDGET_MS: "5000" } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/POST \/api\/v1\/trustedOrigins was rate limited by Okta.*longer than the retry budget \(OKTA_OM_RETRY_BUDGET_MS/);
    expect(run.stderr).toMatch(/run the same command again to resume/);
  });

  it("a request that hangs times out (OKTA_OM_REQUEST_TIMEOUT_MS): exit 1, the resume hint, and the rerun converges", async () => {
    const sandbox = await startSandbox();
    const reference = await startSandbox();
    expect((await runInit(reference, tempDir())).code).toBe(0);
    const out = tempDir();
    sandbox.faults.add({ method: "POST", path: "/api/v1/authorizationServers", action: { type: "hang" } });
    const started = Date.now();
    const run = await runCli(initArgs(sandbox, out), { sandbox, env: { OKTA_OM_REQUEST_TIMEOUT_MS: "300" } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/POST \/api\/v1\/authorizationServers timed out waiting for/);
    expect(run.stderr).toContain(`Everything applied so far is recorded in ${out}; fix the cause and run the same command again to resume.`);

    sandbox.faults.clear();
    const resumed = await runInit(sandbox, out);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(orgShape(sandbox)).toEqual(orgShape(reference));
  });

  it("a read that hangs fails the run before anything is written", async () => {
    const sandbox = await startSandbox();
    sandbox.faults.add({ method: "GET", path: "/api/v1/groups", action: { type: "hang" } });
    const run = await runCli(initArgs(sandbox, tempDir()), { sandbox, env: { OKTA_OM_REQUEST_TIMEOUT_MS: "300" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/GET \/api\/v1\/groups\S* timed out/);
    expect(run.stderr).toMatch(/run the same command again to resume/);
    expect(writesIn(sandbox)).toEqual([]);
  });

  it("an org nobody answers at: exit 1, says the connection was refused", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const run = await runCli(
      ["init", "--org-url", `http://127.0.0.1:${port}`, "--bot-email", "bot@example.com", "--om-version", "1.2.5", "--no-interactive", "--yes", "--out-dir", tempDir()],
      { env: { OKTA_OM_API_TOKEN: "00" + "y".repeat(40) } },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Could not connect to http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
  });

  it("an HTML error page from a proxy: exit 1, says it is not an Okta answer", async () => {
    const sandbox = await startSandbox();
    sandbox.faults.add({ method: "GET", path: "/api/v1/groups", action: { type: "html" } });
    const run = await runInit(sandbox, tempDir());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/answered HTTP 502 with something that is not JSON/);
  });
});
