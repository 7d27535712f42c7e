// Confidential (server-side) sign-in: `init --client-type confidential` against the sandbox over
// real HTTP. Facts: VERSIONS.md "Confidential (server-side) sign-in, OM ≥ 1.3.2" and "What the 1.10+
// validator demands" (secret checked with HTTP Basic at the introspection endpoint, 401 = wrong).
import { chmodSync, readdirSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { confidentialArgs, confidentialInit } from "../helpers/confidential.js";
import { raw, startSandbox } from "../helpers/sandbox.js";
import { initArgs, parseJson, runCli, tempDir, writesIn, type CliRun } from "../helpers/run-cli.js";

interface CheckJson {
  id: string;
  status: string;
  detail: string[];
  fix?: string;
}

const SECRET_FILES = ["web-app.client-secret", "openmetadata.secrets.env", "oidc-secrets.yaml"];

async function doctor(sandbox: Sandbox, out: string): Promise<{ run: CliRun; checks: Map<string, CheckJson> }> {
  const run = await runCli(["doctor", "--out-dir", out, "--json"], { sandbox });
  const parsed = parseJson<{ checks?: CheckJson[]; results?: CheckJson[] } | CheckJson[]>(run);
  const list = Array.isArray(parsed) ? parsed : (parsed.checks ?? parsed.results ?? []);
  return { run, checks: new Map(list.map((c) => [c.id, c])) };
}

/** Every file in the out-dir holding `secret`, with its mode. */
function filesHolding(out: string, secret: string, texts: Record<string, string>): string[] {
  return Object.entries(texts)
    .filter(([, text]) => text.includes(secret))
    .map(([name]) => `${name} ${(statSync(join(out, name)).mode & 0o777).toString(8)}`)
    .sort();
}

async function readAll(out: string): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const name of readdirSync(out)) texts[name] = await readFile(join(out, name), "utf8");
  return texts;
}

