import { Readable } from "node:stream";
import type { CliDeps } from "../../src/deps.js";

/** In-memory streams for running `main()` in-process: stdout/stderr as strings, stdin not a TTY. */
export function captureDeps(overrides: Partial<CliDeps> = {}): CliDeps & { out(): string; err(): string } {
  let stdout = "";
  let stderr = "";
  const stdin = Readable.from([]) as unknown as CliDeps["stdin"];
  return {
    stdin,
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    env: { HOME: process.env.HOME, NO_COLOR: "1" },
    cwd: process.cwd(),
    ...overrides,
    out: () => stdout,
    err: () => stderr,
  };
}
