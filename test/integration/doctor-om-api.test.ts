// doctor on OpenMetadata 1.10+ (VERSIONS.md, "1.10 and later"): the live auth config is compared with
// the manifest, OpenMetadata's own validator judges its stored settings (with an admin token), and
// the ingestion bot's JWT is checked the way ingestion meets it (signature against OpenMetadata's
// JWKS, expiry, /api/v1/users/loggedInUser). All against the sandbox's 2.0.2 stand-in.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import type { CheckResult } from "../../src/doctor/check.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { startSandbox } from "../helpers/sandbox.js";
import { runCli, tempDir } from "../helpers/run-cli.js";

const VERSION = "2.0.2";

async function standIn(): Promise<{ sandbox: Sandbox; admin: string; out: string }> {
  const sandbox = await startSandbox();
  sandbox.state.openMetadata.version = VERSION;
  return { sandbox, admin: await sandbox.openMetadataAdminToken(), out: tempDir() };
}

function init(sandbox: Sandbox, out: string, env: Record<string, string> = {}) {
  const argv = ["init", "--org-url", sandbox.orgUrl, "--om-url", sandbox.openMetadataUrl, "--bot-email", "bot@sandbox.example", "--om-version", VERSION, "--no-interactive", "--out-dir", out];
  return runCli(argv, { sandbox, env });
}

/** `doctor --json` in-process, with an optional clock (the bot JWT's expiry is judged against it). */
async function doctor(sandbox: Sandbox, out: string, env: Record<string, string> = {}, now?: Date): Promise<{ code: number; results: CheckResult[]; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough();
  stdin.end();
  const code = await main(["doctor", "--out-dir", out, "--om-url", sandbox.openMetadataUrl, "--json"], {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
    stdin,
    env: { NO_COLOR: "1", OKTA_OM_API_TOKEN: sandbox.apiToken, ...env },
    cwd: out,
    ...(now ? { now: () => now } : {}),
  });
  return { code, results: JSON.parse(stdout) as CheckResult[], stdout, stderr };
}

const byId = (results: CheckResult[], id: string): CheckResult => results.find((r) => r.id === id)!;

function botJwt(out: string): string {
  return /jwtToken: "?([\w-]+\.[\w-]+\.[\w-]+)/.exec(readFileSync(join(out, "workflowConfig.yaml"), "utf8"))![1]!;
}

