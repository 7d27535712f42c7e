import { statSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { startSandbox } from "../helpers/sandbox.js";
import { initArgs, runCli, tempDir, type CliRun } from "../helpers/run-cli.js";

// 42 characters like a real SSWS token, and unmistakable wherever it leaks.
const TOKEN = "00CANARYtoken" + "c4n4ryC4N4RYcanary0123456789";

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi"] as const;

/** The private key's secret members, as the out-dir holds them. */
async function privateParts(out: string): Promise<string[]> {
  const jwk = JSON.parse(await readFile(join(out, "service-app.private.jwk.json"), "utf8")) as Record<string, string>;
  const parts = PRIVATE_MEMBERS.map((m) => jwk[m]!);
  for (const part of parts) expect(part.length).toBeGreaterThan(20);
  return parts;
}

/** Every place a secret must never reach: both streams, the request log, and the manifest. */
async function places(run: CliRun, sandbox: Sandbox, out: string): Promise<Record<string, string>> {
  return {
    stdout: run.stdout,
    stderr: run.stderr,
    requestLog: JSON.stringify(sandbox.requests),
    manifest: await readFile(join(out, "okta-om-setup.json"), "utf8"),
  };
}

function expectAbsent(where: Record<string, string>, secrets: string[]): void {
  for (const [place, text] of Object.entries(where)) {
    for (const secret of secrets) expect(text.includes(secret), `${place} holds a secret (${secret.slice(0, 6)}…)`).toBe(false);
  }
}

describe("secrets never leak", () => {
  it("the API token and the private key are absent from stdout, stderr, the request log and the manifest (--debug, --json)", async () => {
    const sandbox = await startSandbox({ apiToken: TOKEN });
    const out = tempDir();
    const first = await runCli(initArgs(sandbox, out, "--debug", "--json"), { sandbox });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("[debug]");
    const secrets = [TOKEN, ...(await privateParts(out))];
    expectAbsent(await places(first, sandbox, out), secrets);

    // A rerun, a --plan and a failing run print more (diffs, errors, hints): still nothing.
    const again = await runCli(initArgs(sandbox, out, "--debug"), { sandbox });
    const plan = await runCli(initArgs(sandbox, out, "--plan", "--debug", "--json"), { sandbox });
    sandbox.faults.add({ path: ".*", action: { type: "status", status: 500, json: { errorCode: "E0000009", errorSummary: "Internal Server Error", errorCauses: [] } } });
    const failed = await runCli(initArgs(sandbox, out, "--debug"), { sandbox });
    expect(failed.code).toBe(1);
    for (const run of [again, plan, failed]) expectAbsent(await places(run, sandbox, out), secrets);
  });

  it("a token piped to --api-token-stdin stays out of every output too", async () => {
    const sandbox = await startSandbox({ apiToken: TOKEN });
    const out = tempDir();
    const run = await runCli(initArgs(sandbox, out, "--api-token-stdin", "--debug"), { env: {}, stdin: `${TOKEN}\n` });
    expect(run.code, run.stderr).toBe(0);
    expectAbsent(await places(run, sandbox, out), [TOKEN, ...(await privateParts(out))]);
  });

  it("no request carries a private key member: the service app gets the public half only", async () => {
    const sandbox = await startSandbox({ apiToken: TOKEN });
    const out = tempDir();
    expect((await runCli(initArgs(sandbox, out), { sandbox })).code).toBe(0);
    const dcr = sandbox.requests.find((r) => r.method === "POST" && r.path === "/oauth2/v1/clients")!;
    const keys = (dcr.requestBody as { jwks: { keys: Record<string, unknown>[] } }).jwks.keys;
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0]!).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
    const anyPrivate = (value: unknown): boolean =>
      Array.isArray(value) ? value.some(anyPrivate) : value !== null && typeof value === "object" ? Object.entries(value).some(([k, v]) => (PRIVATE_MEMBERS as readonly string[]).includes(k) || anyPrivate(v)) : false;
    expect(sandbox.requests.filter((r) => anyPrivate(r.requestBody)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it("files holding the private key are 0600; the others are not secret", async () => {
    const sandbox = await startSandbox({ apiToken: TOKEN });
    const out = tempDir();
    expect((await runCli(initArgs(sandbox, out), { sandbox })).code).toBe(0);
    const mode = (name: string) => statSync(join(out, name)).mode & 0o777;
    expect(mode("service-app.private.jwk.json")).toBe(0o600);
    expect(mode("workflowConfig.yaml")).toBe(0o600);
    expect(mode("service-app.public.jwks.json")).toBe(0o644);
    expect(mode("okta-om-setup.json")).toBe(0o644);
    const parts = await privateParts(out);
    for (const name of await readdir(out)) {
      const text = await readFile(join(out, name), "utf8");
      if (parts.some((p) => text.includes(p))) expect(mode(name), `${name} holds the private key`).toBe(0o600);
      expect(text.includes(TOKEN), `${name} holds the API token`).toBe(false);
    }
  });
});
