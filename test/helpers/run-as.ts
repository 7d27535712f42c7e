import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built CLI, as users run it. */
export const BIN = fileURLToPath(new URL("../../bin/okta-om-setup.js", import.meta.url));
/** nobody: CI runs as root, which reads and writes anything, so permission tests run the CLI as this user. */
export const NOBODY = 65534;

/**
 * Runs the built CLI as `uid` (gid the same) with a minimal environment. Asynchronous on purpose: the
 * sandbox answering the child usually lives in the test's own process.
 */
export function runCliAs(uid: number, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    uid,
    gid: uid,
    stdio: ["ignore", "ignore", "pipe"],
    env: { PATH: process.env.PATH ?? "", HOME: options.cwd, NO_COLOR: "1", ...options.env },
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stderr }));
  });
}
