import { isAbsolute, relative } from "node:path";
import { INIT_FLAGS } from "../options/init-flags.js";
import { formatAccess, type InitOptions, type ResolvedInit } from "../options/init-options.js";
import type { Output } from "../output/output.js";

/** Keys never repeated on a command line: secrets, run-mode switches we set ourselves, and sandbox-only values. */
const SKIP = new Set(["apiToken", "apiTokenStdin", "omAdminTokenStdin", "interactive", "plan", "detailedExitcode", "yes", "json", "debug", "config"]);
const PATHS = new Set(["outDir", "keyFile", "mgmtPrivateKey", "omBotJwtFile", "mergeInto"]);

const quote = (value: string): string => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

export interface EquivalentCommandOptions {
  /** "ci" (default) ends with --no-interactive --yes; "resume" leaves them off, so the wizard asks what is left. */
  mode?: "ci" | "resume";
  /** Paths under this directory are shown relative to it (./okta-om-setup), as a user would type them. */
  cwd?: string;
}

function showPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === "") return ".";
  return rel.startsWith("..") || isAbsolute(rel) ? path : `./${rel}`;
}

/**
 * The command that repeats this run: every value that did not come from a default, as flags (from
 * the wizard, env vars, the config file or flags), plus --no-interactive --yes for CI. Secrets never
 * appear (the token stays in the env).
 */
export function equivalentCommand(resolved: ResolvedInit, options: Partial<InitOptions>, how: EquivalentCommandOptions = {}): string {
  const cwd = how.cwd ?? process.cwd();
  const parts = ["okta-om-setup", "init"];
  for (const spec of INIT_FLAGS) {
    if (SKIP.has(spec.key)) continue;
    const source = resolved.sources[spec.key];
    if (!source || source.startsWith("default")) continue;
    const value = (options as Record<string, unknown>)[spec.key];
    if (value === undefined) continue;
    const flag = spec.flag.replace(/^-\w, /, "").split(" ")[0]!;
    if (spec.key === "access" && options.access) parts.push(flag, quote(formatAccess(options.access)));
    else if (spec.boolean) parts.push(value === true ? flag : flag.replace(/^--/, "--no-"));
    else if (Array.isArray(value) && spec.repeatable) for (const item of value) parts.push(flag, quote(String(item)));
    else if (Array.isArray(value)) parts.push(flag, quote(value.length === 0 && spec.key === "deployFiles" ? "none" : value.join(",")));
    else if (typeof value === "string" && PATHS.has(spec.key)) parts.push(flag, quote(showPath(value, cwd)));
    else if (typeof value === "string" || typeof value === "number") parts.push(flag, quote(String(value)));
  }
  if (how.mode !== "resume") parts.push("--no-interactive", "--yes");
  return parts.join(" ");
}

/** Prints the CI command (only after an interactive run, where it is news). */
export function printEquivalentCommand(out: Output, resolved: ResolvedInit, options: InitOptions, cwd?: string, omCredentials = false): void {
  if (!Object.values(resolved.sources).includes("wizard")) return;
  out.info("");
  const title = options.sandbox ? "To repeat this without questions:" : options.mgmtClientId ? "To repeat this in CI:" : "To repeat this in CI (the API token comes from OKTA_OM_API_TOKEN):";
  out.info(out.style.bold(title));
  out.info(`  ${equivalentCommand(resolved, options, { cwd })}`);
  // The OpenMetadata credentials typed in the wizard are not kept, and never become a flag value.
  if (omCredentials) out.info("  with OpenMetadata admin credentials in OKTA_OM_OPENMETADATA_TOKEN (or --om-admin-email and OKTA_OM_OPENMETADATA_PASSWORD)");
}
