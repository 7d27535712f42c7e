import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { CTRL_C, ENTER, seq, type FakePrompter } from "../helpers/fake-prompter.js";
import { runCli, tempDir } from "../helpers/run-cli.js";
import { raw, startSandbox } from "../helpers/sandbox.js";
import { enterEverywhere } from "../helpers/wizard-script.js";
import type { ProvisionSettings } from "../../src/init/provision-settings.js";
import { desiredSpa } from "../../src/init/resources/spa-app.js";

interface WizardRun {
  code: number;
  stdout: string;
  stderr: string;
  cwd: string;
}

/** `main(argv)` in-process with a FakePrompter; stdin/stdout claim to be TTYs, so interactivity is decided as in a terminal. */
async function runWizard(argv: string[], prompter: FakePrompter, options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<WizardRun> {
  let stdout = "";
  let stderr = "";
  const stdin = Readable.from([]) as Readable & { isTTY?: boolean };
  stdin.isTTY = true;
  const cwd = options.cwd ?? tempDir("okta-om-wizard-");
  const env: Record<string, string | undefined> = { HOME: process.env.HOME, PATH: process.env.PATH, NO_COLOR: "1", LANG: "C.UTF-8", ...options.env };
  const code = await main(argv, {
    stdin,
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: true },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: true },
    env,
    cwd,
    prompter,
  });
  return { code, stdout, stderr, cwd };
}

const orgEnv = (sandbox: Sandbox) => ({ OKTA_OM_ORG_URL: sandbox.orgUrl, OKTA_OM_API_TOKEN: sandbox.apiToken });
const writes = (sandbox: Sandbox) => sandbox.requests.filter((r) => r.method !== "GET");

/** The CI command the run printed. */
function ciCommand(stderr: string): string {
  const line = stderr.split("\n").find((l) => l.trim().startsWith("okta-om-setup init ") && l.includes("--no-interactive"));
  if (!line) throw new Error(`no equivalent command in:\n${stderr}`);
  return line.trim();
}

