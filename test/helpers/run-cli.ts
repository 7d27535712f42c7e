import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { main } from "../../src/cli.js";
import type { OktaObject, Sandbox } from "../../src/sandbox/index.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** The sandbox whose SSWS token becomes OKTA_OM_API_TOKEN (unless env overrides it). */
  sandbox?: Sandbox;
  /** Extra env; `undefined` values remove a variable. */
  env?: Record<string, string | undefined>;
  /** Working directory; a fresh temp dir when omitted. */
  cwd?: string;
  /** Text piped to stdin (not a TTY unless `prompter` is given). */
  stdin?: string;
  /** Runs as in a terminal (stdin and stdout are TTYs) with this Prompter answering the questions. */
  prompter?: unknown;
}

/** A new empty temp directory. */
export function tempDir(prefix = "okta-om-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Runs `main(argv, deps)` in-process with captured stdout/stderr, an isolated env (only what the
 * test gives, plus the sandbox's token), a non-TTY stdin and a temp cwd.
 */
export async function runCli(argv: string[], options: RunCliOptions = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const env: Record<string, string | undefined> = {
    HOME: process.env.HOME,
    PATH: process.env.PATH,
    NO_COLOR: "1",
    LANG: "C.UTF-8",
    ...(options.sandbox ? { OKTA_OM_API_TOKEN: options.sandbox.apiToken } : {}),
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]) as Readable & { isTTY?: boolean };
  const terminal = options.prompter !== undefined;
  stdin.isTTY = terminal;
  const code = await main(argv, {
    stdin,
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: terminal },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: terminal },
    env,
    cwd: options.cwd ?? tempDir("okta-om-cwd-"),
    ...(terminal ? { prompter: options.prompter } : {}),
  });
  return { code, stdout, stderr };
}

/** The standard non-interactive init against a sandbox, writing into `outDir`. */
export function initArgs(sandbox: Sandbox, outDir: string, ...extra: string[]): string[] {
  return [
    "init",
    "--org-url",
    sandbox.orgUrl,
    "--bot-email",
    "bot@example.com",
    "--om-version",
    "1.2.5",
    "--no-interactive",
    "--yes",
    "--out-dir",
    outDir,
    ...extra,
  ];
}

/** Runs init against the sandbox with the standard flags. */
export function runInit(sandbox: Sandbox, outDir: string, ...extra: string[]): Promise<CliRun> {
  return runCli(initArgs(sandbox, outDir, ...extra), { sandbox });
}

/** What `init --json` prints on stdout (the result shape). */
export interface InitJson {
  ok: boolean;
  orgUrl: string;
  issuer: string;
  spaClientId: string;
  serviceClientId: string;
  authServerId: string;
  changes: { resource: string; action: string; id?: string; fields?: string[] }[];
  files: { name: string; path: string; action: string; secret: boolean }[];
}

/** Parses the one JSON object `--json` prints on stdout. */
export function parseJson<T = Record<string, unknown>>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON object (exit ${run.code}):\n${run.stdout}\n--- stderr ---\n${run.stderr}`);
  }
}

/** Requests that change something (anything but GET). */
export function writesIn(sandbox: Sandbox): { method: string; path: string; status: number }[] {
  return sandbox.requests.filter((r) => r.method !== "GET").map(({ method, path, status }) => ({ method, path, status }));
}

type Obj = Record<string, unknown>;
const values = (record: Record<string, OktaObject> | undefined): OktaObject[] => Object.values(record ?? {});

/**
 * The org's shape as init manages it, by name rather than id: what must be equal after any run
 * that converged (and where duplicates would show up as repeated entries).
 */
export function orgShape(sandbox: Sandbox) {
  const state = sandbox.state;
  const apps = values(state.apps);
  const custom = values(state.authServers).filter((as) => as.default !== true);
  const byName = (list: Obj[]) => list.map((o) => String(o.name)).sort();
  return {
    apps: apps.map((a) => `${String(a.label)} (${String((a.settings as Obj | undefined)?.oauthClient && ((a.settings as Obj).oauthClient as Obj).application_type)}, ${String(a.status)})`).sort(),
    appGroups: apps.map((a) => `${String(a.label)}: ${Object.keys(state.appGroups[a.id] ?? {}).length}`).sort(),
    grants: apps.flatMap((a) => values(state.grants[a.id]).map((g) => `${String(a.label)}: ${String(g.scopeId)} ${String(g.status)}`)).sort(),
    trustedOrigins: values(state.trustedOrigins).map((o) => String(o.origin)).sort(),
    authServers: byName(custom),
    scopes: custom.flatMap((as) => values(state.scopes[as.id]).filter((s) => s.system !== true).map((s) => `${String(as.name)}: ${String(s.name)}`)).sort(),
    policies: custom.flatMap((as) => values(state.policies[as.id]).map((p) => `${String(as.name)}: ${String(p.name)}`)).sort(),
    rules: custom.flatMap((as) => values(state.policies[as.id]).flatMap((p) => values(state.rules[p.id]).map((r) => `${String(p.name)}: ${String(r.name)}`))).sort(),
  };
}

/**
 * Round trips on the critical path, from the request log: a request is one round deeper than the
 * deepest request that had finished before it started. Needs sandbox latency to separate rounds.
 */
export function roundsOf(sandbox: Sandbox): number {
  const spans = sandbox.requests.map((r) => ({ start: Date.parse(r.time), end: Date.parse(r.time) + r.durationMs })).sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  spans.forEach((span, i) => {
    depth[i] = 1 + Math.max(0, ...spans.slice(0, i).map((before, j) => (before.end <= span.start ? depth[j]! : 0)));
  });
  return Math.max(0, ...depth);
}
