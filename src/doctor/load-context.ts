import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { CliDeps } from "../deps.js";
import { UsageError } from "../errors.js";
import { MANIFEST_FILE, PRIVATE_KEY_FILE, readManifest, type Manifest } from "../manifest/manifest.js";
import { OktaApi } from "../okta/okta-api.js";
import { OmClient } from "../openmetadata/api/om-client.js";
import { OM_TOKEN_ENV } from "../openmetadata/api/om-credentials.js";
import { OktaTransport } from "../okta/transport.js";
import { rateLimitWaitLine } from "../okta/rate-limit-notice.js";
import { BARE_METAL_AUTH_FILE, DOCKER_ENV_FILE, HELM_VALUES_FILE, WORKFLOW_CONFIG_FILE } from "../openmetadata/generated-file.js";
import { normalizeHttpUrl, normalizeOrgUrl, requireCredentialSafeOrgUrl } from "../options/org-url.js";
import { readApiTokenFromEnv } from "../options/sources.js";
import { outboundFetch } from "../net/outbound-fetch.js";
import { envText } from "../options/empty-values.js";
import { apiTokenProblem, readTokenFromStdin } from "../options/stdin-token.js";
import { Secret } from "../secret.js";
import type { DoctorContext } from "./check.js";
import { omUrlFromHostPort, parseWorkflowConfig } from "./workflow-config.js";

/** The doctor flags commander hands over (src/commands/doctor.ts). */
export interface DoctorFlags {
  outDir?: string;
  workflowConfig?: string;
  orgUrl?: string;
  apiTokenStdin?: boolean;
  omUrl?: string;
  debug?: boolean;
}

/** Commander hands strings and booleans; anything else is treated as absent. */
function readFlags(raw: Record<string, unknown>): DoctorFlags {
  const text = (key: string): string | undefined => (typeof raw[key] === "string" ? raw[key] : undefined);
  return {
    outDir: text("outDir"),
    workflowConfig: text("workflowConfig"),
    orgUrl: text("orgUrl"),
    omUrl: text("omUrl"),
    apiTokenStdin: raw.apiTokenStdin === true,
    debug: raw.debug === true,
  };
}

/** The parts of CliDeps doctor's loading uses. */
export type ContextDeps = Pick<CliDeps, "cwd" | "env" | "stdin" | "now">;

export interface LoadOptions {
  /** Per-check timeout, also the admin API's request timeout. */
  timeoutMs: number;
  /** A token the caller already holds: env and stdin are then not read. */
  apiToken?: Secret;
  /** Management access the caller already has (init): used as is. */
  api?: OktaApi;
  /** OpenMetadata admin access the caller already has (init). */
  omAdmin?: OmClient;
  /** Told about manifest fields dropped because they were bad but safe to lose. */
  warn?: (message: string) => void;
}

const DEFAULT_OUT_DIR = "okta-om-setup";
const SERVER_FILES = [DOCKER_ENV_FILE, BARE_METAL_AUTH_FILE, HELM_VALUES_FILE];
const STDIN_TIMEOUT_MS = 10_000;

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

function resolveOutDir(flags: DoctorFlags, deps: ContextDeps): string | undefined {
  const given = flags.outDir ?? envText(deps.env, "OKTA_OM_OUT_DIR");
  if (given) {
    const dir = resolve(deps.cwd, given);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UsageError(`${flags.outDir ? "--out-dir" : "OKTA_OM_OUT_DIR"}: ${given} is not a directory.`, "Pass the directory init wrote (it holds okta-om-setup.json and workflowConfig.yaml).");
    }
    return dir;
  }
  if (flags.workflowConfig) return undefined;
  const dir = resolve(deps.cwd, DEFAULT_OUT_DIR);
  if (!existsSync(dir)) {
    throw new UsageError(`Nothing to check: ./${DEFAULT_OUT_DIR} does not exist.`, "Pass --out-dir <dir> (init's output directory), or --workflow-config <file> for a hand-written setup.");
  }
  return dir;
}

