// Issue 15, item 5: a run killed between writing a temp file and renaming it (SIGKILL) leaves
// `.<file>.<pid>.<hex>.tmp` behind, possibly holding a private key. The next run removes the temp
// files it owns whose writer is gone, and nothing else.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { runInit, tempDir } from "../helpers/run-cli.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

/** A pid that existed and is gone now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.on("exit", resolve));
  return child.pid!;
}

describe("stale temp files are removed by the next run", () => {
  it("removes ours from dead writers (with and without a pid), keeps a live writer's and the user's files", async () => {
    const out = join(tempDir(), "out");
    mkdirSync(out);
    const dead = await deadPid();
    const live = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      const stale = [`.service-key.private.json.${dead}.a1b2c3d4e5f6.tmp`, `.okta-om-setup.json.${dead}.0123456789ab.tmp`, ".openmetadata.env.abcdef012345.tmp"];
      const kept = [`.okta-om-setup.json.${live.pid}.fedcba987654.tmp`, "notes.tmp", ".my-editor.swp.tmp"];
      for (const name of [...stale, ...kept]) writeFileSync(join(out, name), "secret-ish leftovers");
      const run = await runInit(sandbox, out);
      expect(run.code, run.stderr).toBe(0);
      const names = readdirSync(out);
      for (const name of stale) expect(names).not.toContain(name);
      for (const name of kept) expect(names).toContain(name);
      // And the run itself leaves none.
      expect(names.filter((n) => n.endsWith(".tmp")).sort()).toEqual([...kept].sort());
    } finally {
      live.kill();
    }
  });
});
