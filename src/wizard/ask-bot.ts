import { isLoopbackHost } from "../options/org-url.js";
import { askOption, type WizardAnswers, type WizardContext } from "./wizard-answers.js";

/**
 * 8: the ingestion bot's email, OpenMetadata's admins and the users' email domain. Defaults come from
 * the Okta admin running the wizard (their login's name and domain), as in a headless init.
 */
export async function askBot(answers: WizardAnswers, ctx: WizardContext, section: (title: string) => void): Promise<void> {
  const keys = ["botEmail", "adminPrincipals", "principalDomain"] as const;
  if (!keys.some((k) => answers.needs(k))) return;
  section("8. OpenMetadata identities");
  const login = answers.facts.login;
  const at = login?.lastIndexOf("@") ?? -1;
  if (answers.needs("botEmail")) {
    const current = answers.get("botEmail");
    await askOption(answers, ctx, "botEmail", {
      message: "Email of OpenMetadata's ingestion bot:",
      default: current ?? `ingestion-bot@${at > 0 ? login!.slice(at + 1) : domainGuess(answers.get("omUrl"))}`,
    });
  }
  if (answers.needs("adminPrincipals")) {
    // The admin running this is the likeliest OpenMetadata admin; "admin" is OpenMetadata's own default.
    const me = at > 0 ? login!.slice(0, at).toLowerCase() : undefined;
    await askOption(answers, ctx, "adminPrincipals", {
      message: "OpenMetadata admins (the name part of their Okta email, comma separated):",
      default: me ?? undefined,
    });
  }
  if (answers.needs("principalDomain")) {
    // The admin's own domain: admins are name@domain, so it has to match theirs. The bot email's
    // domain is the fallback when the credentials could not read the admin's login.
    const email = answers.get("botEmail")!;
    await askOption(answers, ctx, "principalDomain", {
      message: "Your users' email domain (OpenMetadata accepts sign-ins from it):",
      default: (at > 0 ? login!.slice(at + 1) : email.slice(email.lastIndexOf("@") + 1)).toLowerCase(),
    });
  }
}

function domainGuess(omUrl: string | undefined): string {
  if (!omUrl) return "example.com";
  const host = new URL(omUrl).hostname;
  if (isLoopbackHost(host) || /^[\d.]+$/.test(host) || !host.includes(".")) return "example.com";
  // om.data.example.com → data.example.com would be a guess too far; keep the last two labels.
  return host.split(".").slice(-2).join(".");
}
