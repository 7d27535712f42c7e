import { generateKeyPairSync } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { runCli, tempDir, type CliRun } from "../helpers/run-cli.js";

// Built from parts so secret scanners do not mistake this garbage for a committed key.
const PEM_BEGIN = ["-----BEGIN", "PRIVATE KEY-----"].join(" ");
const PEM_END = ["-----END", "PRIVATE KEY-----"].join(" ");

const TOKEN = "00" + "b".repeat(40);

let sandbox: Sandbox;
let files: string;

beforeAll(async () => {
  // One org for every case: none of them may send it a single request.
  sandbox = await createSandbox();
  files = tempDir("okta-om-inputs-");
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" });
  await writeFile(join(files, "ec.pem"), ec, { mode: 0o600 });
  await writeFile(join(files, "garbage.pem"), `${PEM_BEGIN}\nnot base64 at all\n${PEM_END}\n`, { mode: 0o600 });
  await writeFile(join(files, "broken.yaml"), "appName: [unclosed\n  - x: : y\n");
  await writeFile(join(files, "wrong-type.yaml"), "redirectUris: 42\nnoSuchOption: 1\n");
});
afterAll(() => sandbox.close());

/** init with everything valid except what `override` replaces; `argv` entries set to undefined are dropped. */
async function init(overrides: Record<string, string | undefined>, env: Record<string, string | undefined> = { OKTA_OM_API_TOKEN: TOKEN }, stdin?: string): Promise<{ run: CliRun; out: string }> {
  const out = join(tempDir(), "out");
  const flags: Record<string, string | undefined> = {
    "--org-url": sandbox.orgUrl,
    "--bot-email": "bot@example.com",
    "--om-version": "1.2.5",
    "--out-dir": out,
    ...overrides,
  };
  const argv = ["init", "--no-interactive", "--yes", ...Object.entries(flags).flatMap(([flag, value]) => (value === undefined ? [] : value === "" ? [flag] : [flag, value]))];
  sandbox.requests.length = 0;
  const run = await runCli(argv, { env, stdin });
  return { run, out };
}

/** Exit 2, every named flag in the message, no request to Okta, and no file written. */
function expectRefused({ run, out }: { run: CliRun; out: string }, ...named: (string | RegExp)[]): void {
  expect(run.code, run.stderr).toBe(2);
  for (const what of named) {
    if (typeof what === "string") expect(run.stderr).toContain(what);
    else expect(run.stderr).toMatch(what);
  }
  expect(sandbox.requests).toEqual([]);
  expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  expect(run.stdout).toBe("");
}

