import { createPrivateKey, generateKeyPairSync, randomUUID } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SignJWT, importJWK } from "jose";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { FakePrompter } from "../helpers/fake-prompter.js";
import { raw, startSandbox } from "../helpers/sandbox.js";
import { parseJson, runCli, runInit, tempDir, writesIn } from "../helpers/run-cli.js";

type Obj = Record<string, unknown>;

const manifestOf = async (out: string): Promise<Obj> => JSON.parse(await readFile(join(out, "okta-om-setup.json"), "utf8")) as Obj;
const privateKeyOf = async (out: string): Promise<Obj> => JSON.parse(await readFile(join(out, "service-app.private.jwk.json"), "utf8")) as Obj;
const workflowKey = async (file: string): Promise<Obj> =>
  JSON.parse(String((parse(await readFile(file, "utf8")) as { workflowConfig: { openMetadataServerConfig: { securityConfig: { privateKey: string } } } }).workflowConfig.openMetadataServerConfig.securityConfig.privateKey)) as Obj;

function rotate(sandbox: Sandbox, out: string, ...extra: string[]) {
  return runCli(["rotate-key", "--out-dir", out, "--no-interactive", ...extra], { sandbox });
}

/** The app's JWKS as Okta holds it (kid list). */
const appKids = (sandbox: Sandbox, clientId: string): unknown[] =>
  ((((sandbox.state.apps[clientId]!.settings as Obj).oauthClient as Obj).jwks as { keys: Obj[] }).keys ?? []).map((k) => k.kid);

/**
 * A client_credentials request the way OpenMetadata makes it (private_key_jwt, no kid in the
 * header), signed with `jwk`. REAL-ORG.md "Token endpoint answers": a key the app does not hold
 * answers 401 invalid_client.
 */
async function tokenWith(issuer: string, clientId: string, jwk: Obj): Promise<{ status: number; json: Obj }> {
  const { kid: _kid, ...material } = jwk;
  const key = await importJWK(material as Parameters<typeof importJWK>[0], "RS256");
  const aud = `${issuer}/v1/token`;
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({}).setProtectedHeader({ alg: "RS256" }).setIssuer(clientId).setSubject(clientId).setAudience(aud).setIssuedAt(now).setExpirationTime(now + 300).setJti(randomUUID()).sign(key);
  const res = await fetch(aud, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: "openmetadata", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion }).toString(),
  });
  return { status: res.status, json: (await res.json()) as Obj };
}

/** Writes to the management API (doctor's token request at the end is not one). */
const managementWrites = (sandbox: Sandbox) => writesIn(sandbox).filter((w) => !w.path.endsWith("/v1/token"));

const CONNECTOR = `# my connector
source:
  type: mysql
  serviceName: local_mysql
workflowConfig:
  openMetadataServerConfig:
    hostPort: http://localhost:8585/api
    authProvider: okta
    securityConfig:
      clientId: old
      orgURL: old
      privateKey: 'old'
      email: bot@example.com
      scopes: []
`;