/** A printed command line back into argv (it only uses single quotes). */
function argvOf(command: string): string[] {
  const words = command.match(/'(?:[^']|'\\'')*'|\S+/g) ?? [];
  return words.slice(1).map((w) => (w.startsWith("'") ? w.slice(1, -1).replace(/'\\''/g, "'") : w));
}

describe("init wizard against the sandbox", () => {
  // REAL-ORG.md "Features and plans": without API Access Management every custom server, `default`
  // included, answers E0000015; the org authorization server still signs users in.
  it("detects an org without API Access Management in its first reads and offers the org authorization server", async () => {
    const sandbox = await startSandbox({ apiAccessManagement: false });
    const prompter = enterEverywhere(sandbox, { scope: undefined, policyName: undefined, ruleName: undefined, serviceAppName: undefined, serviceKey: undefined, omBotJwtFile: ENTER });
    const run = await runWizard(["init"], prompter, { env: orgEnv(sandbox) });
    expect(run.code, run.stderr).toBe(0);
    prompter.assertAllAnswered();
    expect(run.stderr).toContain("This org has no API Access Management (Okta answered E0000015)");
    expect(run.stderr).not.toContain("--auth-server default");
    expect(prompter.question("authServer").choices?.map((c) => c.value)).toEqual(["org", "stop"]);
    expect(prompter.fields()).not.toContain("scope");
    expect(writes(sandbox).filter((r) => r.path.startsWith("/api/v1/authorizationServers") || r.path === "/oauth2/v1/clients")).toEqual([]);
    const command = ciCommand(run.stderr);
    expect(command).toContain("--auth-server org");
    expect(command).toContain("--no-service-app");
    const manifest = JSON.parse(readFileSync(join(run.cwd, "okta-om-setup", "okta-om-setup.json"), "utf8")) as { issuer: string };
    expect(manifest.issuer).toBe(sandbox.orgUrl);
  });

  it("asks in the guide's order with defaults, shows the plan, applies after yes and prints the CI command", async () => {
    const sandbox = await startSandbox();
    const prompter = enterEverywhere(sandbox);
    const run = await runWizard(["init"], prompter, { env: orgEnv(sandbox) });
    expect(run.code, run.stderr).toBe(0);
    prompter.assertAllAnswered();
    expect(prompter.fields()).toEqual([
      "omUrl",
      "omVersion",
      "appName",
      "redirectUris",
      "logoutUris",
      "baseUris",
      "access",
      "authServer",
      "scope",
      "policyName",
      "ruleName",
      "serviceAppName",
      "serviceKey",
      "botEmail",
      "adminPrincipals",
      "principalDomain",
      "deployFiles",
      "helmChartVersion",
      "outDir",
      "applyPlan",
      "runDoctor",
    ]);
    const q = (field: string) => prompter.question(field);
    expect(q("omVersion").message).toBe(`OpenMetadata version (the server at ${sandbox.openMetadataUrl} reports 1.2.5):`);
    expect(q("omVersion").default).toBe("1.2.5");
    expect(q("redirectUris").default).toBe(`${sandbox.openMetadataUrl}/callback, ${sandbox.openMetadataUrl}/silent-callback`);
    expect(q("baseUris").default).toBe(sandbox.orgUrl);
    expect(q("authServer").choices?.map((c) => c.name)).toEqual(['Create a new one named "OpenMetadata"', "Use the org's default server"]);
    expect(q("serviceKey").choices?.map((c) => c.value)).toEqual(["generate", "file"]);
    expect(q("botEmail").default).toBe("ingestion-bot@sandbox.example");
    expect(q("adminPrincipals").default).toBe("admin");
    expect(q("principalDomain").default).toBe("sandbox.example");
    expect(q("deployFiles").default).toEqual(["docker", "bare-metal", "helm"]);
    // VERSIONS.md (Helm table, charts.tsv): chart 1.2.8 is the one that ships OpenMetadata 1.2.5. Taken
    // as offered, it stays out of the CI command, which derives the same chart from --om-version.
    expect(q("helmChartVersion").default).toBe("1.2.8");
    expect(q("outDir").default).toBe("./okta-om-setup");
    expect(q("applyPlan")).toMatchObject({ message: "Apply this plan?", default: false });

    // The plan came before the question, and the objects after it.
    const planAt = run.stderr.indexOf(`Plan for ${sandbox.orgUrl}:`);
    expect(planAt).toBeGreaterThan(0);
    expect(run.stderr).toContain('+ create    single-page app "OpenMetadata"');
    expect(run.stderr).toMatch(/\+ write {5}file .*workflowConfig\.yaml {2}mode 0600, holds the private key/);
    expect(run.stderr).toContain("Okta: 12 to create, 0 to update, 0 to adopt. Files: 4 to write.");
    expect(run.stderr.indexOf('created   single-page app "OpenMetadata"')).toBeGreaterThan(planAt);

    const command = ciCommand(run.stderr);
    expect(command).toBe(
      `okta-om-setup init --org-url ${sandbox.orgUrl} --om-url ${sandbox.openMetadataUrl} --om-version 1.2.5 ` +
        `--redirect-uri ${sandbox.openMetadataUrl}/callback --redirect-uri ${sandbox.openMetadataUrl}/silent-callback ` +
        `--logout-uri ${sandbox.openMetadataUrl} --base-uri ${sandbox.orgUrl} --access everyone --admin-principals admin ` +
        `--principal-domain sandbox.example --bot-email ingestion-bot@sandbox.example --app-name OpenMetadata --auth-server OpenMetadata ` +
        `--scope openmetadata --policy-name OpenMetadata --rule-name 'OpenMetadata rule' --service-app-name 'OpenMetadata Ingestion Bot' ` +
        `--out-dir ./okta-om-setup --deploy-files docker,bare-metal,helm --no-interactive --yes`,
    );
    expect(run.stderr).not.toContain(sandbox.apiToken);

    // The printed command, run headless against the same org and out-dir, changes nothing.
    sandbox.requests.length = 0;
    const again = await runCli(argvOf(command), { sandbox, cwd: run.cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(writes(sandbox)).toEqual([]);
    expect(again.stderr).toContain("0 created, 0 updated, 0 adopted");
  });

  it("asks again after an invalid answer, showing the flag's own error", async () => {
    const sandbox = await startSandbox();
    const prompter = enterEverywhere(sandbox, {
      omUrl: seq("localhost:8585", sandbox.openMetadataUrl),
      botEmail: seq("not-an-email", "bot@example.com"),
      scope: seq("okta.users.read", "openmetadata"),
      applyPlan: false,
    });
    const run = await runWizard(["init"], prompter, { env: orgEnv(sandbox) });
    expect(prompter.question("omUrl").errors).toEqual(['"localhost:8585" must start with http:// or https://']);
    expect(prompter.question("botEmail").errors).toEqual(['"not-an-email" is not a valid email address; e.g. ingestion-bot@example.com']);
    expect(prompter.question("scope").errors).toEqual(['"okta.users.read": okta.* scopes belong to the Okta API and cannot be custom scopes; e.g. openmetadata']);
    // The Okta admin's domain (admin@sandbox.example), not the bot's: admins are name@that-domain.
    expect(prompter.question("principalDomain").default).toBe("sandbox.example");
    expect(run.code).toBe(130);
  });

  it("asks for the org URL and a masked token, checks both live and shows Okta's error in place", async () => {
    const sandbox = await startSandbox();
    const prompter = enterEverywhere(sandbox, {
      orgUrl: seq("https://dev-123-admin.okta.com", "http://127.0.0.1:9", sandbox.orgUrl),
      apiToken: seq("00wrongwrongwrongwrongwrongwrongwrongwrong", sandbox.apiToken),
      applyPlan: false,
    });
    const run = await runWizard(["init"], prompter);
    const org = prompter.question("orgUrl");
    expect(org.default).toBeUndefined();
    expect(org.errors[0]).toMatch(/Admin Console URL, not the org URL; use https:\/\/dev-123\.okta\.com/);
    expect(org.errors[1]).toBe("Cannot reach http://127.0.0.1:9: the connection was refused. Check the URL (and HTTPS_PROXY if you need a proxy).");
    const token = prompter.question("apiToken");
    expect(token.kind).toBe("password");
    expect(token.errors).toHaveLength(1);
    expect(token.errors[0]).toMatch(/^Okta answered 401 E0000011 to GET \/api\/v1\/users\/me: Invalid token provided/);
    expect(run.stderr).toContain(`Signed in to ${sandbox.orgUrl} as admin@sandbox.example`);
    expect(prompter.fields().slice(0, 3)).toEqual(["orgUrl", "apiToken", "omUrl"]);
    expect(run.stderr).not.toContain(sandbox.apiToken);
    expect(run.stderr).toContain("export OKTA_OM_API_TOKEN=...");
  });

  it("Ctrl-C at a prompt exits 130, writes nothing anywhere and says how to resume", async () => {
    const sandbox = await startSandbox();
    const prompter = enterEverywhere(sandbox, { policyName: CTRL_C });
    const run = await runWizard(["init"], prompter, { env: orgEnv(sandbox) });
    expect(run.code).toBe(130);
    expect(writes(sandbox)).toEqual([]);
    expect(readdirSync(run.cwd)).toEqual([]);
    expect(run.stderr).toContain("Cancelled; nothing was changed in Okta or on disk.");
    expect(run.stderr).toMatch(/To continue where you stopped.*\n\s+okta-om-setup init --org-url \S+ --om-url \S+ --om-version 1\.2\.5 .*--scope openmetadata\n/);
    expect(run.stderr).not.toMatch(/--policy-name|--no-interactive/);
  });

  it("declining the plan exits 130 with nothing written", async () => {
    const sandbox = await startSandbox();
    const run = await runWizard(["init"], enterEverywhere(sandbox, { applyPlan: false }), { env: orgEnv(sandbox) });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain("Not applied; nothing was changed in Okta or on disk.");
    expect(writes(sandbox)).toEqual([]);
    expect(existsSync(join(run.cwd, "okta-om-setup"))).toBe(false);
  });

  it("--yes skips only the plan confirmation; flags and env are never asked", async () => {
    const sandbox = await startSandbox();
    const prompter = enterEverywhere(sandbox, { omUrl: undefined, omVersion: undefined, botEmail: undefined, applyPlan: undefined });
    const flags = ["--om-url", sandbox.openMetadataUrl, "--om-version", "1.2.5", "--bot-email", "bot@example.com"];
    const run = await runWizard(["init", "--yes", ...flags], prompter, { env: orgEnv(sandbox) });
    expect(run.code, run.stderr).toBe(0);
    prompter.assertAllAnswered();
    expect(prompter.fields()).not.toContain("applyPlan");
    expect(run.stderr).toContain("--yes: applying without asking.");
  });

  it("headless with missing input lists every missing flag and env var at once (exit 2)", async () => {
    const run = await runCli(["init"], { env: { CI: "true" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--org-url (env OKTA_OM_ORG_URL)");
    expect(run.stderr).toContain("--api-token-stdin (env OKTA_OM_API_TOKEN)");
    expect(run.stderr).toContain("--bot-email (env OKTA_OM_BOT_EMAIL)");
  });

  it("lists the org's servers, and lets the user pick one of several same-named apps by id", async () => {
    const sandbox = await startSandbox();
    // Okta refuses two active apps with one label; an old deactivated one is how duplicates happen.
    const spaIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      spaIds.push(String((await raw(sandbox, "POST", "/api/v1/apps", desiredSpa(theirSettings))).json.id));
      if (i === 0) expect((await raw(sandbox, "POST", `/api/v1/apps/${spaIds[0]}/lifecycle/deactivate`)).status).toBe(200);
    }
    const analytics = String((await raw(sandbox, "POST", "/api/v1/authorizationServers", { name: "Analytics", description: "BI", audiences: ["api://bi"] })).json.id);

    const prompter = enterEverywhere(sandbox, { authServer: `id:${analytics}`, existingSpaApp: `id:${spaIds[1]}` });
    const run = await runWizard(["init"], prompter, { env: orgEnv(sandbox) });
    expect(run.code, run.stderr).toBe(0);
    prompter.assertAllAnswered();
    expect(prompter.question("authServer").choices?.map((c) => c.name)).toEqual([
      'Create a new one named "OpenMetadata"',
      "Use the org's default server",
      `Use "Analytics" (${analytics})`,
    ]);
    const spa = prompter.question("existingSpaApp");
    expect(spa.message).toBe('Several single-page apps are named "OpenMetadata". Which one should OpenMetadata use?');
    expect(spa.choices?.map((c) => c.value)).toEqual([...spaIds.map((id) => `id:${id}`), "rename", "stop"]);
    // The picked app and server are updated (not created), and the plan said so.
    expect(run.stderr).toContain(`~ update    single-page app "OpenMetadata"  (${spaIds[1]}); fields:`);
    expect(run.stderr).toContain(`~ update    authorization server "Analytics"  (${analytics}); fields: audiences`);
    const manifest = JSON.parse(readFileSync(join(run.cwd, "okta-om-setup", "okta-om-setup.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ spaAppId: spaIds[1], authServerId: analytics });
  });

  it("asks before adopting an existing object found by name, and can create a renamed one instead", async () => {
    const sandbox = await startSandbox();
    const theirs = String((await raw(sandbox, "POST", "/api/v1/apps", desiredSpa(theirSettings))).json.id);

    const prompter = enterEverywhere(sandbox, { existingSpaApp: "rename", appName: seq(ENTER, "OpenMetadata", "OpenMetadata SSO") });
    const run = await runWizard(["init"], prompter, { env: orgEnv(sandbox) });
    expect(run.code, run.stderr).toBe(0);
    const question = prompter.question("existingSpaApp");
    expect(question.message).toMatch(/^A single-page app named "OpenMetadata" already exists \(\w+ \(active, created \d{4}-\d\d-\d\d\)\) and was not set up from this directory\. Use it\?$/);
    expect(question.choices?.map((c) => c.value)).toEqual(["adopt", "rename", "stop"]);
    expect(prompter.asked.filter((q) => q.field === "appName")[1]?.errors).toEqual(['A single-page app named "OpenMetadata" exists already; choose another name.']);
    expect(run.stderr).toContain('+ create    single-page app "OpenMetadata SSO"');
    expect(ciCommand(run.stderr)).toContain("--app-name 'OpenMetadata SSO'");
    expect(sandbox.state.apps[theirs]?.label).toBe("OpenMetadata");
  });
});

/** Someone else's app, made like ours (so it matches by label and type). */
const theirSettings = { appName: "OpenMetadata", redirectUris: ["https://x.example.com/callback"], logoutUris: ["https://x.example.com"] } as ProvisionSettings;

describe("init wizard reruns and --sandbox", () => {
  it("a second wizard run in the same directory finds everything by id: nothing to change, no confirmation asked", async () => {
    const sandbox = await startSandbox();
    const first = await runWizard(["init"], enterEverywhere(sandbox), { env: orgEnv(sandbox) });
    expect(first.code, first.stderr).toBe(0);
    sandbox.requests.length = 0;
    const prompter = enterEverywhere(sandbox, { applyPlan: undefined });
    const again = await runWizard(["init"], prompter, { env: orgEnv(sandbox), cwd: first.cwd });
    expect(again.code, again.stderr).toBe(0);
    prompter.assertAllAnswered();
    expect(prompter.question("authServer").default).toMatch(/^id:aus/);
    expect(prompter.question("serviceKey").choices?.map((c) => c.value)).toEqual(["keep", "file"]);
    expect(again.stderr).toContain("Nothing to change: the org and the files already match.");
    expect(writes(sandbox)).toEqual([]);
  });

  it("offers doctor at the end (OpenMetadata reachable: default yes) and runs it on what was set up", async () => {
    const sandbox = await startSandbox();
    const prompter = enterEverywhere(sandbox, { runDoctor: ENTER });
    const run = await runWizard(["init"], prompter, { env: orgEnv(sandbox) });
    expect(prompter.question("runDoctor")).toMatchObject({ message: "Run doctor now to check the setup end to end?", default: true });
    expect(run.stderr).toContain("Okta admin API token is valid (admin-token)");
    expect(run.stderr).toContain("Okta issues a token to the request OpenMetadata sends (live-token)");
    // The stand-in OpenMetadata still runs without the new config, so its own checks fail: doctor's exit code.
    expect(run.code).toBe(3);
  });

  it("from OpenMetadata 1.3.2 asks public or confidential right after the version; confidential creates the web app and goes into the CI command", async () => {
    // VERSIONS.md "Confidential": AUTHENTICATION_CLIENT_TYPE exists from 1.3.2 (the 1.2.5 run above is not asked).
    const sandbox = await startSandbox();
    sandbox.state.openMetadata.version = "1.5.0";
    // 1.5.0 ingests with the bot's JWT (no service app); the web app's one redirect is {om}/callback (not asked).
    const prompter = enterEverywhere(sandbox, { clientType: "confidential", omAdminToken: ENTER, omAdminEmail: ENTER, serviceApp: false, serviceAppName: undefined, serviceKey: undefined, omBotJwtFile: ENTER, redirectUris: undefined });
    const run = await runWizard(["init"], prompter, { env: orgEnv(sandbox) });
    expect(run.code, run.stderr).toBe(0);
    prompter.assertAllAnswered();
    expect(prompter.fields().slice(0, 3)).toEqual(["omUrl", "omVersion", "clientType"]);
    const q = prompter.question("clientType");
    expect(q.default).toBe("public");
    expect(q.choices?.map((c) => c.value)).toEqual(["public", "confidential"]);
    expect(run.stderr).toContain("4. Sign-in app (Okta web app with a client secret)");
    expect(run.stderr).toContain('+ create    web app "OpenMetadata (server sign-in)"');
    expect(ciCommand(run.stderr)).toContain("--client-type confidential");
    expect(Object.values(sandbox.state.apps).map((a) => (a.settings as { oauthClient?: { application_type?: string } }).oauthClient?.application_type)).toContain("web");
  });

  it("--sandbox asks nothing by default (the one-command demo)", async () => {
    const prompter = enterEverywhere({ openMetadataUrl: ENTER } as unknown as Sandbox, {});
    const run = await runWizard(["init", "--sandbox"], prompter);
    expect(run.code, run.stderr).toBe(0);
    expect(prompter.fields()).toEqual([]);
  });

  it("--sandbox --interactive skips the org, credential and out-dir questions and offers the sandbox's OpenMetadata", async () => {
    const prompter = enterEverywhere({ openMetadataUrl: ENTER } as unknown as Sandbox, { outDir: undefined, runDoctor: undefined });
    const run = await runWizard(["init", "--sandbox", "--interactive"], prompter);
    expect(run.code, run.stderr).toBe(0);
    prompter.assertAllAnswered();
    expect(prompter.fields()).not.toContain("orgUrl");
    expect(prompter.fields()).not.toContain("apiToken");
    expect(prompter.question("omUrl").default).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/openmetadata$/);
    expect(prompter.question("botEmail").default).toBe("ingestion-bot@sandbox.example");
    expect(ciCommand(run.stderr)).toMatch(/ --sandbox --no-interactive --yes$/);
  });
});
