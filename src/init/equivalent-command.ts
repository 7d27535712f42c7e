import { INIT_FLAGS } from "../options/init-flags.js";
import { formatAccess, type InitOptions, type ResolvedInit } from "../options/init-options.js";
import type { Output } from "../output/output.js";

/** Keys never repeated on a command line: secrets, run-mode switches we set ourselves, and sandbox-only values. */
const SKIP = new Set(["apiToken", "apiTokenStdin", "interactive", "plan", "detailedExitcode", "yes", "json", "debug", "config"]);

const quote = (value: string): string => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/**
 * The non-interactive command that repeats this run in CI: every value that did not come from a
 * default, as flags, plus --no-interactive --yes. Secrets never appear (the token stays in the env).
 */
export function equivalentCommand(resolved: ResolvedInit, options: InitOptions): string {
  const parts = ["okta-om-setup", "init"];
  for (const spec of INIT_FLAGS) {
    if (SKIP.has(spec.key)) continue;
    const source = resolved.sources[spec.key];
    if (!source || source.startsWith("default")) continue;
    const value = (options as Record<string, unknown>)[spec.key];
    if (value === undefined) continue;
    const flag = spec.flag.replace(/^-\w, /, "").split(" ")[0]!;
    if (spec.key === "access") parts.push(flag, quote(formatAccess(options.access)));
    else if (spec.boolean) parts.push(value === true ? flag : flag.replace(/^--/, "--no-"));
    else if (Array.isArray(value) && spec.repeatable) for (const item of value) parts.push(flag, quote(String(item)));
    else if (Array.isArray(value)) parts.push(flag, quote(value.join(",")));
    else if (typeof value === "string" || typeof value === "number") parts.push(flag, quote(String(value)));
  }
  parts.push("--no-interactive", "--yes");
  return parts.join(" ");
}

/** Prints the CI command (only after an interactive run, where it is news). */
export function printEquivalentCommand(out: Output, resolved: ResolvedInit, options: InitOptions): void {
  if (!Object.values(resolved.sources).includes("wizard")) return;
  out.info("");
  out.info(out.style.bold("To repeat this in CI (the API token comes from OKTA_OM_API_TOKEN):"));
  out.info(`  ${equivalentCommand(resolved, options)}`);
}
