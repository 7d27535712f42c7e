import { CliError, ExitCode, InterruptedError, UsageError } from "../errors.js";
import { writeKeyFiles } from "../keys/key-files.js";
import { writeClientSecretFile } from "./client-secret-file.js";
import type { ServiceKeyPair } from "../keys/key-pair.js";
import { ManifestWriter } from "../manifest/manifest-writer.js";
import type { Manifest } from "../manifest/manifest.js";
import type { OktaApi } from "../okta/okta-api.js";
import { NETWORK_HINT, OktaNetworkError } from "../okta/okta-errors.js";
import type { Output } from "../output/output.js";
import { applyPlan, type ApplyResult } from "./apply-plan.js";
import { buildPlan, hasPendingChanges } from "./build-plan.js";
import { describeChange, resourceTitle } from "./describe-change.js";
import { watchInterrupts, type StopSignal } from "./interrupts.js";
import type { Change } from "./plan-types.js";
import type { ProvisionSettings } from "./provision-settings.js";
import { readOrg, type OrgSnapshot } from "./read-org.js";
import { resolveServiceKey } from "./resources/service-key.js";
import { adminRoleFix, adminRoleProblem, type AdminRoleFinding } from "../okta/admin-roles.js";

export interface ProvisionRequest {
  settings: ProvisionSettings;
  outDir: string;
  manifest: Manifest;
  keyFile?: string;
  kid?: string;
  /** A new key already being generated (startNewKeyEarly), used when the run would generate one. */
  earlyKey?: Promise<ServiceKeyPair>;
  plan: boolean;
  yes: boolean;
  /** Asks the user; undefined when not interactive (then confirmations need --yes). */
  confirm?: (question: string) => Promise<boolean>;
  /** The plan the user already confirmed (wizard): if the org changed since, ask again. */
  confirmedPlan?: Change[];
  /**
   * Starts (or returns, if already started) readOrg(api, settings, manifest) together with the
   * caller's other reads, so they share a round (init-command.ts: orgReads). Called after the key
   * file's check; without it, provisionOkta reads the org itself.
   */
  read?: () => Promise<OrgSnapshot>;
  /** Told the manifest and key once the OpenMetadata files' inputs are known (ApplyHooks.outputsKnown). */
  onOutputsKnown?: (okta: { manifest: Manifest; key?: ServiceKeyPair }) => void;
}

/** One line per change that differs between two plans (action, id or fields). */
function planDifferences(before: Change[], after: Change[]): string[] {
  const key = (c: Change): string => `${c.action} ${c.id ?? ""} ${(c.fields ?? []).join(",")}`;
  const old = new Map(before.map((c) => [c.resource, key(c)]));
  return after.filter((c) => old.get(c.resource) !== key(c) && !(c.resource === "key" && old.get(c.resource)?.startsWith(c.action))).map((c) => `${c.resource}: ${c.action}${c.fields?.length ? ` (${c.fields.join(", ")})` : ""}`);
}

export interface ProvisionResult {
  changes: Change[];
  applied: boolean;
  pending: boolean;
  manifest: Manifest;
  key?: ServiceKeyPair;
  snapshot: OrgSnapshot;
  /** The service app's admin roles, read after the grants (undefined without a service app or with --plan). */
  adminRoles?: AdminRoleFinding;
}

