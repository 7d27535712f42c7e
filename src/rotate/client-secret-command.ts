// The command around a client secret rotation: inputs, plan, confirmation, the steps in order, and
// the proof at the end (Okta accepts the new secret the way OpenMetadata checks it). Secrets are
// never printed: the plan and --json name Okta's secret ids and the files only.
import type { CliDeps } from "../deps.js";
import { confirmOrRefuse, openSetup } from "../day2/setup-session.js";
import { CliError, ExitCode, UsageError } from "../errors.js";
import { lockOutDir } from "../fs/out-dir-lock.js";
import { readClientSecretFile } from "../init/client-secret-file.js";
import { ManifestWriter } from "../manifest/manifest-writer.js";
import { Output } from "../output/output.js";
import { oktaAcceptsSecret } from "./client-secret-probe.js";
import { planClientSecretRotation } from "./client-secret-rotation.js";

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
  // The same setup checks (out-dir, manifest, org URL before any token is sent) and token rules as rotate-key.
  const { outDir, manifest, api, prompter } = await openSetup(flags, deps, out, "rotate a client secret in");

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
    await confirmOrRefuse("Rotate the client secret now?", flags.yes === true, prompter, "Rerun with --yes (after --plan to see the change).");
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
