// Issue 15, item 5: an out-dir the user may not create or write is a usage error naming the option
// (exit 2), checked with the other options, before any request: never a raw EACCES and "please
// report it". CI runs as root, which may write anywhere, so the CLI is spawned as nobody (65534).
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { tempDir } from "../helpers/run-cli.js";
import { NOBODY, runCliAs } from "../helpers/run-as.js";

let sandbox: Sandbox;
let root: string;
beforeAll(async () => {
  sandbox = await createSandbox();
  root = tempDir("okta-om-perm-");
  chmodSync(root, 0o755);
  // Owned by root: readable, not writable, by nobody.
  mkdirSync(join(root, "locked"), { mode: 0o755 });
  mkdirSync(join(root, "locked", "existing"), { mode: 0o755 });
  // Writable by nobody, inside a directory nobody may not write (where the lock file goes).
  mkdirSync(join(root, "locked", "mine"), { mode: 0o777 });
  chmodSync(join(root, "locked", "mine"), 0o777);
  writeFileSync(join(root, "a-file"), "x");
  chmodSync(join(root, "a-file"), 0o644);
});
afterAll(() => sandbox.close());

function initAs(uid: number, outDir: string, env: Record<string, string> = {}, outFlag = true): Promise<{ status: number | null; stderr: string }> {
  sandbox.requests.length = 0;
  const args = ["init", "--org-url", sandbox.orgUrl, "--bot-email", "b@example.com", "--om-version", "1.2.5", "--no-interactive", "--yes", ...(outFlag ? ["--out-dir", outDir] : [])];
  return runCliAs(uid, args, { cwd: root, env: { OKTA_OM_API_TOKEN: sandbox.apiToken, ...env } });
}

describe("an out-dir that cannot be written: exit 2 naming the option, nothing sent or written", () => {
  it.each([
    ["a new out-dir inside a directory the user may not write", "locked/new/out", /cannot be created: .*locked is not writable \(permission denied\)/],
    ["an existing out-dir the user may not write", "locked/existing", /is not writable \(permission denied\)/],
    ["an existing out-dir whose parent (where the lock goes) is not writable", "locked/mine", /which is not writable \(permission denied\); the run's lock file/],
    ["an out-dir under a file", "a-file/out", /a-file is a file, not a directory/],
  ])("%s", async (_what, dir, why) => {
    const run = await initAs(NOBODY, join(root, dir));
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain("--out-dir");
    expect(run.stderr).toMatch(why);
    expect(run.stderr).not.toMatch(/EACCES|please report|Unexpected error/i);
    expect(sandbox.requests).toEqual([]);
    expect(existsSync(join(root, "locked", "new"))).toBe(false);
    expect(readdirSync(join(root, "locked", "mine"))).toEqual([]);
  });

  it("names the env var when the out-dir came from OKTA_OM_OUT_DIR", async () => {
    const run = await initAs(NOBODY, "", { OKTA_OM_OUT_DIR: join(root, "locked", "new") }, false);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain("OKTA_OM_OUT_DIR");
    expect(sandbox.requests).toEqual([]);
  });

  it("the same directory works for a user who may write it (root), so the check is about permission", async () => {
    const run = await initAs(0, join(root, "locked", "new", "out"));
    expect(run.status, run.stderr).toBe(0);
  });
});
