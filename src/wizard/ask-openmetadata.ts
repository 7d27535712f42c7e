import { readManifest } from "../manifest/manifest.js";
import { detectOmVersion } from "../openmetadata/detect-version.js";
import { confidentialVersionProblem, KNOWN_OM_LINES, tryParseOmVersion } from "../openmetadata/om-version.js";
import type { ClientType } from "../options/init-options.js";
import { askOption, type WizardAnswers, type WizardContext } from "./wizard-answers.js";

/**
 * 3: the OpenMetadata URL and version. The version is read from the running server when it answers
 * (offered as the default); otherwise the known release lines are offered, then the exact version
 * (no silent guess: a wrong line's files can keep the server from starting), and the questions say
 * what changes from 1.3.
 */
export async function askOpenMetadata(answers: WizardAnswers, ctx: WizardContext, section: (title: string) => void): Promise<void> {
  await askVersion(answers, ctx, section);
  await askClientType(answers, ctx, section);
}

/**
 * After the version: public (SPA) or confidential (web app with a secret) sign-in, offered only from
 * 1.3.2, the first release with confidential clients (VERSIONS.md: "Confidential").
 */
async function askClientType(answers: WizardAnswers, ctx: WizardContext, section: (title: string) => void): Promise<void> {
  if (!answers.needs("clientType")) return;
  const version = tryParseOmVersion(answers.get("omVersion") ?? "");
  if (!version || confidentialVersionProblem(version)) return;
  section("3. OpenMetadata");
  const picked = await ctx.prompter.select<ClientType>({
    field: "clientType",
    message: "How should users sign in?",
    choices: [
      { value: "public", name: "public: a single-page app, the browser holds the tokens (OpenMetadata's Okta guide)" },
      { value: "confidential", name: "confidential: a web app with a client secret; the OpenMetadata server runs the login and keeps the tokens" },
    ],
    default: answers.get("clientType") ?? "public",
  });
  answers.set("clientType", picked);
}

async function askVersion(answers: WizardAnswers, ctx: WizardContext, section: (title: string) => void): Promise<void> {
  const { out } = ctx;
  if (answers.needs("omUrl")) {
    section("3. OpenMetadata");
    await askOption(answers, ctx, "omUrl", { message: "OpenMetadata URL (what users open in the browser):" });
  }
  if (!answers.needs("omVersion")) return;
  section("3. OpenMetadata");
  const omUrl = answers.get("omUrl")!;
  const detected = await detectOmVersion(omUrl, { timeoutMs: 2000 });
  if (detected.version) {
    await askOption(answers, ctx, "omVersion", {
      message: `OpenMetadata version (the server at ${omUrl} reports ${detected.version}):`,
      default: detected.version,
    });
    return;
  }
  const previous = answers.get("outDir") ? (await readManifest(answers.get("outDir")!).catch(() => undefined))?.omVersion : undefined;
  out.info(`  Could not read the version from ${omUrl} (${detected.error ?? "no answer"}); the files differ by version, so pick yours.`);
  out.info(`  Up to 1.2.x OpenMetadata ingests with Okta: init creates a service app and key for it.`);
  out.info(`  From 1.3 ingestion uses the ingestion-bot's OpenMetadata JWT, so no service app is needed.`);
  let suggested = previous;
  if (suggested === undefined) {
    // The known lines, newest first; the exact version is asked next (the pip pin and some keys
    // depend on the patch, e.g. 1.3.2's clientType or 1.10.7's org-server fix).
    const line = await ctx.prompter.select({
      field: "omVersionLine",
      message: "OpenMetadata release line of your server:",
      choices: [
        ...[...KNOWN_OM_LINES].reverse().map((l) => ({ value: l.latest, name: `${l.line}.x` })),
        { value: "", name: "another version (type it)" },
      ],
    });
    suggested = line === "" ? undefined : line;
  }
  await askOption(answers, ctx, "omVersion", {
    message: "OpenMetadata server version (exactly, as Settings > About shows it):",
    default: suggested,
  });
}
