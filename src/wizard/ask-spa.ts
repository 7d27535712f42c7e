import { checkInitValue, type Access } from "../options/init-options.js";
import { askOption, asSentence, type WizardAnswers, type WizardContext } from "./wizard-answers.js";

/**
 * 4: the app users sign in with: label, redirect URIs, sign-out URIs, base URIs, access. The
 * confidential web app has one redirect URI, exactly {om}/callback, so it is not asked for.
 */
export async function askSpa(answers: WizardAnswers, ctx: WizardContext, section: (title: string) => void): Promise<void> {
  const confidential = answers.get("clientType") === "confidential";
  const keys = ["appName", ...(confidential ? [] : (["redirectUris"] as const)), "logoutUris", "baseUris", "access"] as const;
  if (!keys.some((k) => answers.needs(k))) return;
  section(confidential ? "4. Sign-in app (Okta web app with a client secret)" : "4. Sign-in app (Okta single-page app)");
  // The URIs' defaults follow the OpenMetadata URL answered above, not the one the defaults assumed.
  const om = answers.get("omUrl")!;
  if (answers.needs("appName")) await askOption(answers, ctx, "appName", { message: "Label of the sign-in app in Okta:" });
  if (!confidential && answers.needs("redirectUris")) {
    await askOption(answers, ctx, "redirectUris", { message: "Sign-in redirect URIs (comma separated):", default: `${om}/callback, ${om}/silent-callback` });
  }
  if (answers.needs("logoutUris")) await askOption(answers, ctx, "logoutUris", { message: "Sign-out redirect URIs:", default: om });
  if (answers.needs("baseUris")) {
    await askOption(answers, ctx, "baseUris", { message: "Base URIs (trusted origins for CORS and redirects):", default: new URL(om).origin });
  }
  if (answers.needs("access")) await askAccess(answers, ctx);
}

/** The access question (also asked again when the plan finds a group missing). */
export async function askAccess(answers: WizardAnswers, ctx: WizardContext): Promise<void> {
  const current = answers.get("access") ?? { kind: "everyone" };
  const kind = await ctx.prompter.select<Access["kind"]>({
    field: "access",
    message: "Who may sign in to OpenMetadata?",
    choices: [
      { value: "everyone", name: "Everyone in the org (assign the Everyone group)" },
      { value: "groups", name: "Only members of some groups (you give their ids)" },
      { value: "none", name: "Nobody yet (assign people or groups in Okta later)" },
    ],
    default: current.kind,
  });
  if (kind !== "groups") {
    answers.set("access", { kind });
    return;
  }
  let accepted: Access | undefined;
  await ctx.prompter.input({
    field: "accessGroups",
    message: "Okta group ids (Directory > Groups, the id is in the group's URL; comma separated):",
    default: current.kind === "groups" ? current.groupIds.join(", ") : undefined,
    validate: (answer) => {
      const checked = checkInitValue("access", `groups:${answer}`);
      if (!checked.ok) return asSentence(checked.problem);
      accepted = checked.value;
      return true;
    },
  });
  if (accepted) answers.set("access", accepted);
}