describe("bad input: exit 2, names the flag, creates and writes nothing", () => {
  it.each([
    ["not a URL", "not a url", /--org-url: "not a url" is not a URL/],
    ["no scheme", "dev-123.okta.com", /--org-url: "dev-123.okta.com" has no scheme; use https:\/\/dev-123\.okta\.com/],
    ["the -admin host", "https://dev-123-admin.okta.com", /--org-url: .*Admin Console URL.*use https:\/\/dev-123\.okta\.com/],
    ["http on a non-loopback host", "http://dev-123.okta.com", /--org-url: must use https/],
    ["a path", "https://dev-123.okta.com/oauth2/default", /--org-url: .*authorization server URL/],
    ["ftp", "ftp://dev-123.okta.com", /--org-url: must be an https:\/\/ URL/],
  ])("an org URL that is %s", async (_what, url, message) => {
    expectRefused(await init({ "--org-url": url }), message);
  });

  it("the org URL from the environment is named by its variable", async () => {
    expectRefused(await init({ "--org-url": undefined }, { OKTA_OM_API_TOKEN: TOKEN, OKTA_OM_ORG_URL: "https://x-admin.okta.com" }), /OKTA_OM_ORG_URL.*Admin Console URL/);
  });

  it("a missing token, named with its flag and env var", async () => {
    expectRefused(await init({}, {}), "--api-token-stdin", "OKTA_OM_API_TOKEN");
  });

  it("everything missing is listed at once", async () => {
    const result = await init({ "--org-url": undefined, "--bot-email": undefined }, {});
    expectRefused(result, "--org-url", "--api-token-stdin", "--bot-email");
    expect(result.run.stderr).toMatch(/Missing required input \(not running interactively\)/);
  });

  it.each([
    ["with the SSWS prefix", `SSWS ${TOKEN}`, /starts with "SSWS "/],
    ["with whitespace", "00abc def0123456789012345", /contains whitespace/],
    ["too short", "00abc", /is 5 characters long/],
    ["with quotes", `"${TOKEN}"`, /characters an Okta API token never has/],
  ])("a malformed token (%s), without echoing it", async (_what, token, message) => {
    const result = await init({}, { OKTA_OM_API_TOKEN: token });
    expectRefused(result, "OKTA_OM_API_TOKEN", message);
    expect(result.run.stderr).not.toContain(token.replace(/^SSWS /, "").replace(/"/g, ""));
  });

  it("an empty --api-token-stdin", async () => {
    expectRefused(await init({ "--api-token-stdin": "" }, {}, ""), "--api-token-stdin");
  });

  it.each([
    ["not a URL", "callback", /--redirect-uri: "callback" is not an absolute URL/],
    ["another scheme", "ftp://om.example.com/cb", /--redirect-uri: "ftp:\/\/om.example.com\/cb" must start with http:\/\/ or https:\/\//],
    ["with a fragment", "https://om.example.com/cb#x", /--redirect-uri: .*must not contain a fragment/],
  ])("a redirect URI that is %s", async (_what, uri, message) => {
    expectRefused(await init({ "--redirect-uri": uri }), message);
  });

  it("a key file that does not exist", async () => {
    expectRefused(await init({ "--key-file": join(files, "missing.pem") }), /--key-file: .*missing\.pem/);
  });

  // A key file the user may not read: test/e2e/unreadable-inputs.test.ts (as nobody, since CI is root).

  it("a key file that is not RSA", async () => {
    expectRefused(await init({ "--key-file": join(files, "ec.pem") }), "--key-file", /RSA/);
  });

  it("a key file that is not a key", async () => {
    expectRefused(await init({ "--key-file": join(files, "garbage.pem") }), "--key-file");
  });

  it("a config file that is not YAML", async () => {
    expectRefused(await init({ "--config": join(files, "broken.yaml") }), "broken.yaml");
  });

  it("a config file with a wrong value names the file and the key", async () => {
    expectRefused(await init({ "--config": join(files, "wrong-type.yaml") }), /wrong-type\.yaml/, /redirectUris|redirect-uri/);
  });

  it("a config file that does not exist", async () => {
    expectRefused(await init({ "--config": join(files, "nope.yaml") }), /--config|nope\.yaml/);
  });

  it.each([["latest"], ["1.5"], ["1.5.0-rc.1"]])("a Helm chart version %j that is not one", async (chart) => {
    expectRefused(await init({ "--helm-chart-version": chart }), /--helm-chart-version: .*is not a Helm chart version/);
  });

  it("a Helm chart older than the OpenMetadata version it must serve (VERSIONS.md: chart 1.1.0 ships 1.0.5)", async () => {
    expectRefused(await init({ "--om-version": "1.3.0", "--helm-chart-version": "1.1.0" }), /--helm-chart-version: chart 1\.1\.0 ships OpenMetadata 1\.0\.5, older than the 1\.3\.0/, /--helm-chart-version 1\.3\.0/);
  });

  it("no --om-version while the server cannot tell: listed with the other missing inputs, not guessed", async () => {
    const closed = "http://127.0.0.1:9"; // discard port: nothing answers
    const result = await init({ "--om-version": undefined, "--bot-email": undefined, "--om-url": closed });
    expectRefused(result, "--bot-email", /--om-version \(env OKTA_OM_OM_VERSION\): could not read it from the server .*known lines: 0\.13, 1\.0, .*2\.0/);
    expect(result.run.stderr).not.toContain("generating for 1.2.5");
  });

  it("several problems at once are all listed", async () => {
    const result = await init({ "--org-url": "https://a-admin.okta.com", "--redirect-uri": "nope", "--bot-email": "not-an-email" });
    expectRefused(result, "--org-url", "--redirect-uri", "--bot-email");
  });
});
