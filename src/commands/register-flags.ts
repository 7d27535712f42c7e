import { Option, type Command } from "commander";
import type { FlagSpec } from "../options/init-flags.js";

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Registers table-driven flags with their env twins and defaults in the help text, grouped. */
export function registerFlags(command: Command, flags: FlagSpec[]): void {
  for (const spec of flags) {
    // Every flag says where else its value can come from and what it defaults to.
    const envText = spec.env?.length ? `env: ${spec.env.join(", ")}` : spec.key === "apiTokenStdin" ? "" : "flag only";
    const defaultText = spec.defaultText ?? (spec.boolean && spec.key !== "apiTokenStdin" ? "off" : "");
    const extras = [envText, defaultText ? `default: ${defaultText}` : ""].filter(Boolean);
    const option = new Option(spec.flag, extras.length ? `${spec.description} (${extras.join("; ")})` : spec.description).helpGroup(`${spec.group}:`);
    if (spec.repeatable) option.argParser(collect);
    command.addOption(option);
    if (spec.negatable) {
      const name = spec.flag.replace(/^(-\w, )?--/, "").split(" ")[0]!;
      command.addOption(new Option(`--no-${name}`, spec.negatable).helpGroup(`${spec.group}:`));
    }
  }
}
