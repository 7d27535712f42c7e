import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname } from "node:path";

const WRITE = constants.W_OK | constants.X_OK;

async function writable(dir: string): Promise<boolean> {
  return access(dir, WRITE).then(
    () => true,
    () => false,
  );
}

/** The nearest path at or above `path` that exists, with what stat said about it. */
async function nearestExisting(path: string): Promise<{ path: string; isDirectory: boolean } | { path: string; error: string }> {
  for (let current = path; ; current = dirname(current)) {
    try {
      return { path: current, isDirectory: (await stat(current)).isDirectory() };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EACCES" || code === "EPERM") return { path: current, error: "cannot be reached (permission denied)" };
      if ((code !== "ENOENT" && code !== "ENOTDIR") || dirname(current) === current) return { path: current, error: `cannot be used (${code ?? String(err)})` };
    }
  }
}

/**
 * Why the out-dir cannot be used, or undefined. A run creates the out-dir (and its parents) and puts
 * its lock file beside it (`<out-dir>.lock`), so for a directory that does not exist yet the nearest
 * existing parent must be a writable directory, and for one that exists, its parent too: checked
 * with the options, these fail as a clear usage error before anything happens in Okta, instead of a
 * raw EACCES from the first write.
 */
export async function outDirProblem(path: string): Promise<string | undefined> {
  const found = await nearestExisting(path);
  if ("error" in found) return found.path === path ? found.error : `cannot be created: ${found.path} ${found.error}`;
  if (found.path === path) {
    if (!found.isDirectory) return "exists and is not a directory";
    if (!(await writable(path))) return "is not writable (permission denied)";
    const parent = dirname(path);
    if (parent !== path && !(await writable(parent))) return `is in ${parent}, which is not writable (permission denied); the run's lock file ${path}.lock goes there`;
    return undefined;
  }
  if (!found.isDirectory) return `cannot be created: ${found.path} is a file, not a directory`;
  if (!(await writable(found.path))) return `cannot be created: ${found.path} is not writable (permission denied)`;
  return undefined;
}
