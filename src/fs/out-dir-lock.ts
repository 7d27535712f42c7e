import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { processAlive } from "./process-alive.js";

/**
 * One writer per out-dir: two runs planning against the same manifest would both decide to create.
 * The lock sits next to the out-dir (`<out-dir>.lock`), so a run that ends before writing anything
 * leaves no out-dir behind. A lock left by a process that no longer exists is taken over.
 */
export async function lockOutDir(outDir: string): Promise<() => Promise<void>> {
  const file = `${resolve(outDir)}.lock`;
  await mkdir(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: "wx", mode: 0o644 });
      return () => rm(file, { force: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // Options validation checks this first; a directory whose mode changed since still gets words.
      if (code === "EACCES" || code === "EPERM") {
        throw new UsageError(`Cannot create the lock file ${file} (permission denied).`, "Choose an --out-dir in a directory you can write to.");
      }
      if (code !== "EEXIST") throw err;
      const pid = Number((await readFile(file, "utf8").catch(() => "")).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new UsageError(`Another okta-om-setup run (pid ${pid}) is using ${outDir}.`, `Wait for it to finish, or remove ${file} if that process is gone.`);
      }
      await rm(file, { force: true });
    }
  }
  throw new UsageError(`Could not lock ${outDir}.`, `Remove ${file} and run again.`);
}
