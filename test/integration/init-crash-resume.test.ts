import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FaultAction, Sandbox } from "../../src/sandbox/index.js";
import { startSandbox } from "../helpers/sandbox.js";
import { initArgs, orgShape, parseJson, runCli, runInit, tempDir, writesIn } from "../helpers/run-cli.js";

/** What a clean fresh run does: the converged shape, and how many requests and writes it took. */
async function reference(): Promise<{ shape: ReturnType<typeof orgShape>; requests: number; reads: number; writes: number }> {
  const sandbox = await startSandbox();
  const run = await runInit(sandbox, tempDir());
  expect(run.code, run.stderr).toBe(0);
  const firstWrite = sandbox.requests.findIndex((r) => r.method !== "GET");
  return { shape: orgShape(sandbox), requests: sandbox.requests.length, reads: firstWrite, writes: writesIn(sandbox).length };
}

/** The resource a write went to, from its path. */
function resourceOf(method: string, path: string): RegExp {
  if (method === "PUT") return /^access:/;
  if (path === "/api/v1/apps") return /^spa-app$/;
  if (path === "/oauth2/v1/clients") return /^service-app$/;
  if (path.endsWith("/grants")) return /^api-grant:/;
  if (path === "/api/v1/trustedOrigins") return /^trusted-origin:/;
  if (path.endsWith("/rules")) return /^rule$/;
  if (path.endsWith("/policies")) return /^policy$/;
  if (path.endsWith("/scopes")) return /^scope$/;
  return /^auth-server$/;
}

type Changes = { resource: string; action: string }[];

/** Reruns without faults, checks the converged org, then that one more run is all noop. */
async function resumeAndCheck(sandbox: Sandbox, out: string, shape: ReturnType<typeof orgShape>, label: string): Promise<Changes> {
  sandbox.faults.clear();
  const resumed = await runInit(sandbox, out, "--json");
  expect(resumed.code, `${label}: resume\n${resumed.stderr}`).toBe(0);
  expect(orgShape(sandbox), label).toEqual(shape);

  const manifest = JSON.parse(await readFile(join(out, "okta-om-setup.json"), "utf8")) as Record<string, string>;
  expect(sandbox.state.apps[manifest.spaAppId!]?.label, label).toBe("OpenMetadata");
  expect(sandbox.state.apps[manifest.serviceClientId!]?.label, label).toBe("OpenMetadata Ingestion Bot");
  expect(sandbox.state.authServers[manifest.authServerId!]?.name, label).toBe("OpenMetadata");
  expect(sandbox.state.rules[manifest.policyId!]?.[manifest.ruleId!], label).toBeDefined();

  sandbox.requests.length = 0;
  const again = await runInit(sandbox, out, "--json");
  expect(again.code, label).toBe(0);
  expect(parseJson<{ changes: { action: string }[] }>(again).changes.filter((c) => c.action !== "noop"), label).toEqual([]);
  expect(writesIn(sandbox), label).toEqual([]);
  return parseJson<{ changes: Changes }>(resumed).changes;
}

async function crashThenResume(k: number, action: FaultAction, ref: Awaited<ReturnType<typeof reference>>, onlyWrites: boolean): Promise<void> {
  const sandbox = await startSandbox();
  const out = tempDir();
  // Reads all happen before the first write, so the (k+1)-th write is request reads+k+1.
  const call = (onlyWrites ? ref.reads : 0) + k + 1;
  sandbox.faults.add({ path: ".*", onCalls: [call], action });
  const label = `${action.type} on request ${call}`;
  // The timeout only bounds a mistake: a truncated answer must fail at once, not after the timeout.
  const crashed = await runCli(initArgs(sandbox, out), { sandbox, env: { OKTA_OM_REQUEST_TIMEOUT_MS: "20000" } });
  const faulted = sandbox.requests.find((r) => r.fault)!;
  expect(faulted, label).toBeDefined();
  if (faulted.method === "GET") {
    // Reads are retried once: the run does not even notice.
    expect(crashed.code, `${label}\n${crashed.stderr}`).toBe(0);
  } else {
    expect(crashed.code, `${label}\n${crashed.stderr}`).toBe(1);
    expect(crashed.stderr, label).toMatch(/run the same command again to resume/i);
  }
  const resumed = await resumeAndCheck(sandbox, out, ref.shape, label);
  if (action.type === "truncate") {
    // The object the lost answer was about is found again (by name or as already granted), not created twice.
    const pattern = resourceOf(faulted.method, faulted.path);
    const found = resumed.filter((c) => pattern.test(c.resource));
    expect(found.length, label).toBeGreaterThan(0);
    expect(found.some((c) => c.action === "adopt" || c.action === "noop"), `${label}: ${JSON.stringify(found)}`).toBe(true);
  }
  await sandbox.close();
}

describe("init resumes after a crash", () => {
  it("converges, without duplicates, whichever request k+1 the connection is reset on", async () => {
    const ref = await reference();
    // apps (SPA, service app), groups, trusted origins, authorization servers, and /users/me for the admin default.
    expect(ref.reads).toBe(6);
    expect(ref.writes).toBe(11);
    for (let k = 0; k < ref.requests; k++) await crashThenResume(k, { type: "reset" }, ref, false);
  }, 120_000);

  it("converges when write k+1 reached Okta but its answer was lost (the object exists, the manifest does not know it)", async () => {
    const ref = await reference();
    for (let k = 0; k < ref.writes; k++) await crashThenResume(k, { type: "truncate" }, ref, true);
  }, 120_000);

  it("a failed write stops new writes and reports what was not applied", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    sandbox.faults.add({ method: "POST", path: "/api/v1/apps", action: { type: "reset" } });
    const run = await runInit(sandbox, out);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Stopped at single-page app "OpenMetadata"/);
    expect(run.stderr).toMatch(/not applied: .*auth-server.*policy.*rule/);
    expect(run.stderr).toContain(out);
    // Nothing that needs the SPA was attempted.
    expect(writesIn(sandbox).map((w) => w.path)).not.toContain("/api/v1/authorizationServers");
  });
});
