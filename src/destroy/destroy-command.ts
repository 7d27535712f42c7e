import type { CliDeps } from "../deps.js";
import { CliError, ExitCode, UsageError } from "../errors.js";
import { lockOutDir } from "../fs/out-dir-lock.js";
import { ManifestWriter } from "../manifest/manifest-writer.js";
import { signInClientId, type Manifest } from "../manifest/manifest.js";
import { NETWORK_HINT, OktaNetworkError } from "../okta/okta-errors.js";
import { tryParseOmVersion } from "../openmetadata/om-version.js";
import { Output } from "../output/output.js";
import { confirmOrRefuse, openSetup } from "../day2/setup-session.js";
import { applyDestroy } from "./apply-destroy.js";
import { planDestroy, type DestroyStep } from "./plan-destroy.js";
import { planFileRemoval, removeFiles, type RemovedFile } from "./remove-files.js";
import { parseOnly, targetsOf } from "./targets.js";

const MARKS: Record<DestroyStep["action"], string> = { delete: "-", gone: " ", keep: "=", skip: "!" };

function describe(step: DestroyStep): string {
  const what = step.name && step.name !== step.id ? `${step.resource} "${step.name}" (${step.id})` : `${step.resource} (${step.id})`;
  const verb = { delete: "delete", gone: "already gone", keep: "keep", skip: "skip" }[step.action];
  return `${MARKS[step.action]} ${verb} ${what}${step.reason && step.action !== "gone" ? `: ${step.reason}` : ""}`;
}

/**
 * OpenMetadata 1.10+ keeps its SSO settings in its own database (VERSIONS.md: "1.10 and later"), so
 * removing the Okta side locks everyone out until they are switched back. We only say how.
 */
function ssoWarning(manifest: Manifest, steps: DestroyStep[], out: Output): string | undefined {
  const version = manifest.omVersion ? tryParseOmVersion(manifest.omVersion) : undefined;
  if (!version || version.major < 1 || (version.major === 1 && version.minor < 10)) return undefined;
  if (!steps.some((s) => s.action === "delete" && (s.kind === "spa-app" || s.kind === "web-app" || s.kind === "auth-server"))) return undefined;
  const text =
    `OpenMetadata ${version.raw} keeps its SSO settings in its database, and they still point at Okta (${manifest.issuer ?? "this setup's issuer"}, client ${signInClientId(manifest) ?? "the sign-in app"}). ` +
    "Switch them back first, or nobody can sign in once the Okta side is gone: as an OpenMetadata admin, PUT /api/v1/system/security/config with the authenticationConfiguration and authorizerConfiguration you want " +
    "(or ./bootstrap/openmetadata-ops.sh remove-security-config --force, then restart with the yaml/env settings you want). destroy changes nothing in OpenMetadata.";
  out.warn(text);
  return text;
}

function exitCodeFor(steps: DestroyStep[]): number {
  return steps.some((s) => s.action === "skip") ? ExitCode.failure : ExitCode.ok;
}

