import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { runCli, runInit, tempDir } from "../helpers/run-cli.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

const read = (dir: string, name: string): string => readFileSync(join(dir, name), "utf8");

function setAdminLogin(login: string): void {
  const admin = sandbox.state.users[sandbox.state.adminUserId] as unknown as { profile: { login: string } };
  admin.profile.login = login;
}

describe("init: OpenMetadata's admin defaults to the Okta admin running it", () => {
  it("takes the login's name part and its domain from GET /api/v1/users/me (not OpenMetadata's 'admin' nor the bot's domain)", async () => {
    setAdminLogin("Dana.Lee@Corp.Example.com");
    try {
      const out = join(tempDir(), "out");
      const run = await runInit(sandbox, out);
      expect(run.code, run.stderr).toBe(0);
      const env = read(out, "openmetadata.env");
      expect(env).toContain("AUTHORIZER_ADMIN_PRINCIPALS=[dana.lee]");
      expect(env).toContain("AUTHORIZER_PRINCIPAL_DOMAIN=corp.example.com");
      expect(run.stderr).toContain("OpenMetadata admin: dana.lee@corp.example.com (you, the Okta admin running init");
      expect(sandbox.requests.some((r) => r.method === "GET" && r.path === "/api/v1/users/me")).toBe(true);
      // Remembered: a rerun by another Okta admin keeps the first one.
      setAdminLogin("someone.else@other.example");
      const rerun = await runCli(["init", "--no-interactive", "--yes", "--out-dir", out], { sandbox });
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(read(out, "openmetadata.env")).toContain("AUTHORIZER_ADMIN_PRINCIPALS=[dana.lee]");
    } finally {
      setAdminLogin("admin@sandbox.example");
    }
  });

  it("without the admin's login (GET /api/v1/users/me refused): the bot email's domain, OpenMetadata's 'admin', and a warning saying so", async () => {
    // As with OAuth for Okta without okta.users.read: Okta answers 403 E0000006 (sandbox okta-errors).
    sandbox.faults.add({ method: "GET", path: "/api/v1/users/me", action: { type: "status", status: 403, json: { errorCode: "E0000006", errorSummary: "You do not have permission to perform the requested action" } } });
    try {
      const out = join(tempDir(), "out");
      const run = await runInit(sandbox, out);
      expect(run.code, run.stderr).toBe(0);
      expect(read(out, "openmetadata.env")).toContain("AUTHORIZER_ADMIN_PRINCIPALS=[admin]\nAUTHORIZER_PRINCIPAL_DOMAIN=example.com");
      expect(run.stderr).toContain('OpenMetadata\'s admin is "admin", which matches only admin@example.com. Pass --admin-principals.');
    } finally {
      sandbox.faults.clear();
    }
  });

  it("keeps given admins and domain", async () => {
    const out = join(tempDir(), "out");
    const run = await runInit(sandbox, out, "--admin-principals", "alice,bob", "--principal-domain", "example.org");
    expect(run.code, run.stderr).toBe(0);
    expect(read(out, "openmetadata.env")).toContain("AUTHORIZER_ADMIN_PRINCIPALS=[alice, bob]\nAUTHORIZER_PRINCIPAL_DOMAIN=example.org");
  });
});

