// Okta's rate limits as REAL-ORG.md "Rate limits" records them (DOCS rl-global-mgmt,
// rl-additional-limits, rl-best-practices, rl2-concurrency, rl2-monitor): per-bucket, per-plan
// numbers; windows that start with the bucket's first request; the concurrency limit's 429 shape.
import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { APP_BY_ID_BUCKET, APPS_BUCKET, CLIENTS_BUCKET, oktaBucket, OTHER_API_BUCKET } from "../../src/sandbox/rate-limit-plans.js";
import { runCli, runInit, tempDir } from "../helpers/run-cli.js";
import { raw, startSandbox } from "../helpers/sandbox.js";

const limitOf = async (sandbox: Sandbox, path: string) => Number((await raw(sandbox, "GET", path)).headers.get("x-rate-limit-limit"));

/** Requests per Okta bucket, as the sandbox counted them. */
function perBucket(sandbox: Sandbox, from = 0, to = sandbox.requests.length): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of sandbox.requests.slice(from, to)) {
    if (r.path.startsWith("/openmetadata") || r.path.startsWith("/__sandbox")) continue;
    const bucket = oktaBucket("oauth", r.path);
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  return counts;
}

describe("rate limits per bucket and plan", () => {
  it("each plan's per-minute numbers, bucket by bucket (REAL-ORG.md table)", async () => {
    const table: [string, number, number, number, number][] = [
      // plan, /api/v1/apps*, /api/v1/apps/{id}, /oauth2/v1/clients, other /api/v1
      ["integrator-free", 20, 100, 25, 100],
      ["one-app", 100, 600, 100, 600],
      ["enterprise", 100, 600, 100, 600],
      ["workforce", 100, 500, 100, 1200],
    ];
    for (const [plan, apps, appById, clients, other] of table) {
      const sandbox = await startSandbox({ rateLimits: { plan: plan as "integrator-free" } });
      const app = await raw(sandbox, "POST", "/oauth2/v1/clients", { client_name: "Bot", application_type: "service", grant_types: ["client_credentials"], response_types: ["token"], token_endpoint_auth_method: "client_secret_basic" });
      const clientId = String(app.json.client_id);
      expect(Number(app.headers.get("x-rate-limit-limit")), `${plan} /oauth2/v1/clients`).toBe(clients);
      expect(await limitOf(sandbox, `/oauth2/v1/clients/${clientId}/roles`), `${plan} client roles`).toBe(clients);
      expect(await limitOf(sandbox, "/api/v1/apps"), `${plan} /api/v1/apps`).toBe(apps);
      expect(await limitOf(sandbox, `/api/v1/apps/${clientId}/grants`), `${plan} grants`).toBe(apps);
      expect(await limitOf(sandbox, `/api/v1/apps/${clientId}`), `${plan} /api/v1/apps/{id}`).toBe(appById);
      expect(await limitOf(sandbox, "/api/v1/trustedOrigins"), `${plan} trusted origins`).toBe(other);
      expect(await limitOf(sandbox, "/api/v1/groups"), `${plan} groups`).toBe(other);
    }
  });

  it("a window starts with the bucket's first request and lasts 60 s; it is not the clock minute", async () => {
    const sandbox = await startSandbox({ rateLimits: { plan: "integrator-free" } });
    const before = Date.now();
    const first = await raw(sandbox, "GET", "/api/v1/apps");
    const after = Date.now();
    const reset = Number(first.headers.get("x-rate-limit-reset"));
    // X-Rate-Limit-Reset is epoch seconds: the first request's time plus 60 s.
    expect(reset).toBeGreaterThanOrEqual(Math.ceil((before + 60_000) / 1000));
    expect(reset).toBeLessThanOrEqual(Math.ceil((after + 60_000) / 1000));
    // Later requests count in the same window: same reset, one less remaining.
    const second = await raw(sandbox, "GET", "/api/v1/apps");
    expect(Number(second.headers.get("x-rate-limit-reset"))).toBe(reset);
    expect(second.headers.get("x-rate-limit-remaining")).toBe("18");
    // Another bucket's window starts with its own first request.
    await new Promise((r) => setTimeout(r, 1100));
    const other = await raw(sandbox, "GET", "/api/v1/groups");
    expect(Number(other.headers.get("x-rate-limit-reset"))).toBeGreaterThan(reset);
  });

  it("the concurrency limit (35 in flight on Integrator Free): a 429 with X-Rate-Limit-Limit 0 and Remaining 0", async () => {
    const sandbox = await startSandbox({ rateLimits: { plan: "integrator-free" }, latencyMs: 400 });
    const replies = await Promise.all(Array.from({ length: 36 }, () => raw(sandbox, "GET", "/api/v1/groups")));
    const limited = replies.filter((r) => r.status === 429);
    expect(limited).toHaveLength(1);
    expect(limited[0]!.json).toMatchObject({ errorCode: "E0000047", errorSummary: "API call exceeded rate limit due to too many requests." });
    expect(limited[0]!.headers.get("x-rate-limit-limit")).toBe("0");
    expect(limited[0]!.headers.get("x-rate-limit-remaining")).toBe("0");
    // The Reset is an estimate, in epoch seconds, just ahead.
    expect(Number(limited[0]!.headers.get("x-rate-limit-reset"))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
  });
});

describe("init, doctor and a rerun in one minute on an Integrator Free org", () => {
  it("all succeed, and their requests per bucket fit the plan's minute (the counts the README documents)", async () => {
    const sandbox = await startSandbox({ rateLimits: { plan: "integrator-free" } });
    const out = tempDir();
    const init = await runInit(sandbox, out);
    expect(init.code, init.stderr).toBe(0);
    const afterInit = sandbox.requests.length;
    const doctor = await runCli(["doctor", "--out-dir", out, "--json"], { sandbox });
    expect(doctor.code, doctor.stderr).toBe(0);
    const afterDoctor = sandbox.requests.length;
    const rerun = await runInit(sandbox, out);
    expect(rerun.code, rerun.stderr).toBe(0);
    // README "Rate limits" documents these counts, run by run; a change here must update it.
    expect(perBucket(sandbox, 0, afterInit)).toEqual({ [APPS_BUCKET]: 7, [CLIENTS_BUCKET]: 2, [OTHER_API_BUCKET]: 9 });
    expect(perBucket(sandbox, afterInit, afterDoctor)).toEqual({ [APPS_BUCKET]: 2, [APP_BY_ID_BUCKET]: 2, [CLIENTS_BUCKET]: 1, [OTHER_API_BUCKET]: 6, oauth: 3 });
    expect(perBucket(sandbox, afterDoctor)).toEqual({ [APPS_BUCKET]: 2, [APP_BY_ID_BUCKET]: 2, [CLIENTS_BUCKET]: 1, [OTHER_API_BUCKET]: 6 });
    const all = perBucket(sandbox);
    expect(all[APPS_BUCKET]).toBeLessThanOrEqual(20);
    expect(all[CLIENTS_BUCKET]).toBeLessThanOrEqual(25);
    expect(all[APP_BY_ID_BUCKET]).toBeLessThanOrEqual(100);
    expect(all[OTHER_API_BUCKET]).toBeLessThanOrEqual(100);
    expect(sandbox.requests.filter((r) => r.status === 429)).toEqual([]);
  });

  it("a 429 waits for the window's reset with a visible 'waiting N s' line, then succeeds", async () => {
    // The plan's numbers with /api/v1/apps* squeezed to 3 and a 2 s window, so the wait is short.
    const sandbox = await startSandbox({ rateLimits: { plan: "integrator-free", limits: { [APPS_BUCKET]: 3 }, windowMs: 2000 } });
    const init = await runInit(sandbox, tempDir());
    expect(init.code, init.stderr).toBe(0);
    expect(sandbox.requests.some((r) => r.status === 429)).toBe(true);
    expect(init.stderr).toMatch(/waiting \d+ s for Okta's rate limit/);
  }, 60_000);

  // REAL-ORG.md "Rate limits": Okta sometimes sends the X-Rate-Limit headers twice (OKTA-112507), and
  // the Node SDK then does not retry at all. init must still wait and go on.
  it("a 429 whose X-Rate-Limit headers came twice still waits for the reset and succeeds", async () => {
    const sandbox = await startSandbox();
    const reset = Math.floor(Date.now() / 1000) + 1;
    const E0000047 = { errorCode: "E0000047", errorSummary: "API call exceeded rate limit due to too many requests.", errorLink: "E0000047", errorId: "oaeDUPLICATEDHEADERS0000", errorCauses: [] };
    const headers = { "x-rate-limit-limit": "100, 100", "x-rate-limit-remaining": "0, 0", "x-rate-limit-reset": `${reset}, ${reset}` };
    sandbox.faults.add({ method: "GET", path: "/api/v1/groups", onCalls: [1], action: { type: "status", status: 429, json: E0000047, headers } });
    const init = await runInit(sandbox, tempDir());
    expect(init.code, init.stderr).toBe(0);
    expect(sandbox.requests.filter((r) => r.path === "/api/v1/groups").map((r) => r.status)).toEqual([429, 200]);
    expect(init.stderr).toMatch(/waiting \d+ s for Okta's rate limit/);
  });
});
