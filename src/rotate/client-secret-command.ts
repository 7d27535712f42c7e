// The command around a client secret rotation: inputs, plan, confirmation, the steps in order, and
// the proof at the end (Okta accepts the new secret the way OpenMetadata checks it). Secrets are
// never printed: the plan and --json name Okta's secret ids and the files only.
import { resolve } from "node:path";
import type { CliDeps } from "../deps.js";
import { CancelledError, CliError, ExitCode, UsageError } from "../errors.js";
import { lockOutDir } from "../fs/out-dir-lock.js";
import { readClientSecretFile } from "../init/client-secret-file.js";
import { createOktaApi } from "../init/okta-session.js";
import { ManifestWriter } from "../manifest/manifest-writer.js";
import { readManifest } from "../manifest/manifest.js";
import { isInteractive } from "../options/interactivity.js";
import { requireCredentialSafeOrgUrl } from "../options/org-url.js";
import { readApiTokenFromEnv } from "../options/sources.js";
import { apiTokenProblem, readTokenFromStdin } from "../options/stdin-token.js";
import { Output } from "../output/output.js";
import type { Secret } from "../secret.js";
import { createPrompter, type Prompter } from "../wizard/prompter.js";
import { oktaAcceptsSecret } from "./client-secret-probe.js";
import { planClientSecretRotation } from "./client-secret-rotation.js";

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

async function apiToken(flags: Record<string, unknown>, deps: CliDeps): Promise<Secret> {
  const { token, source } = flags.apiTokenStdin === true ? { token: await readTokenFromStdin(deps.stdin, { timeoutMs: 10_000 }), source: "--api-token-stdin" } : readApiTokenFromEnv(deps.env);
  if (!token) throw new UsageError("An Okta API token is required to rotate the client secret.", "Set OKTA_OM_API_TOKEN (or pipe it to --api-token-stdin); it needs okta.apps.manage.");
  const problem = apiTokenProblem(token);
  if (problem) throw new UsageError(`${source ?? "the API token"}: ${problem}`);
  return token;
}

/** rotate-key's options that are about keys and bot JWTs, not a client secret. */
const KEY_ONLY = { keyFile: "--key-file", kid: "--kid", mergeInto: "--merge-into", omUrl: "--om-url", omAdminEmail: "--om-admin-email", omAdminTokenStdin: "--om-admin-token-stdin" } as const;

