// Input files the user may not read (a key, a config file) are bad input: exit 2 naming the option
// and the file, before any request, never a raw EACCES. CI runs as root, which reads anything, so
// the CLI is spawned as nobody (65534) against files only root may read.
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { tempDir } from "../helpers/run-cli.js";
import { NOBODY, runCliAs } from "../helpers/run-as.js";

let sandbox: Sandbox;
let root: string;
beforeAll(async () => {
  sandbox = await createSandbox();
  root = tempDir("okta-om-unreadable-");
  chmodSync(root, 0o777);
  for (const name of ["key.pem", "init.yaml"]) {
    writeFileSync(join(root, name), name === "init.yaml" ? "scope: openmetadata\n" : "not read anyway\n");
    chmodSync(join(root, name), 0o600); // root's own: nobody may not read it
  }
});
afterAll(() => sandbox.close());

describe("an input file the user may not read", () => {
  it.each([
    ["--key-file", "key.pem", /--key-file: "?key\.pem"? is not readable/],
    ["--config", "init.yaml", /config file init\.yaml: .*(not readable|permission denied)/i],
  ])("%s: exit 2 naming it, nothing sent or written", async (flag, file, why) => {
    sandbox.requests.length = 0;
    const out = join(root, `out-${file}`);
    mkdirSync(out, { mode: 0o777 });
    chmodSync(out, 0o777);
    const args = ["init", "--org-url", sandbox.orgUrl, "--bot-email", "b@example.com", "--om-version", "1.2.5", "--no-interactive", "--yes", "--out-dir", out, flag, file];
    const run = await runCliAs(NOBODY, args, { cwd: root, env: { OKTA_OM_API_TOKEN: sandbox.apiToken } });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(why);
    expect(run.stderr).not.toMatch(/EACCES|please report|Unexpected error/i);
    expect(sandbox.requests).toEqual([]);
    expect(readdirSync(out)).toEqual([]);
  });

  it("root may read the same key file, so the refusal above is about permission", async () => {
    const run = await runCliAs(0, ["init", "--org-url", sandbox.orgUrl, "--bot-email", "b@example.com", "--om-version", "1.2.5", "--no-interactive", "--plan", "--out-dir", join(root, "out-root"), "--key-file", "key.pem"], { cwd: root, env: { OKTA_OM_API_TOKEN: sandbox.apiToken } });
    // Readable now, but not a key: refused for its content, not for permission.
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--key-file");
    expect(run.stderr).not.toMatch(/not readable/);
  });
});
