// Client secret rotation of the confidential web app, against the sandbox over real HTTP. Okta's
// rules for secret objects come from management.yaml (/api/v1/apps/{appId}/credentials/secrets: at
// most two; "You can't deactivate the only active client secret."; only INACTIVE ones are deleted);
// the acceptance check is OpenMetadata's (VERSIONS.md: HTTP Basic at /introspect, 401 = wrong secret).
import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { confidentialArgs, confidentialInit } from "../helpers/confidential.js";
import { parseJson, runCli, tempDir, writesIn, type CliRun } from "../helpers/run-cli.js";
import { raw, startSandbox } from "../helpers/sandbox.js";

interface Setup {
  sandbox: Sandbox;
  out: string;
  appId: string;
  clientId: string;
  issuer: string;
  secret: string;
}

const SECRET_FILES = ["web-app.client-secret", "openmetadata.secrets.env", "oidc-secrets.yaml"];

async function setup(): Promise<Setup> {
  const sandbox = await startSandbox();
  const out = tempDir();
  const run = await confidentialInit(sandbox, out, "--json");
  expect(run.code, run.stderr).toBe(0);
  const manifest = JSON.parse(await readFile(join(out, "okta-om-setup.json"), "utf8")) as Record<string, string>;
  const secret = (await readFile(join(out, "web-app.client-secret"), "utf8")).trim();
  return { sandbox, out, appId: manifest.webAppId!, clientId: manifest.webClientId!, issuer: manifest.issuer!, secret };
}

function rotate(s: Setup, ...extra: string[]): Promise<CliRun> {
  return runCli(["rotate-key", "--client-secret", "--out-dir", s.out, ...extra], { sandbox: s.sandbox });
}

/** The introspection answer for `secret`, as OpenMetadata's validator asks (HTTP Basic). */
async function introspectStatus(s: Setup, secret: string): Promise<number> {
  const basic = Buffer.from(`${s.clientId}:${secret}`).toString("base64");
  const res = await fetch(`${s.issuer}/v1/introspect`, {
    method: "POST",
    headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: "token=probe",
  });
  return res.status;
}

async function secretObjects(s: Setup): Promise<{ id: string; status: string }[]> {
  return (await raw(s.sandbox, "GET", `/api/v1/apps/${s.appId}/credentials/secrets`)).json as unknown as { id: string; status: string }[];
}

async function texts(out: string): Promise<Record<string, string>> {
  const all: Record<string, string> = {};
  for (const name of [...SECRET_FILES, "okta-om-setup.json"]) all[name] = await readFile(join(out, name), "utf8");
  return all;
}

