import { resolve } from "node:path";
import type { CliDeps } from "../deps.js";
import { CancelledError, UsageError } from "../errors.js";
import { MANIFEST_FILE, readManifest, type Manifest } from "../manifest/manifest.js";
import { createOktaApi } from "../init/okta-session.js";
import type { OktaApi } from "../okta/okta-api.js";
import { normalizeOrgUrl, requireCredentialSafeOrgUrl } from "../options/org-url.js";
import { envText } from "../options/empty-values.js";
import { isInteractive } from "../options/interactivity.js";
import { readApiTokenFromEnv } from "../options/sources.js";
import { apiTokenProblem, readTokenFromStdin } from "../options/stdin-token.js";
import type { Output } from "../output/output.js";
import { createPrompter, type Prompter } from "../wizard/prompter.js";

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** An existing setup: the out-dir init wrote, its manifest and its org (checked, nothing sent yet). */
export interface LocalSetup {
  outDir: string;
  manifest: Manifest;
  orgUrl: string;
  /** Undefined when not interactive: confirmations then need --yes. */
  prompter?: Prompter;
}

/** An existing setup and an Okta client for its org: what day-2 commands that change Okta start from. */
export interface SetupSession extends LocalSetup {
  api: OktaApi;
}

/** The out-dir from --out-dir, OKTA_OM_OUT_DIR or ./okta-om-setup, like every other command. */
export function outDirOf(flags: Record<string, unknown>, deps: CliDeps): string {
  return resolve(deps.cwd, str(flags.outDir) ?? envText(deps.env, "OKTA_OM_OUT_DIR") ?? "okta-om-setup");
}

/** Reads the manifest, refusing a missing one or one of another org (exit 2). Sends nothing. */
export async function readSetup(flags: Record<string, unknown>, deps: CliDeps, command: string): Promise<LocalSetup> {
  const outDir = outDirOf(flags, deps);
  const manifest = await readManifest(outDir);
  if (!manifest.orgUrl) {
    throw new UsageError(`${outDir} holds no okta-om-setup manifest (okta-om-setup.json with an org URL), so there is no setup to ${command}.`, "Point --out-dir at the directory init wrote.");
  }
  const given = str(flags.orgUrl) ?? envText(deps.env, "OKTA_OM_ORG_URL");
  // The manifest is input like any flag: the same org URL rules, before any token is sent.
  const recorded = requireCredentialSafeOrgUrl(manifest.orgUrl, `${MANIFEST_FILE} orgUrl`);
  const orgUrl = given ? normalizeOrgUrl(given, str(flags.orgUrl) ? "--org-url" : "OKTA_OM_ORG_URL") : recorded;
  if (orgUrl !== recorded) {
    throw new UsageError(`--org-url ${orgUrl} is not the org of the setup in ${outDir} (${manifest.orgUrl}); nothing was changed.`, "Drop --org-url (the manifest's is used), or point --out-dir at that org's setup.");
  }
  const interactive = flags.json !== true && isInteractive({ flag: flags.interactive === false ? false : undefined, env: deps.env, stdinIsTTY: deps.stdin.isTTY, stdoutIsTTY: deps.stdout.isTTY });
  const prompter = interactive ? ((deps.prompter as Prompter | undefined) ?? createPrompter(deps)) : undefined;
  return { outDir, manifest, orgUrl, prompter };
}

/** Builds the Okta client for a setup from the API token (env or --api-token-stdin; never a flag value). */
export async function connectOkta(setup: LocalSetup, flags: Record<string, unknown>, deps: CliDeps, out: Output): Promise<SetupSession> {
  const { token } = flags.apiTokenStdin === true ? { token: await readTokenFromStdin(deps.stdin, { timeoutMs: 10_000 }) } : readApiTokenFromEnv(deps.env);
  if (!token) throw new UsageError("No Okta API token.", "Set OKTA_OM_API_TOKEN (or OKTA_CLIENT_TOKEN, OKTA_API_TOKEN), or pipe it to --api-token-stdin.");
  const problem = apiTokenProblem(token);
  if (problem) throw new UsageError(`Okta API token: ${problem}.`, "Set OKTA_OM_API_TOKEN to the token alone (Security > API > Tokens).");
  const api = createOktaApi(setup.orgUrl, { kind: "token", token }, { debug: flags.debug === true }, out, deps.env);
  return { ...setup, api };
}

/** readSetup, then connectOkta: the setup and a client for its org. */
export async function openSetup(flags: Record<string, unknown>, deps: CliDeps, out: Output, command: string): Promise<SetupSession> {
  return connectOkta(await readSetup(flags, deps, command), flags, deps, out);
}

/** --yes, else a confirmation; without a terminal and without --yes, a usage error that changed nothing. */
export async function confirmOrRefuse(question: string, yes: boolean, prompter: Prompter | undefined, fix: string): Promise<void> {
  if (yes) return;
  if (!prompter) throw new UsageError(`${question.replace(/\?$/, "")} needs confirmation; nothing was changed.`, fix);
  if (!(await prompter.confirm({ field: "confirm", message: question, default: false }))) throw new CancelledError("Cancelled; nothing was changed.");
}
