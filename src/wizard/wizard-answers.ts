import { isAbsolute, relative, resolve } from "node:path";
import type { CliDeps } from "../deps.js";
import type { Manifest } from "../manifest/manifest.js";
import { checkInitValue, formatAccess, type Access, type InitOptions, type ResolvedInit } from "../options/init-options.js";
import type { Output } from "../output/output.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { SandboxSession } from "../init/sandbox-session.js";
import type { Secret } from "../secret.js";
import type { Prompter, Validate } from "./prompter.js";

/** Marks a value the user gave in the wizard (the equivalent-command printer repeats these). */
export const WIZARD_SOURCE = "wizard";

export interface WizardContext {
  prompter: Prompter;
  out: Output;
  deps: CliDeps;
  session?: SandboxSession;
  /** Piped to --om-admin-token-stdin: the wizard then does not ask for OpenMetadata credentials. */
  omStdinToken?: Secret;
}

/** What the wizard learnt besides option values: a client for the org, the admin's login, ids picked from lists. */
export interface WizardFacts {
  api?: OktaApi;
  /** Login of the admin behind the credentials (GET /api/v1/users/me), for the bot email's default. */
  login?: string;
  /** Ids the user picked among same-named objects; they go into the manifest so init finds exactly those. */
  picks: Partial<Manifest>;
  /** An OpenMetadata admin token checked live (typed, or from a basic login): kept in memory only. */
  omAdminToken?: Secret;
}

type Key = keyof InitOptions;

/**
 * The options being completed: starts from what flags, env and the config file resolved, and records
 * each answer with the source "wizard".
 */
export class WizardAnswers {
  readonly options: Partial<InitOptions>;
  readonly sources: Record<string, string>;
  readonly facts: WizardFacts = { picks: {} };

  constructor(
    private readonly base: ResolvedInit,
    readonly cwd: string,
  ) {
    this.options = { ...base.options };
    this.sources = { ...base.sources };
  }

  /** True when nobody gave this value: no source at all, or only a default. */
  needs(key: Key): boolean {
    const source = this.sources[key];
    return source === undefined || source.startsWith("default");
  }

  get<K extends Key>(key: K): Partial<InitOptions>[K] {
    return this.options[key];
  }

  set<K extends Key>(key: K, value: InitOptions[K]): void {
    this.options[key] = value;
    this.sources[key] = WIZARD_SOURCE;
  }

  /** A path answer, resolved against the cwd like the flags' paths. */
  path(answer: string): string {
    return resolve(this.cwd, answer.trim());
  }

  /** A path for display: relative (./x) when under the cwd, else absolute. */
  showPath(path: string): string {
    return displayPath(path, this.cwd);
  }

  toResolved(): ResolvedInit {
    return { ...this.base, options: { ...this.options }, sources: { ...this.sources }, missing: [] };
  }
}

/** A path as a user would type it: relative (./x) when under `cwd`, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === "") return ".";
  return rel.startsWith("..") || isAbsolute(rel) ? path : `./${rel}`;
}

/** An option value as the user would type it (lists comma separated, access in flag form). */
export function formatAnswer(value: unknown): string {
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object" && value !== null && "kind" in value) return formatAccess(value as Access);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  return value === undefined ? "" : JSON.stringify(value);
}

/** Turns a schema problem ("is empty; give …") into a sentence shown under the prompt. */
export function asSentence(problem: string): string {
  if (/^(is|are|must|contains|has|includes|cannot|only)\b/.test(problem)) return `It ${problem}`;
  return problem.charAt(0).toUpperCase() + problem.slice(1);
}

/** A validate callback running the flag's own zod check, then an optional extra (e.g. live) check. */
export function validator<K extends Key>(
  key: K,
  accept: (value: InitOptions[K]) => void,
  extra?: (value: InitOptions[K]) => Promise<true | string> | true | string,
): Validate {
  return async (answer: string) => {
    const checked = checkInitValue(key, answer);
    if (!checked.ok) return asSentence(checked.problem);
    const more = extra ? await extra(checked.value) : true;
    if (more !== true) return more;
    accept(checked.value);
    return true;
  };
}

/**
 * Asks for one option with an input prompt, validated exactly like its flag, the current value
 * offered as the default; records the answer.
 */
export async function askOption<K extends Key>(
  answers: WizardAnswers,
  ctx: WizardContext,
  key: K,
  q: { message: string; default?: string; extra?: (value: InitOptions[K]) => Promise<true | string> | true | string },
): Promise<InitOptions[K]> {
  let accepted: { value: InitOptions[K] } | undefined;
  const current = answers.get(key);
  const fallback = q.default ?? (current === undefined ? undefined : formatAnswer(current));
  await ctx.prompter.input({
    field: key,
    message: q.message,
    default: fallback === "" ? undefined : fallback,
    validate: validator(key, (value) => (accepted = { value }), q.extra),
  });
  if (!accepted) throw new Error(`the prompt for ${key} returned without a validated answer`);
  answers.set(key, accepted.value);
  return accepted.value;
}

/** Prints a section title once, before the first question of that section. */
export function sectionPrinter(out: Output): (title: string) => void {
  const shown = new Set<string>();
  return (title) => {
    if (shown.has(title)) return;
    shown.add(title);
    out.info("");
    out.step(out.style.bold(title));
  };
}
