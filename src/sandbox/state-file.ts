import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { OrgState } from "./state.js";

/** Loads a saved org, or undefined when the file does not exist yet. */
export async function loadStateFile(file: string): Promise<OrgState | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<OrgState>;
  if (parsed.schemaVersion !== 1 || typeof parsed.idSuffix !== "string") {
    throw new Error(`${file} is not a sandbox state file (schemaVersion 1)`);
  }
  return parsed as OrgState;
}

/**
 * Saves the org atomically (temp file + rename) with mode 0600: it holds the authorization servers'
 * private signing keys.
 */
export async function saveStateFile(file: string, state: OrgState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${Date.now()}-${process.pid}.sandbox-state.tmp`);
  await writeFile(temp, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
  await rename(temp, file);
}
