// `config --apply`: the OpenMetadata side of init from the manifest, offline from Okta. On 1.10+ the
// settings live in OpenMetadata's database (VERSIONS.md, "1.10 and later"), so files alone change
// nothing; with admin credentials config validates and PATCHes them, and reads the bot JWT by API.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { runCli, tempDir } from "../helpers/run-cli.js";
import { startSandbox } from "../helpers/sandbox.js";

const VERSION = "2.0.2";

/** A 2.0.2 stand-in and an init without OpenMetadata credentials: Okta done, files written, settings still basic. */
async function initialised(): Promise<{ sandbox: Sandbox; admin: string; out: string }> {
  const sandbox = await startSandbox();
  sandbox.state.openMetadata.version = VERSION;
  const out = tempDir();
  const run = await runCli(["init", "--org-url", sandbox.orgUrl, "--om-url", sandbox.openMetadataUrl, "--bot-email", "bot@sandbox.example", "--om-version", VERSION, "--no-interactive", "--out-dir", out], { sandbox });
  expect(run.code, run.stderr).toBe(0);
  return { sandbox, admin: await sandbox.openMetadataAdminToken(), out };
}

async function provider(sandbox: Sandbox, admin: string): Promise<unknown> {
  const res = await fetch(`${sandbox.openMetadataUrl}/api/v1/system/security/config`, { headers: { Authorization: `Bearer ${admin}` } });
  return ((await res.json()) as { authenticationConfiguration: { provider: unknown } }).authenticationConfiguration.provider;
}

const oktaApiCalls = (sandbox: Sandbox): number => sandbox.requests.filter((r) => r.path.startsWith("/api/v1/")).length;
const omWrites = (sandbox: Sandbox): number => sandbox.requests.filter((r) => r.path.startsWith("/openmetadata/") && (r.method === "PATCH" || r.method === "PUT")).length;

describe("config --apply on OpenMetadata 1.10+", () => {
  it("applies the settings (validated first) and writes the bot's real JWT, without one Okta API call; the rerun writes nothing", async () => {
    const { sandbox, admin, out } = await initialised();
    const before = oktaApiCalls(sandbox);
    const env = { OKTA_OM_OPENMETADATA_TOKEN: admin, OKTA_OM_API_TOKEN: undefined };
    const run = await runCli(["config", "--out-dir", out, "--apply", "--json"], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(oktaApiCalls(sandbox)).toBe(before);
    const result = JSON.parse(run.stdout) as { openMetadata: { securityConfig: { action: string; applied: boolean; validator: { accepted: boolean } }; writes: number } };
    expect(result.openMetadata).toMatchObject({ securityConfig: { action: "update", applied: true, validator: { accepted: true } }, writes: 1 });
    expect(await provider(sandbox, admin)).toBe("okta");
    const botJwt = sandbox.state.openMetadata.botTokens!["ingestion-bot"]!;
    expect(readFileSync(join(out, "workflowConfig.yaml"), "utf8")).toContain(botJwt);
    for (const text of [run.stdout, run.stderr, readFileSync(join(out, "okta-om-setup.json"), "utf8")]) {
      expect(text).not.toContain(admin);
      expect(text).not.toContain(botJwt);
    }

    const again = await runCli(["config", "--out-dir", out, "--apply", "--json"], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ openMetadata: { securityConfig: { action: "noop", applied: false }, writes: 0 } });
    expect(omWrites(sandbox)).toBe(1);
  });

  it("without --apply the output names the first-boot rule and config --apply", async () => {
    const { out } = await initialised();
    const run = await runCli(["config", "--out-dir", out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("only seed a fresh install at its first boot");
    expect(run.stderr).toContain("okta-om-setup config --apply");
    expect(run.stderr).toContain("remove-security-config --force");
  });

  it("--apply without credentials is exit 2 naming the env and the flags; a wrong token is exit 4; nothing is written", async () => {
    const { sandbox, admin, out } = await initialised();
    const workflow = readFileSync(join(out, "workflowConfig.yaml"), "utf8");
    const none = await runCli(["config", "--out-dir", out, "--apply", "--om-version", "2.0.1"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--apply needs OpenMetadata admin credentials");
    expect(none.stderr).toContain("OKTA_OM_OPENMETADATA_TOKEN");
    const wrong = await runCli(["config", "--out-dir", out, "--apply", "--om-version", "2.0.1"], { env: { OKTA_OM_OPENMETADATA_TOKEN: "wrong-token" } });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain("HTTP 401");
    expect(wrong.stderr).not.toContain("wrong-token");
    expect(readFileSync(join(out, "workflowConfig.yaml"), "utf8")).toBe(workflow);
    expect(JSON.parse(readFileSync(join(out, "okta-om-setup.json"), "utf8"))).toMatchObject({ omVersion: VERSION });
    expect(await provider(sandbox, admin)).toBe("basic");
  });

  it("admins init did not check against Okta are refused (exit 2) before any write; --yes warns and applies", async () => {
    const { sandbox, admin, out } = await initialised();
    const env = { OKTA_OM_OPENMETADATA_TOKEN: admin };
    const refused = await runCli(["config", "--out-dir", out, "--apply", "--admin-principals", "someone.else"], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("could lock every admin out of OpenMetadata");
    expect(omWrites(sandbox)).toBe(0);
    const forced = await runCli(["config", "--out-dir", out, "--apply", "--admin-principals", "someone.else", "--yes"], { env });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain("Continuing because of --yes");
    expect(await provider(sandbox, admin)).toBe("okta");
  });
});
