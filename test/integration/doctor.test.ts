import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import type { CliDeps } from "../../src/deps.js";
import type { Check, CheckResult, DoctorContext } from "../../src/doctor/check.js";
import { CHECKS } from "../../src/doctor/checks/index.js";
import { runDoctorForInit } from "../../src/doctor/doctor-command.js";
import { doctorContextForInit, loadDoctorContext } from "../../src/doctor/load-context.js";
import { OktaApi } from "../../src/okta/okta-api.js";
import { OktaTransport } from "../../src/okta/transport.js";
import { Secret } from "../../src/secret.js";
import { runDoctor } from "../../src/doctor/run-doctor.js";
import { compactPrivateJwk } from "../../src/keys/key-files.js";
import { Output } from "../../src/output/output.js";
import { generateServiceKeyPair } from "../../src/keys/key-pair.js";
import { buildHealthySetup, deployOpenMetadata, editSecurityConfig, stateApp, type DoctorSetup } from "../helpers/doctor-setup.js";
import { raw, startSandbox } from "../helpers/sandbox.js";
import { roundsOf } from "../helpers/run-cli.js";
import type { Sandbox } from "../../src/sandbox/index.js";

const ALL_IDS = CHECKS.map((c) => c.id);
/**
 * Checks that skip on the healthy setup (OpenMetadata 1.2, public SPA, Okta ingestion): confidential
 * sign-in (web app + secret), OpenMetadata's 1.10+ validator and the bot JWT (ingestion by bot JWT);
 * test/integration/init-confidential.test.ts and doctor-om-api.test.ts cover them.
 */
const NOT_APPLICABLE = ["client-secret", "web-app", "om-validator", "om-bot-jwt"];
const APPLICABLE = ALL_IDS.filter((id) => !NOT_APPLICABLE.includes(id));
const SKIPPED = `${NOT_APPLICABLE.length} skipped`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `okta-om-setup doctor ...` in-process with string sinks. */
async function cli(setup: DoctorSetup | undefined, args: string[], env: Record<string, string | undefined> = {}, stdinText?: string): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough();
  if (stdinText !== undefined) stdin.end(stdinText);
  const deps: Partial<CliDeps> = {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
    stdin,
    env: { NO_COLOR: "1", ...(setup?.env ?? {}), ...env },
    cwd: setup?.outDir ?? tmpdir(),
  };
  const code = await main(["doctor", ...args], deps);
  return { code, stdout, stderr };
}

