import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startSandbox } from "../helpers/sandbox.js";
import { runCli, runInit, tempDir, writesIn } from "../helpers/run-cli.js";

const env = (dir: string) => readFileSync(join(dir, "openmetadata.env"), "utf8");

describe("init reruns start from the last run's choices", () => {
  it("a plain rerun keeps --om-url and the bot email instead of falling back to defaults, and writes nothing", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out, "--om-url", "https://om.example.com")).code).toBe(0);
    const writes = writesIn(sandbox).length;
    // No --org-url, --om-url, --bot-email or --om-version this time: all remembered.
    const rerun = await runCli(["init", "--no-interactive", "--yes", "--out-dir", out], { sandbox });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(writesIn(sandbox).length).toBe(writes);
    expect(env(out)).toContain("AUTHENTICATION_CALLBACK_URL=https://om.example.com/callback");
    expect(rerun.stderr).toContain("OpenMetadata 1.2.5 (chosen on an earlier run)");
  });

  it("a flag still wins over a remembered choice", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out, "--om-url", "https://om.example.com")).code).toBe(0);
    expect((await runInit(sandbox, out, "--om-url", "https://om2.example.com")).code).toBe(0);
    expect(env(out)).toContain("AUTHENTICATION_CALLBACK_URL=https://om2.example.com/callback");
  });
});

describe("init checks what it can before touching Okta", () => {
  it("refuses a --merge-into target that is not YAML before any Okta write", async () => {
    const sandbox = await startSandbox();
    const dir = tempDir();
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "workflowConfig: [unclosed\n");
    const run = await runInit(sandbox, join(dir, "out"), "--merge-into", bad);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--merge-into");
    expect(writesIn(sandbox)).toEqual([]);
    expect(readFileSync(bad, "utf8")).toBe("workflowConfig: [unclosed\n");
  });

  it("refuses to overwrite a hand-edited output file without --yes before any Okta write", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    writeFileSync(join(out, "openmetadata.env"), env(out) + "# my note\n");
    sandbox.state.apps = {}; // something for init to do, so a write would show up
    const before = writesIn(sandbox).length;
    const run = await runCli(["init", "--no-interactive", "--out-dir", out], { sandbox });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("openmetadata.env");
    expect(run.stderr).toContain("--yes");
    expect(writesIn(sandbox).length).toBe(before);
    expect(env(out)).toContain("# my note");
  });

  it("init --sandbox will not take over an out-dir that holds a real org's setup", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "okta-om-setup"));
    const manifest = { schemaVersion: 1, orgUrl: "https://dev-123.okta.com", spaAppId: "0oa1234567890ABCDEF1" };
    writeFileSync(join(dir, "okta-om-setup", "okta-om-setup.json"), JSON.stringify(manifest));
    const run = await runCli(["init", "--sandbox", "--no-interactive"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--out-dir ./okta-om-setup-sandbox");
    expect(JSON.parse(readFileSync(join(dir, "okta-om-setup", "okta-om-setup.json"), "utf8"))).toEqual(manifest);
    expect(existsSync(join(dir, "okta-om-setup", "sandbox-org.json"))).toBe(false);
  });
});

describe("custom redirect URIs", () => {
  it("the server's callback URL is one of the SPA's redirect URIs, and doctor agrees", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    const run = await runInit(sandbox, out, "--om-url", "https://om.example.com", "--redirect-uri", "https://om.example.com/auth/callback", "--redirect-uri", "https://om.example.com/silent-callback");
    expect(run.code, run.stderr).toBe(0);
    expect(env(out)).toContain("AUTHENTICATION_CALLBACK_URL=https://om.example.com/auth/callback");
    const auth = parse(readFileSync(join(out, "openmetadata.auth.yaml"), "utf8")) as { authenticationConfiguration: { callbackUrl: string } };
    expect(auth.authenticationConfiguration.callbackUrl).toBe("https://om.example.com/auth/callback");
    const doctor = await runCli(["doctor", "--out-dir", out, "--only", "spa-app", "--json"], { sandbox });
    const results = JSON.parse(doctor.stdout) as { id: string; status: string }[];
    expect(results.find((r) => r.id === "spa-app")?.status).toBe("pass");
  });
});
