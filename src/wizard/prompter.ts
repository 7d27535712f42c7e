import type { CliDeps } from "../deps.js";
import { CancelledError } from "../errors.js";
import { Secret } from "../secret.js";

export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
  /** Shown once answered, instead of `name`. */
  short?: string;
  /** Checkbox only: pre-selected. */
  checked?: boolean;
}

/** Synchronous or async validation: `true`, or the problem shown under the prompt (which is asked again). */
export type Validate = (value: string) => true | string | Promise<true | string>;

/**
 * Every question the CLI asks goes through this interface, keyed by `field`, so tests answer by
 * field and fail on any question they did not expect.
 */
export interface Prompter {
  input(q: { field: string; message: string; default?: string; validate?: Validate }): Promise<string>;
  select<T extends string>(q: { field: string; message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  /** Several of `choices`; `checked` ones are pre-selected, so Enter accepts them. */
  checkbox<T extends string>(q: { field: string; message: string; choices: Choice<T>[] }): Promise<T[]>;
  confirm(q: { field: string; message: string; default?: boolean }): Promise<boolean>;
  password(q: { field: string; message: string; validate?: Validate }): Promise<Secret>;
}

/** The message and hint of a Ctrl-C at a prompt (callers that know more, like the wizard, replace the hint). */
export const CANCELLED_AT_PROMPT = "Cancelled at a prompt; nothing was changed after the last completed step.";

/**
 * The real prompts (@inquirer/prompts, loaded on first use), reading `stdin` and drawing on `stdout`;
 * Ctrl-C becomes CancelledError (exit 130).
 */
export function createPrompter(deps: { stdin: CliDeps["stdin"]; stdout: { write(chunk: string): unknown } }): Prompter {
  const context = { input: deps.stdin, output: deps.stdout as NodeJS.WritableStream };
  const load = () => import("@inquirer/prompts");
  const cancellable = async <T>(ask: () => Promise<T>): Promise<T> => {
    try {
      return await ask();
    } catch (err) {
      if (err instanceof Error && (err.name === "ExitPromptError" || err.name === "AbortPromptError")) {
        throw new CancelledError(CANCELLED_AT_PROMPT, "Run the same command again to resume; answers given as flags are not asked again.");
      }
      throw err;
    }
  };
  return {
    input: (q) => cancellable(async () => (await load()).input({ message: q.message, default: q.default, validate: q.validate }, context)),
    select: (q) => cancellable(async () => (await load()).select({ message: q.message, choices: q.choices, default: q.default }, context)),
    checkbox: (q) => cancellable(async () => (await load()).checkbox({ message: q.message, choices: q.choices }, context)),
    confirm: (q) => cancellable(async () => (await load()).confirm({ message: q.message, default: q.default }, context)),
    password: (q) => cancellable(async () => new Secret(await (await load()).password({ message: q.message, mask: "*", validate: q.validate }, context))),
  };
}