describe("rotate-key", () => {
  it("rotates on a fresh setup: doctor green with the new key, the old key refused by the token endpoint", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    const before = await manifestOf(out);
    const clientId = String(before.serviceClientId);
    const oldKey = await privateKeyOf(out);
    expect(appKids(sandbox, clientId)).toEqual([oldKey.kid]);
    const connector = join(tempDir(), "mysql.yaml");
    await writeFile(connector, CONNECTOR);

    // --plan: nothing generated, nothing written, exit 8 with --detailed-exitcode.
    sandbox.requests.length = 0;
    const plan = await rotate(sandbox, out, "--plan", "--detailed-exitcode");
    expect(plan.code, plan.stderr).toBe(8);
    expect(plan.stderr).toMatch(/stops working at that moment/);
    expect(plan.stderr).toMatch(/every copy of workflowConfig\.yaml/);
    expect(writesIn(sandbox)).toEqual([]);
    expect(await privateKeyOf(out)).toEqual(oldKey);

    const run = await rotate(sandbox, out, "--yes", "--json", "--merge-into", connector);
    expect(run.code, run.stderr).toBe(0);
    const result = parseJson<{ ok: boolean; kid: string; replacedKids: string[]; doctor: { id: string; status: string }[] }>(run);
    expect(result.ok).toBe(true);
    expect(result.doctor.filter((r) => r.id === "live-token" || r.id === "service-app").map((r) => r.status)).toEqual(["pass", "pass"]);
    const newKey = await privateKeyOf(out);
    expect(newKey.kid).toBe(result.kid);
    expect(newKey.kid).not.toBe(oldKey.kid);
    expect(result.replacedKids).toEqual([oldKey.kid]);
    // Okta holds exactly the new key (OpenMetadata sends no kid).
    expect(appKids(sandbox, clientId)).toEqual([newKey.kid]);
    // Local copies: the key files, workflowConfig.yaml and the merged connector, all 0600.
    expect(await workflowKey(join(out, "workflowConfig.yaml"))).toMatchObject({ kid: newKey.kid, d: newKey.d });
    expect(await workflowKey(connector)).toMatchObject({ kid: newKey.kid });
    for (const f of [join(out, "service-app.private.jwk.json"), join(out, "workflowConfig.yaml"), connector]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
    expect(existsSync(join(out, "service-app.private.jwk.pending.json"))).toBe(false);
    const after = await manifestOf(out);
    expect(after.kid).toBe(newKey.kid);
    expect(after.pendingRotation).toBeUndefined();
    // No secret on stdout or stderr.
    for (const secret of [String(newKey.d), String(oldKey.d), String(newKey.p)]) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }

    const issuer = String(after.issuer);
    expect((await tokenWith(issuer, clientId, newKey)).status).toBe(200);
    const refused = await tokenWith(issuer, clientId, oldKey);
    expect(refused.status).toBe(401);
    expect(refused.json.error).toBe("invalid_client");

    // The doctor command agrees on its own.
    const doctor = await runCli(["doctor", "--out-dir", out, "--only", "service-app,live-token"], { sandbox });
    expect(doctor.code, doctor.stderr).toBe(0);
  });

  it("--key-file: the given PEM key becomes the only key in Okta and in the files", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    const clientId = String((await manifestOf(out)).serviceClientId);
    const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const keyFile = join(tempDir(), "new-key.pem");
    await writeFile(keyFile, pem, { mode: 0o600 });
    const run = await rotate(sandbox, out, "--yes", "--json", "--key-file", keyFile, "--kid", "my-kid");
    expect(run.code, run.stderr).toBe(0);
    expect(parseJson<{ kid: string }>(run).kid).toBe("my-kid");
    expect(appKids(sandbox, clientId)).toEqual(["my-kid"]);
    const written = await privateKeyOf(out);
    expect(written.kid).toBe("my-kid");
    // The same key: its modulus is the PEM's.
    expect(written.n).toBe(createPrivateKey(pem).export({ format: "jwk" }).n);
    expect(run.stdout + run.stderr).not.toContain(String(written.d));
  });

  it("in a terminal it asks first: no changes nothing (exit 130), yes rotates", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    const clientId = String((await manifestOf(out)).serviceClientId);
    const oldKey = await privateKeyOf(out);
    sandbox.requests.length = 0;
    const no = new FakePrompter({ confirm: false });
    const declined = await runCli(["rotate-key", "--out-dir", out], { sandbox, prompter: no });
    expect(declined.code, declined.stderr).toBe(130);
    expect(no.asked.map((q) => q.message)).toEqual(["Rotate the key now (the old one stops working)?"]);
    expect(writesIn(sandbox)).toEqual([]);
    expect((await manifestOf(out)).pendingRotation).toBeUndefined();
    const done = await runCli(["rotate-key", "--out-dir", out], { sandbox, prompter: new FakePrompter({ confirm: true }) });
    expect(done.code, done.stderr).toBe(0);
    expect(appKids(sandbox, clientId)).not.toEqual([oldKey.kid]);
  });

  it("keeps the setup's remembered choices: helm-values.yaml keeps the chosen chart's values", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    // VERSIONS.md: chart 1.1.0 ships 1.0.5 with openmetadata.config (the default chart, 1.0.6, uses global.*).
    expect((await runInit(sandbox, out, "--om-version", "1.0.5", "--helm-chart-version", "1.1.0")).code).toBe(0);
    const helm = await readFile(join(out, "helm-values.yaml"), "utf8");
    const run = await rotate(sandbox, out, "--yes");
    expect(run.code, run.stderr).toBe(0);
    // Same values (the header now says the chart was chosen on an earlier run, as config's does).
    const after = await readFile(join(out, "helm-values.yaml"), "utf8");
    expect(parse(after)).toEqual(parse(helm));
    expect(after).toContain("--version 1.1.0");
  });

  it("a crash before the Okta half converges with the same new key", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    const clientId = String((await manifestOf(out)).serviceClientId);
    const oldKey = await privateKeyOf(out);
    sandbox.faults.add({ method: "PUT", path: `/api/v1/apps/${clientId}`, onCalls: [1], action: { type: "status", status: 500, json: { errorCode: "E0000009", errorSummary: "Internal Server Error" } } });
    const crashed = await rotate(sandbox, out, "--yes");
    expect(crashed.code, crashed.stderr).toBe(1);
    expect(crashed.stderr).toMatch(/run the same command again to finish it/);
    const pending = (await manifestOf(out)).pendingRotation as Obj;
    expect(pending).toMatchObject({ kind: "service-key" });
    expect(statSync(join(out, "service-app.private.jwk.pending.json")).mode & 0o777).toBe(0o600);
    expect(appKids(sandbox, clientId)).toEqual([oldKey.kid]);
    expect(await privateKeyOf(out)).toEqual(oldKey);

    sandbox.faults.clear();
    const resumed = await rotate(sandbox, out, "--json");
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(parseJson<{ resumed: boolean; kid: string }>(resumed)).toMatchObject({ resumed: true, kid: pending.kid });
    expect(appKids(sandbox, clientId)).toEqual([pending.kid]);
    expect((await privateKeyOf(out)).kid).toBe(pending.kid);
    expect((await manifestOf(out)).pendingRotation).toBeUndefined();
  });

  it("a crash after the Okta half (answer lost) converges without a second Okta write or a third key", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    const clientId = String((await manifestOf(out)).serviceClientId);
    const oldKey = await privateKeyOf(out);
    sandbox.faults.add({ method: "PUT", path: `/api/v1/apps/${clientId}`, onCalls: [1], action: { type: "truncate" } });
    const crashed = await rotate(sandbox, out, "--yes");
    expect(crashed.code, crashed.stderr).toBe(1);
    const pending = (await manifestOf(out)).pendingRotation as Obj;
    // Okta has the new key; the local files still hold the old one.
    expect(appKids(sandbox, clientId)).toEqual([pending.kid]);
    expect(await privateKeyOf(out)).toEqual(oldKey);

    sandbox.faults.clear();
    sandbox.requests.length = 0;
    const resumed = await rotate(sandbox, out);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(managementWrites(sandbox)).toEqual([]);
    expect((await privateKeyOf(out)).kid).toBe(pending.kid);
    expect(await workflowKey(join(out, "workflowConfig.yaml"))).toMatchObject({ kid: pending.kid });
    expect(appKids(sandbox, clientId)).toEqual([pending.kid]);
  });

  it("an Okta that answers the PUT but keeps the old key is caught, and the rerun converges", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    const clientId = String((await manifestOf(out)).serviceClientId);
    const oldKey = await privateKeyOf(out);
    // REAL-ORG.md "Not settled": whether a PUT may drop an ACTIVE JWK. Here it answers 200 and changes nothing.
    const unchanged = await raw(sandbox, "GET", `/api/v1/apps/${clientId}`);
    sandbox.faults.add({ method: "PUT", path: `/api/v1/apps/${clientId}`, onCalls: [1], action: { type: "status", status: 200, json: unchanged.json } });
    const run = await rotate(sandbox, out, "--yes");
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/does not hold only it/);
    expect(run.stderr).toMatch(/run the same command again to finish it/);
    expect(await privateKeyOf(out)).toEqual(oldKey);
    sandbox.faults.clear();
    const resumed = await rotate(sandbox, out);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(appKids(sandbox, clientId)).toEqual([(await privateKeyOf(out)).kid]);
  });

  it("a crash after the local half (pending not yet cleared) converges without any change", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    const clientId = String((await manifestOf(out)).serviceClientId);
    expect((await rotate(sandbox, out, "--yes")).code).toBe(0);
    const rotated = await privateKeyOf(out);
    // Exactly what a crash between the local half and the manifest's last write leaves behind.
    const manifest = await manifestOf(out);
    await writeFile(join(out, "okta-om-setup.json"), JSON.stringify({ ...manifest, pendingRotation: { kind: "service-key", kid: rotated.kid, startedAt: new Date().toISOString() } }));
    await writeFile(join(out, "service-app.private.jwk.pending.json"), JSON.stringify(rotated), { mode: 0o600 });
    sandbox.requests.length = 0;
    const resumed = await rotate(sandbox, out, "--json");
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(managementWrites(sandbox)).toEqual([]);
    expect(parseJson<{ changes: { resource: string; action: string }[] }>(resumed).changes.find((c) => c.resource === "service-app")).toMatchObject({ action: "noop" });
    expect(await privateKeyOf(out)).toEqual(rotated);
    expect(appKids(sandbox, clientId)).toEqual([rotated.kid]);
    expect((await manifestOf(out)).pendingRotation).toBeUndefined();
    expect(existsSync(join(out, "service-app.private.jwk.pending.json"))).toBe(false);
  });

  it("bad input: no manifest, another org, a hand-edited manifest, a key file that is not a private RSA key, a connector that is not YAML: exit 2, nothing changed", async () => {
    const sandbox = await startSandbox();
    const none = await rotate(sandbox, tempDir(), "--yes");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/holds no okta-om-setup manifest/);

    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    const oldKey = await privateKeyOf(out);
    sandbox.requests.length = 0;
    const dir = tempDir();
    const publicOnly = join(dir, "public.json");
    await writeFile(publicOnly, JSON.stringify({ kty: "RSA", n: oldKey.n, e: oldKey.e }));
    const badKey = await rotate(sandbox, out, "--yes", "--key-file", publicOnly);
    expect(badKey.code, badKey.stderr).toBe(2);
    expect(badKey.stderr).toMatch(/--key-file/);
    const notYaml = join(dir, "connector.yaml");
    await writeFile(notYaml, "source: [unclosed\n  : : :");
    const badMerge = await rotate(sandbox, out, "--yes", "--merge-into", notYaml);
    expect(badMerge.code, badMerge.stderr).toBe(2);
    expect(badMerge.stderr).toMatch(/--merge-into/);
    const same = join(dir, "same.json");
    await writeFile(same, JSON.stringify(oldKey));
    const sameKey = await rotate(sandbox, out, "--yes", "--key-file", same);
    expect(sameKey.code).toBe(2);
    expect(sameKey.stderr).toMatch(/already in use/);
    const noYes = await rotate(sandbox, out);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/needs confirmation/);
    const otherOrg = await rotate(sandbox, out, "--yes", "--org-url", "https://other.okta.com");
    expect(otherOrg.code).toBe(2);
    expect(otherOrg.stderr).toMatch(/is not the org of the setup/);
    const manifest = await manifestOf(out);
    await writeFile(join(out, "okta-om-setup.json"), JSON.stringify({ ...manifest, serviceClientId: "../users" }));
    const edited = await rotate(sandbox, out, "--yes");
    expect(edited.code, edited.stderr).toBe(2);
    expect(edited.stderr).toMatch(/serviceClientId is not an Okta id.*edited by hand/);
    await writeFile(join(out, "okta-om-setup.json"), JSON.stringify({ ...manifest, pendingRotation: { kind: 5 } }));
    const badPending = await rotate(sandbox, out, "--yes");
    expect(badPending.code, badPending.stderr).toBe(2);
    expect(badPending.stderr).toMatch(/pendingRotation\.kind: must be text/);
    await writeFile(join(out, "okta-om-setup.json"), JSON.stringify(manifest));
    expect(writesIn(sandbox)).toEqual([]);
    expect(await privateKeyOf(out)).toEqual(oldKey);
    expect((await manifestOf(out)).pendingRotation).toBeUndefined();
  });

  it("OpenMetadata 1.3+ with the bot JWT, no OpenMetadata admin credentials: says there is no Okta key to rotate, and how to regenerate the bot's JWT", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    const init = await runCli(["init", "--org-url", sandbox.orgUrl, "--bot-email", "bot@example.com", "--om-version", "1.5.0", "--no-interactive", "--yes", "--out-dir", out], { sandbox });
    expect(init.code, init.stderr).toBe(0);
    sandbox.requests.length = 0;
    const run = await rotate(sandbox, out, "--yes");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/OpenMetadata 1\.5\.0 ingests with the ingestion-bot's JWT.*no Okta key to rotate/);
    expect(run.stderr).toMatch(/OKTA_OM_OPENMETADATA_TOKEN/);
    expect(run.stderr).toMatch(/Revoke and regenerate/);
    expect(sandbox.requests).toEqual([]);
  });
});

