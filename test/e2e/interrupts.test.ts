// Issue 15, item 8: SIGINT/SIGTERM while init applies (headless) ends with a short line saying what
// was applied and that rerunning resumes, exit 130/143, the manifest flushed; the rerun finishes
// without creating anything twice. Only a real process receives signals, so the binary is spawned.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { tempDir } from "../helpers/run-cli.js";

const BIN = fileURLToPath(new URL("../../bin/okta-om-setup.js", import.meta.url));

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs init; `signal` is sent once the trusted origin's create has been answered: it starts with the
 * SPA's, the first writes of the plan, so the (delayed) SPA create is then in flight.
 */
function init(cwd: string, extra: string[], signal?: NodeJS.Signals): Promise<Run> {
  const args = [BIN, "init", "--org-url", sandbox.orgUrl, "--bot-email", "b@example.com", "--om-version", "1.2.5", "--no-interactive", "--yes", "--out-dir", "out", ...extra];
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd, NO_COLOR: "1", OKTA_OM_API_TOKEN: sandbox.apiToken }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const poll = signal
    ? setInterval(() => {
        if (sandbox.requests.some((r) => r.method === "POST" && r.path === "/api/v1/trustedOrigins")) {
          clearInterval(poll);
          child.kill(signal);
        }
      }, 10)
    : undefined;
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(poll);
      resolve({ code, stdout, stderr });
    });
  });
}

const posts = (path: string): number => sandbox.requests.filter((r) => r.method === "POST" && r.path === path).length;

describe("an interrupted apply", () => {
  it.each<[NodeJS.Signals, number, string[]]>([
    ["SIGINT", 130, []],
    ["SIGTERM", 143, ["--json"]],
  ])("%s: stops new writes, says what was applied, exits %i, and the rerun resumes", async (signal, exitCode, extra) => {
    sandbox.reset();
    sandbox.requests.length = 0;
    sandbox.faults.clear();
    // The SPA's create is in flight when the signal arrives: it finishes and is recorded.
    sandbox.faults.add({ method: "POST", path: "/api/v1/apps", times: 1, action: { type: "delay", ms: 1500 } });
    const cwd = tempDir("okta-om-interrupt-");
    const first = await init(cwd, [...extra], signal);
    expect(first.code, first.stderr).toBe(exitCode);
    expect(first.stderr).toMatch(new RegExp(`Interrupted \\(${signal}\\) while applying: \\d+ of \\d+ changes applied \\(.*spa-app.*\\), \\d+ not\\.`));
    expect(first.stderr).toContain("run the same command again to resume");
    expect(first.stderr).not.toMatch(/Unexpected error|please report/i);
    if (extra.includes("--json")) {
      const doc = JSON.parse(first.stdout) as { ok: boolean; error: { exitCode: number } };
      expect(doc.ok).toBe(false);
      expect(doc.error.exitCode).toBe(exitCode);
    }
    const manifest = JSON.parse(readFileSync(join(cwd, "out", "okta-om-setup.json"), "utf8")) as Record<string, unknown>;
    expect(manifest.spaAppId).toEqual(expect.any(String));
    // The authorization server waits for the SPA (its audience), so it was never started.
    expect(manifest.authServerId).toBeUndefined();
    expect(posts("/api/v1/authorizationServers")).toBe(0);

    const rerun = await init(cwd, []);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(posts("/api/v1/apps")).toBe(1);
    expect(posts("/api/v1/authorizationServers")).toBe(1);
    const done = JSON.parse(readFileSync(join(cwd, "out", "okta-om-setup.json"), "utf8")) as Record<string, unknown>;
    expect(done.ruleId).toEqual(expect.any(String));
  }, 60_000);
});
