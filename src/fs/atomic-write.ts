import { randomBytes } from "node:crypto";
import { chmod, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes a file atomically: a temp file in the same directory, then rename(2) over the target, so a
 * crash never leaves a half-written file. Secret files are created 0600 from the start (never
 * briefly world-readable); others 0644.
 */
export async function writeFileAtomic(file: string, content: string, options: { secret?: boolean } = {}): Promise<void> {
  const mode = options.secret ? 0o600 : 0o644;
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temp, content, { mode, flag: "wx" });
    await chmod(temp, mode); // the umask may have narrowed or widened nothing we rely on
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
