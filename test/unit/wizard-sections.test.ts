import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CancelledError } from "../../src/errors.js";
import { resolveInitOptions, type ResolvedInit } from "../../src/options/init-options.js";
import { Output } from "../../src/output/output.js";
import { askAuthServer } from "../../src/wizard/ask-auth-server.js";
import { askBot } from "../../src/wizard/ask-bot.js";
import { askFiles } from "../../src/wizard/ask-files.js";
import { askOpenMetadata } from "../../src/wizard/ask-openmetadata.js";
import { askServiceApp } from "../../src/wizard/ask-service-app.js";
import { askSpa } from "../../src/wizard/ask-spa.js";
import { runInitWizard } from "../../src/wizard/init-wizard.js";
import { Secret } from "../../src/secret.js";
import { WizardAnswers, type WizardContext } from "../../src/wizard/wizard-answers.js";
import { CTRL_C, ENTER, FakePrompter, seq } from "../helpers/fake-prompter.js";
import { tempDir } from "../helpers/run-cli.js";

// Nothing listens on port 9 (discard): OpenMetadata version detection fails at once, offline.
const UNREACHABLE_OM = "http://127.0.0.1:9";

async function setup(flags: Record<string, unknown>, script: ConstructorParameters<typeof FakePrompter>[0], env: Record<string, string> = {}) {
  const cwd = tempDir("okta-om-wizard-unit-");
  const resolved: ResolvedInit = await resolveInitOptions({ flags, env, cwd });
  let stderr = "";
  const out = new Output({ stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, env: { NO_COLOR: "1" } });
  const prompter = new FakePrompter(script);
  const ctx: WizardContext = { prompter, out, deps: { stdin: process.stdin, stdout: { write: () => true }, stderr: { write: () => true }, env, cwd } };
  const answers = new WizardAnswers(resolved, cwd);
  const titles: string[] = [];
  return { answers, ctx, prompter, cwd, stderr: () => stderr, section: (t: string) => void (titles.includes(t) || titles.push(t)), titles };
}

