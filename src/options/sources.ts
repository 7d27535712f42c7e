import { readFile } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { Secret } from "../secret.js";
import { API_TOKEN_ENV, INIT_FLAGS, type FlagSpec } from "./init-flags.js";

/** A value as a source gives it, before validation: text, a list of texts, or a switch. */
export type RawValue = string | string[] | boolean;

/** The values one source gives, keyed by InitOptions key, with where each came from. */
export interface SourceLayer {
  values: Record<string, RawValue>;
  /** Key → the flag name, env var name or `config file <path>` that gave it. */
  sources: Record<string, string>;
  /** Values of the wrong type, already as "<source>: <problem>". */
  problems: string[];
}

/** `config` cannot nest, and stdin is read by the caller before options are merged. */
const FLAG_ONLY = new Set(["config", "apiTokenStdin", "omAdminTokenStdin"]);
const SECRET_KEY = /token|secret|password|passphrase/i;

const camel = (kebab: string): string => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const kebab = (camelCase: string): string => camelCase.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The long flag of a spec: "--org-url" for "--org-url <url>", "--yes" for "-y, --yes". */
export function flagName(spec: FlagSpec): string {
  return /--[\w-]+/.exec(spec.flag)?.[0] ?? `--${kebab(spec.key)}`;
}

/** The flag name of an InitOptions key, for messages ("--org-url" for "orgUrl"). */
export function flagFor(key: string): string {
  const spec = INIT_FLAGS.find((f) => f.key === key);
  return spec ? flagName(spec) : `--${kebab(key)}`;
}

/** How an error names a value's source: config file values also name their key. */
export function sourceLabel(source: string, key: string): string {
  return source.startsWith("config file ") ? `${source} (${flagFor(key).slice(2)})` : source;
}

/** Splits a comma or whitespace separated list, dropping empty entries. */
export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** "1/true/yes" → true, "0/false/no" → false, anything else → undefined. */
export function parseBoolean(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (["1", "true", "yes"].includes(t)) return true;
  if (["0", "false", "no"].includes(t)) return false;
  return undefined;
}

/** The API token from the first non-empty of OKTA_OM_API_TOKEN, OKTA_CLIENT_TOKEN, OKTA_API_TOKEN (trimmed, not validated). */
export function readApiTokenFromEnv(env: Record<string, string | undefined>): { token?: Secret; source?: string } {
  for (const name of API_TOKEN_ENV) {
    const value = env[name]?.trim();
    if (value) return { token: new Secret(value), source: name };
  }
  return {};
}

/** Values from the env twins in INIT_FLAGS (first non-empty name wins; lists split; booleans 1/true/yes/0/false/no). */
export function envValues(env: Record<string, string | undefined>): SourceLayer {
  const layer = emptyLayer();
  for (const spec of INIT_FLAGS) {
    const name = spec.env?.find((n) => env[n]?.trim());
    // Set but blank is the unset-CI-variable mistake: refused, not read as "use the default".
    const blank = spec.env?.find((n) => env[n] !== undefined && env[n]?.trim() === "");
    if (name === undefined && blank !== undefined) layer.problems.push(`${blank}: is set but empty; give a value, or unset it to use the default`);
    if (name === undefined) continue;
    put(layer, spec, env[name] ?? "", name);
  }
  return layer;
}

/** Values from commander's parsed flags (camelCase of the flag name; `--no-x` arrives as `x: false`). */
export function flagValues(flags: Record<string, unknown>): SourceLayer {
  const layer = emptyLayer();
  for (const spec of INIT_FLAGS) {
    const name = flagName(spec);
    const value = flags[camel(name.slice(2))] ?? flags[spec.key];
    if (value === undefined) continue;
    put(layer, spec, value, value === false && spec.negatable ? `--no-${name.slice(2)}` : name);
  }
  return layer;
}

/** Values from a config file already read by readConfigFile; `label` is the path as the user gave it. */
export function configValues(data: Record<string, unknown>, label: string): SourceLayer {
  const layer = emptyLayer();
  for (const [key, value] of Object.entries(data)) {
    const spec = INIT_FLAGS.find((f) => f.key === key);
    if (spec) put(layer, spec, value, `config file ${label}`);
  }
  return layer;
}

/**
 * Reads a YAML config file into a plain object keyed by InitOptions key. Keys may be camelCase or
 * flag names. Scalars stay strings (YAML would read `omVersion: 1.10` as the number 1.1).
 */
