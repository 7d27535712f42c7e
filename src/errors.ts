/**
 * The CLI's error family. Every error carries the exit code it maps to and, where we know it, a hint
 * that says what to do next. Only cli.ts turns them into exit codes.
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  doctorFailed: 3,
  auth: 4,
  changesPending: 8,
  cancelled: 130,
  /** SIGTERM: 128 + 15, as a shell reports a process the signal ended. */
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class CliError extends Error {
  readonly exitCode: number;
  readonly hint?: string;

  constructor(message: string, options: { exitCode?: number; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? ExitCode.failure;
    this.hint = options.hint;
  }
}

/** Bad flags, bad config, bad files: exit 2. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.usage, hint });
  }
}

/** One entry per missing value, naming the flag or env var that supplies it. */
export interface MissingInput {
  field: string;
  flag: string;
  env?: string;
  why?: string;
}

/** Input missing in a non-interactive run; all of it is listed at once. */
export class MissingInputError extends CliError {
  constructor(readonly missing: MissingInput[]) {
    super(
      `Missing required input (not running interactively):\n${missing
        .map((m) => `  - ${m.flag}${m.env ? ` (env ${m.env})` : ""}${m.why ? `: ${m.why}` : ""}`)
        .join("\n")}`,
      { exitCode: ExitCode.usage, hint: "Pass the values above, or run in a terminal to be asked for them." },
    );
  }
}

/** SIGINT or SIGTERM arrived while init was applying: exit 130 or 143, as if the signal had ended it. */
export class InterruptedError extends CliError {
  constructor(message: string, signal: "SIGINT" | "SIGTERM", hint?: string) {
    super(message, { exitCode: signal === "SIGTERM" ? ExitCode.terminated : ExitCode.cancelled, hint });
  }
}

/** The user pressed Ctrl-C or declined a confirmation. */
export class CancelledError extends CliError {
  constructor(message = "Cancelled.", hint?: string) {
    super(message, { exitCode: ExitCode.cancelled, hint });
  }
}

/** A bug of ours: printed with a request to file an issue. */
export class InternalError extends CliError {
  constructor(message: string, cause?: unknown) {
    super(message, { exitCode: ExitCode.failure, cause });
  }
}
