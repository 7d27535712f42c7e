// init on OpenMetadata 1.10+: the settings go through OpenMetadata's own API (VERSIONS.md, "1.10 and
// later": env/yaml/Helm only seed the database at first boot), validated by OpenMetadata first, and
// the ingestion bot's real JWT goes into workflowConfig.yaml (VERSIONS.md: "Bot JWT by API").
import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { raw, startSandbox } from "../helpers/sandbox.js";
import { runCli, tempDir, type CliRun } from "../helpers/run-cli.js";

const VERSION = "2.0.2";

/** init against an external sandbox and its OpenMetadata stand-in, without --yes unless given. */
function args(sandbox: Sandbox, out: string, ...extra: string[]): string[] {
  return ["init", "--org-url", sandbox.orgUrl, "--om-url", sandbox.openMetadataUrl, "--bot-email", "bot@sandbox.example", "--om-version", VERSION, "--no-interactive", "--out-dir", out, ...extra];
}

async function standIn(version = VERSION): Promise<{ sandbox: Sandbox; admin: string }> {
  const sandbox = await startSandbox();
  sandbox.state.openMetadata.version = version;
  return { sandbox, admin: await sandbox.openMetadataAdminToken() };
}

async function stored(sandbox: Sandbox, admin: string) {
  const res = await fetch(`${sandbox.openMetadataUrl}/api/v1/system/security/config`, { headers: { Authorization: `Bearer ${admin}` } });
  return (await res.json()) as { authenticationConfiguration: Record<string, unknown>; authorizerConfiguration: Record<string, unknown> };
}

const omWrites = (sandbox: Sandbox): number => sandbox.requests.filter((r) => r.path.startsWith("/openmetadata/") && (r.method === "PATCH" || r.method === "PUT")).length;
const oktaWrites = (sandbox: Sandbox): number => sandbox.requests.filter((r) => r.path.startsWith("/api/v1/") && r.method !== "GET").length;