describe("rotate-key --client-secret", () => {
  it("--plan shows the change and changes nothing; --detailed-exitcode exits 8", async () => {
    const s = await setup();
    const before = await texts(s.out);
    const writes = writesIn(s.sandbox).length;
    const plan = await rotate(s, "--plan", "--json");
    expect(plan.code, plan.stderr).toBe(0);
    const result = parseJson<{ plan: boolean; changes: { resource: string; action: string }[] }>(plan);
    expect(result.plan).toBe(true);
    expect(result.changes.map((c) => `${c.action} ${c.resource}`)).toContain("create client-secret:(new)");
    expect(result.changes.filter((c) => c.action === "delete")).toHaveLength(1);
    expect(plan.stdout + plan.stderr).not.toContain(s.secret);
    expect(await texts(s.out)).toEqual(before);
    expect(writesIn(s.sandbox)).toHaveLength(writes);
    expect((await rotate(s, "--plan", "--detailed-exitcode")).code).toBe(8);
    expect(existsSync(join(s.out, "web-app.client-secret.pending"))).toBe(false);
  });

  it("--yes: a new secret in Okta and in every 0600 file, the old one deactivated and deleted, never printed; doctor finds what it found before", async () => {
    const s = await setup();
    const failing = async (): Promise<string[]> => {
      const doctor = await runCli(["doctor", "--out-dir", s.out, "--json"], { sandbox: s.sandbox });
      const checks = parseJson<{ id: string; status: string }[]>(doctor);
      expect(checks.find((c) => c.id === "client-secret")?.status).toBe("pass");
      return checks.filter((c) => c.status === "fail" || c.status === "error").map((c) => c.id);
    };
    // Without OpenMetadata admin credentials the bot JWT stays a placeholder (config-lint): not ours.
    const failingBefore = await failing();
    const run = await rotate(s, "--yes", "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(s.sandbox.specViolations).toEqual([]);
    const result = parseJson<{ ok: boolean; rotated: boolean; secretId: string; retiredSecretIds: string[] }>(run);
    expect(result).toMatchObject({ ok: true, rotated: true });

    const next = (await readFile(join(s.out, "web-app.client-secret"), "utf8")).trim();
    expect(next).not.toBe(s.secret);
    expect(next.length).toBeGreaterThanOrEqual(64);
    const after = await texts(s.out);
    expect(after["openmetadata.secrets.env"]).toContain(`\nOIDC_CLIENT_SECRET=${next}\n`);
    expect(after["oidc-secrets.yaml"]).toContain(`openmetadata-oidc-client-secret: ${next}`);
    for (const name of SECRET_FILES) {
      expect(after[name], name).not.toContain(s.secret);
      expect((statSync(join(s.out, name)).mode & 0o777).toString(8), name).toBe("600");
    }
    // Okta holds only the new secret: the old one is refused (401), the new one accepted.
    expect(await secretObjects(s)).toEqual([expect.objectContaining({ id: result.secretId, status: "ACTIVE" })]);
    expect(result.retiredSecretIds).toHaveLength(1);
    expect(await introspectStatus(s, s.secret)).toBe(401);
    expect(await introspectStatus(s, next)).toBe(200);

    const manifest = after["okta-om-setup.json"]!;
    expect(manifest).not.toContain("pendingClientSecret");
    expect(existsSync(join(s.out, "web-app.client-secret.pending"))).toBe(false);
    for (const [place, text] of Object.entries({ stdout: run.stdout, stderr: run.stderr, manifest, requestLog: JSON.stringify(s.sandbox.requests) })) {
      expect(text.includes(next), place).toBe(false);
      expect(text.includes(s.secret), place).toBe(false);
    }

    // The files' recorded hashes follow, so doctor sees our content, and the secret check passes.
    expect(await failing()).toEqual(failingBefore);
    const manifestFiles = (JSON.parse(manifest) as { files: Record<string, string> }).files;
    expect(manifestFiles["openmetadata.secrets.env"]).toBe(createHash("sha256").update(after["openmetadata.secrets.env"]!).digest("hex"));
  });

  it("a crash after Okta took the new secret is resumed with the same secret, never a third one", async () => {
    const s = await setup();
    // The old secret's deactivation fails: Okta holds both, the files already hold the new one.
    s.sandbox.faults.add({ method: "POST", path: "^/api/v1/apps/[^/]+/credentials/secrets/[^/]+/lifecycle/deactivate$", times: 1, action: { type: "status", status: 500, json: { errorCode: "E0000009", errorSummary: "Internal Server Error" } } });
    const crashed = await rotate(s, "--yes");
    expect(crashed.code).toBe(1);
    expect(crashed.stderr).toContain("Rerun the same command: it resumes with the same new secret");
    const pending = (await readFile(join(s.out, "web-app.client-secret.pending"), "utf8")).trim();
    expect((statSync(join(s.out, "web-app.client-secret.pending")).mode & 0o777).toString(8)).toBe("600");
    expect(JSON.parse(await readFile(join(s.out, "okta-om-setup.json"), "utf8"))).toHaveProperty("pendingClientSecret.secretId");
    expect(await secretObjects(s)).toHaveLength(2);

    const plan = await rotate(s, "--plan");
    expect(plan.stderr).toContain("resuming an interrupted rotation");
    const resumed = await rotate(s, "--yes", "--debug");
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((await readFile(join(s.out, "web-app.client-secret"), "utf8")).trim()).toBe(pending);
    // --debug logs every Okta call, never a body: neither secret shows.
    expect(resumed.stderr).toContain("/credentials/secrets");
    for (const text of [crashed.stdout, crashed.stderr, resumed.stdout, resumed.stderr]) {
      expect(text.includes(pending) || text.includes(s.secret)).toBe(false);
    }
    expect(await secretObjects(s)).toHaveLength(1);
    expect(await introspectStatus(s, pending)).toBe(200);
    expect(await introspectStatus(s, s.secret)).toBe(401);
    // Okta saw exactly one new secret across both runs.
    expect(s.sandbox.requests.filter((r) => r.method === "POST" && r.path.endsWith("/credentials/secrets"))).toHaveLength(1);
  });

  it("a crash right after Okta answered the create (id not recorded) resumes without creating again", async () => {
    const s = await setup();
    // The create succeeds in Okta, but the answer never reaches the CLI.
    s.sandbox.faults.add({ method: "POST", path: "^/api/v1/apps/[^/]+/credentials/secrets$", times: 1, action: { type: "truncate" } });
    const crashed = await rotate(s, "--yes");
    expect(crashed.code).not.toBe(0);
    expect(await secretObjects(s)).toHaveLength(2);
    const resumed = await rotate(s, "--yes");
    expect(resumed.code, resumed.stderr).toBe(0);
    const next = (await readFile(join(s.out, "web-app.client-secret"), "utf8")).trim();
    expect(await secretObjects(s)).toHaveLength(1);
    expect(await introspectStatus(s, next)).toBe(200);
  });
});

describe("rotate-key --client-secret and OpenMetadata 1.10+ (the secret lives in its database)", () => {
  it("the next init with admin credentials applies the new secret, although OpenMetadata shows it masked", async () => {
    const sandbox = await startSandbox();
    sandbox.state.openMetadata.version = "2.0.2";
    const out = tempDir();
    const env = { OKTA_OM_OPENMETADATA_TOKEN: await sandbox.openMetadataAdminToken() };
    const args = confidentialArgs(sandbox, out, "--om-url", sandbox.openMetadataUrl, "--json");
    const init = await runCli(args, { sandbox, env });
    expect(init.code, init.stderr).toBe(0);
    const stored = () => (sandbox.state.openMetadata.securityConfig!.authenticationConfiguration.oidcConfiguration as { secret: string }).secret;
    const first = (await readFile(join(out, "web-app.client-secret"), "utf8")).trim();
    expect(stored()).toBe(first);

    const rotated = await runCli(["rotate-key", "--client-secret", "--out-dir", out, "--yes"], { sandbox });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stderr).toContain("rerun init with OpenMetadata admin credentials");
    const next = (await readFile(join(out, "web-app.client-secret"), "utf8")).trim();
    expect(stored()).toBe(first);

    const again = await runCli(args, { sandbox, env });
    expect(again.code, again.stderr).toBe(0);
    expect(parseJson<{ openMetadata: { securityConfig: { action: string; fields: string[] } } }>(again).openMetadata.securityConfig).toMatchObject({ action: "update", fields: ["authenticationConfiguration.oidcConfiguration"] });
    expect(stored()).toBe(next);
    expect(again.stdout + again.stderr).not.toContain(next);
    // Applied once: the rerun after that has nothing to change.
    expect(JSON.parse(await readFile(join(out, "okta-om-setup.json"), "utf8"))).not.toHaveProperty("openMetadataSecretStale");
    const third = await runCli(args, { sandbox, env });
    expect(parseJson<{ openMetadata: { securityConfig: { action: string } } }>(third).openMetadata.securityConfig.action).toBe("noop");
  });
});