describe("wizard sections (FakePrompter, answered by field)", () => {
  it("OpenMetadata: an unreachable server is asked for its line (the known ones offered), then the exact version", async () => {
    const t = await setup({}, { omUrl: UNREACHABLE_OM, omVersionLine: "1.3.4", omVersion: seq("1.3.", "1.3.1") });
    await askOpenMetadata(t.answers, t.ctx, t.section);
    expect(t.prompter.question("omUrl")).toMatchObject({ message: "OpenMetadata URL (what users open in the browser):", default: "http://localhost:8585" });
    const lines = t.prompter.question("omVersionLine").choices?.map((c) => c.name);
    expect(lines?.slice(0, 3)).toEqual(["2.0.x", "1.13.x", "1.12.x"]);
    expect(lines).toContain("0.13.x");
    expect(lines?.at(-1)).toBe("another version (type it)");
    expect(t.prompter.question("omVersion")).toMatchObject({ message: "OpenMetadata server version (exactly, as Settings > About shows it):", default: "1.3.4", errors: ['"1.3." is not an OpenMetadata version; give one like 1.2.5, 0.13.2 or 1.5.0'] });
    expect(t.stderr()).toContain("From 1.3 ingestion uses the ingestion-bot's OpenMetadata JWT, so no service app is needed.");
    expect(t.answers.options).toMatchObject({ omUrl: UNREACHABLE_OM, omVersion: "1.3.1" });
    expect(t.answers.sources).toMatchObject({ omUrl: "wizard", omVersion: "wizard" });
    expect(t.titles).toEqual(["3. OpenMetadata"]);
  });

  it("OpenMetadata: 'another version' offers no default (no silent guess); a version remembered in the out-dir skips the line list", async () => {
    const typed = await setup({}, { omUrl: UNREACHABLE_OM, omVersionLine: "", omVersion: "0.12.1" });
    await askOpenMetadata(typed.answers, typed.ctx, typed.section);
    expect(typed.prompter.question("omVersion").default).toBeUndefined();
    expect(typed.answers.options.omVersion).toBe("0.12.1");

    const outDir = join(tempDir("okta-om-wizard-unit-"), "setup");
    mkdirSync(outDir);
    writeFileSync(join(outDir, "okta-om-setup.json"), JSON.stringify({ schemaVersion: 1, omVersion: "1.9.4" }));
    // 1.9.4 is past 1.3.2, so the sign-in kind (issue 14) follows the version.
    const again = await setup({ outDir }, { omUrl: UNREACHABLE_OM, omVersion: ENTER, clientType: ENTER });
    await askOpenMetadata(again.answers, again.ctx, again.section);
    expect(again.prompter.fields()).toEqual(["omUrl", "omVersion", "clientType"]);
    expect(again.prompter.question("omVersion").default).toBe("1.9.4");
  });

  it("sign-in app: URI defaults follow the answered OpenMetadata URL; groups are asked by id and checked", async () => {
    const t = await setup({ omUrl: "https://om.example.com/base" }, {
      appName: ENTER,
      redirectUris: ENTER,
      logoutUris: ENTER,
      baseUris: seq("https://om.example.com/base", ENTER),
      access: "groups",
      accessGroups: seq("00g-1", "00gAbc, 00gDef"),
    });
    await askSpa(t.answers, t.ctx, t.section);
    expect(t.prompter.question("redirectUris").default).toBe("https://om.example.com/base/callback, https://om.example.com/base/silent-callback");
    expect(t.prompter.question("logoutUris").default).toBe("https://om.example.com/base");
    expect(t.prompter.question("baseUris")).toMatchObject({ default: "https://om.example.com", errors: ['"https://om.example.com/base" must be an origin, without a path; use https://om.example.com'] });
    expect(t.prompter.question("access").choices?.map((c) => c.value)).toEqual(["everyone", "groups", "none"]);
    expect(t.prompter.question("accessGroups").errors).toEqual(['"00g-1" is not a group id; Okta group ids look like 00g1abcd2EFGH3ijk4l5']);
    expect(t.answers.options.access).toEqual({ kind: "groups", groupIds: ["00gAbc", "00gDef"] });
    expect(t.answers.options.redirectUris).toEqual(["https://om.example.com/base/callback", "https://om.example.com/base/silent-callback"]);
  });

  it("authorization server without an org client: create (default) or the default server; then scope, policy, rule", async () => {
    const t = await setup({}, { authServer: "default", scope: ENTER, policyName: "OM policy", ruleName: ENTER });
    await askAuthServer(t.answers, t.ctx, t.section);
    const q = t.prompter.question("authServer");
    expect(q.default).toBe("new");
    expect(q.choices?.map((c) => c.value)).toEqual(["new", "default"]);
    expect(t.answers.options).toMatchObject({ authServer: "default", scope: "openmetadata", policyName: "OM policy", ruleName: "OpenMetadata rule" });
    expect(t.titles).toEqual(["5. Authorization server", "6. Scope, access policy and rule"]);
  });

  it("service app: 1.3+ asks whether to create it anyway (default no), then the bot JWT file, checked", async () => {
    const t = await setup({ omVersion: "1.5.0" }, { serviceApp: ENTER, omBotJwtFile: seq("missing.jwt", "bot.jwt") });
    writeFileSync(join(t.cwd, "bot.jwt"), "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2ln\n");
    await askServiceApp(t.answers, t.ctx, t.section);
    expect(t.prompter.question("serviceApp")).toMatchObject({ kind: "confirm", default: false, message: "OpenMetadata 1.5.0 ingests with the ingestion-bot's JWT, not with Okta. Create the Okta service app anyway?" });
    expect(t.prompter.question("omBotJwtFile").errors[0]).toMatch(/^--om-bot-jwt-file .*missing\.jwt: cannot read it \(ENOENT\)\.$/);
    expect(t.answers.options).toMatchObject({ serviceApp: false, omBotJwtFile: join(t.cwd, "bot.jwt") });
  });

  it("service app: key from a file is loaded to validate it; a bad file shows why", async () => {
    const t = await setup({ omVersion: "1.2.5" }, { serviceAppName: ENTER, serviceKey: "file", keyFile: seq("nope.pem", "keys/key.json") });
    mkdirSync(join(t.cwd, "keys"));
    const { generateServiceKeyPair } = await import("../../src/keys/key-pair.js");
    writeFileSync(join(t.cwd, "keys", "key.json"), (await generateServiceKeyPair()).privateJwk.reveal());
    await askServiceApp(t.answers, t.ctx, t.section);
    expect(t.prompter.question("serviceKey").choices?.map((c) => c.name)).toEqual(["Generate a new RSA-2048 key", "Use an existing key file (JWK or PEM)"]);
    expect(t.prompter.question("keyFile").errors[0]).toMatch(/nope\.pem/);
    expect(t.answers.options.keyFile).toBe(join(t.cwd, "keys", "key.json"));
    expect(t.answers.sources.keyFile).toBe("wizard");
  });

  it("identities: the bot email, the admin and the domain default from the admin's login (GET /api/v1/users/me)", async () => {
    const t = await setup({}, { botEmail: ENTER, adminPrincipals: seq("jane@corp.example", ENTER), principalDomain: ENTER });
    t.answers.facts.login = "jane.doe@corp.example";
    await askBot(t.answers, t.ctx, t.section);
    expect(t.prompter.question("botEmail").default).toBe("ingestion-bot@corp.example");
    expect(t.prompter.question("adminPrincipals")).toMatchObject({
      default: "jane.doe",
      errors: ['"jane@corp.example" includes a domain; give the name part only (jane) and the domain with --principal-domain'],
    });
    expect(t.answers.options).toMatchObject({ botEmail: "ingestion-bot@corp.example", adminPrincipals: ["jane.doe"], principalDomain: "corp.example" });
  });

  it("identities without the admin's login: the admin default stays OpenMetadata's 'admin', the domain follows the bot email", async () => {
    const t = await setup({ botEmail: "bot@Data.Example" }, { adminPrincipals: ENTER, principalDomain: ENTER });
    await askBot(t.answers, t.ctx, t.section);
    expect(t.prompter.question("adminPrincipals").default).toBe("admin");
    expect(t.prompter.question("principalDomain").default).toBe("data.example");
    expect(t.answers.options).toMatchObject({ adminPrincipals: ["admin"], principalDomain: "data.example" });
  });

  it("files: a checkbox pre-checked with every layout, and an out-dir that must not hold another org", async () => {
    const t = await setup({ orgUrl: "https://dev-1.okta.com" }, { deployFiles: ["helm"], outDir: seq("other", "mine") });
    mkdirSync(join(t.cwd, "other"));
    writeFileSync(join(t.cwd, "other", "okta-om-setup.json"), JSON.stringify({ schemaVersion: 1, orgUrl: "https://dev-2.okta.com" }));
    await askFiles(t.answers, t.ctx, t.section);
    expect(t.prompter.question("deployFiles")).toMatchObject({ kind: "checkbox", default: ["docker", "bare-metal", "helm"] });
    expect(t.prompter.question("outDir")).toMatchObject({ default: "./okta-om-setup" });
    expect(t.prompter.question("outDir").errors).toEqual([`${join(t.cwd, "other")} holds the setup of another org (https://dev-2.okta.com); use a separate directory per org.`]);
    expect(t.answers.options).toMatchObject({ deployFiles: ["helm"], outDir: join(t.cwd, "mine") });
  });

  it("files: with Helm values, the chart is asked (default: the chart for the version); one too old for it is refused", async () => {
    // VERSIONS.md (Helm table): chart 1.1.0 ships OpenMetadata 1.0.5; 1.3.0 is the chart for 1.3.0.
    const t = await setup({ omVersion: "1.3.0", outDir: "out" }, { deployFiles: ["helm"], helmChartVersion: seq("latest", "1.1.0", "1.3.2") });
    await askFiles(t.answers, t.ctx, t.section);
    expect(t.prompter.question("helmChartVersion")).toMatchObject({
      message: "open-metadata/openmetadata Helm chart version you deploy with (helm list shows openmetadata-<version>; the chart for 1.3.0 is 1.3.0):",
      default: "1.3.0",
    });
    expect(t.prompter.question("helmChartVersion").errors).toEqual([
      expect.stringMatching(/^"latest" is not a Helm chart version/),
      "chart 1.1.0 ships OpenMetadata 1.0.5, older than the 1.3.0 it must serve. Use e.g. 1.3.0, the chart for 1.3.0.",
    ]);
    expect(t.answers.options.helmChartVersion).toBe("1.3.2");
    expect(t.answers.sources.helmChartVersion).toBe("wizard");

    const offered = await setup({ omVersion: "1.3.0", outDir: "out" }, { deployFiles: ENTER, helmChartVersion: ENTER });
    await askFiles(offered.answers, offered.ctx, offered.section);
    expect(offered.answers.options.helmChartVersion).toBeUndefined();

    const noHelm = await setup({ omVersion: "1.3.0", outDir: "out" }, { deployFiles: ["docker"] });
    await askFiles(noHelm.answers, noHelm.ctx, noHelm.section);
    expect(noHelm.prompter.fields()).toEqual(["deployFiles"]);
  });

  it("a question the script did not expect fails the test, naming the field and message", async () => {
    const t = await setup({}, {});
    await expect(askSpa(t.answers, t.ctx, t.section)).rejects.toThrow('unexpected question "appName" (input): Label of the sign-in app in Okta:');
  });

  it("asks nothing that flags or env gave", async () => {
    const flags = {
      omUrl: UNREACHABLE_OM,
      omVersion: "1.2.5",
      appName: "OM",
      access: "none",
      authServer: "default",
      scope: "om",
      policyName: "p",
      ruleName: "r",
      serviceAppName: "bot",
      keyFile: undefined,
      botEmail: "bot@example.com",
      adminPrincipals: "admin",
      deployFiles: "none",
    };
    const t = await setup(flags, { serviceKey: ENTER }, { OKTA_OM_REDIRECT_URIS: `${UNREACHABLE_OM}/cb`, OKTA_OM_LOGOUT_URIS: UNREACHABLE_OM, OKTA_OM_BASE_URIS: UNREACHABLE_OM, OKTA_OM_PRINCIPAL_DOMAIN: "example.com", OKTA_OM_OUT_DIR: "out" });
    for (const ask of [askOpenMetadata, askSpa, askAuthServer, askServiceApp, askBot, askFiles]) await ask(t.answers, t.ctx, t.section);
    expect(t.prompter.fields()).toEqual(["serviceKey"]);
  });

  it("Ctrl-C: CancelledError (exit 130) whose hint resumes with the answers so far, never the token", async () => {
    const t = await setup({ sandbox: true }, { omUrl: UNREACHABLE_OM, omVersionLine: "1.2.5", omVersion: ENTER, appName: "My OM", redirectUris: CTRL_C });
    const cancelled = await runInitWizard(t.answers.toResolved(), { ...t.ctx, session: fakeSession() }).catch((e: unknown) => e);
    expect(cancelled).toBeInstanceOf(CancelledError);
    const c = cancelled as CancelledError;
    expect(c.exitCode).toBe(130);
    expect(c.message).toBe("Cancelled; nothing was changed in Okta or on disk.");
    expect(c.hint).toContain(`okta-om-setup init --om-url ${UNREACHABLE_OM} --om-version 1.2.5 --app-name 'My OM' --sandbox`);
    expect(c.hint).not.toContain("--no-interactive");
  });
});

/** A sandbox session whose org does not answer: the wizard then skips the org questions and the live lists. */
function fakeSession() {
  return {
    orgUrl: "http://127.0.0.1:9",
    apiToken: new Secret("00unused"),
    openMetadataUrl: UNREACHABLE_OM,
    deployOpenMetadata: () => Promise.resolve(),
    close: () => Promise.resolve(),
  } as unknown as WizardContext["session"];
}
