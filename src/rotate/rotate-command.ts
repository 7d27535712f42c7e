import { resolve } from "node:path";
import type { CliDeps } from "../deps.js";
import { CliError, ExitCode, UsageError } from "../errors.js";
import { lockOutDir } from "../fs/out-dir-lock.js";
import { ManifestWriter } from "../manifest/manifest-writer.js";
import { NETWORK_HINT, OktaNetworkError } from "../okta/okta-errors.js";
import { Output } from "../output/output.js";
import type { Manifest } from "../manifest/manifest.js";
import { confirmOrRefuse, connectOkta, readSetup } from "../day2/setup-session.js";
import { BOT_JWT, botJwtRotation, usesBotJwt } from "./bot-jwt-rotation.js";
import type { RotationKind } from "./rotation.js";
import { serviceKeyRotation } from "./service-key-rotation.js";

/**
 * The rotation a run asks for: a pending one first, then the setup's kind (OpenMetadata 1.3+ without
 * a service app has only the bot's JWT). Another kind plugs in here with its own flag (e.g. --client-secret).
 */
function chooseRotation(_flags: Record<string, unknown>, manifest: Manifest): RotationKind {
  if (manifest.pendingRotation?.kind === BOT_JWT || (!manifest.pendingRotation && usesBotJwt(manifest))) return botJwtRotation;
  return serviceKeyRotation;
}

const collectPaths = (flags: Record<string, unknown>, cwd: string): string[] => {
  const raw = flags.mergeInto;
  const list = Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : [];
  return [...new Set(list.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => resolve(cwd, v)))];
};

/**
 * `okta-om-setup rotate-key`: plan, confirm, record the pending rotation, then the Okta half and the
 * local half (each skipped when a crashed earlier run already did it), then doctor's token checks.
 */
export async function runRotateCommand(flags: Record<string, unknown>, deps: CliDeps): Promise<number> {
  const json = flags.json === true;
  const out = new Output(deps, { json, debug: flags.debug === true });
  const planOnly = flags.plan === true;
  if (flags.detailedExitcode === true && !planOnly) throw new UsageError("--detailed-exitcode only goes with --plan.", "okta-om-setup rotate-key --plan --detailed-exitcode");
  if (flags.apiTokenStdin === true && flags.omAdminTokenStdin === true) {
    throw new UsageError("--api-token-stdin and --om-admin-token-stdin both read stdin; only one token can be piped.", "Pipe one of them and give the other by env: OKTA_OM_API_TOKEN or OKTA_OM_OPENMETADATA_TOKEN.");
  }
  const setup = await readSetup(flags, deps, "rotate a key of");
  const rotation = chooseRotation(flags, setup.manifest);
  // Only a rotation that calls Okta needs (and reads) the Okta API token.
  const session = { ...setup, api: rotation.needsOkta ? (await connectOkta(setup, flags, deps, out)).api : undefined };
  const release = planOnly ? undefined : await lockOutDir(session.outDir);
  try {
    const writer = new ManifestWriter(session.outDir, session.manifest, !planOnly);
    const planned = await rotation.plan({ flags, deps, out, session, writer, mergeInto: collectPaths(flags, deps.cwd), planOnly });
    out.step(`${planned.resuming ? "Resuming the pending" : planOnly ? "Plan for the" : "The"} rotation of the ${planned.target}:`);
    for (const change of planned.changes) out.info(`  ${change.action === "update" ? "~" : " "} ${change.resource}: ${change.note}`);
    for (const warning of planned.warnings) out.warn(warning);
    const pending = planned.changes.some((c) => c.action === "update");
    const result = { kind: rotation.kind, orgUrl: session.orgUrl, outDir: session.outDir, resumed: planned.resuming, changes: planned.changes, warnings: planned.warnings, ...planned.summary };
    if (planOnly) {
      if (json) out.data({ ok: true, plan: true, pending, ...result });
      return flags.detailedExitcode === true && pending ? ExitCode.changesPending : ExitCode.ok;
    }
    if (!planned.resuming) await confirmOrRefuse(`Rotate the ${rotation.kind === BOT_JWT ? "bot JWT" : "key"} now (the old one stops working)?`, flags.yes === true, session.prompter, "Review the plan above, then rerun with --yes.");
    try {
      await planned.begin();
      await planned.remote();
      await planned.local();
      await planned.finish();
    } catch (err) {
      await writer.flush().catch(() => undefined);
      if (!(err instanceof CliError)) throw err;
      const cause = err instanceof OktaNetworkError ? `${NETWORK_HINT} ` : err.hint ? `${err.hint} ` : "";
      throw new CliError(err.message, {
        exitCode: err.exitCode,
        hint: `${cause}The rotation is recorded as pending in ${session.outDir}: run the same command again to finish it${rotation.kind === BOT_JWT ? " (OpenMetadata's new token is picked up, not replaced)" : " with the same new key"}.`,
        cause: err,
      });
    }
    out.success(`Rotated the ${planned.target}${typeof planned.summary.kid === "string" ? `: now ${planned.summary.kid}` : ""}.`);
    const [{ doctorContextForInit }, { runDoctor }, { CHECKS }, { printHuman }, { doctorFailed }] = await Promise.all([
      import("../doctor/load-context.js"),
      import("../doctor/run-doctor.js"),
      import("../doctor/checks/index.js"),
      import("../doctor/print-results.js"),
      import("../doctor/doctor-command.js"),
    ]);
    out.step(`Checking the new ${rotation.kind === BOT_JWT ? "JWT" : "key"} the way OpenMetadata uses it (doctor):`);
    const ctx = await doctorContextForInit({ outDir: session.outDir, omUrl: writer.manifest.omUrl, api: session.api });
    const results = await runDoctor(CHECKS, ctx, { only: planned.doctorChecks, timeoutMs: 15_000 });
    if (!json) printHuman(results, out);
    const verified = await planned.verify?.();
    if (verified?.ok) out.success(verified.detail);
    else if (verified) out.error(`${verified.detail}${verified.fix ? `\n  fix: ${verified.fix}` : ""}`);
    const failed = doctorFailed(results) || verified?.ok === false;
    if (json) out.data({ ok: !failed, plan: false, ...result, doctor: results, ...(verified ? { verified } : {}) });
    return failed ? ExitCode.doctorFailed : ExitCode.ok;
  } finally {
    await release?.();
  }
}
