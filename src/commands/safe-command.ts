import { Command } from "commander";
import { mayBeSecret, quoteInput } from "../output/quote-input.js";

/** Option names that suggest someone tried to pass a credential as a flag value. */
const CREDENTIAL_FLAG = /token|secret|password|passwd|credential|api-?key|private-?key|jwt/i;

/** `--api-token=abc` → `--api-token`; `-tabc` → `-t`: the part of an unknown option that is its name. */
export function optionName(arg: string): string {
  if (arg.startsWith("--")) return arg.split("=")[0] ?? arg;
  return arg.startsWith("-") ? arg.slice(0, 2) : arg;
}

/**
 * Commander's own messages repeat what was typed: `unknown option '--api-token=<token>'`,
 * `unknown command '<token>'`, `argument '<value>' is invalid`. Whatever the user typed may be a
 * secret, so every parse error here names the flag or command only and describes values by length.
 * Subcommands are created through createCommand, so they inherit this too.
 */
export class SafeCommand extends Command {
  override createCommand(name?: string): Command {
    return new SafeCommand(name);
  }

  override error(message: string, errorOptions?: { code?: string; exitCode?: number }): never {
    return super.error(safeMessage(message, errorOptions?.code), errorOptions);
  }
}

/** Rewrites a commander parse error so that it carries no typed value, only names and hints. */
export function safeMessage(message: string, code: string | undefined): string {
  if (code === "commander.unknownOption") {
    // "error: unknown option '<as typed>'" and maybe "\n(Did you mean --x?)": keep the name only.
    const prefix = "error: unknown option '";
    const rest = message.startsWith(prefix) ? message.slice(prefix.length) : "";
    const cut = rest.lastIndexOf("'\n(Did you mean");
    const typed = cut >= 0 ? rest.slice(0, cut) : rest.replace(/'$/, "");
    const suggestion = cut >= 0 ? rest.slice(cut + 1) : "";
    const name = optionName(typed);
    const safe = `${prefix}${name}'${suggestion}`;
    if (!CREDENTIAL_FLAG.test(name)) return safe;
    return `${safe}\nCredentials are never taken as flag values: export OKTA_OM_API_TOKEN (or pipe the token to --api-token-stdin); see --help for each secret's environment variable.`;
  }
  if (code === "commander.unknownCommand") {
    return message.replace(/unknown command '([^']*)'/, (m, name: string) => (mayBeSecret(name) ? `unknown command: ${quoteInput(name)}` : m));
  }
  if (code === "commander.invalidArgument") {
    return message.replace(/argument '([\s\S]*)' is invalid/, (_m, value: string) => `value ${quoteInput(value)} is invalid`);
  }
  // The other parse errors (missing or excess arguments, missing option values) name flags only.
  return message;
}