function titles(settings: ProvisionSettings) {
  return {
    appName: settings.appName,
    serviceAppName: settings.serviceAppName,
    authServer: settings.authServer.kind === "create" ? settings.authServer.name : settings.authServer.kind,
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
  const grants = changes.filter((c) => c.resource.startsWith("api-grant:") && c.action === "create").map((c) => c.resource.slice("api-grant:".length));
  if (grants.length > 0) out.info(`  ${grantsNote(grants)}`);
}

/**
 * What the Okta API grants mean, said where they are planned: whoever holds the service app's key
 * may call those APIs, and OpenMetadata's Okta ingestion never does (its token comes from the custom
 * server, which cannot carry okta.* scopes). REAL-ORG.md: "Grants, roles and who may do what".
 */
export function grantsNote(scopes: string[]): string {
  return (
    `note: the grants (${scopes.join(", ")}) let whoever holds the service app's private key call those Okta APIs; ` +
    "OpenMetadata's Okta ingestion does not use them (its token comes from the custom authorization server, which cannot carry okta.* scopes). " +
    'With the org setting "Public client app admins" on they also make the app a SUPER_ADMIN. --api-scopes none skips them.'
  );
}

/** Conflicts cannot be applied: the run stops before its first write. */
function refuseConflicts(changes: Change[]): void {
  const conflicts = changes.filter((c) => c.action === "conflict");
  if (conflicts.length === 0) return;
  throw new CliError(`${conflicts.length} conflict${conflicts.length > 1 ? "s" : ""} must be resolved first; nothing was changed.`, {
    exitCode: ExitCode.failure,
    hint: conflicts.map((c) => `${c.reason ?? ""} ${c.hint ?? ""}`.trim()).join("\n  "),
  });
}

/** Refuses conflicts, and asks for (or requires --yes for) changes that break existing things. */
async function checkGates(changes: Change[], request: ProvisionRequest): Promise<void> {
  refuseConflicts(changes);
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
  // A bad --key-file is refused before any request (a few ms of file reading). Generating a new key
  // runs on the thread pool, overlapping the reads and every step but the service app's.
  const key = settings.serviceApp ? await resolveServiceKey(outDir, request.keyFile, request.kid, { generate: !request.plan, early: request.earlyKey }) : undefined;
  out.startSpinner(`Reading ${settings.orgUrl}`);
  const snapshot = await (request.read?.() ?? readOrg(api, settings, request.manifest)).finally(() => out.stopSpinner());
  const planned = buildPlan(settings, snapshot, key?.local, request.manifest);
  const pending = hasPendingChanges(planned);
  const names = titles(settings);

  // A service app from an earlier (≤ 1.2) setup that this version no longer uses: say how to remove it.
  const unusedService = !settings.serviceApp && request.manifest.serviceClientId
    ? `This setup no longer uses the service app ${request.manifest.serviceClientId} (ingestion uses the ingestion-bot's JWT, as OpenMetadata 1.3+ requires), yet it keeps its Okta API grants. Remove it with \`okta-om-setup destroy --only service-app\`.`
    : undefined;
  if (request.plan) {
    out.step(`Plan for ${settings.orgUrl}:`);
    printPlan(out, planned, settings);
    if (unusedService) out.info(`  ! ${unusedService}`);
    out.info(pending ? "  Changes are pending; run without --plan to apply them." : "  Nothing to do: the org already matches.");
    return { changes: planned, applied: false, pending, manifest: request.manifest, key: await key?.pair, snapshot };
  }
  if (request.confirmedPlan) {
    const changed = planDifferences(request.confirmedPlan, planned);
    if (changed.length > 0) {
      out.warn(`The org changed since you confirmed the plan: ${changed.join("; ")}.`);
      if (!request.confirm || !(await request.confirm("Apply the new plan instead?"))) throw new CliError("Cancelled; nothing was changed.", { exitCode: ExitCode.cancelled });
    }
  }
  await checkGates(planned, request);
  if (unusedService) out.warn(unusedService);

  const writer = new ManifestWriter(outDir, { ...request.manifest, schemaVersion: 1, orgUrl: settings.orgUrl, omUrl: settings.omUrl });
  await writer.update({});
  if (settings.authServer.kind === "org") {
    // The org server's issuer is the org URL; ids of a custom server from an earlier run no longer apply.
    await writer.update({ issuer: settings.orgUrl.replace(/\/+$/, ""), authServerId: undefined, scopeId: undefined, policyId: undefined, ruleId: undefined });
  }
  const pair = key?.pair;
  const publicKey = pair ? async () => (await pair).publicJwk : undefined;
  out.startSpinner("Applying the plan");
  const interrupts = watchInterrupts();
  let result: ApplyResult;
  try {
    result = await applyPlan(api, settings, snapshot, planned, publicKey, writer.manifest, {
      stop: interrupts.signal,
      writeKey: async () => {
        if (pair) await writeKeyFiles(outDir, await pair);
      },
      writeClientSecret: async (secret) => {
        await writeClientSecretFile(outDir, secret);
      },
      remember: (patch) => writer.update(patch),
      done: (change) => {
        const line = describeChange(change, resourceTitle(change.resource, names), "done");
        if (change.action === "noop") out.detail(line);
        else out.success(line);
      },
      outputsKnown: request.onOutputsKnown
        ? () => {
            const manifestNow = writer.manifest;
            void (pair ?? Promise.resolve(undefined)).then(
              (resolvedKey) => request.onOutputsKnown?.({ manifest: manifestNow, key: resolvedKey }),
              () => undefined,
            );
          }
        : undefined,
    });
    out.stopSpinner();
  } finally {
    interrupts.dispose();
  }
  await writer.flush();
  const signal = interrupts.received();
  if (signal) throw interrupted(signal, planned, result, outDir);
  if (result.failed) {
    const { error, change } = result.failed;
    out.error(`Stopped at ${resourceTitle(change.resource, names)}.`);
    if (result.notApplied.length) out.detail(`not applied: ${result.notApplied.map((c) => c.resource).join(", ")}`);
    if (error instanceof CliError) {
      // A lost answer may belong to a write Okta did apply: the rerun finds that object by name.
      const cause = error instanceof OktaNetworkError ? `${NETWORK_HINT} If the failed write did reach Okta, the rerun finds that object instead of creating it twice.` : error.hint;
      const resume = `Everything applied so far is recorded in ${outDir}; fix the cause and run the same command again to resume.`;
      throw new CliError(error.message, { exitCode: error.exitCode, hint: `${cause ? `${cause} ` : ""}${resume}`, cause: error });
    }
    throw error;
  }
  const serviceClientId = settings.serviceApp ? writer.manifest.serviceClientId : undefined;
  const adminRoles = serviceClientId && result.adminRoles ? reportAdminRoles(api.orgUrl, serviceClientId, result.adminRoles, out) : undefined;
  return { changes: result.changes, applied: true, pending, manifest: writer.manifest, key: await key?.pair, snapshot, adminRoles };
}

/**
 * After the grants: does the service app hold an admin role? With "Public client app admins" on,
 * the grants alone make it a SUPER_ADMIN (REAL-ORG.md), which must never pass silently.
 */
function reportAdminRoles(orgUrl: string, clientId: string, finding: AdminRoleFinding, out: Output): AdminRoleFinding {
  if (finding.unreadable) {
    out.warn(`Could not read the service app's admin roles (${finding.unreadable}); run doctor with a Super Administrator's token to check them.`);
  } else if (finding.roles.length > 0) {
    out.error(`WARNING: ${adminRoleProblem(clientId, finding.roles)}.`);
    // A warning, not a detail: it must show with --json too.
    out.warn(`To fix: ${adminRoleFix(orgUrl, clientId)}.`);
  }
  return finding;
}

/** The short account of an interrupted apply: what was applied, that it is recorded, how to resume. */
function interrupted(signal: StopSignal, planned: Change[], result: ApplyResult, outDir: string): InterruptedError {
  const pending = planned.filter((c) => c.action !== "noop");
  const applied = result.changes.filter((c) => c.action !== "noop");
  const left = result.notApplied.length + (result.failed ? 1 : 0);
  return new InterruptedError(
    `Interrupted (${signal}) while applying: ${applied.length} of ${pending.length} changes applied${applied.length ? ` (${applied.map((c) => c.resource).join(", ")})` : ""}, ${left} not.`,
    signal,
    `What was applied is recorded in ${outDir}; run the same command again to resume.`,
  );
}