describe("init --client-type confidential", () => {
  for (const version of ["2.0.2", "1.5.0"]) {
    it(`--sandbox --om-version ${version} completes with a green doctor`, async () => {
      const out = tempDir();
      const run = await runCli(["init", "--sandbox", "--client-type", "confidential", "--om-version", version, "--out-dir", out, "--json"]);
      expect(run.code, run.stderr).toBe(0);
      const result = parseJson<{ ok: boolean; clientType: string; webClientId: string; doctor: CheckJson[] }>(run);
      expect(result.ok).toBe(true);
      expect(result.clientType).toBe("confidential");
      const byId = new Map(result.doctor.map((c) => [c.id, c]));
      expect(result.doctor.filter((c) => c.status === "fail" || c.status === "error")).toEqual([]);
      expect(byId.get("web-app")?.status).toBe("pass");
      expect(byId.get("client-secret")?.status).toBe("pass");
      expect(byId.get("client-secret")?.detail.join("\n")).toContain("Okta accepted the client secret");
      expect(byId.get("spa-app")?.status).toBe("skip");
      // 1.10+ with init's own OpenMetadata admin access: OpenMetadata's validator is asked too.
      expect(byId.get("om-validator")?.status).toBe(version === "2.0.2" ? "pass" : "skip");

      const secret = (await readFile(join(out, "web-app.client-secret"), "utf8")).trim();
      expect(secret.length).toBeGreaterThan(30);
      // The secret lives only in 0600 files (and the sandbox org's own saved state, which plays Okta).
      const texts = await readAll(out);
      expect(filesHolding(out, secret, texts)).toEqual(["oidc-secrets.yaml 600", "openmetadata.secrets.env 600", "sandbox-org.json 600", "web-app.client-secret 600"]);
      expect(run.stdout.includes(secret) || run.stderr.includes(secret)).toBe(false);

      // VERSIONS.md "Confidential": AUTHENTICATION_CLIENT_TYPE=confidential plus the OIDC_* settings.
      const env = texts["openmetadata.env"]!;
      const id = result.webClientId;
      const manifest = JSON.parse(texts["okta-om-setup.json"]!) as Record<string, string>;
      const issuer = manifest.issuer!;
      const om = manifest.omUrl!;
      for (const line of [
        "AUTHENTICATION_CLIENT_TYPE=confidential",
        `AUTHENTICATION_CLIENT_ID=${id}`,
        `OIDC_CLIENT_ID=${id}`,
        "OIDC_TYPE=okta",
        "OIDC_SCOPE=openid email profile offline_access",
        `OIDC_DISCOVERY_URI=${issuer}/.well-known/openid-configuration`,
        `OIDC_CALLBACK=${om}/callback`,
        `OIDC_SERVER_URL=${om}`,
        "OIDC_CLIENT_AUTH_METHOD=client_secret_post",
        // publicKeyUrls = the discovery jwks_uri exactly (the 1.10+ validator compares them).
        `AUTHENTICATION_PUBLIC_KEYS=[${issuer}/v1/keys, ${om}/api/v1/system/config/jwks]`,
      ]) {
        expect(env).toContain(`\n${line}\n`);
      }
      expect(env).not.toContain("OIDC_CLIENT_SECRET=");
      expect(texts["openmetadata.secrets.env"]).toContain(`\nOIDC_CLIENT_SECRET=${secret}\n`);
      // Helm: enabled + the oidc-secrets reference (VERSIONS.md, Helm: OIDC_* render only with both).
      expect(texts["helm-values.yaml"]).toContain("oidcConfiguration:\n        enabled: true\n        oidcType: okta\n        clientId:\n          secretRef: oidc-secrets");
      expect(texts["oidc-secrets.yaml"]).toContain("kind: Secret");
      expect(texts["oidc-secrets.yaml"]).toContain(`openmetadata-oidc-client-secret: ${secret}`);
      expect(texts["openmetadata.auth.yaml"]).toContain("    secret: ${OIDC_CLIENT_SECRET}\n");
      expect(texts["okta-om-setup.json"]).not.toContain(secret);

      // VERSIONS.md "1.10 and later": OpenMetadata reads its SSO settings from its database, so on
      // 2.0.2 init applies them (secret included) through the API, after the validator's own check
      // of the secret at Okta's introspection endpoint; 1.5.0 has no such API.
      const applied = (result as unknown as { openMetadata?: { securityConfig?: { action: string; fields: string[]; applied: boolean } } }).openMetadata?.securityConfig;
      const stored = (JSON.parse(texts["sandbox-org.json"]!) as { openMetadata?: { securityConfig?: { authenticationConfiguration: Record<string, unknown> } } }).openMetadata?.securityConfig;
      if (version === "2.0.2") {
        expect(applied).toMatchObject({ action: "update", applied: true });
        expect(applied!.fields).toContain("authenticationConfiguration.oidcConfiguration");
        expect(stored!.authenticationConfiguration).toMatchObject({ clientType: "confidential", clientId: id, oidcConfiguration: { id, secret, type: "okta" } });
        // A rerun compares against the masked secret: nothing to apply, so nothing rotates or is rewritten.
        const again = await runCli(["init", "--sandbox", "--client-type", "confidential", "--om-version", version, "--out-dir", out, "--json"]);
        expect(again.code, again.stderr).toBe(0);
        const second = parseJson<{ openMetadata?: { securityConfig?: { action: string } } }>(again);
        expect(second.openMetadata?.securityConfig?.action).toBe("noop");
        expect((await readFile(join(out, "web-app.client-secret"), "utf8")).trim()).toBe(secret);
        expect(again.stdout.includes(secret) || again.stderr.includes(secret)).toBe(false);
      } else {
        expect(applied).toBeUndefined();
      }
    });
  }

  it("creates a web app with a secret instead of the SPA; the secret never reaches the output, the request log or the manifest; a rerun does not rotate it", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    const run = await confidentialInit(sandbox, out, "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(sandbox.specViolations).toEqual([]);
    const result = parseJson<{ webClientId: string; authServerId: string; changes: { resource: string; action: string }[] }>(run);
    expect(result.changes.map((c) => c.resource)).toContain("web-app");
    expect(result.changes.map((c) => c.resource)).not.toContain("spa-app");

    const app = (await raw(sandbox, "GET", `/api/v1/apps/${result.webClientId}`)).json;
    expect(app).toMatchObject({
      label: "OpenMetadata (server sign-in)",
      status: "ACTIVE",
      credentials: { oauthClient: { token_endpoint_auth_method: "client_secret_post" } },
      settings: { oauthClient: { application_type: "web", grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], redirect_uris: ["http://localhost:8585/callback"] } },
    });
    expect(((await raw(sandbox, "GET", `/api/v1/apps/${result.webClientId}/groups`)).json as unknown[]).length).toBe(1);
    const as = (await raw(sandbox, "GET", `/api/v1/authorizationServers/${result.authServerId}`)).json;
    expect(as.audiences).toEqual([result.webClientId]);
    const [policy] = (await raw(sandbox, "GET", `/api/v1/authorizationServers/${result.authServerId}/policies`)).json as { id: string; conditions: { clients: { include: string[] } } }[];
    expect(policy!.conditions.clients.include).toEqual([result.webClientId]);

    const secret = (await readFile(join(out, "web-app.client-secret"), "utf8")).trim();
    expect(sandbox.state.appSecrets[result.webClientId]).toBe(secret);
    const manifest = await readFile(join(out, "okta-om-setup.json"), "utf8");
    for (const [place, text] of Object.entries({ stdout: run.stdout, stderr: run.stderr, requestLog: JSON.stringify(sandbox.requests), manifest })) {
      expect(text.includes(secret), place).toBe(false);
    }

    const before = sandbox.requests.length;
    const again = await confidentialInit(sandbox, out, "--json");
    expect(again.code, again.stderr).toBe(0);
    expect(writesIn(sandbox).filter((w) => sandbox.requests.findIndex((r) => r.path === w.path) >= before)).toEqual([]);
    expect(sandbox.requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);
    expect(sandbox.state.appSecrets[result.webClientId]).toBe(secret);
    expect((await readFile(join(out, "web-app.client-secret"), "utf8")).trim()).toBe(secret);
  });

  it("switching an existing public setup to confidential is planned, and leaves the SPA in place, reported", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    const first = await runCli(initArgs(sandbox, out, "--om-version", "1.5.0"), { sandbox });
    expect(first.code, first.stderr).toBe(0);
    const spaId = (JSON.parse(await readFile(join(out, "okta-om-setup.json"), "utf8")) as { spaAppId: string }).spaAppId;

    const plan = await confidentialInit(sandbox, out, "--plan", "--json");
    expect(plan.code, plan.stderr).toBe(0);
    const planned = parseJson<{ changes: { resource: string; action: string; id?: string; note?: string }[] }>(plan).changes;
    expect(planned.find((c) => c.resource === "web-app")?.action).toBe("create");
    expect(planned.find((c) => c.resource === "spa-app")).toMatchObject({ action: "noop", id: spaId });
    expect(planned.find((c) => c.resource === "spa-app")?.note).toContain("left in place");

    const run = await confidentialInit(sandbox, out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("left in place after the switch to confidential sign-in");
    expect(sandbox.state.apps[spaId]?.status).toBe("ACTIVE");
    const manifest = JSON.parse(await readFile(join(out, "okta-om-setup.json"), "utf8")) as Record<string, string>;
    expect(manifest).toMatchObject({ clientType: "confidential", spaAppId: spaId });
    expect(manifest.webAppId).toBeTruthy();
  });
});

