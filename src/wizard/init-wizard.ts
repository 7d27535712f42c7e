import { CancelledError } from "../errors.js";
import type { ResolvedInit } from "../options/init-options.js";
import { equivalentCommand } from "../init/equivalent-command.js";
import { askAuthServer } from "./ask-auth-server.js";
import { askBot } from "./ask-bot.js";
import { askFiles } from "./ask-files.js";
import { askOmAdmin } from "./ask-om-admin.js";
import { askOpenMetadata } from "./ask-openmetadata.js";
import { askOrg } from "./ask-org.js";
import { askServiceApp } from "./ask-service-app.js";
import { askSpa } from "./ask-spa.js";
import { sectionPrinter, WizardAnswers, type WizardContext, type WizardFacts } from "./wizard-answers.js";

export type { WizardContext } from "./wizard-answers.js";

export interface WizardResult {
  resolved: ResolvedInit;
  facts: WizardFacts;
}

/**
 * Asks, in the Okta guide's order, only for what flags, env and the config file did not supply;
 * every answer is checked like its flag (and the org and token live) before moving on. Only GET
 * requests happen here. Ctrl-C ends with exit 130 and the command that resumes with the answers so far.
 */
export async function runInitWizard(resolved: ResolvedInit, ctx: WizardContext): Promise<WizardResult> {
  const answers = new WizardAnswers(resolved, ctx.deps.cwd);
  const section = sectionPrinter(ctx.out);
  ctx.out.info("");
  ctx.out.info(ctx.out.style.bold("Okta SSO for OpenMetadata: this asks only for what flags, env vars and --config did not give."));
  ctx.out.info("Enter accepts the suggestion in (parentheses). Nothing changes in Okta or on disk until you confirm the plan; Ctrl-C stops.");
  try {
    await askOrg(answers, ctx, section);
    await askOpenMetadata(answers, ctx, section);
    await askOmAdmin(answers, ctx, section);
    await askSpa(answers, ctx, section);
    await askAuthServer(answers, ctx, section);
    await askServiceApp(answers, ctx, section);
    await askBot(answers, ctx, section);
    await askFiles(answers, ctx, section);
  } catch (err) {
    if (err instanceof CancelledError) throw cancelledWithResume(answers.toResolved());
    throw err;
  }
  return { resolved: answers.toResolved(), facts: answers.facts };
}

/** Exit 130 with the command that starts again from the answers given so far (never a secret). */
export function cancelledWithResume(resolved: ResolvedInit, message = "Cancelled; nothing was changed in Okta or on disk."): CancelledError {
  const typedToken = resolved.sources.apiToken === "wizard";
  const command = equivalentCommand(resolved, resolved.options, { mode: "resume" });
  return new CancelledError(
    message,
    `To continue where you stopped (your answers so far are flags, so they are not asked again):\n    ${typedToken ? "export OKTA_OM_API_TOKEN=...   # the token you typed is not kept\n    " : ""}${command}`,
  );
}
