import { readManifest } from "../manifest/manifest.js";
import { AS_DESCRIPTION } from "../init/resources/auth-server.js";
import type { AuthServer } from "../okta/okta-types.js";
import { INIT_DEFAULTS } from "../options/init-options.js";
import { OktaApiError } from "../okta/okta-errors.js";
import { CliError, ExitCode } from "../errors.js";
import { LAST_OKTA_INGESTION_VERSION, omFeatures, parseOmVersion } from "../openmetadata/om-version.js";
import type { Choice } from "./prompter.js";
import { askOption, asSentence, type WizardAnswers, type WizardContext } from "./wizard-answers.js";

const NEW = "new";
const DEFAULT = "default";
const PICK = "id:";
const ORG = "org";
const STOP = "stop";

/** The org has no API Access Management: its reads of custom servers answer 401 E0000015 (REAL-ORG.md). */
const NO_API_AM = Symbol("no API Access Management");

/**
 * 5–6: the authorization server (create one, use the org's `default`, or pick an existing one from
 * the org's list), then the scope, access policy and rule on it.
 */
export async function askAuthServer(answers: WizardAnswers, ctx: WizardContext, section: (title: string) => void): Promise<void> {
  if (answers.needs("authServer")) {
    section("5. Authorization server");
    await chooseAuthServer(answers, ctx);
  }
  const keys = ["scope", "policyName", "ruleName"] as const;
  // The org authorization server has no custom scope, policy or rule to name.
  if (answers.get("authServer") === ORG || !keys.some((k) => answers.needs(k))) return;
  section("6. Scope, access policy and rule");
  if (answers.needs("scope")) await askOption(answers, ctx, "scope", { message: "Custom scope (made a default scope, so ingestion needs no scope list):" });
  if (answers.needs("policyName")) await askOption(answers, ctx, "policyName", { message: "Access policy name:" });
  if (answers.needs("ruleName")) await askOption(answers, ctx, "ruleName", { message: "Access policy rule name:" });
}

async function listServers(answers: WizardAnswers, ctx: WizardContext): Promise<AuthServer[] | typeof NO_API_AM | undefined> {
  const api = answers.facts.api;
  if (!api) return undefined;
  try {
    return await api.transport.list<AuthServer>("/api/v1/authorizationServers?limit=200");
  } catch (err) {
    if (err instanceof OktaApiError && err.errorCode === "E0000015") return NO_API_AM;
    ctx.out.warn(`Could not list the org's authorization servers: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

async function chooseAuthServer(answers: WizardAnswers, ctx: WizardContext): Promise<void> {
  const name = answers.get("authServer") === DEFAULT ? INIT_DEFAULTS.authServer : (answers.get("authServer") ?? INIT_DEFAULTS.authServer);
  const listed = await listServers(answers, ctx);
  if (listed === NO_API_AM) return offerOrgServer(answers, ctx);
  const servers = listed ?? [];
  const custom = servers.filter((s) => s.default !== true && s.name !== DEFAULT);
  const taken = custom.some((s) => s.name === name);
  const manifestId = (await readManifest(answers.get("outDir")!).catch(() => undefined))?.authServerId;

  const choices: Choice<string>[] = [
    taken
      ? { value: NEW, name: "Create a new one (you choose the name)", description: `"${name}" exists already; pick it below to reuse it` }
      : { value: NEW, name: `Create a new one named "${name}"`, description: "A dedicated server: its audience is the sign-in app's client id" },
    { value: DEFAULT, name: "Use the org's default server", description: "Shared with other apps: its name and audience are left alone" },
    ...custom.map((s) => ({
      value: `${PICK}${s.id}`,
      name: `Use "${s.name}" (${s.id})${s.status === "ACTIVE" ? "" : ` [${s.status.toLowerCase()}]`}`,
      description: s.description === AS_DESCRIPTION ? "Created by okta-om-setup earlier; it will be adopted" : `Existing server: adopting it sets its audience (now ${s.audiences.join(", ") || "-"}) to the sign-in app's client id`,
    })),
  ];
  const preferred = custom.find((s) => s.id === manifestId) ?? custom.find((s) => s.name === name);
  const picked = await ctx.prompter.select({
    field: "authServer",
    message: "Authorization server for OpenMetadata's tokens:",
    choices,
    default: preferred ? `${PICK}${preferred.id}` : NEW,
  });

  if (picked === DEFAULT) {
    answers.set("authServer", DEFAULT);
    return;
  }
  if (picked.startsWith(PICK)) {
    const server = custom.find((s) => `${PICK}${s.id}` === picked)!;
    answers.set("authServer", server.name);
    // Several servers may share a name: the id goes into the manifest so init uses exactly this one.
    answers.facts.picks.authServerId = server.id;
    return;
  }
  // A new server: the manifest's id (an earlier run's server) must not pull init back to that one.
  if (manifestId) answers.facts.picks.authServerId = undefined;
  if (!taken) {
    answers.set("authServer", name);
  } else {
    const names = new Set(servers.map((s) => s.name));
    await askOption(answers, ctx, "authServer", {
      message: "Name of the new authorization server:",
      default: freeName(name, names),
      extra: (value) => (value === DEFAULT ? asSentence('is "default"; pick the default server in the list instead') : names.has(value) ? `A server named "${value}" exists already; choose another name, or pick it in the list to reuse it.` : true),
    });
  }
}

/**
 * No API Access Management: no custom server, and no `default` either, so what works is signing in
 * through the org authorization server. Its tokens cannot serve Okta ingestion, so the service app is
 * left out (OpenMetadata 1.3+ ingests with the bot's JWT anyway; for 1.2.x the choice is said).
 */
async function offerOrgServer(answers: WizardAnswers, ctx: WizardContext): Promise<void> {
  const version = parseOmVersion(answers.get("omVersion") ?? LAST_OKTA_INGESTION_VERSION);
  const oktaIngestion = omFeatures(version).oktaIngestion;
  ctx.out.warn("This org has no API Access Management (Okta answered E0000015): it has no custom authorization server, and no `default` server either.");
  const picked = await ctx.prompter.select({
    field: "authServer",
    message: "Authorization server for OpenMetadata's sign-in:",
    choices: [
      {
        value: ORG,
        name: "Sign in through the org authorization server (--auth-server org)",
        description: oktaIngestion
          ? `No service app: OpenMetadata ${version.raw}'s Okta ingestion needs a custom server, so ingestion uses the ingestion-bot's JWT instead`
          : "Authority = the org URL, keys at {org}/oauth2/v1/keys; no custom server, scope, policy or rule",
      },
      { value: STOP, name: "Stop here (get API Access Management for the org first)" },
    ],
    default: ORG,
  });
  if (picked !== ORG) {
    throw new CliError("Stopped: this org has no API Access Management, so init cannot create a custom authorization server.", {
      exitCode: ExitCode.failure,
      hint: "Get the feature for the org, or run init again and choose the org authorization server (--auth-server org).",
    });
  }
  answers.set("authServer", ORG);
  answers.set("serviceApp", false);
}

function freeName(base: string, names: Set<string>): string {
  for (let i = 2; i < 100; i++) if (!names.has(`${base} ${i}`)) return `${base} ${i}`;
  return `${base} ${Date.now()}`;
}