async function context(setup: DoctorSetup, overrides: Partial<DoctorContext> = {}, flags: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<DoctorContext> {
  const deps = { stdin: new PassThrough(), stdout: { write: () => true }, stderr: { write: () => true }, env: setup.env, cwd: setup.outDir } satisfies CliDeps;
  return { ...(await loadDoctorContext({ outDir: setup.outDir, ...flags }, deps, { timeoutMs })), ...overrides };
}

/** Runs every check directly and returns the results by id. */
async function doctor(setup: DoctorSetup, overrides: Partial<DoctorContext> = {}, options: { only?: string[]; skip?: string[]; timeoutMs?: number; checks?: Check[] } = {}) {
  const ctx = await context(setup, overrides, {}, options.timeoutMs);
  const results = await runDoctor(options.checks ?? CHECKS, ctx, { only: options.only, skip: options.skip, timeoutMs: options.timeoutMs ?? 10_000 });
  // No breakage may crash a check: every one must end in a verdict.
  if (!options.checks) expect(results.filter((r) => r.status === "error")).toEqual([]);
  return Object.fromEntries(results.map((r) => [r.id, r])) as Record<string, CheckResult>;
}

async function healthy(options: { version?: string } = {}): Promise<DoctorSetup> {
  const sandbox = await startSandbox();
  return buildHealthySetup(sandbox, options);
}

const text = (r: CheckResult | undefined): string => [...(r?.detail ?? []), r?.fix ?? ""].join("\n");

function expectOnlyFailures(byId: Record<string, CheckResult>, failing: string[]): void {
  const failed = Object.values(byId).filter((r) => r.status === "fail" || r.status === "error").map((r) => r.id);
  expect(failed.sort()).toEqual([...failing].sort());
}

describe("doctor on a healthy setup", () => {
  it("passes every check through main(), exit 0, with ASCII marks under NO_COLOR", async () => {
    const setup = await healthy();
    const run = await cli(setup, ["--out-dir", setup.outDir]);
    expect(run.stderr).toContain(`${APPLICABLE.length}/${ALL_IDS.length} checks passed, ${SKIPPED}`);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("[ok] workflowConfig is valid for OpenMetadata's Okta ingestion (config-lint)");
    // VERSIONS.md "Ingestion": the client matches the server exactly up to 1.3.x; okta 2.9.6 broke OpenMetadata's import.
    expect(run.stderr).toContain('still has Okta ingestion (up to 1.2.x; the ingestion host needs pip install "openmetadata-ingestion[okta]==1.2.5.*" "okta<2.9.6", okta being okta-sdk-python)');
    expect(run.stderr).not.toMatch(/\[x\]|\[!\]/);
    expect(run.stderr.match(/\[-\]/g)).toHaveLength(NOT_APPLICABLE.length);
    expect(run.stdout).toBe("");
  });

  it("sends every Okta management read and the issuer's keys in one round, with the token check's /users/me (issue 12)", async () => {
    const setup = await buildHealthySetup(await startSandbox({ latencyMs: 100 }));
    setup.sandbox.requests.length = 0;
    const run = await cli(setup, ["--out-dir", setup.outDir]);
    expect(run.code, run.stderr).toBe(0);
    const management = setup.sandbox.requests.filter((r) => r.path.startsWith("/api/v1/"));
    expect(management.map((r) => r.method)).toEqual(management.map(() => "GET"));
    expect(management.map((r) => r.path)).toContain("/api/v1/users/me");
    // Each object once (auth-server used to list policies and rules once per grant type).
    expect(new Set(management.map((r) => r.path)).size).toBe(management.length);
    expect(roundsOf({ requests: management } as Sandbox)).toBe(1);
    // The issuer's keys: asked once for okta-discovery, om-auth-config and live-token, in that first
    // round (the OpenMetadata stand-in fetches them again itself to verify the token it is shown).
    const shown = setup.sandbox.requests.find((r) => r.path.endsWith("/users/loggedInUser"))!;
    const keys = setup.sandbox.requests.filter((r) => /^\/oauth2\/[^/]+\/v1\/keys$/.test(r.path) && Date.parse(r.time) < Date.parse(shown.time));
    expect(keys).toHaveLength(1);
    // live-token's token request too: minted once the workflowConfig's fields pass, without waiting
    // for config-lint's schema validator. So doctor is two rounds: that one, then OpenMetadata shown the token.
    const token = setup.sandbox.requests.filter((r) => r.path.endsWith("/v1/token"));
    expect(token).toHaveLength(1);
    expect(roundsOf({ requests: [...management, ...keys, ...token] } as Sandbox)).toBe(1);
    // The stand-in's own keys fetch (inside loggedInUser) is OpenMetadata's request, not doctor's.
    const doctors = setup.sandbox.requests.filter((r) => !r.serverHop);
    expect(setup.sandbox.requests.filter((r) => r.serverHop).map((r) => r.path)).toEqual([`/oauth2/${setup.asId}/v1/keys`]);
    expect(roundsOf({ requests: doctors } as Sandbox)).toBe(2);
  });

  it("sends no token request when the workflowConfig's fields fail config-lint (the early request never outruns the checks)", async () => {
    const setup = await healthy();
    await editSecurityConfig(setup, (s) => (s.scopes = ["openid"]));
    setup.sandbox.requests.length = 0;
    const r = await doctor(setup);
    expect(r["config-lint"]!.status).toBe("fail");
    expect(r["live-token"]!.status).toBe("skip");
    expect(setup.sandbox.requests.filter((q) => q.path.endsWith("/v1/token"))).toEqual([]);
  });

  it("prints unicode marks on a UTF-8 terminal without NO_COLOR", async () => {
    const setup = await healthy();
    const run = await cli(setup, ["--out-dir", setup.outDir, "--only", "config-lint"], { NO_COLOR: undefined, LANG: "en_US.UTF-8" });
    expect(run.stderr).toContain("✓ workflowConfig is valid");
    expect(run.stderr).toContain("1/1 checks passed");
  });

  it("--json prints one array of {id, title, status, detail, fix, durationMs} on stdout", async () => {
    const setup = await healthy();
    const run = await cli(setup, ["--out-dir", setup.outDir, "--json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const results = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(results.map((r) => r.id)).toEqual(ALL_IDS);
    for (const r of results) {
      expect(Object.keys(r)).toEqual(["id", "title", "status", "detail", "fix", "durationMs"]);
      expect(r.status).toBe(NOT_APPLICABLE.includes(r.id as string) ? "skip" : "pass");
      expect(r.fix).toBeNull();
      expect(Array.isArray(r.detail)).toBe(true);
      expect(typeof r.durationMs).toBe("number");
    }
  });

  it("checks a hand-written --workflow-config alone (server files and SPA skip, the rest passes)", async () => {
    const setup = await healthy();
    const dir = mkdtempSync(join(tmpdir(), "okta-om-wf-"));
    copyFileSync(setup.workflowPath, join(dir, "connector.yaml"));
    const run = await cli(setup, ["--workflow-config", join(dir, "connector.yaml"), "--om-url", setup.omUrl, "--json"], {});
    const byId = Object.fromEntries((JSON.parse(run.stdout) as CheckResult[]).map((r) => [r.id, r]));
    expect(byId["server-files"]!.status).toBe("skip");
    expect(byId["spa-app"]!.status).toBe("skip");
    expect(byId["live-token"]!.status).toBe("pass");
    expect(byId["service-app"]!.status).toBe("pass");
    expect(byId["auth-server"]!.status).toBe("pass");
    expect(byId["om-token-accepted"]!.status).toBe("pass");
    expect(run.code).toBe(0);
  });

  it("--list-checks prints every id with its title and prerequisites", async () => {
    const run = await cli(undefined, ["--list-checks"]);
    expect(run.code).toBe(0);
    for (const id of ALL_IDS) expect(run.stdout).toContain(id);
    expect(run.stdout).toMatch(/live-token\s+.*\(needs config-lint\)/);
  });
});

describe("doctor names the failing check and its fix", () => {
  it("clientId set to the SPA's", async () => {
    const setup = await healthy();
    await editSecurityConfig(setup, (s) => (s.clientId = setup.spaClientId));
    const r = await doctor(setup);
    expect(r["config-lint"]!.status).toBe("fail");
    expect(r["config-lint"]!.fix).toContain(`set securityConfig.clientId in ${setup.workflowPath} to the ingestion service app's client id (${setup.serviceClientId})`);
    expect(r["service-app"]!.status).toBe("fail");
    expect(text(r["service-app"])).toContain("is the SPA (sign-in app)");
    expect(r["live-token"]!.status).toBe("skip");
    expect(r["live-token"]!.detail[0]).toBe("needs config-lint, which failed");
  });

  it("orgURL is the org authorization server", async () => {
    const setup = await healthy();
    await editSecurityConfig(setup, (s) => (s.orgURL = `${setup.orgUrl}/oauth2/v1/token`));
    const r = await doctor(setup);
    expect(r["config-lint"]!.status).toBe("fail");
    expect(text(r["config-lint"])).toContain("org authorization server");
    expect(r["config-lint"]!.fix).toContain(`to the authorization server's token endpoint: ${setup.issuer}/v1/token`);
    expect(r["okta-discovery"]!.status).toBe("fail");
    expect(r["okta-discovery"]!.fix).toContain(`${setup.issuer}/v1/token`);
  });

  it("orgURL answers an HTML page", async () => {
    const setup = await healthy();
    await editSecurityConfig(setup, (s) => (s.orgURL = `${setup.orgUrl}/login/v1/token`));
    setup.sandbox.faults.add({ method: "POST", path: "/login/v1/token", action: { type: "html", status: 200 } });
    const r = await doctor(setup);
    expect(r["config-lint"]!.status).toBe("pass");
    expect(r["live-token"]!.status).toBe("fail");
    expect(text(r["live-token"])).toContain("not JSON");
    expect(text(r["live-token"])).toContain("Could not fetch the access token please validate the orgURL & clientId");
    expect(r["live-token"]!.fix).toContain(`to the authorization server's token endpoint: ${setup.issuer}/v1/token`);
  });

  it("privateKey as a JWK Set", async () => {
    const setup = await healthy();
    await editSecurityConfig(setup, (s) => (s.privateKey = JSON.stringify({ keys: [JSON.parse(String(s.privateKey)) as unknown] })));
    const r = await doctor(setup);
    expect(r["config-lint"]!.status).toBe("fail");
    expect(text(r["config-lint"])).toContain("privateKey is a JWK Set");
    expect(r["config-lint"]!.fix).toContain("the single private JWK on one line");
    expect(r["live-token"]!.status).toBe("skip");
  });

  it("a second key on the service app", async () => {
    const setup = await healthy();
    const other = await generateServiceKeyPair();
    const jwks = stateApp(setup, setup.serviceClientId).settings.oauthClient.jwks as { keys: Record<string, unknown>[] };
    jwks.keys.push({ ...other.publicJwk, status: "ACTIVE", id: "pks2nd" });
    const r = await doctor(setup);
    expect(r["service-app"]!.status).toBe("fail");
    expect(text(r["service-app"])).toContain("2 active public keys");
    expect(r["service-app"]!.fix).toContain("keep exactly one public key");
    expect(r["live-token"]!.status).toBe("fail");
    expect(text(r["live-token"])).toContain("The client_assertion JWT kid is invalid.");
    expect(r["live-token"]!.fix).toContain("keep exactly one public key on the service app");
  });

  it("the rule without client_credentials", async () => {
    const setup = await healthy();
    const path = `/api/v1/authorizationServers/${setup.asId}/policies/${setup.policyId}/rules/${setup.ruleId}`;
    const rule = (await raw(setup.sandbox, "GET", path)).json;
    const conditions = rule.conditions as { grantTypes: { include: string[] } };
    conditions.grantTypes.include = ["authorization_code", "refresh_token", "implicit"];
    expect((await raw(setup.sandbox, "PUT", path, rule)).status).toBe(200);
    const r = await doctor(setup);
    expect(r["auth-server"]!.status).toBe("fail");
    expect(text(r["auth-server"])).toContain("has no ACTIVE rule allowing Client Credentials");
    expect(r["auth-server"]!.fix).toContain("grant type Client Credentials checked");
    expect(r["live-token"]!.status).toBe("fail");
    expect(text(r["live-token"])).toContain("access_denied");
  });

  it("the policy without the service client", async () => {
    const setup = await healthy();
    const path = `/api/v1/authorizationServers/${setup.asId}/policies/${setup.policyId}`;
    const policy = (await raw(setup.sandbox, "GET", path)).json;
    (policy.conditions as { clients: { include: string[] } }).clients.include = [setup.spaClientId];
    expect((await raw(setup.sandbox, "PUT", path, policy)).status).toBe(200);
    const r = await doctor(setup);
    expect(r["auth-server"]!.status).toBe("fail");
    expect(text(r["auth-server"])).toContain(`no ACTIVE access policy includes the service app ${setup.serviceClientId}`);
    expect(r["auth-server"]!.fix).toContain(`Assign to: The following clients: add ${setup.serviceClientId}`);
    expect(r["live-token"]!.status).toBe("fail");
    expect(r["live-token"]!.fix).toContain("assign the policy to the service app");
  });

  it("no default scope while scopes is []", async () => {
    const setup = await healthy();
    const path = `/api/v1/authorizationServers/${setup.asId}/scopes/${setup.scopeId}`;
    const scope = (await raw(setup.sandbox, "GET", path)).json;
    expect((await raw(setup.sandbox, "PUT", path, { ...scope, default: false })).status).toBe(200);
    const r = await doctor(setup);
    expect(r["auth-server"]!.status).toBe("fail");
    expect(r["auth-server"]!.fix).toContain('"Set as a default scope"');
    expect(r["live-token"]!.status).toBe("fail");
    expect(text(r["live-token"])).toContain("does not have any configured default scopes");
    expect(r["live-token"]!.fix).toContain("mark a scope as default");
  });

  it("the authorization server inactive", async () => {
    const setup = await healthy();
    expect((await raw(setup.sandbox, "POST", `/api/v1/authorizationServers/${setup.asId}/lifecycle/deactivate`)).status).toBe(204);
    const r = await doctor(setup);
    expect(r["auth-server"]!.status).toBe("fail");
    expect(text(r["auth-server"])).toContain("is INACTIVE");
    expect(r["auth-server"]!.fix).toContain(`activate it: Security > API > Authorization Servers > OpenMetadata > Activate`);
    expect(r["okta-discovery"]!.status).toBe("fail");
    expect(r["live-token"]!.status).toBe("fail");
    expect(r["live-token"]!.fix).toContain("activate the authorization server");
  });

  it("a private key that does not match the service app's key", async () => {
    const setup = await healthy();
    const other = await generateServiceKeyPair();
    await editSecurityConfig(setup, (s) => (s.privateKey = compactPrivateJwk(other).reveal()));
    const r = await doctor(setup);
    expect(r["live-token"]!.status).toBe("fail");
    expect(text(r["live-token"])).toContain("The client_assertion signature is invalid.");
    expect(r["live-token"]!.fix).toContain("register the public half of privateKey");
    expect(r["service-app"]!.status).toBe("fail");
    expect(text(r["service-app"])).toContain("no active key on the service app is the public half of privateKey");
  });

  it("a revoked Okta API scope grant fails the service-app check with the grant to restore", async () => {
    const setup = await healthy();
    const grants = (await raw(setup.sandbox, "GET", `/api/v1/apps/${setup.serviceClientId}/grants`)).json as unknown as { id: string; scopeId: string }[];
    const grant = grants.find((g) => g.scopeId === "okta.clients.read")!;
    expect((await raw(setup.sandbox, "DELETE", `/api/v1/apps/${setup.serviceClientId}/grants/${grant.id}`)).status).toBe(204);
    const r = await doctor(setup);
    expect(r["service-app"]!.status).toBe("fail");
    expect(r["service-app"]!.fix).toContain('grant okta.clients.read to "OpenMetadata ingestion"');
    expectOnlyFailures(r, ["service-app"]);
    const run = await cli(setup, ["--out-dir", setup.outDir]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`${APPLICABLE.length - 1}/${ALL_IDS.length} checks passed, 1 failed, ${SKIPPED}`);
  });

  it("DPoP required on the service app", async () => {
    const setup = await healthy();
    stateApp(setup, setup.serviceClientId).settings.oauthClient.dpop_bound_access_tokens = true;
    const r = await doctor(setup);
    expect(r["service-app"]!.status).toBe("fail");
    expect(text(r["service-app"])).toContain("requires DPoP");
    expect(r["live-token"]!.status).toBe("fail");
    expect(text(r["live-token"])).toContain("invalid_dpop_proof");
    expect(r["live-token"]!.fix).toContain("turn DPoP off for the service app");
  });

  it("OpenMetadata's public keys lack the issuer's keys URL (1.x: proven with the token)", async () => {
    const setup = await healthy();
    await deployOpenMetadata(setup, { authConfig: { ...setup.authConfig, publicKeyUrls: [`${setup.omUrl}/api/v1/system/config/jwks`] } });
    const r = await doctor(setup);
    expectOnlyFailures(r, ["om-token-accepted"]);
    expect(text(r["om-token-accepted"])).toContain("No key found in");
    expect(r["om-token-accepted"]!.fix).toContain(`add ${setup.issuer}/v1/keys to the server's publicKeyUrls`);
  });

  it("OpenMetadata's public keys lack the issuer's keys URL (0.13: seen in /config/auth)", async () => {
    const setup = await healthy({ version: "0.13.2" });
    await deployOpenMetadata(setup, { authConfig: { ...setup.authConfig, publicKeyUrls: [`${setup.omUrl}/api/v1/config/jwks`] } });
    const r = await doctor(setup);
    expect(r["om-auth-config"]!.status).toBe("fail");
    expect(r["om-auth-config"]!.fix).toContain(`${setup.issuer}/v1/keys`);
    expect(r["om-token-accepted"]!.status).toBe("fail");
  });

  it("the principal missing on the OpenMetadata side", async () => {
    const setup = await healthy();
    await deployOpenMetadata(setup, { users: ["admin", "ingestion-bot"] });
    const r = await doctor(setup);
    expectOnlyFailures(r, ["om-token-accepted"]);
    expect(r["om-token-accepted"]!.fix).toContain(`create the bot or user ${setup.serviceClientId.toLowerCase()} in OpenMetadata`);
  });

  it("a world-readable workflowConfig", async () => {
    const setup = await healthy();
    chmodSync(setup.workflowPath, 0o644);
    const r = await doctor(setup);
    expectOnlyFailures(r, ["key-file-modes"]);
    expect(text(r["key-file-modes"])).toContain("is mode 0644: every user on this host can read the private key");
    expect(r["key-file-modes"]!.fix).toBe(`chmod 600 ${setup.workflowPath}`);
  });

  it("a group-readable workflowConfig only warns (exit 0), and --strict makes warnings fail (exit 3)", async () => {
    const setup = await healthy();
    chmodSync(setup.workflowPath, 0o640);
    const r = await doctor(setup);
    expect(r["key-file-modes"]!.status).toBe("warn");
    expectOnlyFailures(r, []);
    expect((await cli(setup, ["--out-dir", setup.outDir])).code).toBe(0);
    const strict = await cli(setup, ["--out-dir", setup.outDir, "--strict"]);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain(`${APPLICABLE.length - 1}/${ALL_IDS.length} checks passed, 1 warning, ${SKIPPED}`);
  });

  it("a server file with the service app's client id", async () => {
    const setup = await healthy();
    const envFile = join(setup.outDir, "openmetadata.env");
    writeFileSync(envFile, readFileSync(envFile, "utf8").replace(`AUTHENTICATION_CLIENT_ID=${setup.spaClientId}`, `AUTHENTICATION_CLIENT_ID=${setup.serviceClientId}`));
    const r = await doctor(setup);
    expectOnlyFailures(r, ["server-files"]);
    expect(text(r["server-files"])).toContain("is the ingestion service app's; the server needs the SPA's");
    expect(r["server-files"]!.fix).toBe(`set AUTHENTICATION_CLIENT_ID=${setup.spaClientId} in ${envFile}`);
  });

  it("OpenMetadata 1.3 with authProvider okta (the version gate)", async () => {
    const setup = await healthy();
    await deployOpenMetadata(setup, { version: "1.3.1" });
    const r = await doctor(setup);
    expect(r["om-version"]!.status).toBe("fail");
    expect(text(r["om-version"])).toContain("has no Okta ingestion (removed in 1.3.0)");
    expect(r["om-version"]!.fix).toContain(`okta-om-setup config --out-dir ${setup.outDir} --om-version 1.3.1`);
    expect(r["om-token-accepted"]!.detail[0]).toBe("needs om-version, which failed");
  });

  it("a setup generated for 1.3 (bot JWT) still holding the placeholder token", async () => {
    const setup = await healthy({ version: "1.3.2" });
    const r = await doctor(setup);
    expect(r["config-lint"]!.status).toBe("fail");
    expect(r["config-lint"]!.fix).toContain("paste the ingestion-bot's token");
    expect(r["live-token"]!.status).toBe("skip");
  });

  it("a clock ahead of Okta's: 'expiration too far into the future'", async () => {
    const setup = await healthy();
    const r = await doctor(setup, { now: () => new Date(Date.now() + 10_000) }, { only: ["live-token"] });
    expect(r["live-token"]!.status).toBe("fail");
    expect(text(r["live-token"])).toContain("expiration too far into the future");
    expect(text(r["live-token"])).toMatch(/this machine is (9|10|11)s ahead of Okta/);
    expect(r["live-token"]!.fix).toContain("sync this machine's clock");
  });
});

describe("doctor's runner", () => {
  it("exit 3 when a check fails, with the summary line", async () => {
    const setup = await healthy();
    await deployOpenMetadata(setup, { users: ["admin"] });
    const run = await cli(setup, ["--out-dir", setup.outDir]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("[x] OpenMetadata accepts the Okta token (users/loggedInUser) (om-token-accepted)");
    expect(run.stderr).toContain("    fix: create the bot or user");
    expect(run.stderr).toContain(`${APPLICABLE.length - 1}/${ALL_IDS.length} checks passed, 1 failed, ${SKIPPED}`);
  });

  it("--only runs just those checks (prerequisites silently); --skip leaves checks out and skips their dependents", async () => {
    const setup = await healthy();
    const only = JSON.parse((await cli(setup, ["--out-dir", setup.outDir, "--only", "live-token,om-token-accepted", "--json"])).stdout) as CheckResult[];
    expect(only.map((r) => [r.id, r.status])).toEqual([
      ["live-token", "pass"],
      ["om-token-accepted", "pass"],
    ]);
    const skip = JSON.parse((await cli(setup, ["--out-dir", setup.outDir, "--skip", "admin-token,okta-discovery", "--json"])).stdout) as CheckResult[];
    const byId = Object.fromEntries(skip.map((r) => [r.id, r]));
    expect(byId["admin-token"]).toBeUndefined();
    expect(byId["okta-discovery"]).toBeUndefined();
    expect(byId["service-app"]!.status).toBe("skip");
    expect(byId["service-app"]!.detail).toEqual(["needs admin-token, which --skip excluded"]);
    expect(byId["live-token"]!.status).toBe("pass");
  });

  it("--only with a failing hidden prerequisite skips with that prerequisite's reason and fix", async () => {
    const setup = await healthy();
    await editSecurityConfig(setup, (s) => (s.scopes = ["openid"]));
    const [result] = JSON.parse((await cli(setup, ["--out-dir", setup.outDir, "--only", "live-token", "--json"])).stdout) as CheckResult[];
    expect(result!.status).toBe("skip");
    expect(result!.detail[0]).toBe("needs config-lint, which failed");
    expect(result!.detail.join("\n")).toContain("config-lint: scopes lists openid");
    expect(result!.fix).toContain("remove openid from securityConfig.scopes");
  });

  it("unknown ids in --only/--skip are usage errors (exit 2) listing the valid ids", async () => {
    const setup = await healthy();
    const run = await cli(setup, ["--out-dir", setup.outDir, "--only", "live-tokn"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--only: unknown check live-tokn.");
    expect(run.stderr).toContain(`Valid ids: ${ALL_IDS.join(", ")}`);
    expect((await cli(setup, ["--out-dir", setup.outDir, "--skip", "nope"])).code).toBe(2);
  });

  it("a hanging endpoint fails only its check after the per-check timeout", async () => {
    const setup = await healthy();
    // Warm up first: the sandbox makes its signing keys on first use, which a loaded CI box may not do in 1 s.
    expect((await cli(setup, ["--out-dir", setup.outDir])).code).toBe(0);
    setup.sandbox.faults.add({ method: "GET", path: `/oauth2/${setup.asId}/.well-known/openid-configuration`, action: { type: "hang" } });
    const started = Date.now();
    const run = await cli(setup, ["--out-dir", setup.outDir, "--timeout", "1.5", "--json"]);
    const results = JSON.parse(run.stdout) as CheckResult[];
    const discovery = results.find((r) => r.id === "okta-discovery")!;
    expect(discovery.status).toBe("fail");
    expect(discovery.detail[0]).toBe("timed out after 1.5s");
    expect(discovery.detail[1]).toBe(`no answer from GET ${setup.issuer}/.well-known/openid-configuration`);
    expect(discovery.fix).toContain("raise --timeout");
    expect(results.filter((r) => r.status !== "pass" && !NOT_APPLICABLE.includes(r.id)).map((r) => r.id)).toEqual(["okta-discovery"]);
    expect(run.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it("a hanging token endpoint fails live-token after the timeout, naming the request sent when doctor started", async () => {
    const setup = await healthy();
    expect((await cli(setup, ["--out-dir", setup.outDir])).code).toBe(0);
    setup.sandbox.faults.add({ method: "POST", path: `/oauth2/${setup.asId}/v1/token`, action: { type: "hang" } });
    const run = await cli(setup, ["--out-dir", setup.outDir, "--timeout", "1.5", "--json"]);
    const live = (JSON.parse(run.stdout) as CheckResult[]).find((r) => r.id === "live-token")!;
    expect(live.status).toBe("fail");
    expect(live.detail).toEqual(["timed out after 1.5s", `no answer from POST ${setup.issuer}/v1/token`]);
    expect(run.code).toBe(3);
  });

  it("a crashing check shows as error and the others still run", async () => {
    const setup = await healthy();
    const crash: Check = {
      id: "crash",
      title: "A check with a bug",
      run: () => Promise.reject(new TypeError("cannot read properties of undefined (reading 'x')")),
    };
    const dependent: Check = { id: "after-crash", title: "Needs the crash", needs: ["crash"], run: () => Promise.resolve({ status: "pass" }) };
    const r = await doctor(setup, {}, { checks: [...CHECKS, crash, dependent] });
    expect(r.crash!.status).toBe("error");
    expect(r.crash!.detail).toEqual(["TypeError: cannot read properties of undefined (reading 'x')"]);
    expect(r["after-crash"]!.detail).toEqual(["needs crash, which crashed"]);
    expect(APPLICABLE.every((id) => r[id]!.status === "pass")).toBe(true);
  });

  it("without an admin token the Okta object checks skip and say why", async () => {
    const setup = await healthy();
    const run = await cli(setup, ["--out-dir", setup.outDir, "--json"], { OKTA_OM_API_TOKEN: undefined });
    const byId = Object.fromEntries((JSON.parse(run.stdout) as CheckResult[]).map((r) => [r.id, r]));
    expect(byId["admin-token"]!.status).toBe("skip");
    expect(byId["admin-token"]!.detail[0]).toContain("no Okta admin token");
    expect(byId["admin-token"]!.fix).toContain("set OKTA_OM_API_TOKEN");
    for (const id of ["service-app", "auth-server", "spa-app"]) {
      expect(byId[id]!.status).toBe("skip");
      expect(byId[id]!.detail[0]).toMatch(/^needs admin-token, which was skipped: no Okta admin token/);
    }
    expect(byId["live-token"]!.status).toBe("pass");
    expect(run.code).toBe(0);
  });

  it("reads the admin token from --api-token-stdin", async () => {
    const setup = await healthy();
    const run = await cli(setup, ["--out-dir", setup.outDir, "--api-token-stdin", "--only", "admin-token", "--json"], { OKTA_OM_API_TOKEN: undefined }, `${setup.sandbox.apiToken}\n`);
    expect((JSON.parse(run.stdout) as CheckResult[])[0]!.status).toBe("pass");
  });

  it("runDoctorForInit prints the human report (or nothing with json) and says whether it failed", async () => {
    const setup = await healthy();
    let stderr = "";
    const term = { stdout: { write: () => true }, stderr: { write: (s: string) => ((stderr += s), true) }, env: { NO_COLOR: "1" } };
    const api = new OktaApi(new OktaTransport({ orgUrl: setup.orgUrl, credentials: { kind: "token", token: new Secret(setup.sandbox.apiToken) } }));
    const ctx = await doctorContextForInit({ outDir: setup.outDir, omUrl: setup.omUrl, api });
    const human = await runDoctorForInit(ctx, new Output(term), {});
    expect(human.failed).toBe(false);
    expect(human.results).toHaveLength(ALL_IDS.length);
    expect(stderr).toContain(`${APPLICABLE.length}/${ALL_IDS.length} checks passed, ${SKIPPED}`);
    stderr = "";
    await deployOpenMetadata(setup, { users: [] });
    const json = await runDoctorForInit(await doctorContextForInit({ outDir: setup.outDir, api }), new Output(term, { json: true }), { json: true });
    expect(json.failed).toBe(true);
    expect(stderr).toBe("");
  });

  it("never prints the API token or the private key", async () => {
    const setup = await healthy();
    const d = String((JSON.parse(compactPrivateJwk(setup.keyPair).reveal()) as { d: string }).d);
    await editSecurityConfig(setup, (s) => (s.privateKey = ` ${String(s.privateKey)}`));
    const canaries = [setup.sandbox.apiToken, d, d.slice(0, 24)];
    const runs = [await cli(setup, ["--out-dir", setup.outDir, "--debug"]), await cli(setup, ["--out-dir", setup.outDir, "--json", "--debug"])];
    await editSecurityConfig(setup, (s) => (s.privateKey = JSON.stringify({ keys: [JSON.parse(String(s.privateKey).trim()) as unknown] })));
    runs.push(await cli(setup, ["--out-dir", setup.outDir, "--json"]), await cli(setup, ["--out-dir", setup.outDir]));
    const other = await generateServiceKeyPair();
    await editSecurityConfig(setup, (s) => (s.privateKey = compactPrivateJwk(other).reveal()));
    runs.push(await cli(setup, ["--out-dir", setup.outDir, "--debug"]));
    canaries.push(String((JSON.parse(other.privateJwk.reveal()) as { d: string }).d));
    for (const run of runs) {
      for (const canary of canaries) {
        expect(run.stdout).not.toContain(canary);
        expect(run.stderr).not.toContain(canary);
      }
    }
    expect(runs[0]!.stderr).toContain("starts with whitespace");
  });
});