describe("init: version-exact files", () => {
  it("writes Helm values for --helm-chart-version and remembers it (VERSIONS.md: chart 1.1.0 ships 1.0.5 with openmetadata.config)", async () => {
    const out = join(tempDir(), "out");
    const run = await runInit(sandbox, out, "--om-version", "1.0.5", "--helm-chart-version", "1.1.0");
    expect(run.code, run.stderr).toBe(0);
    const helm = parse(read(out, "helm-values.yaml")) as Record<string, unknown>;
    expect(Object.keys(helm)).toEqual(["openmetadata", "extraEnvs"]);
    expect(run.stderr).toContain("--version 1.1.0");
    const manifest = JSON.parse(read(out, "okta-om-setup.json")) as { choices: Record<string, unknown> };
    expect(manifest.choices.helmChartVersion).toBe("1.1.0");
    // config keeps the chart; without it the chart that ships 1.0.5 (1.0.6, global.*) would be used.
    const config = await runCli(["config", "--out-dir", out, "--json"]);
    expect(config.code, config.stderr).toBe(0);
    expect(JSON.parse(config.stdout)).toMatchObject({ helmChartVersion: "1.1.0" });
  });

  it("a remembered chart too old for a newer --om-version: exit 2 saying it was remembered and which flag to pass; nothing written", async () => {
    const out = join(tempDir(), "out");
    expect((await runInit(sandbox, out, "--om-version", "1.0.5", "--helm-chart-version", "1.1.0")).code).toBe(0);
    const rerun = await runCli(["init", "--no-interactive", "--yes", "--out-dir", out], { sandbox });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(read(out, "helm-values.yaml")).toContain("chosen with --helm-chart-version on an earlier run.");
    const helm = read(out, "helm-values.yaml");
    const before = sandbox.requests.length;
    // VERSIONS.md (Helm table): chart 1.1.0 ships OpenMetadata 1.0.5; 1.3.0 is the chart that ships 1.3.0.
    const upgraded = await runCli(["init", "--no-interactive", "--yes", "--out-dir", out, "--om-version", "1.3.0"], { sandbox });
    expect(upgraded.code).toBe(2);
    expect(upgraded.stderr).toContain("--helm-chart-version: chart 1.1.0, remembered from an earlier run (okta-om-setup.json), ships OpenMetadata 1.0.5, older than the 1.3.0 it must serve.");
    expect(upgraded.stderr).toContain("e.g. --helm-chart-version 1.3.0");
    expect(upgraded.stderr).not.toContain("default (remembered");
    expect(sandbox.requests.length).toBe(before);
    const config = await runCli(["config", "--out-dir", out, "--om-version", "1.3.0"]);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/--helm-chart-version: chart 1\.1\.0, remembered from an earlier run .*Pass the chart you now deploy OpenMetadata 1\.3\.0 with, e\.g\. --helm-chart-version 1\.3\.0/s);
    expect(read(out, "helm-values.yaml")).toBe(helm);
    const fixed = await runCli(["config", "--out-dir", out, "--om-version", "1.3.0", "--helm-chart-version", "1.3.0", "--yes"]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(read(out, "helm-values.yaml")).toContain("chart 1.3.0");
  });

  it("--sandbox without --om-version falls back to 1.2.5 with a note (its stand-in is ours)", async () => {
    const dir = tempDir();
    const run = await runCli(["init", "--sandbox", "--out-dir", join(dir, "out"), "--no-doctor"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/OpenMetadata 1\.2\.5|generating for 1\.2\.5/);
  });
});

describe("config --om-url", () => {
  it("moves callbackUrl with the OpenMetadata URL and says the SPA changes only when init runs", async () => {
    const out = join(tempDir(), "out");
    expect((await runInit(sandbox, out, "--om-url", "https://om.example.com")).code).toBe(0);
    expect(read(out, "openmetadata.env")).toContain("AUTHENTICATION_CALLBACK_URL=https://om.example.com/callback");
    const before = sandbox.requests.length;
    const moved = await runCli(["config", "--out-dir", out, "--om-url", "https://om.new.example.com", "--yes"]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(sandbox.requests.length).toBe(before);
    expect(read(out, "openmetadata.env")).toContain("AUTHENTICATION_CALLBACK_URL=https://om.new.example.com/callback");
    const auth = parse(read(out, "openmetadata.auth.yaml")) as { authenticationConfiguration: { callbackUrl: string } };
    expect(auth.authenticationConfiguration.callbackUrl).toBe("https://om.new.example.com/callback");
    expect(moved.stderr).toMatch(/redirect URIs change only when init runs.*okta-om-setup init --om-url https:\/\/om\.new\.example\.com/s);
    // A second config at the new URL keeps the new callback.
    const again = await runCli(["config", "--out-dir", out]);
    expect(again.code, again.stderr).toBe(0);
    expect(read(out, "openmetadata.env")).toContain("AUTHENTICATION_CALLBACK_URL=https://om.new.example.com/callback");
    // init registers it; then the note is gone.
    const init = await runCli(["init", "--no-interactive", "--yes", "--out-dir", out], { sandbox });
    expect(init.code, init.stderr).toBe(0);
    const settled = await runCli(["config", "--out-dir", out]);
    expect(settled.stderr).not.toMatch(/redirect URIs change only/);
  });

  it("refuses a chart too old for the version, naming the flag and writing nothing", async () => {
    const out = join(tempDir(), "out");
    expect((await runInit(sandbox, out)).code).toBe(0);
    const run = await runCli(["config", "--out-dir", out, "--om-version", "1.3.4", "--helm-chart-version", "1.3.2"]);
    expect(run.code, run.stderr).toBe(0);
    const written = read(out, "helm-values.yaml");
    expect(written).toContain("chart 1.3.2");
    const bad = await runCli(["config", "--out-dir", out, "--om-version", "1.5.0", "--helm-chart-version", "1.3.2"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--helm-chart-version: chart 1\.3\.2 ships OpenMetadata 1\.3\.2, older than the 1\.5\.0.*--helm-chart-version 1\.5\.0/s);
    expect(read(out, "helm-values.yaml")).toBe(written);
    const garbage = await runCli(["config", "--out-dir", out, "--helm-chart-version", "latest"]);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/--helm-chart-version: "latest" is not a Helm chart version/);
  });
});
