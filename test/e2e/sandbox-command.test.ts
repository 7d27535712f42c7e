// `okta-om-setup sandbox` as a user runs it: the built CLI (dist/, built by `npm test`'s pretest)
// in a child process with an isolated HOME and no OKTA_*/proxy variables.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@okta/okta-sdk-nodejs";
import { beforeAll, describe, expect, it } from "vitest";
import { webAppBody } from "../helpers/okta-payloads.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "bin", "okta-om-setup.js");

interface Running {
  child: ChildProcess;
  /** The first stdout line, parsed. */
  ready: Promise<{ orgUrl: string; apiToken: string; omUrl?: string; omVersion?: string }>;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function run(args: string[]): Running {
  const home = mkdtempSync(join(tmpdir(), "sandbox-cli-home-"));
  // Only what node needs: no OKTA_*, no proxies, a throwaway HOME.
  const env = { PATH: process.env.PATH ?? "", HOME: home, XDG_CONFIG_HOME: join(home, ".config"), NO_COLOR: "1" };
  const child = spawn(process.execPath, [bin, "sandbox", ...args], { cwd: home, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  const ready = new Promise<{ orgUrl: string; apiToken: string }>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      const line = JSON.parse(stdout.slice(0, newline)) as { orgUrl?: string; apiToken?: string };
      if (line.orgUrl && line.apiToken) resolve(line as { orgUrl: string; apiToken: string });
      else reject(new Error(`sandbox failed: ${stdout.slice(0, newline)}`));
    });
    child.on("exit", () => reject(new Error(`sandbox exited before printing its address: ${stderr}`)));
  });
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  ready.catch(() => undefined);
  return { child, ready, exited };
}

const webApp = webAppBody;

async function call(org: { orgUrl: string; apiToken: string }, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(org.orgUrl + path, {
    method,
    headers: { Authorization: `SSWS ${org.apiToken}`, "Content-Type": "application/json", Accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(() => {
  if (!existsSync(join(root, "dist", "cli.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does it in pretest)");
});

describe("okta-om-setup sandbox", () => {
  it("--port 0 --json prints exactly one {orgUrl, apiToken, om*} line, serves the real SDK, and exits 0 on SIGTERM", async () => {
    const sandbox = run(["--port", "0", "--json"]);
    const org = await sandbox.ready;
    // The Okta org, and the OpenMetadata stand-in with its admin token (for 1.10+ API applies).
    expect(Object.keys(org).sort()).toEqual(["apiToken", "omAdminToken", "omUrl", "omVersion", "orgUrl"]);
    expect(org.omUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(org.omVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(org.orgUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(org.apiToken).toMatch(/^00[A-Za-z0-9_-]{40}$/);

    const client = new Client({ orgUrl: org.orgUrl, token: org.apiToken, authorizationMode: "SSWS", cacheMiddleware: null });
    const created = await client.applicationApi.createApplication({ application: webApp("From the SDK") as Parameters<typeof client.applicationApi.createApplication>[0]["application"] });
    expect(created.id).toMatch(/^0oa/);
    const labels: string[] = [];
    for await (const app of await client.applicationApi.listApplications({ q: "From" })) labels.push(String(app?.label));
    expect(labels).toEqual(["From the SDK"]);

    sandbox.child.kill("SIGTERM");
    const { code, stdout } = await sandbox.exited;
    expect(code).toBe(0);
    expect(stdout.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("--om-version 2.0.2: the stand-in keeps SSO settings in its database, takes the ready line's admin token, and basic login works until SSO", async () => {
    const sandbox = run(["--port", "0", "--json", "--om-version", "2.0.2"]);
    const ready = (await sandbox.ready) as unknown as { orgUrl: string; omUrl: string; omVersion: string; omAdminToken: string };
    expect(ready.omVersion).toBe("2.0.2");
    expect(ready.omUrl).toBe(`${ready.orgUrl}/openmetadata`);
    const version = (await (await fetch(`${ready.omUrl}/api/v1/system/version`)).json()) as { version: string };
    expect(version.version).toBe("2.0.2");
    const stored = await fetch(`${ready.omUrl}/api/v1/system/security/config`, { headers: { Authorization: `Bearer ${ready.omAdminToken}` } });
    expect(stored.status).toBe(200);
    expect(((await stored.json()) as { authenticationConfiguration: { provider: string } }).authenticationConfiguration.provider).toBe("basic");
    // VERSIONS.md "Bot JWT by API": the login takes the password base64-encoded.
    const login = await fetch(`${ready.omUrl}/api/v1/users/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: "admin@open-metadata.org", password: Buffer.from("admin").toString("base64") }) });
    expect(login.status).toBe(200);
    sandbox.child.kill("SIGTERM");
    expect((await sandbox.exited).code).toBe(0);
  });

  it("--state FILE is saved on SIGTERM (0600) and served again after a restart; --api-token is honoured", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "sandbox-cli-state-")), "org.json");
    const token = "00SandboxTokenForTheE2eTestOnly1234567890";
    const first = run(["--port", "0", "--json", "--api-token", token, "--state", file]);
    const org = await first.ready;
    expect(org.apiToken).toBe(token);
    const app = await call(org, "POST", "/api/v1/apps", webApp("Survives restarts"));
    expect(app.status).toBe(200);
    expect((await call({ ...org, apiToken: "00wrong" }, "GET", "/api/v1/apps")).status).toBe(401);
    first.child.kill("SIGTERM");
    expect((await first.exited).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = run(["--port", "0", "--json", "--api-token", token, "--state", file]);
    const again = await second.ready;
    expect((await call(again, "GET", `/api/v1/apps/${String(app.json.id)}`)).json).toMatchObject({ id: app.json.id, label: "Survives restarts" });
    second.child.kill("SIGINT");
    expect((await second.exited).code).toBe(0);
  });

  it("a port in use, or a --state file that is not one, is a usage error (exit 2) with a message", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    try {
      const port = (blocker.address() as AddressInfo).port;
      const busy = await run(["--port", String(port), "--json"]).exited;
      expect(busy.code, busy.stderr).toBe(2);
      // --json failures are one JSON line too, so scripts never parse an empty stdout.
      const failure = JSON.parse(busy.stdout.trim()) as { ok: boolean; error: { message: string; exitCode: number } };
      expect(failure).toMatchObject({ ok: false, error: { exitCode: 2 } });
      expect(failure.error.message).toContain(`Port ${port} on 127.0.0.1 is already in use.`);
      expect(busy.stdout.trim().split("\n")).toHaveLength(1);
      expect(busy.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use.`);
    } finally {
      blocker.close();
    }
    const bad = join(mkdtempSync(join(tmpdir(), "sandbox-cli-bad-")), "org.json");
    writeFileSync(bad, '{"privateJwk": {"d": "must-not-be-echoed"');
    const broken = await run(["--port", "0", "--state", bad]).exited;
    expect(broken.code, broken.stderr).toBe(2);
    expect(broken.stderr).toContain("is not valid JSON");
    expect(broken.stderr).not.toContain("must-not-be-echoed");
  });
});
