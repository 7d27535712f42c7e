// Issue 15, item 4: Okta's own field limits are checked while options are validated, so a value Okta
// refuses stops the run before its first write (`--policy-name` over 100 characters used to fail
// after ten writes). The sandbox validates every request body against Okta's spec
// (src/sandbox/spec/okta-spec.json, derived from shared/reference/okta/management.yaml and oauth.yaml),
// so "the sandbox accepts every write" is "Okta's spec accepts every write".
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { runCli, tempDir, type CliRun } from "../helpers/run-cli.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

async function init(...extra: string[]): Promise<{ run: CliRun; out: string }> {
  const out = join(tempDir(), "out");
  sandbox.requests.length = 0;
  // --service-app: the ingestion app's body is checked too (it is created on 1.2.x anyway).
  const argv = ["init", "--org-url", sandbox.orgUrl, "--bot-email", "bot@example.com", "--om-version", "1.2.5", "--no-interactive", "--yes", "--out-dir", out, "--service-app", ...extra];
  return { run: await runCli(argv, { sandbox }), out };
}

const writes = (): string[] => sandbox.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);

function expectRefusedBeforeAnyRequest({ run, out }: { run: CliRun; out: string }, flag: string): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).not.toMatch(/unknown option/);
  expect(run.stderr).toContain(flag);
  expect(sandbox.requests).toEqual([]);
  expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
}

// A long but otherwise valid value for every option whose text reaches an Okta write.
const LONG = 5000;
const longHost = Array.from({ length: 6 }, (_, i) => `${String.fromCharCode(97 + i)}`.repeat(60)).join(".");
const OPTIONS_SENT_TO_OKTA: [flag: string, value: string][] = [
  ["--app-name", "A".repeat(LONG)],
  ["--auth-server", "S".repeat(LONG)],
  ["--scope", "s".repeat(LONG)],
  ["--policy-name", "P".repeat(LONG)],
  ["--rule-name", "R".repeat(LONG)],
  ["--service-app-name", "B".repeat(LONG)],
  ["--kid", "k".repeat(200)],
  ["--redirect-uri", `https://om.example.com/${"c".repeat(LONG)}`],
  ["--logout-uri", `https://om.example.com/${"l".repeat(LONG)}`],
  ["--base-uri", `https://${longHost}.example.com`],
];

describe("every option sent to Okta: within Okta's spec, or refused before the first request", () => {
  it.each(OPTIONS_SENT_TO_OKTA)("%s with a very long value", async (flag, value) => {
    const result = await init(flag, value);
    if (result.run.code === 2) {
      expectRefusedBeforeAnyRequest(result, flag);
    } else {
      // Accepted: then every write must have been accepted too (nothing fails half-way).
      expect(result.run.code, `${flag}: ${result.run.stderr}`).toBe(0);
      expect(sandbox.requests.filter((r) => r.status >= 400 && r.method !== "GET")).toEqual([]);
    }
  });
});

describe("the limits in the spec, one by one", () => {
  // AuthorizationServerPolicy.name: minLength 1, maxLength 100 (management.yaml; API-NOTES §policy).
  it("--policy-name: 100 characters are taken, 101 refused by name with the limit, nothing created", async () => {
    const refused = await init("--policy-name", "P".repeat(101));
    expectRefusedBeforeAnyRequest(refused, "--policy-name");
    expect(refused.run.stderr).toMatch(/100/);
    const taken = await init("--policy-name", "P".repeat(100));
    expect(taken.run.code, taken.run.stderr).toBe(0);
    expect(writes().some((w) => /^POST \/api\/v1\/authorizationServers\/[^/]+\/policies$/.test(w))).toBe(true);
  });

  // TrustedOriginName and TrustedOriginOrigin: `maximum: 255` on a string (management.yaml), the
  // length limit it plainly means. The name is "<app name> <origin>".
  it("--app-name that makes the trusted origin's name longer than 255 is refused naming --app-name", async () => {
    const origin = "https://om.example.com";
    expectRefusedBeforeAnyRequest(await init("--app-name", "A".repeat(255 - origin.length), "--base-uri", origin), "--app-name");
    const taken = await init("--app-name", "A".repeat(254 - origin.length), "--base-uri", origin);
    expect(taken.run.code, taken.run.stderr).toBe(0);
  });

  it("--base-uris with an origin longer than 255 characters is refused naming --base-uri", async () => {
    expectRefusedBeforeAnyRequest(await init("--base-uri", `https://${longHost}.example.com`), "--base-uri");
  });

  it("every problem is listed at once, each with its source (flag or env)", async () => {
    const out = join(tempDir(), "out");
    sandbox.requests.length = 0;
    const run = await runCli(["init", "--org-url", sandbox.orgUrl, "--bot-email", "bot@example.com", "--om-version", "1.2.5", "--no-interactive", "--yes", "--out-dir", out, "--policy-name", "P".repeat(101)], {
      sandbox,
      env: { OKTA_OM_APP_NAME: "A".repeat(300) },
    });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain("--policy-name");
    expect(run.stderr).toContain("OKTA_OM_APP_NAME");
    expect(sandbox.requests).toEqual([]);
  });

  it("--plan refuses them too (it would promise a change Okta refuses)", async () => {
    expectRefusedBeforeAnyRequest(await init("--plan", "--policy-name", "P".repeat(101)), "--policy-name");
  });
});
