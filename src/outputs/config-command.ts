import type { CliDeps } from "../deps.js";
import { CliError } from "../errors.js";

/** Placeholder until this command lands in this session's later commits. */
export function runConfigCommand(_flags: Record<string, unknown>, _deps: CliDeps): Promise<number> {
  return Promise.reject(new CliError("not available yet"));
}
