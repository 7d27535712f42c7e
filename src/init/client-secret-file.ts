import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { Secret } from "../secret.js";

/** The web app's client secret, as Okta returned it at creation: the one place it is kept (0600). */
export const CLIENT_SECRET_FILE = "web-app.client-secret";

/** Writes the secret 0600, atomically, right after Okta created the app (so a crash cannot lose it). */
export async function writeClientSecretFile(outDir: string, secret: Secret): Promise<string> {
  const file = join(outDir, CLIENT_SECRET_FILE);
  await writeFileAtomic(file, `${secret.reveal()}\n`, { secret: true });
  return file;
}

/**
 * The secret an earlier run kept; undefined when there is none. A file others can read is refused
 * (exit 2) rather than used: the secret in it must be considered exposed.
 */
export async function readClientSecretFile(outDir: string): Promise<Secret | undefined> {
  const file = join(outDir, CLIENT_SECRET_FILE);
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UsageError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
  }
  if (process.platform !== "win32" && (mode & 0o077) !== 0) {
    throw new UsageError(
      `${file} is mode 0${(mode & 0o777).toString(8)}: others on this host can read the client secret in it.`,
      `Run chmod 600 ${file}, and consider the secret exposed: generate a new one (Okta Admin Console > Applications > the web app > General > Client Credentials) and put it in this file.`,
    );
  }
  const value = (await readFile(file, "utf8")).trim();
  if (!value) throw new UsageError(`${file} is empty.`, "Restore it from a backup, or generate a new secret in Okta (Applications > the web app > General > Client Credentials) and put it in this file.");
  return new Secret(value);
}