describe("doctor on OpenMetadata 1.10+", () => {
  it("after init with admin credentials: auth config, OpenMetadata's validator and the bot JWT all pass; no token in the output", async () => {
    const { sandbox, admin, out } = await standIn();
    expect((await init(sandbox, out, { OKTA_OM_OPENMETADATA_TOKEN: admin })).code).toBe(0);
    const run = await doctor(sandbox, out, { OKTA_OM_OPENMETADATA_TOKEN: admin });
    expect(run.code, run.stdout).toBe(0);
    expect(byId(run.results, "om-auth-config").status).toBe("pass");
    expect(byId(run.results, "om-validator")).toMatchObject({ status: "pass", detail: [expect.stringContaining("validator accepts the stored settings (provider okta)")] });
    const bot = byId(run.results, "om-bot-jwt");
    expect(bot.status).toBe("pass");
    expect(bot.detail.join("\n")).toMatch(/signed by OpenMetadata's key[\s\S]*expires at[\s\S]*signs it in as ingestion-bot/);
    const validates = sandbox.requests.filter((r) => r.path === "/openmetadata/api/v1/system/security/validate");
    expect(validates.at(-1)?.status).toBe(200);
    for (const text of [run.stdout, run.stderr]) {
      expect(text).not.toContain(admin);
      expect(text).not.toContain(botJwt(out));
    }
  });

  it("without OKTA_OM_OPENMETADATA_TOKEN the validator check is skipped and says which env to set", async () => {
    const { sandbox, admin, out } = await standIn();
    expect((await init(sandbox, out, { OKTA_OM_OPENMETADATA_TOKEN: admin })).code).toBe(0);
    const run = await doctor(sandbox, out);
    expect(byId(run.results, "om-validator")).toMatchObject({ status: "skip", detail: [expect.stringContaining("OKTA_OM_OPENMETADATA_TOKEN")] });
  });

  it("files written but never applied (no credentials): om-auth-config fails, and the fix is the API, not a restart", async () => {
    const { sandbox, out } = await standIn();
    expect((await init(sandbox, out)).code).toBe(0);
    const run = await doctor(sandbox, out);
    const auth = byId(run.results, "om-auth-config");
    expect(auth.status).toBe("fail");
    expect(auth.detail.join("\n")).toContain('provider is "basic", not okta');
    // VERSIONS.md: 1.10+ copies env/yaml into its database only at first boot.
    expect(auth.fix).toContain("keeps these settings in its database, so deploying files changes nothing");
    expect(auth.fix).toContain("OKTA_OM_OPENMETADATA_TOKEN=<admin token> okta-om-setup init");
    expect(auth.fix).toContain("remove-security-config --force");
    expect(auth.fix).not.toContain("then restart OpenMetadata");
  });

  it("OpenMetadata's validator rejecting the stored settings is a failed check with the field and the fix", async () => {
    const { sandbox, admin, out } = await standIn();
    expect((await init(sandbox, out, { OKTA_OM_OPENMETADATA_TOKEN: admin })).code).toBe(0);
    // Okta's introspection stops answering: OpenMetadata's clientId rule fails (VERSIONS.md: 200 with `active`).
    sandbox.faults.add({ method: "POST", path: "^/oauth2/[^/]+/v1/introspect$", action: { type: "status", status: 503, json: { error: "temporarily_unavailable" } } });
    const run = await doctor(sandbox, out, { OKTA_OM_OPENMETADATA_TOKEN: admin });
    expect(run.code).not.toBe(0);
    const check = byId(run.results, "om-validator");
    expect(check.status).toBe("fail");
    expect(check.detail.join("\n")).toMatch(/authenticationConfiguration\.clientId: Client ID validation failed at the introspection endpoint: HTTP 503 \(fix: .*introspection/);
    expect(check.fix).toContain("OKTA_OM_OPENMETADATA_TOKEN=<admin token> okta-om-setup init");
  });

  it("a wrong OpenMetadata admin token makes the validator check fail with the fix, not crash", async () => {
    const { sandbox, admin, out } = await standIn();
    expect((await init(sandbox, out, { OKTA_OM_OPENMETADATA_TOKEN: admin })).code).toBe(0);
    const run = await doctor(sandbox, out, { OKTA_OM_OPENMETADATA_TOKEN: "not-a-valid-token" });
    const check = byId(run.results, "om-validator");
    expect(check.status).toBe("fail");
    expect(check.detail.join("\n")).toContain("HTTP 401");
    expect(check.fix).toContain("OKTA_OM_OPENMETADATA_TOKEN");
    expect(run.stdout).not.toContain("not-a-valid-token");
  });
});

describe("doctor: the ingestion bot's JWT (1.3+)", () => {
  it("warns within 7 days of its expiry, fails once expired (the stand-in's token lives 30 days)", async () => {
    const { sandbox, admin, out } = await standIn();
    expect((await init(sandbox, out, { OKTA_OM_OPENMETADATA_TOKEN: admin })).code).toBe(0);
    const exp = (JSON.parse(Buffer.from(botJwt(out).split(".")[1]!, "base64url").toString("utf8")) as { exp: number }).exp * 1000;
    const soon = byId((await doctor(sandbox, out, {}, new Date(exp - 3 * 86_400_000))).results, "om-bot-jwt");
    expect(soon.status).toBe("warn");
    expect(soon.detail.join("\n")).toMatch(/in 3 days \(under 7\)/);
    expect(soon.fix).toContain("Settings > Bots > ingestion-bot");
    const late = byId((await doctor(sandbox, out, {}, new Date(exp + 1000))).results, "om-bot-jwt");
    expect(late.status).toBe("fail");
    expect(late.detail.join("\n")).toContain("expired at");
  });

  it("a token not signed by OpenMetadata's key fails the signature and is refused by loggedInUser", async () => {
    const { sandbox, admin, out } = await standIn();
    expect((await init(sandbox, out, { OKTA_OM_OPENMETADATA_TOKEN: admin })).code).toBe(0);
    const file = join(out, "workflowConfig.yaml");
    const jwt = botJwt(out);
    const [header, claims] = jwt.split(".");
    const forged = `${header}.${claims}.${Buffer.from("not the signature").toString("base64url")}`;
    writeFileSync(file, readFileSync(file, "utf8").replace(jwt, forged));
    const check = byId((await doctor(sandbox, out)).results, "om-bot-jwt");
    expect(check.status).toBe("fail");
    const detail = check.detail.join("\n");
    expect(detail).toContain("is not signed by any key at");
    expect(detail).toMatch(/users\/loggedInUser with the token answered HTTP 401/);
    expect(check.fix).toContain("OKTA_OM_OPENMETADATA_TOKEN=<admin token> okta-om-setup init");
    expect(JSON.stringify(check)).not.toContain(forged);
  });
});