/** `okta-om-setup destroy`: plan, confirm, then delete what this setup created, in reverse order. */
export async function runDestroyCommand(flags: Record<string, unknown>, deps: CliDeps): Promise<number> {
  const out = new Output(deps, { json: flags.json === true, debug: flags.debug === true });
  const plan = flags.plan === true;
  const yes = flags.yes === true;
  const force = flags.force === true;
  if (force && !yes) throw new UsageError("--force needs --yes: it deletes objects that changed since init recorded them.", "Review the plan (--plan), then rerun with --yes --force.");
  if (flags.detailedExitcode === true && !plan) throw new UsageError("--detailed-exitcode only goes with --plan.", "okta-om-setup destroy --plan --detailed-exitcode");
  const only = parseOnly(typeof flags.only === "string" ? flags.only : undefined);
  if (only && flags.removeFiles === true) {
    throw new UsageError("--remove-files removes the whole local setup, so it cannot go with --only.", "Run destroy without --only to remove everything, or drop --remove-files.");
  }
  const session = await openSetup(flags, deps, out, "destroy");
  const { manifest, outDir, api, orgUrl } = session;
  const targets = targetsOf(manifest);
  if (!manifest.objects && targets.length > 0) {
    out.warn("This manifest was written before okta-om-setup recorded which objects it created: every object counts as adopted and is kept unless --include-adopted.");
  }
  const release = plan ? undefined : await lockOutDir(outDir);
  try {
    out.step(`${plan ? "Planning the removal of" : "Removing"} the setup in ${outDir} from ${orgUrl}`);
    const steps = await planDestroy(api, manifest, targets, { only, includeAdopted: flags.includeAdopted === true, force });
    for (const step of steps) out.info(`  ${describe(step)}`);
    if (steps.length === 0) out.info("  Nothing recorded in the manifest to remove.");
    const files: RemovedFile[] = flags.removeFiles === true ? await planFileRemoval(outDir, manifest, force) : [];
    for (const file of files) if (file.action !== "absent") out.info(`  ${file.action === "removed" ? "- remove" : "= keep"} file ${file.path}${file.reason ? `: ${file.reason}` : ""}`);
    const warning = ssoWarning(manifest, steps, out);
    const deletions = steps.filter((s) => s.action === "delete");
    const pending = deletions.length > 0 || steps.some((s) => s.action === "gone") || files.some((f) => f.action === "removed");
    const json = (extra: Record<string, unknown>) => ({
      ok: !steps.some((s) => s.action === "skip"),
      orgUrl,
      outDir,
      changes: steps.map(({ target: _t, ...rest }) => rest),
      files,
      ...(warning ? { warnings: [warning] } : {}),
      ...extra,
    });

    if (plan) {
      out.info(deletions.length ? `  ${deletions.length} object${deletions.length > 1 ? "s" : ""} to delete; run without --plan to apply.` : "  Nothing to delete in Okta.");
      if (flags.json === true) out.data(json({ plan: true, pending }));
      if (flags.detailedExitcode === true && pending) return ExitCode.changesPending;
      return exitCodeFor(steps);
    }

    if (deletions.length > 0 || files.some((f) => f.action === "removed")) {
      const question = `Delete ${deletions.length} Okta object${deletions.length === 1 ? "" : "s"}${files.length ? " and remove the local files" : ""}?`;
      await confirmOrRefuse(question, yes, session.prompter, "Review the plan above, then rerun with --yes.");
    }
    const writer = new ManifestWriter(outDir, manifest);
    try {
      await applyDestroy(api, steps, writer, {
        done: (step) => (step.action === "delete" ? out.success(`deleted ${step.resource} (${step.id})`) : out.detail(`${step.resource} (${step.id}) was already gone`)),
      });
    } catch (err) {
      await writer.flush();
      if (!(err instanceof CliError)) throw err;
      const cause = err instanceof OktaNetworkError ? `${NETWORK_HINT} ` : err.hint ? `${err.hint} ` : "";
      throw new CliError(err.message, {
        exitCode: err.exitCode,
        hint: `${cause}Every deletion so far is recorded in ${outDir}; nothing not created by this setup was deleted. Fix the cause and run the same command again to resume.`,
        cause: err,
      });
    }
    const skipped = steps.filter((s) => s.action === "skip");
    if (files.length > 0 && skipped.length === 0) {
      await removeFiles(files);
      for (const file of files) if (file.action === "removed") out.success(`removed ${file.path}`);
    } else if (files.length > 0) {
      out.warn("Local files were kept: some Okta objects were skipped, and the manifest is what a rerun needs.");
    }
    for (const step of skipped) out.warn(`Skipped ${step.resource} (${step.id}): ${step.reason ?? "changed"}.`);
    const kept = steps.filter((s) => s.action === "keep").length;
    out.success(`Done: ${deletions.length} deleted, ${steps.filter((s) => s.action === "gone").length} already gone, ${kept} kept, ${skipped.length} skipped.`);
    if (flags.json === true) out.data(json({ plan: false }));
    return exitCodeFor(steps);
  } finally {
    await release?.();
  }
}