describe("switching back", () => {
  it("confidential to public is planned too: the SPA is created, the web app (and its secret file) left in place, reported", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    const first = await confidentialInit(sandbox, out, "--json");
    expect(first.code, first.stderr).toBe(0);
    const webAppId = parseJson<{ webClientId: string }>(first).webClientId;
    const publicArgs = confidentialArgs(sandbox, out);
    publicArgs[publicArgs.indexOf("--client-type") + 1] = "public";

    const plan = await runCli([...publicArgs, "--plan", "--json"], { sandbox });
    expect(plan.code, plan.stderr).toBe(0);
    const planned = parseJson<{ changes: { resource: string; action: string; id?: string; note?: string }[] }>(plan).changes;
    expect(planned.find((c) => c.resource === "spa-app")?.action).toBe("create");
    expect(planned.find((c) => c.resource === "web-app")).toMatchObject({ action: "noop", id: webAppId });
    expect(planned.find((c) => c.resource === "web-app")?.note).toContain("destroy --only web-app");

    const run = await runCli(publicArgs, { sandbox });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("left in place after the switch to public sign-in");
    expect(sandbox.state.apps[webAppId]?.status).toBe("ACTIVE");
    const manifest = JSON.parse(await readFile(join(out, "okta-om-setup.json"), "utf8")) as Record<string, string>;
    expect(manifest).toMatchObject({ clientType: "public", webAppId });
    const env = await readFile(join(out, "openmetadata.env"), "utf8");
    expect(env).toContain("\nAUTHENTICATION_CLIENT_TYPE=public\n");
    expect(env).toContain(`\nAUTHENTICATION_CLIENT_ID=${manifest.spaClientId}\n`);
    expect(env).not.toMatch(/^OIDC_/m);
  });
});

