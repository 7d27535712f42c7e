import type { Terminal } from "./output/terminal.js";

/** Everything a command touches outside its arguments; tests pass their own. */
export interface CliDeps extends Terminal {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  cwd: string;
  /** Ends long-running commands (the sandbox) from tests, like SIGINT does for a user. */
  signal?: AbortSignal;
  /** Replaces the @inquirer prompts (wizard tests). Typed loosely here to keep cli.ts light. */
  prompter?: unknown;
  now?: () => Date;
}

export function processDeps(): CliDeps {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}
