import type { Command } from "commander";
import { UsageError } from "../errors.js";

/**
 * Empty means missing, not default. `--key-file "$UNSET_CI_VAR"` arrives as `--key-file ""`; taking
 * that as "not given" silently generated a new key (and with --yes replaced the registered one).
 * So an explicitly empty value is refused, naming the flag, before any command runs.
 */
export function rejectEmptyOptionValues(command: Command): Command {
  return command.hook("preAction", (_self, action) => {
    const values = action.opts();
    const empty = action.options
      .filter((option) => option.required || option.optional)
      .filter((option) => {
        const value: unknown = values[option.attributeName()];
        const items = Array.isArray(value) ? value : [value];
        return items.some((item) => typeof item === "string" && item.trim() === "");
      })
      .map((option) => option.long ?? option.flags);
    if (empty.length > 0) throw emptyValueError(empty);
  });
}

function emptyValueError(names: string[]): UsageError {
  const what = names.length === 1 ? `${names[0]} was given an empty value` : `${names.join(", ")} were given empty values`;
  return new UsageError(`${what}.`, "Give a value, or leave the option out to use its default (an unset shell or CI variable expands to nothing).");
}

/**
 * An env var's value: undefined when unset, trimmed text when set, and a usage error when set but
 * blank (the same mistake as an empty flag, one layer down).
 */
export function envText(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  if (value.trim() === "") throw emptyValueError([name]);
  return value.trim();
}
