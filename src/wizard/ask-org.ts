import { buildCredentials } from "../init/credentials.js";
import { createOktaApi } from "../init/okta-session.js";
import { checkInitValue, type InitOptions } from "../options/init-options.js";
import type { Secret } from "../secret.js";
import { checkCredentials, probeOrgUrl } from "./okta-probe.js";
import { askOption, asSentence, type WizardAnswers, type WizardContext } from "./wizard-answers.js";

/**
 * 1–2: the org URL (checked for reachability) and the API token (masked, checked live against
 * GET /api/v1/users/me). Values from flags or env are checked the same way; when they fail, the
 * problem is shown and the question asked. The sandbox brings its own org, so nothing is asked.
 */
export async function askOrg(answers: WizardAnswers, ctx: WizardContext, section: (title: string) => void): Promise<void> {
  const { out, deps, session } = ctx;
  if (session) {
    const check = await checkCredentials(session.orgUrl, { kind: "token", token: session.apiToken }, out, deps.env);
    if (check.ok) Object.assign(answers.facts, { api: check.api, login: check.login });
    return;
  }

  const given = answers.get("orgUrl");
  const givenProblem = given ? await probeOrgUrl(given, deps.env) : undefined;
  if (!given || givenProblem !== true) {
    section("1. Okta org");
    if (given && typeof givenProblem === "string") out.warn(`${answers.sources.orgUrl ?? "The org URL"}: ${givenProblem}`);
    await askOption(answers, ctx, "orgUrl", {
      message: "Okta org URL (e.g. https://dev-123.okta.com, not the -admin URL):",
      default: given,
      extra: (url) => (url ? probeOrgUrl(url, deps.env) : true),
    });
  }
  const orgUrl = answers.get("orgUrl")!;

  const oauth = answers.get("mgmtClientId") && answers.get("mgmtPrivateKey");
  if (oauth) {
    // OAuth for Okta: credentials.ts pre-flights the token request and reports Okta's exact error.
    const credentials = await buildCredentials(answers.options as InitOptions, orgUrl, undefined, out);
    answers.facts.api = createOktaApi(orgUrl, credentials, { debug: out.options.debug === true }, out, deps.env);
    return;
  }

  const token = answers.get("apiToken");
  if (token) {
    const check = await checkCredentials(orgUrl, { kind: "token", token }, out, deps.env);
    if (check.ok) {
      Object.assign(answers.facts, { api: check.api, login: check.login });
      if (check.login) out.success(`Signed in to ${orgUrl} as ${check.login} (token from ${answers.sources.apiToken ?? "the environment"})`);
      return;
    }
    section("2. Okta credentials");
    out.warn(`The API token from ${answers.sources.apiToken ?? "the environment"} did not work: ${check.problem}`);
  }
  section("2. Okta credentials");
  await askToken(answers, ctx, orgUrl);
}

async function askToken(answers: WizardAnswers, ctx: WizardContext, orgUrl: string): Promise<void> {
  let accepted: { token: Secret; login?: string } | undefined;
  const secret = await ctx.prompter.password({
    field: "apiToken",
    message: "Okta API token (Security > API > Tokens; input hidden):",
    validate: async (value) => {
      const checked = checkInitValue("apiToken", value);
      if (!checked.ok) return asSentence(checked.problem);
      if (!checked.value) return "Paste the token.";
      const check = await checkCredentials(orgUrl, { kind: "token", token: checked.value }, ctx.out, ctx.deps.env);
      if (!check.ok) return check.problem;
      accepted = { token: checked.value, login: check.login };
      answers.facts.api = check.api;
      return true;
    },
  });
  const token = accepted?.token ?? secret;
  answers.set("apiToken", token);
  answers.facts.login = accepted?.login;
  ctx.out.success(`Signed in to ${orgUrl}${accepted?.login ? ` as ${accepted.login}` : ""}`);
}
