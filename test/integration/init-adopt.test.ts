import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateServiceKeyPair } from "../../src/keys/key-pair.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { raw, startSandbox } from "../helpers/sandbox.js";
import { initArgs, orgShape, parseJson, runCli, runInit, tempDir, writesIn } from "../helpers/run-cli.js";

interface Change {
  resource: string;
  action: string;
  id?: string;
  fields?: string[];
  adopted?: boolean;
  reason?: string;
}

const spaBody = (label: string, redirects = ["http://localhost:8585/callback", "http://localhost:8585/silent-callback"]) => ({
  name: "oidc_client",
  label,
  signOnMode: "OPENID_CONNECT",
  credentials: { oauthClient: { token_endpoint_auth_method: "none", pkce_required: true } },
  settings: {
    oauthClient: {
      application_type: "browser",
      grant_types: ["authorization_code", "refresh_token", "implicit"],
      response_types: ["code", "id_token", "token"],
      redirect_uris: redirects,
      post_logout_redirect_uris: ["http://localhost:8585"],
      consent_method: "TRUSTED",
      issuer_mode: "ORG_URL",
      refresh_token: { rotation_type: "ROTATE", leeway: 30 },
    },
  },
});

async function createApp(sandbox: Sandbox, body: unknown): Promise<string> {
  const res = await raw(sandbox, "POST", "/api/v1/apps", body);
  expect(res.status, res.text).toBe(200);
  return res.json.id as string;
}

const withoutYes = (sandbox: Sandbox, out: string, ...extra: string[]) => initArgs(sandbox, out, ...extra).filter((a) => a !== "--yes");

describe("init adopts what already exists", () => {
  it("adopts a single-page app with the same label that the manifest does not know", async () => {
    const sandbox = await startSandbox();
    const existing = await createApp(sandbox, spaBody("OpenMetadata"));
    sandbox.requests.length = 0;

    const run = await runInit(sandbox, tempDir(), "--json");
    expect(run.code, run.stderr).toBe(0);
    const result = parseJson<{ spaClientId: string; changes: Change[] }>(run);
    expect(result.changes.find((c) => c.resource === "spa-app")).toMatchObject({ action: "adopt", id: existing, adopted: true });
    expect(result.spaClientId).toBe(existing);
    expect(writesIn(sandbox).filter((w) => w.path === "/api/v1/apps" || w.path === `/api/v1/apps/${existing}`)).toEqual([]);
    expect(Object.values(sandbox.state.apps).filter((a) => a.label === "OpenMetadata")).toHaveLength(1);
  });

  it("adopts and repairs one that differs, with one PUT, and says it was found by name", async () => {
    const sandbox = await startSandbox();
    const existing = await createApp(sandbox, spaBody("OpenMetadata", ["http://localhost:8585/callback"]));
    const run = await runInit(sandbox, tempDir(), "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(parseJson<{ changes: Change[] }>(run).changes.find((c) => c.resource === "spa-app")).toMatchObject({
      action: "update",
      id: existing,
      adopted: true,
      fields: ["settings.oauthClient.redirect_uris"],
    });
    expect(writesIn(sandbox).filter((w) => w.method === "PUT" && w.path === `/api/v1/apps/${existing}`)).toHaveLength(1);
  });

  it("adopts the authorization server, trusted origin and service app by name, and leaves an equal org as it found it", async () => {
    const sandbox = await startSandbox();
    const first = await runInit(sandbox, tempDir());
    expect(first.code).toBe(0);
    const shape = orgShape(sandbox);

    // A new out-dir has no manifest and no key: everything is found by name, the service app's key
    // differs from the new local one, and --yes accepts replacing it.
    sandbox.requests.length = 0;
    const second = await runInit(sandbox, tempDir(), "--json");
    expect(second.code, second.stderr).toBe(0);
    const changes = parseJson<{ changes: Change[] }>(second).changes;
    const action = (resource: string) => changes.find((c) => c.resource === resource)?.action;
    expect(action("spa-app")).toBe("adopt");
    expect(action("trusted-origin:http://localhost:8585")).toBe("adopt");
    expect(action("auth-server")).toBe("adopt");
    expect(action("scope")).toBe("adopt");
    expect(action("policy")).toBe("adopt");
    expect(action("rule")).toBe("adopt");
    expect(changes.find((c) => c.resource === "service-app")).toMatchObject({ action: "update", fields: ["settings.oauthClient.jwks"], adopted: true });
    expect(writesIn(sandbox).map((w) => w.method)).toEqual(["PUT"]);
    expect(orgShape(sandbox)).toEqual(shape);
  });

  it("refuses two apps with the same label as a conflict that names both, and changes nothing", async () => {
    const sandbox = await startSandbox();
    const a = await createApp(sandbox, spaBody("OpenMetadata"));
    expect((await raw(sandbox, "POST", `/api/v1/apps/${a}/lifecycle/deactivate`)).status).toBe(200);
    const b = await createApp(sandbox, spaBody("OpenMetadata"));
    sandbox.requests.length = 0;
    const out = tempDir();

    const plan = await runInit(sandbox, out, "--plan");
    expect(plan.stderr).toMatch(/CONFLICT\s+single-page app "OpenMetadata"/);
    expect(plan.stderr).toContain(a);
    expect(plan.stderr).toContain(b);

    const run = await runInit(sandbox, out);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/1 conflict must be resolved first; nothing was changed/);
    expect(run.stderr).toContain(`2 objects match the single-page app labelled "OpenMetadata": ${a}, ${b}`);
    expect(run.stderr).toMatch(/spaAppId/);
    expect(writesIn(sandbox)).toEqual([]);
  });

  it("resolves the conflict through the manifest: the id it names wins", async () => {
    const sandbox = await startSandbox();
    const a = await createApp(sandbox, spaBody("OpenMetadata"));
    await raw(sandbox, "POST", `/api/v1/apps/${a}/lifecycle/deactivate`);
    const b = await createApp(sandbox, spaBody("OpenMetadata"));
    const out = tempDir();
    await writeFile(join(out, "okta-om-setup.json"), JSON.stringify({ schemaVersion: 1, orgUrl: sandbox.orgUrl, spaAppId: b }));

    const run = await runInit(sandbox, out, "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(parseJson<{ changes: Change[] }>(run).changes.find((c) => c.resource === "spa-app")).toMatchObject({ action: "noop", id: b });
  });
});

