// The OpenMetadata admin credentials, asked (masked) only when this version needs them: 1.10+ keeps its
// SSO settings in its database (VERSIONS.md, "1.10 and later"), and from 1.3 ingestion uses the
// ingestion bot's JWT, which an admin reads by API ("Bot JWT by API"). Each answer is checked live.
import { CliError } from "../errors.js";
import { botJwtByApi, omFeatures, settingsLiveInDatabase, tryParseOmVersion } from "../openmetadata/om-version.js";
import { connectOpenMetadata, OM_PASSWORD_ENV, OM_TOKEN_ENV } from "../openmetadata/api/om-credentials.js";
import { Secret } from "../secret.js";
import type { WizardAnswers, WizardContext } from "./wizard-answers.js";

/** The problem shown under the prompt: OpenMetadata's refusal and its fix, never the secret. */
function problemOf(err: unknown): string {
  if (err instanceof CliError) return `${err.message}${err.hint ? ` ${err.hint}` : ""}`;
  throw err;
}

/** Whether credentials came already (flag, env, stdin, sandbox), so nothing is asked. */
function alreadyGiven(answers: WizardAnswers, ctx: WizardContext): boolean {
  return Boolean(ctx.session || ctx.omStdinToken || ctx.deps.env[OM_TOKEN_ENV]?.trim() || answers.get("omAdminEmail"));
}

/** Whether init will have OpenMetadata admin access, so the bot JWT comes by API and no file is asked for. */
export function hasOmAdminAccess(answers: WizardAnswers, ctx: WizardContext): boolean {
  return Boolean(answers.facts.omAdminToken) || alreadyGiven(answers, ctx);
}

export async function askOmAdmin(answers: WizardAnswers, ctx: WizardContext, section: (title: string) => void): Promise<void> {
  const version = tryParseOmVersion(answers.get("omVersion") ?? "");
  const omUrl = answers.get("omUrl");
  if (!version || !omUrl || alreadyGiven(answers, ctx)) return;
  const inDatabase = settingsLiveInDatabase(version);
  const botJwt = botJwtByApi(version) && !omFeatures(version).oktaIngestion && !answers.get("omBotJwtFile");
  if (!inDatabase && !botJwt) return;
  section("3. OpenMetadata");
  const { out, prompter } = ctx;
  if (inDatabase) out.info(`  OpenMetadata ${version.raw} keeps SSO settings in its database: with an admin's credentials init applies them through its API (after OpenMetadata's own validation).`);
  if (botJwt) out.info("  With them init also writes the ingestion bot's real JWT into workflowConfig.yaml.");
  let token: Secret | undefined;
  let user: string | undefined;
  await prompter.password({
    field: "omAdminToken",
    message: "OpenMetadata admin token (Settings > Users > you > Access Token; input hidden; Enter for email and password, or to skip):",
    validate: async (value) => {
      if (value.trim() === "") return true;
      try {
        const connected = await connectOpenMetadata({ omUrl, env: {}, typed: { token: new Secret(value.trim()) } });
        ({ token, user } = connected!);
        return true;
      } catch (err) {
        return problemOf(err);
      }
    },
  });
  if (!token) {
    const email = (await prompter.input({ field: "omAdminEmail", message: "OpenMetadata admin email for basic login (Enter to skip):", validate: (v) => v.trim() === "" || /^[^@\s]+@[^@\s]+$/.test(v.trim()) || "An email, e.g. admin@open-metadata.org, or Enter to skip." })).trim();
    if (email !== "") {
      await prompter.password({
        field: "omAdminPassword",
        message: `Password of ${email} (input hidden):`,
        validate: async (value) => {
          try {
            const connected = await connectOpenMetadata({ omUrl, env: {}, adminEmail: email, typed: { password: new Secret(value) } });
            ({ token, user } = connected!);
            return true;
          } catch (err) {
            return problemOf(err);
          }
        },
      });
    }
  }
  if (!token) {
    out.warn(`No OpenMetadata admin credentials: init writes the files only${inDatabase ? ", which on a running server change nothing (the summary says what to do)" : ", with a placeholder for the bot JWT"}. Later: ${OM_TOKEN_ENV}, or --om-admin-email with ${OM_PASSWORD_ENV}.`);
    return;
  }
  answers.facts.omAdminToken = token;
  out.success(`Signed in to OpenMetadata as ${user ?? "(unknown)"} (an admin)`);
}
