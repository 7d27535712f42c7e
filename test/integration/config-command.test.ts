import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../src/cli.js";
import { captureDeps } from "../helpers/capture.js";
import { startSandbox } from "../helpers/sandbox.js";

async function initInto(dir: string, orgUrl: string, token: string): Promise<void> {
  const deps = captureDeps({ env: { HOME: dir, NO_COLOR: "1", OKTA_OM_API_TOKEN: token }, cwd: dir });
  const code = await main(["init", "--org-url", orgUrl, "--bot-email", "bot@example.com", "--om-version", "1.2.5", "--no-interactive", "--yes", "--out-dir", join(dir, "out")], deps);
  expect(code, deps.err()).toBe(0);
}

describe("okta-om-setup config", () => {
  it("regenerates the OpenMetadata files for another version from the manifest, without calling Okta", async () => {
    const sandbox = await startSandbox();
    const dir = mkdtempSync(join(tmpdir(), "om-config-"));
    await initInto(dir, sandbox.orgUrl, sandbox.apiToken);
    const before = sandbox.requests.length;
    const deps = captureDeps({ env: { HOME: dir, NO_COLOR: "1" }, cwd: dir });
    expect(await main(["config", "--out-dir", "out", "--om-version", "1.5.0", "--json"], deps)).toBe(0);
    expect(sandbox.requests.length).toBe(before);
    const result = JSON.parse(deps.out()) as { omVersion: string; files: { name: string; action: string }[] };
    expect(result.omVersion).toBe("1.5.0");
    expect(result.files.find((f) => f.name === "workflowConfig.yaml")?.action).toBe("update");
    const workflow = parse(readFileSync(join(dir, "out", "workflowConfig.yaml"), "utf8")) as { workflowConfig: { openMetadataServerConfig: { authProvider: string } } };
    expect(workflow.workflowConfig.openMetadataServerConfig.authProvider).toBe("openmetadata");
  });

  it("refuses to overwrite a hand-edited file without --yes, and shows the diff", async () => {
    const sandbox = await startSandbox();
    const dir = mkdtempSync(join(tmpdir(), "om-config-"));
    await initInto(dir, sandbox.orgUrl, sandbox.apiToken);
    const envFile = join(dir, "out", "openmetadata.env");
    const edited = readFileSync(envFile, "utf8").replace("AUTHORIZER_ADMIN_PRINCIPALS=[admin]", "AUTHORIZER_ADMIN_PRINCIPALS=[alice]");
    writeFileSync(envFile, edited);
    const refused = captureDeps({ env: { HOME: dir, NO_COLOR: "1" }, cwd: dir });
    expect(await main(["config", "--out-dir", "out"], refused)).toBe(2);
    expect(refused.err()).toContain("AUTHORIZER_ADMIN_PRINCIPALS=[alice]");
    expect(refused.err()).toContain("--yes");
    expect(readFileSync(envFile, "utf8")).toBe(edited);
    const forced = captureDeps({ env: { HOME: dir, NO_COLOR: "1" }, cwd: dir });
    expect(await main(["config", "--out-dir", "out", "--yes"], forced)).toBe(0);
    expect(readFileSync(envFile, "utf8")).toContain("AUTHORIZER_ADMIN_PRINCIPALS=[admin]");
  });

  it("explains what to do when there is no setup yet", async () => {
    const dir = mkdtempSync(join(tmpdir(), "om-config-"));
    const deps = captureDeps({ env: { HOME: dir, NO_COLOR: "1" }, cwd: dir });
    expect(await main(["config", "--out-dir", "nothing-here"], deps)).toBe(2);
    expect(deps.err()).toContain("okta-om-setup init");
  });
});

describe("config records what it was given", () => {
  it("a version and admins set with config survive the next plain config and init", async () => {
    const sandbox = await startSandbox();
    const dir = mkdtempSync(join(tmpdir(), "om-config-"));
    await initInto(dir, sandbox.orgUrl, sandbox.apiToken);
    const env = { HOME: dir, NO_COLOR: "1" };
    expect(await main(["config", "--out-dir", "out", "--om-version", "1.5.0", "--admin-principals", "alice"], captureDeps({ env, cwd: dir }))).toBe(0);
    // A plain config keeps both instead of reverting to detection/defaults.
    expect(await main(["config", "--out-dir", "out"], captureDeps({ env, cwd: dir }))).toBe(0);
    const envFile = () => readFileSync(join(dir, "out", "openmetadata.env"), "utf8");
    expect(envFile()).toContain("AUTHENTICATION_CLIENT_TYPE=public");
    expect(envFile()).toContain("AUTHORIZER_ADMIN_PRINCIPALS=[alice]");
    // So does a plain init rerun (it regenerates the files from the same choices).
    const rerun = captureDeps({ env: { ...env, OKTA_OM_API_TOKEN: sandbox.apiToken }, cwd: dir });
    expect(await main(["init", "--no-interactive", "--yes", "--out-dir", "out"], rerun), rerun.err()).toBe(0);
    expect(rerun.err()).toContain("OpenMetadata 1.5.0");
    const workflow = parse(readFileSync(join(dir, "out", "workflowConfig.yaml"), "utf8")) as { workflowConfig: { openMetadataServerConfig: { authProvider: string } } };
    expect(workflow.workflowConfig.openMetadataServerConfig.authProvider).toBe("openmetadata");
  });
});
