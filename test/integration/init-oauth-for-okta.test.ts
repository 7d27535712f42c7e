import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateServiceKeyPair } from "../../src/keys/key-pair.js";
import { MANAGEMENT_SCOPES } from "../../src/init/credentials.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { raw, startSandbox } from "../helpers/sandbox.js";
import { initArgs, runCli, tempDir, writesIn } from "../helpers/run-cli.js";
import { serviceClientBody } from "../helpers/okta-payloads.js";

/** A service app for OAuth for Okta, with its private key in a file and the given Okta API scopes granted. */
async function managementApp(sandbox: Sandbox, scopes: string[]): Promise<{ clientId: string; keyFile: string }> {
  const pair = await generateServiceKeyPair();
  const created = await raw(sandbox, "POST", "/oauth2/v1/clients", serviceClientBody("okta-om-setup management", pair.publicJwk));
  const clientId = created.json.client_id as string;
  for (const scopeId of scopes) await raw(sandbox, "POST", `/api/v1/apps/${clientId}/grants`, { issuer: sandbox.orgUrl, scopeId });
  const keyFile = join(tempDir(), "mgmt.jwk.json");
  writeFileSync(keyFile, pair.privateJwk.reveal(), { mode: 0o600 });
  return { clientId, keyFile };
}

// The standard init flags, with OAuth for Okta instead of the API token.
const args = (sandbox: Sandbox, out: string, app: { clientId: string; keyFile: string }) =>
  initArgs(sandbox, out, "--mgmt-client-id", app.clientId, "--mgmt-private-key", app.keyFile);

describe("init with OAuth for Okta (--mgmt-client-id, --mgmt-private-key)", () => {
  it("provisions everything with an org-AS access token carrying only the scopes init needs", async () => {
    const sandbox = await startSandbox();
    const app = await managementApp(sandbox, MANAGEMENT_SCOPES);
    const start = sandbox.requests.length;
    const run = await runCli(args(sandbox, tempDir(), app), { sandbox, env: { OKTA_OM_API_TOKEN: undefined } });
    expect(run.code, run.stderr).toBe(0);
    const during = sandbox.requests.slice(start);
    const management = during.filter((r) => r.path !== "/oauth2/v1/token");
    expect(management.length).toBeGreaterThan(10);
    // Every management call carried the org-AS access token; the SSWS token was never used.
    for (const call of management) expect(call.auth, `${call.method} ${call.path}`).toMatch(/^(Bearer|DPoP) \[redacted\]$/);
    expect(management.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.method} ${r.path}`)).toEqual([]);
    // A client-credentials token has no user: /api/v1/users/me is never how it is probed (REAL-ORG.md
    // "Grants, roles and who may do what").
    expect(management.filter((r) => r.path === "/api/v1/users/me")).toEqual([]);
    expect(during.filter((r) => r.path === "/oauth2/v1/token").length).toBeGreaterThanOrEqual(2); // pre-flight + the SDK's own
  });

  it("shows Okta's real reason when the token request fails (the SDK would hide it) and changes nothing", async () => {
    const sandbox = await startSandbox();
    const app = await managementApp(sandbox, ["okta.apps.manage"]);
    const before = writesIn(sandbox).length;
    const run = await runCli(args(sandbox, tempDir(), app), { sandbox, env: { OKTA_OM_API_TOKEN: undefined } });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("invalid_scope");
    expect(run.stderr).toContain("okta.authorizationServers.manage");
    expect(writesIn(sandbox).length).toBe(before + 1); // only the pre-flight token request
  });
});