describe("replacing the service app's key", () => {
  it("needs --yes: the plan says what breaks, a run without --yes changes nothing, with --yes the key is replaced", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    const serviceId = (JSON.parse(await readFile(join(out, "okta-om-setup.json"), "utf8")) as { serviceClientId: string }).serviceClientId;

    const other = await generateServiceKeyPair({});
    const keyFile = join(tempDir(), "other.jwk.json");
    await writeFile(keyFile, other.privateJwk.reveal(), { mode: 0o600 });
    sandbox.requests.length = 0;

    const plan = await runCli(withoutYes(sandbox, out, "--key-file", keyFile, "--plan", "--detailed-exitcode"), { sandbox });
    expect(plan.code).toBe(8);
    expect(plan.stderr).toMatch(/needs confirmation: The service app's key \(\S+\) will be replaced by the local key/);
    expect(plan.stderr).toMatch(/stops working/);

    const refused = await runCli(withoutYes(sandbox, out, "--key-file", keyFile), { sandbox });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/will be replaced.*Nothing was changed/s);
    expect(refused.stderr).toContain("--yes");
    expect(writesIn(sandbox)).toEqual([]);

    const accepted = await runInit(sandbox, out, "--key-file", keyFile, "--json");
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(parseJson<{ changes: Change[] }>(accepted).changes.find((c) => c.resource === "service-app")).toMatchObject({ action: "update", fields: ["settings.oauthClient.jwks"] });
    const keys = (sandbox.state.apps[serviceId]!.settings as { oauthClient: { jwks: { keys: { n: string }[] } } }).oauthClient.jwks.keys;
    expect(keys.map((k) => k.n)).toEqual([other.publicJwk.n]);
    expect(writesIn(sandbox).filter((w) => w.path === `/api/v1/apps/${serviceId}`)).toEqual([{ method: "PUT", path: `/api/v1/apps/${serviceId}`, status: 200 }]);
  });
});
