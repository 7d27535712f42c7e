import { CancelledError } from "../errors.js";
import type { Manifest } from "../manifest/manifest.js";
import type { OmVersion } from "../openmetadata/om-version.js";
import { finalizeInitOptions, type InitOptions, type ResolvedInit } from "../options/init-options.js";
import type { OktaApi } from "../okta/okta-api.js";
import { Output } from "../output/output.js";
import type { Change } from "../init/plan-types.js";
import { printPlan, provisionOkta } from "../init/run-init.js";
import { toProvisionSettings } from "../init/settings-from-options.js";
import { planFiles, printFilePlan, type PlannedFile } from "./file-plan.js";
import { cancelledWithResume } from "./init-wizard.js";
import { resolveExisting } from "./resolve-existing.js";
import { WizardAnswers, type WizardContext } from "./wizard-answers.js";

export interface PlanReviewInput {
  resolved: ResolvedInit;
  /** Ids picked in the wizard, laid over the out-dir's manifest. */
  picks: Partial<Manifest>;
  manifest: Manifest;
  api: OktaApi;
  orgUrl: string;
  omVersion: OmVersion;
  serviceApp: boolean;
}

export interface ReviewedPlan {
  resolved: ResolvedInit;
  options: InitOptions;
  /** The manifest to run with (the picks included; init records it after applying). */
  manifest: Manifest;
  /** The Okta changes the user saw and confirmed. */
  changes?: Change[];
}

/** The out-dir's manifest with the wizard's picks on top (an explicit undefined drops a remembered id). */
export function withPicks(manifest: Manifest, picks: Partial<Manifest>): Manifest {
  const merged: Manifest = { ...manifest, ...picks };
  if (picks.trustedOriginIds) merged.trustedOriginIds = { ...manifest.trustedOriginIds, ...picks.trustedOriginIds };
  return merged;
}

/**
 * Before any write: plans (GETs only), offers choices for existing objects and re-plans, shows the
 * plan (Okta objects and files) and asks to apply it (`--yes` skips only that question). Declining
 * or Ctrl-C ends with exit 130 and nothing changed.
 */
export async function reviewPlan(input: PlanReviewInput, ctx: WizardContext): Promise<ReviewedPlan> {
  const answers = new WizardAnswers(input.resolved, ctx.deps.cwd);
  answers.facts.picks = { ...input.picks };
  // The plan is printed below in the wizard's words; provisionOkta's own plan printing is not shown.
  const quiet = new Output({ stdout: { write: () => true }, stderr: { write: () => true }, env: ctx.deps.env });
  const decided = new Set<string>();
  let reviewed: ReviewedPlan & { changes: Change[]; files: PlannedFile[] };
  try {
    for (let round = 0; ; round++) {
      const options = finalizeInitOptions(answers.toResolved());
      const manifest = withPicks(input.manifest, answers.facts.picks);
      const settings = toProvisionSettings(options, input.orgUrl, input.serviceApp);
      const request = { settings, outDir: options.outDir, manifest, keyFile: options.keyFile, kid: options.kid, plan: true, yes: options.yes };
      const preview = await provisionOkta(input.api, request, quiet);
      if (round < 8 && (await resolveExisting(preview, answers, ctx, input.api, decided))) continue;
      const files = await planFiles({ options, manifest, preview, omVersion: input.omVersion, orgUrl: input.orgUrl, serviceApp: input.serviceApp, env: ctx.deps.env }, quiet);
      ctx.out.info("");
      ctx.out.step(ctx.out.style.bold(`Plan for ${input.orgUrl}:`));
      printPlan(ctx.out, preview.changes.map(hideGeneratedKid), settings);
      printFilePlan(ctx.out, files, options.mergeInto);
      reviewed = { resolved: answers.toResolved(), options, manifest, changes: preview.changes, files };
      break;
    }
    const { changes, files, options } = reviewed;
    // With a conflict left the run refuses before writing anything, with its own explanation.
    if (changes.some((c) => c.action === "conflict")) return reviewed;
    const okta = countChanges(changes);
    const writes = files.filter((f) => f.action !== "unchanged").length + (options.mergeInto ? 1 : 0);
    if (okta.total === 0 && writes === 0) {
      ctx.out.success("Nothing to change: the org and the files already match.");
      return reviewed;
    }
    ctx.out.info(`  Okta: ${okta.text}. Files: ${writes} to write.`);
    if (options.yes) {
      ctx.out.info("  --yes: applying without asking.");
      return reviewed;
    }
    if (await ctx.prompter.confirm({ field: "applyPlan", message: "Apply this plan?", default: false })) return reviewed;
  } catch (err) {
    if (err instanceof CancelledError) throw cancelledWithResume(answers.toResolved());
    throw err;
  }
  throw cancelledWithResume(answers.toResolved(), "Not applied; nothing was changed in Okta or on disk.");
}

/** A generated key's kid is only known once the real run generates it; the preview's would mislead. */
function hideGeneratedKid(change: Change): Change {
  return change.resource === "key" && change.action === "create" && /generated/.test(change.note ?? "") ? { ...change, id: undefined } : change;
}

function countChanges(changes: Change[]): { total: number; text: string } {
  const count = (action: Change["action"]): number => changes.filter((c) => c.action === action).length;
  const [create, update, adopt] = [count("create"), count("update"), count("adopt")];
  return { total: create + update + adopt, text: `${create} to create, ${update} to update, ${adopt} to adopt` };
}
