import { CancelledError } from "../errors.js";
import type { Manifest } from "../manifest/manifest.js";
import type { OmVersion } from "../openmetadata/om-version.js";
import { finalizeInitOptions, type InitOptions, type ResolvedInit } from "../options/init-options.js";
import type { OktaApi } from "../okta/okta-api.js";
import { Output } from "../output/output.js";
import type { Change } from "../init/plan-types.js";
import { printPlan, provisionOkta } from "../init/run-init.js";
import { toProvisionSettings } from "../init/settings-from-options.js";
import { withPicks } from "../init/with-picks.js";
import { planFiles, previewOmInput, printFilePlan, type PlannedFile } from "./file-plan.js";
import type { SecurityConfig } from "../openmetadata/api/security-config.js";
import { deriveOmConfig, type OmConfigInput } from "../openmetadata/om-config-input.js";
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
  /** 1.10+ with admin credentials: OpenMetadata's stored settings, so the plan shows their change. */
  omSecurity?: SecurityConfig;
}

export interface ReviewedPlan {
  resolved: ResolvedInit;
  options: InitOptions;
  /** The manifest to run with (the picks included; init records it after applying). */
  manifest: Manifest;
  /** The Okta changes the user saw and confirmed. */
  changes?: Change[];
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
  let reviewed: ReviewedPlan & { changes: Change[]; files: PlannedFile[]; omChanges: number };
  try {
    for (let round = 0; ; round++) {
      const options = finalizeInitOptions(answers.toResolved());
      const manifest = withPicks(input.manifest, answers.facts.picks);
      const settings = toProvisionSettings(options, input.orgUrl, input.serviceApp);
      const request = { settings, outDir: options.outDir, manifest, keyFile: options.keyFile, kid: options.kid, plan: true, yes: options.yes };
      const preview = await provisionOkta(input.api, request, quiet);
      if (round < 8 && (await resolveExisting(preview, answers, ctx, input.api, decided))) continue;
      const previewRequest = { options, manifest, preview, omVersion: input.omVersion, orgUrl: input.orgUrl, serviceApp: input.serviceApp, env: ctx.deps.env };
      const files = await planFiles(previewRequest, quiet);
      ctx.out.info("");
      ctx.out.step(ctx.out.style.bold(`Plan for ${input.orgUrl}:`));
      printPlan(ctx.out, preview.changes.map(hideGeneratedKid), settings);
      printFilePlan(ctx.out, files, options.mergeInto);
      const omChanges = input.omSecurity ? await printOmSecurityPlan(ctx.out, input.omSecurity, await previewOmInput(previewRequest)) : 0;
      reviewed = { resolved: answers.toResolved(), options, manifest, changes: preview.changes, files, omChanges };
      break;
    }
    const { changes, files, options, omChanges } = reviewed;
    // With a conflict left the run refuses before writing anything, with its own explanation.
    if (changes.some((c) => c.action === "conflict")) return reviewed;
    const okta = countChanges(changes);
    const writes = files.filter((f) => f.action !== "unchanged").length + (options.mergeInto ? 1 : 0);
    if (okta.total === 0 && writes === 0 && omChanges === 0) {
      ctx.out.success(`Nothing to change: the org${input.omSecurity ? ", OpenMetadata's settings" : ""} and the files already match.`);
      return reviewed;
    }
    ctx.out.info(`  Okta: ${okta.text}. Files: ${writes} to write.${input.omSecurity ? ` OpenMetadata: ${omChanges} setting${omChanges === 1 ? "" : "s"} to change (validated by OpenMetadata first).` : ""}`);
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

/** The OpenMetadata settings' part of the plan (1.10+); returns how many fields change. */
async function printOmSecurityPlan(out: Output, current: SecurityConfig, preview: OmConfigInput): Promise<number> {
  const { describeSecurityChanges, desiredSecurityConfig, planSecurityConfig } = await import("../openmetadata/api/security-config.js");
  const { printSecurityPlan } = await import("../init/om-security-step.js");
  const plan = planSecurityConfig(current, desiredSecurityConfig(deriveOmConfig(preview)));
  printSecurityPlan(out, plan, describeSecurityChanges(plan));
  return plan.changes.length;
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
