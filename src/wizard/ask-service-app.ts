import { hasOmAdminAccess } from "./ask-om-admin.js";
import { CliError } from "../errors.js";
import { readKeyFilesIfPresent } from "../keys/key-files.js";
import { loadServiceKeyPair } from "../keys/key-pair.js";
import { BOT_JWT_ENV, loadOmBotJwt } from "../openmetadata/bot-jwt.js";
import { LAST_OKTA_INGESTION_VERSION, omFeatures, parseOmVersion } from "../openmetadata/om-version.js";
import { askOption, type WizardAnswers, type WizardContext } from "./wizard-answers.js";

type KeySource = "generate" | "keep" | "file";

/**
 * 7: the ingestion service app and its key (generate one, or use a key file). From OpenMetadata 1.3
 * ingestion no longer uses Okta: the app is only made on request, and the bot's JWT file is asked instead.
 */
export async function askServiceApp(answers: WizardAnswers, ctx: WizardContext, section: (title: string) => void): Promise<void> {
  const version = parseOmVersion(answers.get("omVersion") ?? LAST_OKTA_INGESTION_VERSION);
  const oktaIngestion = omFeatures(version).oktaIngestion;
  let create = answers.get("serviceApp") ?? oktaIngestion;
  if (!oktaIngestion && answers.needs("serviceApp")) {
    section("7. Ingestion");
    create = await ctx.prompter.confirm({
      field: "serviceApp",
      message: `OpenMetadata ${version.raw} ingests with the ingestion-bot's JWT, not with Okta. Create the Okta service app anyway?`,
      default: false,
    });
    answers.set("serviceApp", create);
  }
  if (!create) {
    await askBotJwtFile(answers, ctx, section);
    return;
  }
  if (answers.needs("serviceAppName")) {
    section("7. Ingestion service app and key");
    await askOption(answers, ctx, "serviceAppName", { message: "Label of the ingestion service app in Okta:" });
  }
  if (answers.needs("keyFile")) {
    section("7. Ingestion service app and key");
    await askKey(answers, ctx);
  }
}

async function askKey(answers: WizardAnswers, ctx: WizardContext): Promise<void> {
  const outDir = answers.get("outDir")!;
  // A broken key file in the out-dir is reported by init itself, with its fix.
  const existing = await readKeyFilesIfPresent(outDir).catch(() => undefined);
  const where = answers.showPath(outDir);
  const source = await ctx.prompter.select<KeySource>({
    field: "serviceKey",
    message: "Private key the service app signs its token requests with:",
    choices: [
      existing
        ? { value: "keep", name: `Keep the key already in ${where} (kid ${existing.kid})` }
        : { value: "generate", name: "Generate a new RSA-2048 key", description: `Saved in ${where} with mode 0600; it never leaves this machine except into your OpenMetadata config` },
      { value: "file", name: "Use an existing key file (JWK or PEM)" },
    ],
    default: existing ? "keep" : "generate",
  });
  if (source !== "file") return;
  await askOption(answers, ctx, "keyFile", {
    message: "Path of the private key file:",
    extra: async (file) => {
      try {
        await loadServiceKeyPair(answers.path(file ?? ""), { flag: "key file" });
        return true;
      } catch (err) {
        if (err instanceof CliError) return err.message;
        throw err;
      }
    },
  });
  answers.set("keyFile", answers.path(answers.get("keyFile")!));
}

async function askBotJwtFile(answers: WizardAnswers, ctx: WizardContext, section: (title: string) => void): Promise<void> {
  // With OpenMetadata admin access init reads the bot's JWT by API (VERSIONS.md: "Bot JWT by API").
  if (!answers.needs("omBotJwtFile") || ctx.deps.env[BOT_JWT_ENV] || hasOmAdminAccess(answers, ctx)) return;
  section("7. Ingestion");
  let accepted: string | undefined;
  await ctx.prompter.input({
    field: "omBotJwtFile",
    message: "File with the ingestion-bot's JWT (OpenMetadata: Settings > Bots > ingestion-bot; Enter to add it later):",
    validate: async (answer) => {
      if (answer.trim() === "") return true;
      try {
        await loadOmBotJwt({ file: answers.path(answer) });
      } catch (err) {
        if (err instanceof CliError) return err.message;
        throw err;
      }
      accepted = answers.path(answer);
      return true;
    },
  });
  if (accepted) answers.set("omBotJwtFile", accepted);
}
