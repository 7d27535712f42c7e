import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/run-cli.js";
import type { InitJson } from "../helpers/run-cli.js";

const BIN = fileURLToPath(new URL("../../bin/okta-om-setup.js", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI in `cwd` with only PATH, HOME and NO_COLOR in its environment. */
function runBin(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: cwd, XDG_CONFIG_HOME: join(cwd, ".config"), NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}


describe("the built binary", () => {
  it("init --sandbox --json --no-interactive: one JSON object on stdout, the OpenMetadata files on disk, and a noop rerun", async () => {
    expect(existsSync(join(BIN, "../../dist/cli.js")), "run `npm run build` first").toBe(true);
    const cwd = tempDir("okta-om-e2e-");
    const first = await runBin(["init", "--sandbox", "--json", "--no-interactive"], cwd);
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout) as InitJson;
    expect(result.ok).toBe(true);
    expect(result.orgUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.issuer).toBe(`${result.orgUrl}/oauth2/${result.authServerId}`);
    expect(result.spaClientId).toMatch(/^0oa/);
    expect(result.serviceClientId).toMatch(/^0oa/);
    expect(result.changes.length).toBeGreaterThanOrEqual(12);
    expect(result.changes.every((c) => c.action === "create")).toBe(true);

    const out = join(cwd, "okta-om-setup");
    const names = result.files.map((f) => f.name).sort();
    expect(names).toEqual(expect.arrayContaining(["helm-values.yaml", "openmetadata.auth.yaml", "openmetadata.env", "workflowConfig.yaml"]));
    for (const file of result.files) {
      expect(file.path.startsWith(out), file.path).toBe(true);
      expect(existsSync(file.path), file.path).toBe(true);
      expect(statSync(file.path).mode & 0o777, file.name).toBe(file.secret ? 0o600 : 0o644);
    }
    // The five OpenMetadata files: the four configs and the service app's private key.
    for (const name of ["workflowConfig.yaml", "openmetadata.env", "openmetadata.auth.yaml", "helm-values.yaml", "service-app.private.jwk.json"]) {
      expect(existsSync(join(out, name)), name).toBe(true);
    }
    const env = await readFile(join(out, "openmetadata.env"), "utf8");
    expect(env).toContain(`AUTHENTICATION_CLIENT_ID=${result.spaClientId}`);
    expect(env).toContain(`AUTHENTICATION_AUTHORITY=${result.issuer}`);

    const second = await runBin(["init", "--sandbox", "--json", "--no-interactive"], cwd);
    expect(second.code, second.stderr).toBe(0);
    const rerun = JSON.parse(second.stdout) as InitJson;
    expect(rerun.changes.filter((c) => c.action !== "noop")).toEqual([]);
    expect(rerun.spaClientId).toBe(result.spaClientId);
    expect(rerun.files.every((f) => f.action === "unchanged")).toBe(true);
  }, 60_000);
});