/** `rotate-key --client-secret`: the confidential web app's secret, in Okta and in the 0600 files. */
export async function runRotateClientSecret(flags: Record<string, unknown>, deps: CliDeps): Promise<number> {
  const mixed = Object.entries(KEY_ONLY).filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
  if (mixed.length) throw new UsageError(`--client-secret cannot be combined with ${mixed.join(", ")} (they are for the service app's key or the bot's JWT).`, "Run the key rotation and the client secret rotation as two commands.");
  const json = flags.json === true;
  const out = new Output(deps, { json, debug: flags.debug === true });
  const planOnly = flags.plan === true;
  if (flags.detailedExitcode === true && !planOnly) throw new UsageError("--detailed-exitcode: only works with --plan; add --plan or drop --detailed-exitcode");
  const outDir = resolve(deps.cwd, str(flags.outDir) ?? str(deps.env.OKTA_OM_OUT_DIR) ?? "okta-om-setup");
  const manifest = await readManifest(outDir, { warn: (m) => out.warn(m) });
  const given = str(flags.orgUrl) ?? str(deps.env.OKTA_OM_ORG_URL);
  if (given && manifest.orgUrl && given.replace(/\/+$/, "") !== manifest.orgUrl) {
    throw new UsageError(`--org-url ${given} is not the org of this setup (${manifest.orgUrl} in okta-om-setup.json).`, "Drop --org-url, or point --out-dir at that org's setup.");
  }
  const rawOrg = given ?? manifest.orgUrl;
  if (!rawOrg) throw new UsageError(`${outDir} has no setup (okta-om-setup.json lacks orgUrl).`, "Run `okta-om-setup init --client-type confidential` first, or point --out-dir at its directory.");
  const orgUrl = requireCredentialSafeOrgUrl(rawOrg, given ? "--org-url" : "orgUrl in okta-om-setup.json");
  const token = await apiToken(flags, deps);
  const api = createOktaApi(orgUrl, { kind: "token", token }, { debug: flags.debug === true }, out, deps.env);

  const unlock = planOnly ? undefined : await lockOutDir(outDir);
  try {
    const writer = new ManifestWriter(outDir, manifest, !planOnly);
    const rotation = await planClientSecretRotation({ outDir, api, writer, now: deps.now ?? (() => new Date()) });
    out.step(`Client secret rotation of the web app ${String(rotation.summary.appId)}${rotation.resuming ? " (resuming an interrupted rotation)" : ""}:`);
    const mark = { create: "+", update: "~", delete: "-", noop: " " } as const;
    for (const c of rotation.changes) out.info(`  ${mark[c.action]} ${c.resource}: ${c.note}`);
    for (const w of rotation.warnings) out.warn(w);
    if (planOnly) {
      if (json) out.data({ ok: true, plan: true, pending: true, resuming: rotation.resuming, changes: rotation.changes, warnings: rotation.warnings });
      return flags.detailedExitcode === true ? ExitCode.changesPending : ExitCode.ok;
    }
    if (flags.yes !== true) {
      const interactive = isInteractive({ flag: flags.interactive === false ? false : undefined, env: deps.env, stdinIsTTY: deps.stdin.isTTY, stdoutIsTTY: deps.stdout.isTTY });
      if (!interactive) throw new UsageError("Rotating the client secret needs confirmation.", "Rerun with --yes (after --plan to see the change).");
      const prompter = (deps.prompter as Prompter | undefined) ?? createPrompter({ stdin: deps.stdin, stdout: json ? deps.stderr : deps.stdout });
      if (!(await prompter.confirm({ field: "rotate", message: "Rotate the client secret now?", default: false }))) throw new CancelledError("Not rotated; nothing was changed.");
    }
    try {
      await rotation.begin();
      await rotation.remote();
      const files = await rotation.local();
      for (const f of files) if (f.action === "updated") out.success(`updated ${f.file} (0600)`);
      for (const f of files) if (f.action === "not-ours") out.warn(`${f.file} does not hold the old secret: put the new one (from web-app.client-secret) there yourself.`);
      const retired = await rotation.retire();
      if (retired.length) out.success(`deactivated and deleted the old secret${retired.length > 1 ? "s" : ""} ${retired.join(", ")}`);
      await rotation.finish();
    } catch (err) {
      if (err instanceof UsageError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new CliError(`The rotation stopped: ${message}`, {
        exitCode: err instanceof CliError ? err.exitCode : ExitCode.failure,
        hint: "Rerun the same command: it resumes with the same new secret (kept 0600 in web-app.client-secret.pending) and never makes a third one.",
        cause: err,
      });
    }
    // The proof, as OpenMetadata checks it: HTTP Basic at the introspection endpoint.
    const current = await readClientSecretFile(outDir);
    const accepted = current && manifest.issuer && manifest.webClientId ? await oktaAcceptsSecret(manifest.issuer, manifest.webClientId, current) : false;
    if (json) out.data({ ok: accepted, rotated: true, ...rotation.summary, warnings: rotation.warnings });
    if (!accepted) {
      out.error("Okta does not accept the new secret at its introspection endpoint.");
      return ExitCode.doctorFailed;
    }
    out.success(`Okta accepts the new client secret (secret ${String(rotation.summary.secretId)}); it is in web-app.client-secret and the secret files (0600)`);
    for (const w of rotation.warnings) out.warn(w);
    return ExitCode.ok;
  } finally {
    await unlock?.();
  }
}