/** The jwtToken a workflowConfig (or connector) YAML carries. */
const workflowJwt = async (file: string): Promise<string> =>
  String((parse(await readFile(file, "utf8")) as { workflowConfig: { openMetadataServerConfig: { securityConfig: { jwtToken: string } } } }).workflowConfig.openMetadataServerConfig.securityConfig.jwtToken);

/** GET /users/loggedInUser with a bot JWT, as ingestion's first call makes it. */
async function omStatus(sandbox: Sandbox, jwt: string): Promise<{ status: number; message: unknown }> {
  const res = await fetch(`${sandbox.openMetadataUrl}/api/v1/users/loggedInUser`, { headers: { Authorization: `Bearer ${jwt}`, Accept: "application/json" } });
  return { status: res.status, message: ((await res.json()) as Obj).message };
}

/** An OpenMetadata 1.5 bot-JWT setup: init read the ingestion-bot's JWT through OpenMetadata's bots API. */
async function botJwtSetup() {
  const sandbox = await startSandbox();
  expect((await raw(sandbox, "PUT", "/__sandbox/openmetadata", { version: "1.5.0" })).status).toBe(200);
  const admin = await sandbox.openMetadataAdminToken();
  const out = tempDir();
  const init = await runCli(["init", "--org-url", sandbox.orgUrl, "--bot-email", "bot@example.com", "--om-version", "1.5.0", "--om-url", sandbox.openMetadataUrl, "--no-interactive", "--yes", "--out-dir", out], {
    sandbox,
    env: { OKTA_OM_OPENMETADATA_TOKEN: admin },
  });
  expect(init.code, init.stderr).toBe(0);
  const oldJwt = await workflowJwt(join(out, "workflowConfig.yaml"));
  expect(oldJwt).toBe(sandbox.state.openMetadata.botTokens?.["ingestion-bot"]);
  // No Okta API token: the bot-JWT rotation never calls Okta.
  const run = (...extra: string[]) => runCli(["rotate-key", "--out-dir", out, "--no-interactive", ...extra], { sandbox, env: { OKTA_OM_API_TOKEN: undefined, OKTA_OM_OPENMETADATA_TOKEN: admin } });
  return { sandbox, out, admin, oldJwt, run };
}