describe("rotate-key --client-secret: bad input (exit 2, nothing changed)", () => {
  it("without --yes and without a terminal", async () => {
    const s = await setup();
    const run = await rotate(s);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Rerun with --yes");
    expect((await readFile(join(s.out, "web-app.client-secret"), "utf8")).trim()).toBe(s.secret);
    expect(await secretObjects(s)).toHaveLength(1);
  });

  it("two ACTIVE secrets already: Okta allows two, and which one OpenMetadata uses is unknown", async () => {
    const s = await setup();
    const extra = await raw(s.sandbox, "POST", `/api/v1/apps/${s.appId}/credentials/secrets`, {});
    expect(extra.status).toBe(201);
    const run = await rotate(s, "--yes");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("already has two ACTIVE client secrets");
    expect(run.stderr).toContain("deactivate and delete the one not in web-app.client-secret");
    expect(await secretObjects(s)).toHaveLength(2);
    expect((await readFile(join(s.out, "web-app.client-secret"), "utf8")).trim()).toBe(s.secret);
  });

  it("a public (SPA) setup has no client secret", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    const init = await runCli(["init", "--org-url", sandbox.orgUrl, "--bot-email", "bot@example.com", "--om-version", "1.5.0", "--no-interactive", "--yes", "--out-dir", out], { sandbox });
    expect(init.code, init.stderr).toBe(0);
    const run = await runCli(["rotate-key", "--client-secret", "--out-dir", out, "--yes"], { sandbox });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("has no confidential sign-in");
  });

  it("with a key rotation's options: both rotations are named, nothing is sent", async () => {
    const s = await setup();
    const before = s.sandbox.requests.length;
    const run = await rotate(s, "--yes", "--key-file", "new.pem", "--merge-into", "mysql.yaml");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--client-secret cannot be combined with --key-file, --merge-into");
    expect(s.sandbox.requests.length).toBe(before);
    expect((await readFile(join(s.out, "web-app.client-secret"), "utf8")).trim()).toBe(s.secret);
  });

  it("an empty OKTA_OM_ORG_URL (an unset CI variable) is refused by name, like every command (issue 15)", async () => {
    const s = await setup();
    const before = s.sandbox.requests.length;
    const run = await runCli(["rotate-key", "--client-secret", "--out-dir", s.out, "--yes"], { sandbox: s.sandbox, env: { OKTA_OM_ORG_URL: "" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("OKTA_OM_ORG_URL was given an empty value");
    expect(s.sandbox.requests.length).toBe(before);
  });

  it("no Okta API token names where to put one", async () => {
    const s = await setup();
    const run = await runCli(["rotate-key", "--client-secret", "--out-dir", s.out, "--yes"], { env: {} });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Set OKTA_OM_API_TOKEN");
  });
});