export async function readConfigFile(path: string, label = path): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new UsageError(`config file ${label}: ${fileProblem(err)}`, "Check the --config path (or OKTA_OM_CONFIG).");
  }
  const { parseDocument } = await import("yaml");
  const doc = parseDocument(text, { schema: "failsafe" });
  if (doc.errors.length > 0) {
    const lines = doc.errors.slice(0, 5).map((e) => {
      const at = e.linePos?.[0];
      return `${label}${at ? `:${at.line}:${at.col}` : ""}: ${e.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "")}`;
    });
    throw new UsageError(`config file ${lines.join("\n  ")}`, "Fix the YAML syntax at the position above.");
  }
  let data: unknown;
  try {
    // Aliases expand here, and the parser refuses a document that expands too far (an alias bomb).
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new UsageError(`config file ${label}: cannot be read as YAML (${yamlRefusal(err)})`, "Write the options out plainly; a config file needs no anchors or aliases.");
  }
  if (data === null || data === undefined || data === "") return {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new UsageError(`config file ${label}: must be a mapping of option names to values, e.g. "orgUrl: https://dev-123.okta.com"`);
  }
  return mapConfigKeys(data as Record<string, unknown>, label);
}

function mapConfigKeys(data: Record<string, unknown>, label: string): Record<string, unknown> {
  const aliases = new Map<string, string>();
  for (const spec of INIT_FLAGS) {
    if (FLAG_ONLY.has(spec.key)) continue;
    const name = flagName(spec).slice(2);
    for (const alias of [spec.key, kebab(spec.key), name, camel(name)]) aliases.set(alias, spec.key);
  }
  const out: Record<string, unknown> = {};
  const given = new Map<string, string>();
  const problems: string[] = [];
  const unknown: string[] = [];
  for (const [rawKey, value] of Object.entries(data)) {
    const key = aliases.get(rawKey);
    if (rawKey === "apiTokenStdin" || rawKey === "api-token-stdin") {
      problems.push(`"${rawKey}" is a command-line flag only`);
    } else if (FLAG_ONLY.has(rawKey)) {
      problems.push(`"${rawKey}" cannot be set in a config file`);
    } else if (key === undefined && SECRET_KEY.test(rawKey)) {
      problems.push(
        `"${rawKey}": a config file must not hold the API token or other secrets; set OKTA_OM_API_TOKEN or pipe the token to --api-token-stdin`,
      );
    } else if (key === undefined) {
      unknown.push(rawKey);
    } else if (given.has(key)) {
      problems.push(`"${rawKey}" and "${given.get(key)}" set the same option; keep one`);
    } else {
      given.set(key, rawKey);
      out[key] = value;
    }
  }
  if (unknown.length > 0) {
    const known = INIT_FLAGS.filter((f) => !FLAG_ONLY.has(f.key)).map((f) => f.key);
    problems.push(`unknown key${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; known keys (camelCase or flag names): ${known.join(", ")}`);
  }
  if (problems.length === 1) throw new UsageError(`config file ${label}: ${problems[0]}`);
  if (problems.length > 1) throw new UsageError(`config file ${label}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return out;
}

function emptyLayer(): SourceLayer {
  return { values: {}, sources: {}, problems: [] };
}

/** Empty means missing, not default: an explicitly empty value is a problem naming where it came from. */
function emptyProblem(whole: boolean): string {
  return whole ? "is empty; give a value, or leave it out to use the default" : "has an empty entry; remove it";
}

/** Coerces one value to the spec's shape; an empty value is a problem, never "not given". */
function put(layer: SourceLayer, spec: FlagSpec, value: unknown, source: string): void {
  const label = sourceLabel(source, spec.key);
  if (value === null || value === undefined) return;
  if (spec.boolean) {
    const parsed = typeof value === "boolean" ? value : typeof value === "string" ? parseBoolean(value) : undefined;
    if (parsed === undefined) layer.problems.push(`${label}: must be true or false (1/true/yes or 0/false/no)`);
    else set(layer, spec.key, parsed, source);
  } else if (spec.repeatable || spec.list) {
    const items = Array.isArray(value) ? value : [value];
    if (!items.every((v) => typeof v === "string")) {
      layer.problems.push(`${label}: must be a list of strings`);
      return;
    }
    // A repeated flag or a YAML list gives one URI per entry (URIs may hold commas); one string packs several.
    const list = spec.repeatable && Array.isArray(value) ? items.map((v) => v.trim()) : items.flatMap(splitList);
    if (list.some((v) => v === "") || list.length === 0) layer.problems.push(`${label}: ${emptyProblem(list.every((v) => v === ""))}`);
    else set(layer, spec.key, list, source);
  } else if (typeof value === "string") {
    if (value.trim()) set(layer, spec.key, value, source);
    else layer.problems.push(`${label}: ${emptyProblem(true)}`);
  } else {
    layer.problems.push(`${label}: must be a single value, not ${Array.isArray(value) ? "a list" : typeof value}`);
  }
}

function set(layer: SourceLayer, key: string, value: RawValue, source: string): void {
  layer.values[key] = value;
  layer.sources[key] = source;
}

/** The parser's reason, without quoting the document (it may hold anything). */
export function yamlRefusal(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return /alias/i.test(message) ? "too many alias expansions" : message.split("\n")[0]!.slice(0, 120);
}

function fileProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "not found";
  if (code === "EACCES" || code === "EPERM") return "not readable (permission denied)";
  if (code === "EISDIR") return "is a directory, not a file";
  return `cannot be read (${code ?? String(err)})`;
}