function readOmUrl(flags: DoctorFlags, deps: ContextDeps, manifest: Manifest | undefined, hostPort: string | undefined): Pick<DoctorContext, "omUrl" | "omUrlSource"> {
  const opts = { allowPath: true, stripTrailingSlash: true };
  if (flags.omUrl) return { omUrl: normalizeHttpUrl(flags.omUrl, "--om-url", opts), omUrlSource: "flag" };
  const env = envText(deps.env, "OKTA_OM_OM_URL");
  if (env) return { omUrl: normalizeHttpUrl(env, "OKTA_OM_OM_URL", opts), omUrlSource: "env" };
  if (manifest?.omUrl) return { omUrl: manifest.omUrl.replace(/\/+$/, ""), omUrlSource: "manifest" };
  const derived = hostPort ? omUrlFromHostPort(hostPort) : undefined;
  return derived ? { omUrl: derived, omUrlSource: "workflowConfig" } : {};
}

function readOrgUrl(flags: DoctorFlags, deps: ContextDeps, manifest: Manifest | undefined, orgURL: string | undefined): string | undefined {
  if (flags.orgUrl) return normalizeOrgUrl(flags.orgUrl, "--org-url");
  const env = deps.env.OKTA_OM_ORG_URL?.trim();
  if (env) return normalizeOrgUrl(env, "OKTA_OM_ORG_URL");
  // A manifest or workflowConfig is input like any flag: the same rules, before any token is sent.
  if (manifest?.orgUrl) return requireCredentialSafeOrgUrl(manifest.orgUrl, `${MANIFEST_FILE} orgUrl`);
  let origin: string | undefined;
  try {
    origin = orgURL ? new URL(orgURL).origin : undefined;
  } catch {
    return undefined;
  }
  return origin ? requireCredentialSafeOrgUrl(origin, `${WORKFLOW_CONFIG_FILE} orgURL`) : undefined;
}

async function readToken(flags: DoctorFlags, deps: ContextDeps): Promise<{ token?: Secret; source?: string }> {
  if (flags.apiTokenStdin) return { token: await readTokenFromStdin(deps.stdin, { timeoutMs: STDIN_TIMEOUT_MS }), source: "--api-token-stdin" };
  return readApiTokenFromEnv(deps.env);
}

/** OpenMetadata admin access from env only (never a flag value): the 1.10+ validator check needs it. */
function omAdminFromEnv(deps: ContextDeps, omUrl: string | undefined): OmClient | undefined {
  const token = deps.env[OM_TOKEN_ENV]?.trim();
  return token && omUrl ? new OmClient(omUrl, new Secret(token), OM_TOKEN_ENV) : undefined;
}

/**
 * Builds the doctor context from flags and env: the out-dir's manifest, workflowConfig, key and
 * server files (or --workflow-config alone), the OpenMetadata URL, and Okta admin access when a
 * token is given. The token travels only as a Secret inside the transport.
 */
