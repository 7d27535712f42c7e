// Issue 15, item 6, at its root: a failed Okta call must not leave a timer behind. node-fetch (the
// SDK's fetch) keeps its `timeout` timer running when a body breaks; the SDK used to pass the whole
// 429 budget (150 s) as that timeout, so a truncated answer kept the process alive for 150 s.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OktaTransport } from "../../src/okta/transport.js";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.js";
import type { FaultAction } from "../../src/sandbox/faults.js";
import { Secret } from "../../src/secret.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe("a failed Okta call leaves no timer running", () => {
  it.each<[string, FaultAction]>([
    ["a truncated answer", { type: "truncate" }],
    ["a reset", { type: "reset" }],
    ["a hang", { type: "hang" }],
    ["a non-JSON 502", { type: "html" }],
  ])("%s", async (_what, action) => {
    sandbox.faults.clear();
    sandbox.faults.add({ path: "/api/v1/groups", action });
    // The default 150 s retry budget, as a real run has it; a short attempt timeout for the hang.
    const transport = new OktaTransport({ orgUrl: sandbox.orgUrl, credentials: { kind: "token", token: new Secret(sandbox.apiToken) }, timeoutMs: 500, env: {} });
    const before = timers();
    await expect(transport.request("GET", "/api/v1/groups")).rejects.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it("a 429 is still waited out within the budget after the change", async () => {
    sandbox.faults.clear();
    sandbox.faults.add({ path: "/api/v1/groups", times: 1, action: { type: "rate-limit", resetInSeconds: 0 } });
    const transport = new OktaTransport({ orgUrl: sandbox.orgUrl, credentials: { kind: "token", token: new Secret(sandbox.apiToken) }, timeoutMs: 2000, env: {} });
    await expect(transport.request("GET", "/api/v1/groups")).resolves.toMatchObject({ status: 200 });
    sandbox.faults.clear();
  });
});
