// The wizard asks for OpenMetadata admin credentials (masked) when the version needs them (1.10+:
// settings in the database; 1.3+: the bot JWT by API; VERSIONS.md) and checks them live before
// anything is written. The stand-in plays OpenMetadata 2.0.2 (basic login admin@open-metadata.org / admin).
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { ENTER, seq, type FakeAnswer, type FakePrompter, type FakeSeq } from "../helpers/fake-prompter.js";
import { tempDir } from "../helpers/run-cli.js";
import { startSandbox } from "../helpers/sandbox.js";
import { enterEverywhere } from "../helpers/wizard-script.js";

async function runWizard(prompter: FakePrompter, sandbox: Sandbox, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const stdin = Readable.from([]) as Readable & { isTTY?: boolean };
  stdin.isTTY = true;
  const code = await main(["init", "--out-dir", tempDir()], {
    stdin,
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: true },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: true },
    env: { HOME: process.env.HOME, PATH: process.env.PATH, NO_COLOR: "1", LANG: "C.UTF-8", OKTA_OM_ORG_URL: sandbox.orgUrl, OKTA_OM_API_TOKEN: sandbox.apiToken, ...env },
    cwd: tempDir("okta-om-wizard-"),
    prompter,
  });
  return { code, stdout, stderr };
}

/**
 * A first run's answers (enterEverywhere) for 2.0.2: it also asks how users sign in (1.3.2+, issue
 * 14; Enter keeps the public SPA) and for the OpenMetadata credentials; the service app is declined,
 * and with --out-dir given its name, key and the out-dir are not asked.
 */
function script(sandbox: Sandbox, credentials: Record<string, FakeAnswer | FakeSeq>): FakePrompter {
  return enterEverywhere(sandbox, { clientType: ENTER, ...credentials, serviceApp: false, serviceAppName: undefined, serviceKey: undefined, outDir: undefined });
}

async function standIn(): Promise<{ sandbox: Sandbox; admin: string }> {
  const sandbox = await startSandbox();
  sandbox.state.openMetadata.version = "2.0.2";
  return { sandbox, admin: await sandbox.openMetadataAdminToken() };
}

const stored = async (sandbox: Sandbox, admin: string): Promise<string> => {
  const res = await fetch(`${sandbox.openMetadataUrl}/api/v1/system/security/config`, { headers: { Authorization: `Bearer ${admin}` } });
  return ((await res.json()) as { authenticationConfiguration: { provider: string } }).authenticationConfiguration.provider;
};

describe("wizard: OpenMetadata admin credentials on 1.10+", () => {
  it("asks for the token masked, refuses a wrong one live (401) without echoing it, then applies with the right one", async () => {
    const { sandbox, admin } = await standIn();
    const prompter = script(sandbox, { omAdminToken: seq("wrong-token-value", admin) });
    const run = await runWizard(prompter, sandbox);
    expect(run.code, run.stderr).toBe(0);
    prompter.assertAllAnswered();
    const q = prompter.question("omAdminToken");
    expect(q.kind).toBe("password");
    expect(q.errors[0]).toContain("OpenMetadata refused the admin credentials (the token typed in the wizard): HTTP 401");
    expect(q.errors.join(" ")).not.toContain("wrong-token-value");
    // Asked right after the version, before any Okta question.
    expect(prompter.fields().slice(0, 4)).toEqual(["omUrl", "omVersion", "clientType", "omAdminToken"]);
    expect(run.stderr).toContain("Signed in to OpenMetadata as admin (an admin)");
    // The plan shows OpenMetadata's settings change with the Okta objects and files, before any write.
    const planAt = run.stderr.indexOf(`Plan for ${sandbox.orgUrl}:`);
    const settingsAt = run.stderr.indexOf("~ OpenMetadata security settings");
    expect(planAt).toBeGreaterThan(0);
    expect(settingsAt).toBeGreaterThan(planAt);
    expect(run.stderr).toContain('~ authenticationConfiguration.provider: "basic" → "okta"');
    expect(run.stderr).toMatch(/OpenMetadata: \d+ settings to change \(validated by OpenMetadata first\)/);
    expect(run.stderr.indexOf('created   single-page app "OpenMetadata"')).toBeGreaterThan(settingsAt);
    expect(await stored(sandbox, admin)).toBe("okta");
    for (const text of [run.stdout, run.stderr]) expect(text).not.toContain(admin);
    // The CI command says where OpenMetadata's credentials come from (the typed token is not kept).
    expect(run.stderr).toContain("with OpenMetadata admin credentials in OKTA_OM_OPENMETADATA_TOKEN");
  });

  it("Enter at the token asks for email and password (basic login, checked live: a wrong password is asked again)", async () => {
    const { sandbox, admin } = await standIn();
    const prompter = script(sandbox, { omAdminToken: ENTER, omAdminEmail: "admin@open-metadata.org", omAdminPassword: seq("not-the-password", "admin") });
    const run = await runWizard(prompter, sandbox);
    expect(run.code, run.stderr).toBe(0);
    prompter.assertAllAnswered();
    expect(prompter.question("omAdminPassword").kind).toBe("password");
    expect(prompter.question("omAdminPassword").errors[0]).toContain("OpenMetadata refused the basic login of admin@open-metadata.org: HTTP 401");
    expect(await stored(sandbox, admin)).toBe("okta");
    expect(run.stderr).not.toContain("not-the-password");
  });

  it("Enter twice skips: the files are written and the output gives the first-boot rule and both ways forward", async () => {
    const { sandbox, admin } = await standIn();
    // Without admin access the bot JWT cannot come by API, so its file is asked for (Enter: later).
    const prompter = script(sandbox, { omAdminToken: ENTER, omAdminEmail: ENTER, omBotJwtFile: ENTER });
    const run = await runWizard(prompter, sandbox);
    expect(run.code, run.stderr).toBe(0);
    prompter.assertAllAnswered();
    expect(run.stderr).toContain("No OpenMetadata admin credentials");
    expect(run.stderr).toContain("only seed a fresh install at its first boot");
    expect(run.stderr).toContain("remove-security-config --force");
    expect(await stored(sandbox, admin)).toBe("basic");
  });

  it("does not ask when OKTA_OM_OPENMETADATA_TOKEN is set", async () => {
    const { sandbox, admin } = await standIn();
    const prompter = script(sandbox, {});
    const run = await runWizard(prompter, sandbox, { OKTA_OM_OPENMETADATA_TOKEN: admin });
    expect(run.code, run.stderr).toBe(0);
    expect(prompter.fields()).not.toContain("omAdminToken");
    expect(await stored(sandbox, admin)).toBe("okta");
  });
});