export async function loadDoctorContext(rawFlags: Record<string, unknown>, deps: ContextDeps, options: LoadOptions): Promise<DoctorContext> {
  const flags = readFlags(rawFlags);
  const outDir = resolveOutDir(flags, deps);
  const manifest = outDir && isFile(join(outDir, MANIFEST_FILE)) ? await readManifest(outDir, { warn: options.warn }) : undefined;
  let workflowConfigPath: string | undefined;
  if (flags.workflowConfig) {
    workflowConfigPath = resolve(deps.cwd, flags.workflowConfig);
    if (!isFile(workflowConfigPath)) throw new UsageError(`--workflow-config: ${flags.workflowConfig} is not a file.`);
  } else if (outDir && isFile(join(outDir, WORKFLOW_CONFIG_FILE))) {
    workflowConfigPath = join(outDir, WORKFLOW_CONFIG_FILE);
  }
  const serverFiles: Record<string, string> = {};
  for (const name of SERVER_FILES) {
    const file = outDir ? join(outDir, name) : undefined;
    if (file && isFile(file)) serverFiles[file] = await readFile(file, "utf8");
  }
  if (!manifest && !workflowConfigPath && Object.keys(serverFiles).length === 0) {
    throw new UsageError(`Nothing to check in ${outDir ?? deps.cwd}: no ${MANIFEST_FILE}, ${WORKFLOW_CONFIG_FILE} or server config files.`, "Pass init's --out-dir, or --workflow-config <file>.");
  }
  const workflowConfigText = workflowConfigPath ? await readFile(workflowConfigPath, "utf8") : undefined;
  const parsed = workflowConfigText !== undefined ? await parseWorkflowConfig(workflowConfigText, workflowConfigPath!) : undefined;
  const workflow = parsed?.ok ? parsed.value : undefined;
  const keyFile = outDir ? join(outDir, PRIVATE_KEY_FILE) : undefined;

  const ctx: DoctorContext = {
    outDir,
    manifest,
    workflowConfigPath,
    workflowConfigText,
    keyFilePath: keyFile && isFile(keyFile) ? keyFile : undefined,
    serverFiles,
    ...readOmUrl(flags, deps, manifest, workflow?.hostPort),
    // HTTPS_PROXY/NO_PROXY and the agent's truncation checks, as for the Okta admin calls.
    fetch: outboundFetch(deps.env),
    now: deps.now ?? (() => new Date()),
    debug: flags.debug === true,
  };

  // An OpenMetadata admin token lets doctor ask OpenMetadata's own validator (1.10+) and check the bot JWT.
  ctx.omAdmin = options.omAdmin ?? omAdminFromEnv(deps, ctx.omUrl);
  if (options.api) {
    ctx.api = options.api;
    ctx.orgUrl = options.api.orgUrl;
    return ctx;
  }
  const { token, source } = options.apiToken ? { token: options.apiToken, source: "the API token" } : await readToken(flags, deps);
  const orgUrl = readOrgUrl(flags, deps, manifest, workflow?.okta?.orgURL);
  ctx.orgUrl = orgUrl;
  if (!token) {
    ctx.apiMissingReason = "no Okta admin token (OKTA_OM_API_TOKEN, OKTA_CLIENT_TOKEN, OKTA_API_TOKEN or --api-token-stdin), so the Okta object checks cannot run";
  } else if (!orgUrl) {
    ctx.apiMissingReason = "no Okta org URL for the admin API (pass --org-url or OKTA_OM_ORG_URL)";
  } else {
    const problem = apiTokenProblem(token);
    if (problem) throw new UsageError(`${source}: ${problem}`);
    const onBackoff = (delayMs: number) => options.warn?.(rateLimitWaitLine(delayMs));
    ctx.api = new OktaApi(new OktaTransport({ orgUrl, credentials: { kind: "token", token }, timeoutMs: options.timeoutMs, maxRetries: 1, env: deps.env, onBackoff }));
  }
  return ctx;
}

/**
 * The context for doctor at the end of init: init's out-dir and Okta access, no env or stdin. The
 * OpenMetadata URL counts as derived (an unreachable server skips the OpenMetadata checks, as init
 * often runs where OpenMetadata is not reachable).
 */
export async function doctorContextForInit(request: { outDir: string; omUrl?: string; api?: OktaApi; omAdmin?: OmClient; timeoutMs?: number; now?: () => Date }): Promise<DoctorContext> {
  const deps: ContextDeps = { cwd: request.outDir, env: {}, stdin: process.stdin, now: request.now };
  const ctx = await loadDoctorContext({ outDir: request.outDir }, deps, { timeoutMs: request.timeoutMs ?? 15_000, api: request.api, omAdmin: request.omAdmin });
  if (request.omUrl) Object.assign(ctx, { omUrl: request.omUrl.replace(/\/+$/, ""), omUrlSource: "manifest" });
  // No env is read for inputs here, but the proxy settings of the process apply to every request.
  ctx.fetch = outboundFetch(process.env);
  return ctx;
}
