// Up to 1.2 ingestion signs in with the Okta service app; OpenMetadata maps the token's `sub` (the
// client id) to a user of that name, and only admins bypass its policies, so that user needs the
// Ingestion Bot role (VERSIONS.md, "Ingestion"; CreateUser and IngestionBotRole from openmetadata-spec
// api/teams/createUser.json and Entity.INGESTION_BOT_ROLE). With admin credentials init creates it.
import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { runCli, tempDir } from "../helpers/run-cli.js";
import { startSandbox } from "../helpers/sandbox.js";

const VERSION = "1.2.5";

function init(sandbox: Sandbox, out: string, env: Record<string, string>) {
  const argv = ["init", "--org-url", sandbox.orgUrl, "--om-url", sandbox.openMetadataUrl, "--bot-email", "bot@sandbox.example", "--om-version", VERSION, "--no-interactive", "--out-dir", out, "--json"];
  return runCli(argv, { sandbox, env });
}

const omWrites = (sandbox: Sandbox): string[] => sandbox.requests.filter((r) => r.path.startsWith("/openmetadata/") && ["POST", "PUT", "PATCH"].includes(r.method) && !r.path.endsWith("/login")).map((r) => `${r.method} ${r.path}`);

describe("init up to 1.2 with OpenMetadata admin credentials: the service app's principal", () => {
  it("creates the user named as the client id with the Ingestion Bot role; the rerun writes nothing", async () => {
    const sandbox = await startSandbox();
    const admin = await sandbox.openMetadataAdminToken();
    const out = tempDir();
    const run = await init(sandbox, out, { OKTA_OM_OPENMETADATA_TOKEN: admin });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { serviceClientId: string; openMetadata: { servicePrincipal: { name: string; action: string }; writes: number } };
    const name = result.openMetadata.servicePrincipal.name;
    // 1.2 keeps the principal's case (VERSIONS.md: not lower-cased before the later copies).
    expect(name).toBe(result.serviceClientId);
    expect(result.openMetadata).toMatchObject({ servicePrincipal: { action: "create" }, writes: 1 });
    expect(sandbox.state.openMetadata.users).toContain(name);
    expect(sandbox.state.openMetadata.userRoles?.[name]).toEqual(["IngestionBotRole"]);
    expect(omWrites(sandbox)).toEqual(["POST /openmetadata/api/v1/users"]);
    for (const text of [run.stdout, run.stderr]) expect(text).not.toContain(admin);

    const again = await init(sandbox, out, { OKTA_OM_OPENMETADATA_TOKEN: admin });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ openMetadata: { servicePrincipal: { name, action: "noop" }, writes: 0 } });
    expect(omWrites(sandbox)).toHaveLength(1);
    const human = await runCli(["init", "--org-url", sandbox.orgUrl, "--om-url", sandbox.openMetadataUrl, "--bot-email", "bot@sandbox.example", "--om-version", VERSION, "--no-interactive", "--out-dir", out], { sandbox, env: { OKTA_OM_OPENMETADATA_TOKEN: admin } });
    expect(human.stderr).toContain(`Ingestion principal: the OpenMetadata user ${name} has the Ingestion Bot role`);
    expect(human.stderr).not.toContain("Create an OpenMetadata user named");
  });

  it("a user of that name without the role gets it added (PUT keeps its other roles)", async () => {
    const sandbox = await startSandbox();
    const admin = await sandbox.openMetadataAdminToken();
    const out = tempDir();
    // First run without credentials: Okta side and files only.
    const first = await init(sandbox, out, {});
    expect(first.code, first.stderr).toBe(0);
    const clientId = (JSON.parse(first.stdout) as { serviceClientId: string }).serviceClientId;
    sandbox.state.openMetadata.users.push(clientId);
    sandbox.state.openMetadata.userRoles = { [clientId]: ["DataConsumer"] };
    const run = await init(sandbox, out, { OKTA_OM_OPENMETADATA_TOKEN: admin });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ openMetadata: { servicePrincipal: { name: clientId, action: "update" }, writes: 1 } });
    expect(sandbox.state.openMetadata.userRoles?.[clientId]).toEqual(["DataConsumer", "IngestionBotRole"]);
  });

  it("without credentials nothing is sent to OpenMetadata's users API", async () => {
    const sandbox = await startSandbox();
    const run = await init(sandbox, tempDir(), {});
    expect(run.code, run.stderr).toBe(0);
    expect(omWrites(sandbox)).toEqual([]);
    expect(JSON.parse(run.stdout)).not.toHaveProperty("openMetadata");
  });
});