describe("init --client-type: bad input (exit 2, nothing created)", () => {
  it("confidential with OpenMetadata below 1.3.2 names the version rule", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    const run = await runCli(initArgs(sandbox, out, "--client-type", "confidential"), { sandbox });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--client-type with --om-version 1.2.5");
    expect(run.stderr).toContain("needs OpenMetadata 1.3.2 or later");
    expect(writesIn(sandbox)).toEqual([]);
  });

  it("an unknown client type", async () => {
    const sandbox = await startSandbox();
    const run = await runCli(initArgs(sandbox, tempDir(), "--client-type", "secret"), { sandbox });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--client-type: "secret" is not a client type; use public');
    expect(writesIn(sandbox)).toEqual([]);
  });

  it("OKTA_OM_CLIENT_TYPE is the env twin", async () => {
    const sandbox = await startSandbox();
    const run = await runCli(initArgs(sandbox, tempDir()), { sandbox, env: { OKTA_OM_CLIENT_TYPE: "confidential" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("OKTA_OM_CLIENT_TYPE with --om-version 1.2.5");
  });
});

describe("doctor on a confidential setup: each failure with its fix", () => {
  async function setup(): Promise<{ sandbox: Sandbox; out: string; webClientId: string; authServerId: string }> {
    const sandbox = await startSandbox();
    const out = tempDir();
    const run = await confidentialInit(sandbox, out, "--json");
    expect(run.code, run.stderr).toBe(0);
    const { webClientId, authServerId } = parseJson<{ webClientId: string; authServerId: string }>(run);
    const { checks } = await doctor(sandbox, out);
    expect(checks.get("client-secret")?.status).toBe("pass");
    expect(checks.get("web-app")?.status).toBe("pass");
    expect(checks.get("auth-server")?.status).toBe("pass");
    return { sandbox, out, webClientId, authServerId };
  }

  it("a wrong secret: Okta's introspection endpoint answers 401 (VERSIONS.md: 401 = wrong secret)", async () => {
    const { sandbox, out } = await setup();
    const file = join(out, "web-app.client-secret");
    const right = await readFile(file, "utf8");
    await writeFile(file, "not-the-secret-of-this-app\n", { mode: 0o600 });
    const { run, checks } = await doctor(sandbox, out);
    expect(run.code).toBe(3);
    const check = checks.get("client-secret")!;
    expect(check.status).toBe("fail");
    expect(check.detail.join("\n")).toContain("Okta refused the client secret");
    expect(check.fix).toContain("Client Credentials");
    const introspect = sandbox.requests.filter((r) => r.path.endsWith("/v1/introspect"));
    expect(introspect.at(-1)).toMatchObject({ status: 401, auth: "Basic [redacted]" });
    // The fix: put the app's secret back; doctor passes again.
    await writeFile(file, right, { mode: 0o600 });
    expect((await doctor(sandbox, out)).checks.get("client-secret")?.status).toBe("pass");
  });

  it("the rule does not allow offline_access: no refresh tokens; rerunning init repairs it", async () => {
    const { sandbox, out, authServerId } = await setup();
    const [policy] = (await raw(sandbox, "GET", `/api/v1/authorizationServers/${authServerId}/policies`)).json as { id: string }[];
    const [rule] = (await raw(sandbox, "GET", `/api/v1/authorizationServers/${authServerId}/policies/${policy!.id}/rules`)).json as Record<string, unknown>[];
    const { _links: _l, ...body } = rule as Record<string, unknown> & { conditions: Record<string, unknown> };
    const put = await raw(sandbox, "PUT", `/api/v1/authorizationServers/${authServerId}/policies/${policy!.id}/rules/${String(rule!.id)}`, {
      ...body,
      conditions: { ...body.conditions, scopes: { include: ["openid", "email", "profile", "openmetadata"] } },
    });
    expect(put.status).toBe(200);
    const { checks } = await doctor(sandbox, out);
    const check = checks.get("auth-server")!;
    expect(check.status).toBe("fail");
    expect(check.detail.join("\n")).toContain("allows the offline_access scope");
    expect(check.fix).toContain("add offline_access");
    const rerun = await confidentialInit(sandbox, out);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect((await doctor(sandbox, out)).checks.get("auth-server")?.status).toBe("pass");
  });

  it("the sign-in redirect is not {om}/callback: Okta would refuse the server's login; rerunning init repairs it", async () => {
    const { sandbox, out, webClientId } = await setup();
    const app = (await raw(sandbox, "GET", `/api/v1/apps/${webClientId}`)).json as unknown as Record<string, unknown> & { settings: { oauthClient: Record<string, unknown> } };
    const { _links: _l, ...body } = app;
    const put = await raw(sandbox, "PUT", `/api/v1/apps/${webClientId}`, {
      ...body,
      settings: { ...app.settings, oauthClient: { ...app.settings.oauthClient, redirect_uris: ["http://localhost:8585/login/callback"] } },
    });
    expect(put.status).toBe(200);
    const { checks } = await doctor(sandbox, out);
    const check = checks.get("web-app")!;
    expect(check.status).toBe("fail");
    expect(check.detail.join("\n")).toContain("lack http://localhost:8585/callback");
    expect(check.fix).toContain("Sign-in redirect URIs: add http://localhost:8585/callback exactly");
    const rerun = await confidentialInit(sandbox, out);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect((await doctor(sandbox, out)).checks.get("web-app")?.status).toBe("pass");
  });

  it("a secret file others can read fails doctor, and init refuses to use it", async () => {
    const { sandbox, out } = await setup();
    chmodSync(join(out, "web-app.client-secret"), 0o644);
    const { checks } = await doctor(sandbox, out);
    expect(checks.get("key-file-modes")?.status).toBe("fail");
    expect(checks.get("key-file-modes")?.fix).toContain("chmod 600");
    expect(checks.get("client-secret")?.status).toBe("fail");
    const rerun = await confidentialInit(sandbox, out);
    expect(rerun.code).toBe(2);
    expect(rerun.stderr).toContain("others on this host can read the client secret");
  });

  it("OpenMetadata 1.10+ with admin credentials: its validator's verdict, a stored setting it refuses, and the fix", async () => {
    const sandbox = await startSandbox();
    sandbox.state.openMetadata.version = "2.0.2";
    const out = tempDir();
    const env = { OKTA_OM_OPENMETADATA_TOKEN: await sandbox.openMetadataAdminToken() };
    const init = await runCli(confidentialArgs(sandbox, out, "--om-url", sandbox.openMetadataUrl), { sandbox, env });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain("applied OpenMetadata's security settings");
    const run = (): Promise<CliRun> => runCli(["doctor", "--out-dir", out, "--only", "om-validator", "--json"], { sandbox, env });
    const verdict = async () => parseJson<CheckJson[]>(await run()).find((c) => c.id === "om-validator")!;
    expect((await verdict()).status).toBe("pass");
    // Without the admin token the check says why it cannot run.
    const without = parseJson<CheckJson[]>(await runCli(["doctor", "--out-dir", out, "--only", "om-validator", "--json"], { sandbox }));
    expect(without.find((c) => c.id === "om-validator")).toMatchObject({ status: "skip", detail: ["no OpenMetadata admin credentials (OKTA_OM_OPENMETADATA_TOKEN), so its validator cannot be asked"] });

    // Someone stores publicKeyUrls without the discovery jwks_uri (Settings > SSO): the validator refuses.
    const stored = sandbox.state.openMetadata.securityConfig!;
    const good = stored.authenticationConfiguration.publicKeyUrls;
    stored.authenticationConfiguration.publicKeyUrls = [`${sandbox.openMetadataUrl}/api/v1/system/config/jwks`];
    const refused = await verdict();
    expect(refused.status).toBe("fail");
    expect(refused.detail.join("\n")).toContain("authenticationConfiguration.publicKeyUrls: Public key URLs must include");
    expect(refused.fix).toContain("publicKeyUrls must list {issuer}/v1/keys");
    expect(refused.fix).toContain("rerun init with OpenMetadata admin credentials");
    // The fix: rerunning init applies the generated settings again.
    const rerun = await runCli(confidentialArgs(sandbox, out, "--om-url", sandbox.openMetadataUrl), { sandbox, env });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(sandbox.state.openMetadata.securityConfig!.authenticationConfiguration.publicKeyUrls).toEqual(good);
    expect((await verdict()).status).toBe("pass");
  });

  it("the secret files are 0600 after init", async () => {
    const { out } = await setup();
    for (const name of SECRET_FILES) expect((statSync(join(out, name)).mode & 0o777).toString(8), name).toBe("600");
  });
});
