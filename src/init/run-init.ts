import { CliError, ExitCode, UsageError } from "../errors.js";
import { readKeyFilesIfPresent, writeKeyFiles } from "../keys/key-files.js";
import { generateServiceKeyPair, loadServiceKeyPair, publicJwkEquals, type ServiceKeyPair } from "../keys/key-pair.js";
import { ManifestWriter } from "../manifest/manifest-writer.js";
import type { Manifest } from "../manifest/manifest.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { Output } from "../output/output.js";
import { applyPlan, type ApplyResult } from "./apply-plan.js";
import { buildPlan, hasPendingChanges, type LocalKey } from "./build-plan.js";
import { describeChange, resourceTitle } from "./describe-change.js";
import type { Change } from "./plan-types.js";
import type { ProvisionSettings } from "./provision-settings.js";
import { readOrg, type OrgSnapshot } from "./read-org.js";

export interface ProvisionRequest {
  settings: ProvisionSettings;
  outDir: string;
  manifest: Manifest;
  keyFile?: string;
  kid?: string;
  plan: boolean;
  yes: boolean;
  /** Asks the user; undefined when not interactive (then confirmations need --yes). */
  confirm?: (question: string) => Promise<boolean>;
}

export interface ProvisionResult {
  changes: Change[];
  applied: boolean;
  pending: boolean;
  manifest: Manifest;
  key?: ServiceKeyPair;
  snapshot: OrgSnapshot;
}

/** The out-dir's key, or --key-file's, or a fresh one (kept in memory until the plan is applied). */
async function resolveKey(outDir: string, keyFile: string | undefined, kid: string | undefined): Promise<{ pair: ServiceKeyPair; local: LocalKey }> {
  const existing = await readKeyFilesIfPresent(outDir);
  if (keyFile) {
    const pair = await loadServiceKeyPair(keyFile, { kid, flag: "--key-file" });
    const same = existing !== undefined && publicJwkEquals(existing.publicJwk, pair.publicJwk) && existing.kid === pair.kid;
    return { pair, local: { publicJwk: pair.publicJwk, kid: pair.kid, source: same ? "out-dir" : "key-file", replacesOutDirKey: existing !== undefined && !same } };
  }
  if (existing) {
    if (kid && kid !== existing.kid) {
      throw new UsageError(`--kid ${kid} differs from the kid of the key in ${outDir} (${existing.kid}).`, "Drop --kid, or move the old key files away to generate a new key.");
    }
    return { pair: existing, local: { publicJwk: existing.publicJwk, kid: existing.kid, source: "out-dir", replacesOutDirKey: false } };
  }
  const pair = await generateServiceKeyPair({ kid });
  return { pair, local: { publicJwk: pair.publicJwk, kid: pair.kid, source: "generated", replacesOutDirKey: false } };
}

function titles(settings: ProvisionSettings) {
  return {
    appName: settings.appName,
    serviceAppName: settings.serviceAppName,
    authServer: settings.authServer.kind === "default" ? "default" : settings.authServer.name,
    scope: settings.scope,
    policyName: settings.policyName,
    ruleName: settings.ruleName,
  };
}

/** Prints the plan, one line per resource, to stderr. */
export function printPlan(out: Output, changes: Change[], settings: ProvisionSettings): void {
  const names = titles(settings);
  const marks: Record<Change["action"], string> = { create: "+", update: "~", adopt: "=", noop: " ", conflict: "!" };
  for (const change of changes) {
    const line = `${marks[change.action]} ${describeChange(change, resourceTitle(change.resource, names), "plan")}`;
    if (change.action === "conflict") {
      out.error(line.slice(2));
      if (change.reason) out.detail(change.reason);
      if (change.hint) out.detail(`fix: ${change.hint}`);
    } else {
      out.info(`  ${change.action === "noop" ? out.style.dim(line) : line}`);
      if (change.confirm) out.detail(`needs confirmation: ${change.confirm}`);
    }
  }
}

/** Refuses conflicts, and asks for (or requires --yes for) changes that break existing things. */
async function checkGates(changes: Change[], request: ProvisionRequest): Promise<void> {
  const conflicts = changes.filter((c) => c.action === "conflict");
  if (conflicts.length) {
    throw new CliError(`${conflicts.length} resource${conflicts.length > 1 ? "s" : ""} cannot be matched unambiguously; nothing was changed.`, {
      exitCode: ExitCode.failure,
      hint: conflicts.map((c) => `${c.reason ?? ""} ${c.hint ?? ""}`.trim()).join("\n  "),
    });
  }
  for (const change of changes.filter((c) => c.confirm)) {
    if (request.yes) continue;
    if (!request.confirm) {
      throw new UsageError(`${change.confirm} Nothing was changed.`, "Rerun with --yes to accept this, or use --key-file with the key the app already has.");
    }
    if (!(await request.confirm(`${change.confirm} Continue?`))) throw new CliError("Cancelled; nothing was changed.", { exitCode: ExitCode.cancelled });
  }
}

/**
 * Reads the org (GETs only), plans, and unless `plan` is set, applies: the whole Okta side of init.
 * Progress goes to `out`; the manifest is written after every applied step so a crash resumes.
 */
export async function provisionOkta(api: OktaApi, request: ProvisionRequest, out: Output): Promise<ProvisionResult> {
  const { settings, outDir } = request;
  const keyPromise = settings.serviceApp ? resolveKey(outDir, request.keyFile, request.kid) : Promise.resolve(undefined);
  // Reads and key generation overlap: generation runs on the thread pool.
  const [snapshot, key] = await Promise.all([readOrg(api, settings, request.manifest), keyPromise]);
  const planned = buildPlan(settings, snapshot, key?.local, request.manifest);
  const pending = hasPendingChanges(planned);
  const names = titles(settings);

  if (request.plan) {
    out.step(`Plan for ${settings.orgUrl}:`);
    printPlan(out, planned, settings);
    out.info(pending ? "  Changes are pending; run without --plan to apply them." : "  Nothing to do: the org already matches.");
    return { changes: planned, applied: false, pending, manifest: request.manifest, key: key?.pair, snapshot };
  }
  await checkGates(planned, request);

  const writer = new ManifestWriter(outDir, { ...request.manifest, schemaVersion: 1, orgUrl: settings.orgUrl, omUrl: settings.omUrl });
  await writer.update({});
  const result: ApplyResult = await applyPlan(api, settings, snapshot, planned, key?.local.publicJwk, writer.manifest, {
    writeKey: async () => {
      if (key) await writeKeyFiles(outDir, key.pair);
    },
    remember: (patch) => writer.update(patch),
    done: (change) => {
      const line = describeChange(change, resourceTitle(change.resource, names), "done");
      if (change.action === "noop") out.detail(line);
      else out.success(line);
    },
  });
  await writer.flush();
  if (result.failed) {
    const { error, change } = result.failed;
    out.error(`Stopped at ${resourceTitle(change.resource, names)}.`);
    if (result.notApplied.length) out.detail(`not applied: ${result.notApplied.map((c) => c.resource).join(", ")}`);
    if (error instanceof CliError) throw new CliError(error.message, { exitCode: error.exitCode, hint: `${error.hint ? `${error.hint} ` : ""}Everything applied so far is recorded in ${outDir}; fix the cause and run the same command again to resume.`, cause: error });
    throw error;
  }
  return { changes: result.changes, applied: true, pending, manifest: writer.manifest, key: key?.pair, snapshot };
}
