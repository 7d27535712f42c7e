import { CommanderError, type Command } from "commander";
import { SafeCommand } from "./commands/safe-command.js";
import { processDeps, type CliDeps } from "./deps.js";
import { CliError, ExitCode, InternalError } from "./errors.js";
import { Output } from "./output/output.js";
import { packageVersion } from "./version.js";
import { TOP_LEVEL_EXAMPLES } from "./fast-path.js";
import { registerInit } from "./commands/init.js";
import { registerConfig } from "./commands/config.js";
import { registerDoctor } from "./commands/doctor.js";
import { registerSandbox } from "./commands/sandbox.js";
import { registerDestroy } from "./commands/destroy.js";
import { registerRotateKey } from "./commands/rotate-key.js";


/** Result a command action leaves for main(); commander itself only knows about thrown errors. */
interface RunState {
  exitCode: number;
  debug: boolean;
  /** `--json` was asked for: failures are reported as a JSON document on stdout too. */
  json: boolean;
}

/** Builds the commander program. Command modules load their heavy parts only inside actions. */
export function buildProgram(deps: CliDeps, run: RunState): Command {
  const program = new SafeCommand();
  program
    .name("okta-om-setup")
    .description("Set up Okta single sign-on for OpenMetadata: Okta apps, authorization server, keys and the OpenMetadata config.")
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.stdout.write(s),
      writeErr: (s) => deps.stderr.write(s),
    })
    .addHelpText("after", TOP_LEVEL_EXAMPLES);
  const setExit = (code: number): void => {
    run.exitCode = code;
  };
  registerInit(program, deps, setExit);
  registerConfig(program, deps, setExit);
  registerDoctor(program, deps, setExit);
  registerSandbox(program, deps, setExit);
  registerRotateKey(program, deps, setExit);
  registerDestroy(program, deps, setExit);
  program.commands.forEach((cmd) => cmd.exitOverride().configureOutput({ writeOut: (s) => deps.stdout.write(s), writeErr: (s) => deps.stderr.write(s) }));
  return program;
}

/** Prints an error with its hint (stack only with --debug) and returns its exit code. */
export function handleError(err: unknown, out: Output, debug: boolean): number {
  if (err instanceof CliError) {
    out.error(err.message);
    if (err.hint) out.info(`  ${err.hint}`);
    if (debug && err.cause instanceof Error) out.info(err.cause.stack ?? err.cause.message);
    if (err instanceof InternalError) out.info("  This is a bug in okta-om-setup; please report it with the output of --debug.");
    return err.exitCode;
  }
  const error = err instanceof Error ? err : new Error(String(err));
  out.error(`Unexpected error: ${error.message}`);
  out.info(debug ? String(error.stack) : "  Run again with --debug for details, and please report it.");
  return ExitCode.failure;
}

function errorJson(err: unknown, exitCode: number): { message: string; hint?: string; exitCode: number } {
  if (err instanceof CliError) return { message: err.message, ...(err.hint ? { hint: err.hint } : {}), exitCode };
  return { message: err instanceof Error ? err.message : String(err), exitCode };
}

/** Entry point: parses argv, runs the command, returns the exit code. Never calls process.exit. */
export async function main(argv: string[], overrides: Partial<CliDeps> = {}): Promise<number> {
  const deps: CliDeps = { ...processDeps(), ...overrides };
  const run: RunState = { exitCode: ExitCode.ok, debug: argv.includes("--debug"), json: argv.includes("--json") };
  const program = buildProgram(deps, run);
  try {
    await program.parseAsync(argv, { from: "user" });
    return run.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version are "errors" with exit code 0; every parse error is a usage error.
      if (err.exitCode === 0 || err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return ExitCode.ok;
      // commander has printed the (already secret-free, see SafeCommand) message to stderr.
      if (run.json) deps.stdout.write(JSON.stringify({ ok: false, error: { message: err.message.replace(/^error: /, ""), code: err.code, exitCode: ExitCode.usage } }) + "\n");
      return ExitCode.usage;
    }
    const code = handleError(err, new Output(deps, { debug: run.debug }), run.debug);
    // Scripts reading --json get a document on failure too, not an empty stdout.
    if (run.json) deps.stdout.write(JSON.stringify({ ok: false, error: errorJson(err, code) }) + "\n");
    return code;
  }
}