const GENERATE = "^/openmetadata/api/v1/users/generateToken/";
const generateCalls = (sandbox: Sandbox) => sandbox.requests.filter((r) => r.method === "PUT" && r.path.includes("/users/generateToken/"));

describe("rotate-key on OpenMetadata 1.3+ (the ingestion-bot's JWT)", () => {
  it("with OpenMetadata admin credentials: regenerates the bot's JWT, rewrites workflowConfig.yaml and --merge-into files; OpenMetadata accepts the new JWT and refuses the old", async () => {
    const { sandbox, out, admin, oldJwt, run } = await botJwtSetup();
    const connector = join(tempDir(), "mysql.yaml");
    await writeFile(connector, CONNECTOR.replace("authProvider: okta", "authProvider: openmetadata"));

    sandbox.requests.length = 0;
    const plan = await run("--plan", "--detailed-exitcode");
    expect(plan.code, plan.stderr).toBe(8);
    expect(plan.stderr).toMatch(/old ingestion-bot JWT stops working/);
    expect(writesIn(sandbox)).toEqual([]);

    sandbox.requests.length = 0;
    const rotated = await run("--yes", "--json", "--merge-into", connector);
    expect(rotated.code, rotated.stderr).toBe(0);
    const result = parseJson<{ ok: boolean; kind: string; verified: { ok: boolean; detail: string }; doctor: { id: string; status: string }[] }>(rotated);
    expect(result).toMatchObject({ ok: true, kind: "bot-jwt", verified: { ok: true } });
    expect(result.verified.detail).toMatch(/old JWT is refused \(HTTP 401\)/);
    expect(result.doctor.find((r) => r.id === "config-lint")?.status).toBe("pass");
    expect(result.doctor.find((r) => r.id === "om-bot-jwt")?.status).toBe("pass");
    // One write, to OpenMetadata; none to Okta.
    expect(writesIn(sandbox).map((w) => w.method + " " + w.path.replace(/[0-9a-f-]{36}$/, "<id>"))).toEqual(["PUT /openmetadata/api/v1/users/generateToken/<id>"]);
    const newJwt = sandbox.state.openMetadata.botTokens?.["ingestion-bot"];
    expect(newJwt).toBeDefined();
    expect(newJwt).not.toBe(oldJwt);
    expect(await workflowJwt(join(out, "workflowConfig.yaml"))).toBe(newJwt);
    expect(await workflowJwt(connector)).toBe(newJwt);
    for (const f of [join(out, "workflowConfig.yaml"), connector]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
    expect((await manifestOf(out)).pendingRotation).toBeUndefined();
    // OpenMetadata's JwtFilter.validateBotToken: only the bot's current token is accepted.
    expect((await omStatus(sandbox, newJwt!)).status).toBe(200);
    expect(await omStatus(sandbox, oldJwt)).toEqual({ status: 401, message: "Not Authorized! The given token does not match the current bot's token!" });
    for (const secret of [newJwt!, oldJwt, admin]) {
      expect(rotated.stdout).not.toContain(secret);
      expect(rotated.stderr).not.toContain(secret);
    }
  });

  it("in a terminal without credentials it offers the regeneration: an admin token typed in (empty stops, exit 2)", async () => {
    const { sandbox, out, admin, oldJwt } = await botJwtSetup();
    const env = { OKTA_OM_API_TOKEN: undefined };
    const stop = new FakePrompter({ omAdminToken: "" });
    const stopped = await runCli(["rotate-key", "--out-dir", out], { sandbox, env, prompter: stop });
    expect(stopped.code, stopped.stderr).toBe(2);
    expect(stopped.stderr).toMatch(/no Okta key to rotate/);
    expect(sandbox.state.openMetadata.botTokens?.["ingestion-bot"]).toBe(oldJwt);
    const typed = new FakePrompter({ omAdminToken: admin, confirm: true });
    const done = await runCli(["rotate-key", "--out-dir", out], { sandbox, env, prompter: typed });
    expect(done.code, done.stderr).toBe(0);
    expect(typed.asked.map((q) => q.kind)).toEqual(["password", "confirm"]);
    expect(done.stderr).toContain("OpenMetadata admin: admin (the token typed in)");
    expect(done.stdout + done.stderr).not.toContain(admin);
    const fresh = sandbox.state.openMetadata.botTokens?.["ingestion-bot"];
    expect(fresh).not.toBe(oldJwt);
    expect(await workflowJwt(join(out, "workflowConfig.yaml"))).toBe(fresh);
  });

  it("a crash before the OpenMetadata half converges with one regeneration", async () => {
    const { sandbox, out, oldJwt, run } = await botJwtSetup();
    sandbox.faults.add({ method: "PUT", path: GENERATE, onCalls: [1], action: { type: "status", status: 500, json: { code: 500, message: "boom" } } });
    const crashed = await run("--yes");
    expect(crashed.code, crashed.stderr).toBe(1);
    expect(crashed.stderr).toMatch(/run the same command again to finish it/);
    expect((await manifestOf(out)).pendingRotation).toMatchObject({ kind: "bot-jwt" });
    expect(JSON.stringify(await manifestOf(out))).not.toContain(oldJwt);
    expect(sandbox.state.openMetadata.botTokens?.["ingestion-bot"]).toBe(oldJwt);
    sandbox.faults.clear();
    sandbox.requests.length = 0;
    const resumed = await run("--json");
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(parseJson<{ resumed: boolean }>(resumed).resumed).toBe(true);
    expect(generateCalls(sandbox)).toHaveLength(1);
    expect(await workflowJwt(join(out, "workflowConfig.yaml"))).toBe(sandbox.state.openMetadata.botTokens?.["ingestion-bot"]);
    expect((await manifestOf(out)).pendingRotation).toBeUndefined();
  });

  it("a crash after the OpenMetadata half (answer lost) converges without a third token", async () => {
    const { sandbox, out, oldJwt, run } = await botJwtSetup();
    sandbox.faults.add({ method: "PUT", path: GENERATE, onCalls: [1], action: { type: "truncate" } });
    const crashed = await run("--yes");
    expect(crashed.code, crashed.stderr).toBe(1);
    const made = sandbox.state.openMetadata.botTokens?.["ingestion-bot"];
    expect(made).not.toBe(oldJwt);
    // The local half did not run: workflowConfig.yaml still holds the old (now refused) JWT.
    expect(await workflowJwt(join(out, "workflowConfig.yaml"))).toBe(oldJwt);
    sandbox.faults.clear();
    sandbox.requests.length = 0;
    const resumed = await run();
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(generateCalls(sandbox)).toEqual([]);
    expect(sandbox.state.openMetadata.botTokens?.["ingestion-bot"]).toBe(made);
    expect(await workflowJwt(join(out, "workflowConfig.yaml"))).toBe(made);
  });

  it("bad input: --key-file, refused admin credentials, both stdin flags: exit 2 or 4, nothing changed", async () => {
    const { sandbox, out, oldJwt, run } = await botJwtSetup();
    sandbox.requests.length = 0;
    const keyFile = await run("--yes", "--key-file", join(out, "nothing.pem"));
    expect(keyFile.code, keyFile.stderr).toBe(2);
    expect(keyFile.stderr).toMatch(/--key-file\/--kid: .* has no Okta key/);
    const both = await run("--yes", "--api-token-stdin", "--om-admin-token-stdin");
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/both read stdin/);
    const refused = await runCli(["rotate-key", "--out-dir", out, "--no-interactive", "--yes"], { sandbox, env: { OKTA_OM_API_TOKEN: undefined, OKTA_OM_OPENMETADATA_TOKEN: "a.b.c" } });
    expect(refused.code, refused.stderr).toBe(4);
    expect(writesIn(sandbox)).toEqual([]);
    expect(sandbox.state.openMetadata.botTokens?.["ingestion-bot"]).toBe(oldJwt);
    expect((await manifestOf(out)).pendingRotation).toBeUndefined();
  });
});
