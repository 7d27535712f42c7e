// Orgs without API Access Management (REAL-ORG.md: "Features and plans"): custom servers and
// `default` answer 401 E0000015, the org authorization server still signs users in.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseJson, runCli, runInit, tempDir, writesIn, type InitJson } from "../helpers/run-cli.js";
import { raw, startSandbox } from "../helpers/sandbox.js";
import { deriveOmConfig } from "../../src/openmetadata/om-config-input.js";
import { parseOmVersion } from "../../src/openmetadata/om-version.js";
import { authenticationSettings, settingsObject } from "../../src/openmetadata/server-blocks.js";

describe("init --auth-server org on an org without API Access Management", () => {
  it("with OpenMetadata 1.3+: sign-in through the org server (authority = org URL, keys {org}/oauth2/v1/keys), no server/scope/policy/rule; doctor passes", async () => {
    const sandbox = await startSandbox({ apiAccessManagement: false });
    sandbox.state.openMetadata.version = "1.5.0";
    const out = tempDir();
    // The user copies the ingestion-bot's JWT from OpenMetadata (1.3+ ingests with it, not with Okta).
    const bot = await fetch(`${sandbox.orgUrl}/__sandbox/openmetadata/bot-token`, { method: "POST", headers: { Authorization: `SSWS ${sandbox.apiToken}` } });
    const botFile = join(out, "bot.jwt");
    await writeFile(botFile, ((await bot.json()) as { token: string }).token, { mode: 0o600 });
    const omArgs = ["--om-url", sandbox.openMetadataUrl, "--om-bot-jwt-file", botFile, "--om-version", "1.5.0", "--auth-server", "org"];
    const run = await runInit(sandbox, out, ...omArgs, "--json");
    expect(run.code, run.stderr).toBe(0);
    const result = parseJson<InitJson>(run);
    expect(result.issuer).toBe(sandbox.orgUrl);
    expect(result.changes.map((c) => c.resource).filter((r) => /^(auth-server|scope|policy|rule)$/.test(r))).toEqual([]);
    expect(sandbox.requests.filter((r) => r.path.startsWith("/api/v1/authorizationServers"))).toEqual([]);
    expect(sandbox.requests.filter((r) => r.status >= 400)).toEqual([]);
    const env = await readFile(join(out, "openmetadata.env"), "utf8");
    expect(env).toMatch(new RegExp(`AUTHENTICATION_AUTHORITY=${sandbox.orgUrl}\\s`));
    expect(env).toContain(`${sandbox.orgUrl}/oauth2/v1/keys`);
    const manifest = JSON.parse(await readFile(join(out, "okta-om-setup.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ issuer: sandbox.orgUrl });
    expect(manifest.authServerId).toBeUndefined();

    // "Deploy" the generated server config to the OpenMetadata stand-in, as the user would.
    const omInput = {
      omUrl: sandbox.openMetadataUrl,
      omVersion: parseOmVersion("1.5.0"),
      issuer: result.issuer,
      spaClientId: result.spaClientId,
      redirectUris: [`${sandbox.openMetadataUrl}/callback`, `${sandbox.openMetadataUrl}/silent-callback`],
      botEmail: "bot@example.com",
      adminPrincipals: ["admin"],
      principalDomain: "example.com",
      hasDefaultScope: false,
      scope: "openmetadata",
      deployFiles: [],
    };
    const deployed = await raw(sandbox, "PUT", "/__sandbox/openmetadata", { version: "1.5.0", users: ["admin", "ingestion-bot"], authConfig: settingsObject(authenticationSettings(deriveOmConfig(omInput))) });
    expect(deployed.status).toBeLessThan(300);
    const doctor = await runCli(["doctor", "--out-dir", out, "--json"], { sandbox });
    const results = JSON.parse(doctor.stdout) as { id: string; status: string; detail: string }[];
    expect(results.filter((r) => r.status === "fail"), doctor.stderr).toEqual([]);
    expect(doctor.code).toBe(0);
    expect(results.find((r) => r.id === "okta-discovery")?.status).toBe("pass");

    // A rerun converges without writes.
    const before = writesIn(sandbox).length;
    const rerun = await runInit(sandbox, out, ...omArgs);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(writesIn(sandbox).length).toBe(before);
  });

  it("with OpenMetadata 1.2.x (Okta ingestion needs a custom server): exit 2 explaining the choice, before any request", async () => {
    const sandbox = await startSandbox({ apiAccessManagement: false });
    const out = tempDir();
    const run = await runInit(sandbox, out, "--om-version", "1.2.5", "--auth-server", "org");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--auth-server org cannot serve ingestion");
    expect(run.stderr).toContain("--no-service-app");
    expect(run.stderr).toContain("1.3");
    expect(sandbox.requests.filter((r) => !r.path.startsWith("/openmetadata"))).toEqual([]);
    // --no-service-app makes it work (ingestion uses the bot JWT).
    const ok = await runInit(sandbox, out, "--om-version", "1.2.5", "--auth-server", "org", "--no-service-app");
    expect(ok.code, ok.stderr).toBe(0);
  });

  it("E0000015 is a missing feature: exit 1, says so, and never advises --auth-server default (that server does not exist either)", async () => {
    const sandbox = await startSandbox({ apiAccessManagement: false });
    const run = await runInit(sandbox, tempDir());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/E0000015/);
    expect(run.stderr).toContain("missing feature");
    expect(run.stderr).toContain("--auth-server org");
    expect(run.stderr).not.toContain("--auth-server default");
    expect(writesIn(sandbox)).toEqual([]);
    const dflt = await runInit(sandbox, tempDir(), "--auth-server", "default");
    expect(dflt.code).toBe(1);
    expect(dflt.stderr).not.toContain("--auth-server default");
  });

  it("a custom server's token endpoint answers 'feature not enabled' there", async () => {
    // REAL-ORG.md token endpoint table: "feature not enabled" is 400 access_denied, verbatim.
    const sandbox = await startSandbox({ apiAccessManagement: false });
    const res = await fetch(`${sandbox.orgUrl}/oauth2/default/v1/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: "openmetadata" }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "access_denied", error_description: "The requested feature is not enabled in this environment." });
  });
});
