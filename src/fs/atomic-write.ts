import { randomBytes } from "node:crypto";
import { chmod, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { processAlive } from "./process-alive.js";

/**
 * Our temp files: `.<target>.<pid>.<12 hex>.tmp`, and `.<target>.<12 hex>.tmp` from versions that
 * did not record the pid. Nothing else in a directory is ever taken for one of ours.
 */
const TEMP = /^\..+?\.(?:(\d+)\.)?[0-9a-f]{12}\.tmp$/;

const swept = new Set<string>();

/**
 * A run killed between writing a temp file and renaming it (SIGKILL, power loss) leaves the temp
 * behind, possibly holding a secret. The first write into a directory removes the temps of writers
 * that are gone; a live writer's (this process included) are left alone.
 */
async function removeStaleTemps(dir: string): Promise<void> {
  if (swept.has(dir)) return;
  swept.add(dir);
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const match = TEMP.exec(name);
      if (!match) return;
      const pid = match[1] === undefined ? undefined : Number(match[1]);
      if (pid !== undefined && processAlive(pid)) return;
      await rm(join(dir, name), { force: true }).catch(() => undefined);
    }),
  );
}

/**
 * Writes a file atomically: a temp file in the same directory, then rename(2) over the target, so a
 * crash never leaves a half-written file. Secret files are created 0600 from the start (never
 * briefly world-readable); others 0644.
 */
export async function writeFileAtomic(file: string, content: string, options: { secret?: boolean } = {}): Promise<void> {
  const mode = options.secret ? 0o600 : 0o644;
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  await removeStaleTemps(dir);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temp, content, { mode, flag: "wx" });
    await chmod(temp, mode); // the umask may have narrowed or widened nothing we rely on
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