function json(run: CliRun): Record<string, unknown> {
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe("init --sandbox on OpenMetadata 1.10+ (one command, offline)", () => {
  for (const version of ["2.0.2", "1.10.7", "1.13.5"]) {
    it(`${version}: stored settings on Okta, a real bot JWT in workflowConfig.yaml, a green doctor; the rerun writes nothing`, async () => {
      const out = tempDir();
      const first = await runCli(["init", "--sandbox", "--om-version", version, "--out-dir", out, "--json"]);
      expect(first.code, first.stderr).toBe(0);
      const result = json(first);
      expect(result.ok).toBe(true);
      const doctor = result.doctor as { id: string; status: string }[];
      expect(doctor.filter((c) => c.status === "fail" || c.status === "error")).toEqual([]);
      expect(doctor.find((c) => c.id === "om-auth-config")?.status).toBe("pass");
      // init hands doctor its OpenMetadata admin access: OpenMetadata's validator and the bot JWT are proven too.
      expect(doctor.find((c) => c.id === "om-validator")?.status).toBe("pass");
      expect(doctor.find((c) => c.id === "om-bot-jwt")?.status).toBe("pass");
      const om = result.openMetadata as { securityConfig: { action: string; applied: boolean; fields: string[] }; writes: number };
      expect(om.securityConfig).toMatchObject({ action: "update", applied: true, validator: { accepted: true, errors: [] } });
      expect(om.securityConfig.fields).toContain("authenticationConfiguration.providerName");
      expect(om.writes).toBe(1);

      // The stand-in's database (kept in the out-dir's sandbox state) holds the Okta settings.
      const state = JSON.parse(await readFile(join(out, "sandbox-org.json"), "utf8")) as { openMetadata: { securityConfig: { authenticationConfiguration: Record<string, unknown> }; botTokens: Record<string, string> } };
      const auth = state.openMetadata.securityConfig.authenticationConfiguration;
      expect(auth).toMatchObject({ provider: "okta", providerName: "Okta", authority: result.issuer, clientId: result.spaClientId });
      const spaRedirects = JSON.stringify(state).includes(String(auth.callbackUrl));
      expect(spaRedirects).toBe(true);
      expect(auth.publicKeyUrls).toContain(`${String(result.issuer)}/v1/keys`);

      const workflow = await readFile(join(out, "workflowConfig.yaml"), "utf8");
      expect(workflow).toContain(state.openMetadata.botTokens["ingestion-bot"]!);
      expect(statSync(join(out, "workflowConfig.yaml")).mode & 0o777).toBe(0o600);
      // The bot JWT is a secret: not in stdout, stderr or the manifest.
      const manifest = await readFile(join(out, "okta-om-setup.json"), "utf8");
      for (const text of [first.stdout, first.stderr, manifest]) expect(text).not.toContain(state.openMetadata.botTokens["ingestion-bot"]!);

      const again = await runCli(["init", "--sandbox", "--om-version", version, "--out-dir", out, "--json"]);
      expect(again.code, again.stderr).toBe(0);
      const rerun = json(again);
      expect((rerun.changes as { action: string }[]).every((c) => c.action === "noop")).toBe(true);
      expect(rerun.openMetadata).toMatchObject({ securityConfig: { action: "noop", applied: false }, writes: 0 });
      expect((rerun.files as { action: string }[]).every((f) => f.action === "unchanged")).toBe(true);
      const third = await runCli(["init", "--sandbox", "--om-version", version, "--out-dir", out]);
      expect(third.code, third.stderr).toBe(0);
      expect(third.stderr).toMatch(/\d+ Okta requests \(0 writes\), \d+ OpenMetadata requests \(0 writes\)/);
      expect(third.stderr).toContain("OpenMetadata security settings (already on Okta; no write)");
      // The next steps do not ask for what the API already did.
      expect(third.stderr).toContain(`OpenMetadata ${version} already has these settings in its database (applied through its API)`);
      expect(third.stderr).not.toContain("enter them in Settings > SSO");
      // The bot JWT's expiry is shown (the stand-in's lives 30 days).
      expect(third.stderr).toMatch(/ingestion-bot JWT read from OpenMetadata, expires \d{4}-\d\d-\d\dT[\d:.]+Z \(in (29|30) days\)/);
    });
  }
});

describe("init with OpenMetadata admin credentials against a running 1.10+ server", () => {
  it("OKTA_OM_OPENMETADATA_TOKEN: plan shows the diff, then validate + one PATCH; the rerun makes zero writes", async () => {
    const { sandbox, admin } = await standIn();
    const out = tempDir();
    const env = { OKTA_OM_OPENMETADATA_TOKEN: admin };
    const run = await runCli(args(sandbox, out), { sandbox, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("~ OpenMetadata security settings");
    expect(run.stderr).toContain('~ authenticationConfiguration.provider: "basic" → "okta"');
    // OpenMetadata's verdict is shown before the write, field by field.
    expect(run.stderr).toContain("OpenMetadata's validator (POST /api/v1/system/security/validate) accepted");
    expect(run.stderr).toContain("✓ authenticationConfiguration.publicKeyUrls");
    expect(run.stderr.indexOf("validator (POST")).toBeLessThan(run.stderr.indexOf("applied OpenMetadata's security settings"));
    const validate = sandbox.requests.filter((r) => r.path === "/openmetadata/api/v1/system/security/validate");
    expect(validate.map((r) => r.status)).toEqual([200]);
    expect(omWrites(sandbox)).toBe(1);
    expect((await stored(sandbox, admin)).authenticationConfiguration.provider).toBe("okta");
    // The admin token is never printed.
    for (const text of [run.stdout, run.stderr, await readFile(join(out, "okta-om-setup.json"), "utf8")]) expect(text).not.toContain(admin);

    const before = { om: omWrites(sandbox), okta: oktaWrites(sandbox) };
    const again = await runCli(args(sandbox, out), { sandbox, env });
    expect(again.code, again.stderr).toBe(0);
    expect({ om: omWrites(sandbox), okta: oktaWrites(sandbox) }).toEqual(before);
  });

  it("--om-admin-token-stdin takes the token from stdin", async () => {
    const { sandbox, admin } = await standIn();
    const run = await runCli(args(sandbox, tempDir(), "--om-admin-token-stdin"), { sandbox, stdin: `${admin}\n` });
    expect(run.code, run.stderr).toBe(0);
    expect((await stored(sandbox, admin)).authenticationConfiguration.provider).toBe("okta");
  });

  it("--om-admin-email with OKTA_OM_OPENMETADATA_PASSWORD logs in with basic auth (base64 password), then applies", async () => {
    const { sandbox, admin } = await standIn();
    const run = await runCli(args(sandbox, tempDir(), "--om-admin-email", "admin@open-metadata.org"), { sandbox, env: { OKTA_OM_OPENMETADATA_PASSWORD: "admin" } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("basic login as admin@open-metadata.org");
    expect((await stored(sandbox, admin)).authenticationConfiguration.provider).toBe("okta");
  });

  it("--plan shows the settings diff and writes nothing to OpenMetadata", async () => {
    const { sandbox, admin } = await standIn();
    const out = tempDir();
    expect((await runCli(args(sandbox, out), { sandbox })).code).toBe(0); // Okta side first, no credentials
    const plan = await runCli(args(sandbox, out, "--plan", "--json"), { sandbox, env: { OKTA_OM_OPENMETADATA_TOKEN: admin } });
    expect(plan.code, plan.stderr).toBe(0);
    const result = json(plan) as { pending: boolean; openMetadata: { securityConfig: { action: string; applied: boolean; fields: string[] } } };
    expect(result).toMatchObject({ pending: true, openMetadata: { securityConfig: { action: "update", applied: false } } });
    expect(result.openMetadata.securityConfig.fields).toEqual(expect.arrayContaining(["authenticationConfiguration.provider", "authenticationConfiguration.clientId"]) as unknown);
    expect(omWrites(sandbox)).toBe(0);
  });
});

describe("init on 1.10+ without OpenMetadata credentials", () => {
  it("writes the files and says they only seed a fresh install, with both ways forward", async () => {
    const { sandbox, admin } = await standIn();
    const out = tempDir();
    const run = await runCli(args(sandbox, out), { sandbox });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("only seed a fresh install at its first boot");
    expect(run.stderr).toContain("OKTA_OM_OPENMETADATA_TOKEN");
    expect(run.stderr).toContain("openmetadata-ops.sh remove-security-config --force");
    expect(statSync(join(out, "openmetadata.env")).isFile()).toBe(true);
    expect(sandbox.requests.some((r) => r.path.startsWith("/openmetadata/api/v1/system/security"))).toBe(false);
    expect((await stored(sandbox, admin)).authenticationConfiguration.provider).toBe("basic");
  });

  it("1.3 to 1.9 without credentials: the bot JWT is a placeholder and the output says how to get it; nothing is asked of OpenMetadata", async () => {
    const { sandbox } = await standIn("1.9.17");
    const out = tempDir();
    const run = await runCli(["init", "--org-url", sandbox.orgUrl, "--om-url", sandbox.openMetadataUrl, "--bot-email", "bot@sandbox.example", "--om-version", "1.9.17", "--no-interactive", "--out-dir", out], { sandbox });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("holds a placeholder for the ingestion bot's JWT: rerun with OpenMetadata admin credentials (set OKTA_OM_OPENMETADATA_TOKEN");
    expect(run.stderr).toContain("--om-bot-jwt-file");
    expect(sandbox.requests.filter((r) => r.path.startsWith("/openmetadata/api/v1/") && !r.path.endsWith("/version"))).toEqual([]);
  });
});

describe("bad OpenMetadata credentials and failures: a clear message, nothing half-applied, a rerun resumes", () => {
  const noOkta = (sandbox: Sandbox) => expect(oktaWrites(sandbox)).toBe(0);

  it("a wrong token (401) exits 4 before any Okta write, and never shows the token", async () => {
    const { sandbox } = await standIn();
    const forged = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl";
    const run = await runCli(args(sandbox, tempDir()), { sandbox, env: { OKTA_OM_OPENMETADATA_TOKEN: forged } });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("OpenMetadata refused the admin credentials (OKTA_OM_OPENMETADATA_TOKEN): HTTP 401");
    expect(run.stderr).not.toContain(forged);
    noOkta(sandbox);
  });

  it("a non-admin token (the ingestion bot's) exits 4", async () => {
    const { sandbox, admin } = await standIn();
    const bot = (await (await fetch(`${sandbox.openMetadataUrl}/api/v1/bots/name/ingestion-bot`, { headers: { Authorization: `Bearer ${admin}` } })).json()) as { botUser: { id: string } };
    const token = ((await (await fetch(`${sandbox.openMetadataUrl}/api/v1/users/token/${bot.botUser.id}`, { headers: { Authorization: `Bearer ${admin}` } })).json()) as { JWTToken: string }).JWTToken;
    const run = await runCli(args(sandbox, tempDir()), { sandbox, env: { OKTA_OM_OPENMETADATA_TOKEN: token } });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("is not an admin");
    noOkta(sandbox);
  });

  it("a wrong basic-auth password exits 4; an email without the password env is exit 2", async () => {
    const { sandbox } = await standIn();
    const wrong = await runCli(args(sandbox, tempDir(), "--om-admin-email", "admin@open-metadata.org"), { sandbox, env: { OKTA_OM_OPENMETADATA_PASSWORD: "nope" } });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain("refused the basic login of admin@open-metadata.org: HTTP 401");
    expect(wrong.stderr).not.toContain("nope");
    const missing = await runCli(args(sandbox, tempDir(), "--om-admin-email", "admin@open-metadata.org"), { sandbox });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("OKTA_OM_OPENMETADATA_PASSWORD");
    noOkta(sandbox);
  });

  it("an unreachable OpenMetadata exits 1 naming --om-url", async () => {
    const { sandbox, admin } = await standIn();
    const run = await runCli([...args(sandbox, tempDir()), "--om-url", "http://127.0.0.1:9"], { sandbox, env: { OKTA_OM_OPENMETADATA_TOKEN: admin } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Cannot reach OpenMetadata at http://127.0.0.1:9");
    expect(run.stderr).toContain("--om-url");
    noOkta(sandbox);
  });

  it("an HTML page instead of JSON exits 1", async () => {
    const { sandbox, admin } = await standIn();
    sandbox.faults.add({ path: "/openmetadata/api/v1/users/loggedInUser", action: { type: "status", status: 200, text: "<html><body>Sign in</body></html>", contentType: "text/html" } });
    const run = await runCli(args(sandbox, tempDir()), { sandbox, env: { OKTA_OM_OPENMETADATA_TOKEN: admin } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("with an HTML page");
    noOkta(sandbox);
  });

  it("a validator rejection stops before the write, names the field and the fix; the rerun resumes", async () => {
    const { sandbox, admin } = await standIn();
    const out = tempDir();
    // OpenMetadata cannot reach Okta's introspection endpoint (VERSIONS.md: 200 with `active` required).
    sandbox.faults.add({ method: "POST", path: "^/oauth2/[^/]+/v1/introspect$", action: { type: "status", status: 503, json: { error: "temporarily_unavailable" } } });
    const env = { OKTA_OM_OPENMETADATA_TOKEN: admin };
    const run = await runCli(args(sandbox, out), { sandbox, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("OpenMetadata's validator rejected the Okta settings");
    // The verdict field by field, in OpenMetadata's words, with the fix.
    expect(run.stderr).toMatch(/✗ authenticationConfiguration\.clientId: Client ID validation failed at the introspection endpoint: HTTP 503 \(fix: .*introspection/);
    expect(omWrites(sandbox)).toBe(0);
    expect((await stored(sandbox, admin)).authenticationConfiguration.provider).toBe("basic");
    sandbox.faults.clear();
    const again = await runCli(args(sandbox, out), { sandbox, env });
    expect(again.code, again.stderr).toBe(0);
    expect((await stored(sandbox, admin)).authenticationConfiguration.provider).toBe("okta");
  });

  it("409 (settings managed by the environment) and 412 (changed concurrently) get their own messages", async () => {
    const { sandbox, admin } = await standIn();
    const env = { OKTA_OM_OPENMETADATA_TOKEN: admin };
    await raw(sandbox, "PUT", "/__sandbox/openmetadata", { securityManagedByEnv: true });
    const managed = await runCli(args(sandbox, tempDir()), { sandbox, env });
    expect(managed.code).toBe(1);
    expect(managed.stderr).toContain("managed by its environment (SECURITY_CONFIG_SOURCE=ENV, HTTP 409)");
    await raw(sandbox, "PUT", "/__sandbox/openmetadata", { securityManagedByEnv: false });
    sandbox.faults.add({ method: "PATCH", path: "/openmetadata/api/v1/system/security/config", times: 1, action: { type: "status", status: 412, json: { code: 412, message: "Precondition Failed" } } });
    const concurrent = await runCli(args(sandbox, tempDir()), { sandbox, env });
    expect(concurrent.code).toBe(1);
    expect(concurrent.stderr).toContain("changed while init was applying them (HTTP 412)");
    expect((await stored(sandbox, admin)).authenticationConfiguration.provider).toBe("basic");
  });
});

describe("no lock-out: an admin principal must be able to sign in with Okta", () => {
  it("refuses (exit 2) before any write when no admin principal is the Okta admin; --yes warns and goes on", async () => {
    const { sandbox, admin } = await standIn();
    const env = { OKTA_OM_OPENMETADATA_TOKEN: admin };
    const refused = await runCli(args(sandbox, tempDir(), "--admin-principals", "alice"), { sandbox, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("could lock every admin out of OpenMetadata");
    expect(refused.stderr).toContain("--admin-principals admin,alice");
    expect(oktaWrites(sandbox)).toBe(0);
    const forced = await runCli(args(sandbox, tempDir(), "--admin-principals", "alice", "--yes"), { sandbox, env });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain("Continuing because of --yes");
  });

  it("--access none is refused the same way", async () => {
    const { sandbox, admin } = await standIn();
    const run = await runCli(args(sandbox, tempDir(), "--access", "none"), { sandbox, env: { OKTA_OM_OPENMETADATA_TOKEN: admin } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--access none lets nobody sign in");
  });
});
