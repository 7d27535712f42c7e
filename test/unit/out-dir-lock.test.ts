import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { lockOutDir } from "../../src/fs/out-dir-lock.js";

describe("out-dir lock", () => {
  it("sits next to the out-dir, creates no out-dir, and is gone after release", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lock-"));
    const release = await lockOutDir(join(dir, "out"));
    expect(existsSync(join(dir, "out.lock"))).toBe(true);
    expect(existsSync(join(dir, "out"))).toBe(false);
    await release();
    expect(existsSync(join(dir, "out.lock"))).toBe(false);
  });

  it("refuses while another live process holds it, and takes over a lock whose process is gone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lock-"));
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      writeFileSync(join(dir, "out.lock"), `${holder.pid}\n`);
      const refused = await lockOutDir(join(dir, "out")).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(UsageError);
      expect((refused as UsageError).message).toContain(`pid ${holder.pid}`);
    } finally {
      holder.kill();
    }
    await new Promise((resolve) => holder.once("exit", resolve));
    const release = await lockOutDir(join(dir, "out"));
    await release();
  });
});
