import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { confidentialInit } from "../helpers/confidential.js";
import { FakePrompter } from "../helpers/fake-prompter.js";
import { raw, startSandbox } from "../helpers/sandbox.js";
import { parseJson, runCli, runInit, tempDir, writesIn } from "../helpers/run-cli.js";

type Obj = Record<string, unknown>;

/**
 * Everything the management API lists that init could have touched, over HTTP: apps with their
 * group assignments and grants, trusted origins, and every authorization server with its scopes,
 * policies and rules. Timestamps are left out (an adopted object keeps its own).
 */
export async function fullListing(sandbox: Sandbox) {
  const get = async (path: string): Promise<Obj[]> => {
    const res = await raw(sandbox, "GET", path);
    expect(res.status, `${path}: ${res.text}`).toBe(200);
    return res.json as unknown as Obj[];
  };
  const pick = (o: Obj, ...keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));
  const apps = await get("/api/v1/apps?limit=200");
  const servers = await get("/api/v1/authorizationServers");
  return {
    apps: await Promise.all(
      apps.map(async (a) => ({
        ...pick(a, "id", "label", "status"),
        groups: (await get(`/api/v1/apps/${String(a.id)}/groups`)).map((g) => g.id),
        grants: (await get(`/api/v1/apps/${String(a.id)}/grants`)).map((g) => pick(g, "id", "scopeId", "status")),
      })),
    ),
    trustedOrigins: (await get("/api/v1/trustedOrigins")).map((o) => pick(o, "id", "name", "origin", "status", "scopes")),
    authServers: await Promise.all(
      servers.map(async (s) => {
        const id = String(s.id);
        const policies = await get(`/api/v1/authorizationServers/${id}/policies`);
        return {
          ...pick(s, "id", "name", "status", "audiences"),
          scopes: (await get(`/api/v1/authorizationServers/${id}/scopes`)).map((x) => pick(x, "id", "name")),
          policies: await Promise.all(
            policies.map(async (p) => ({
              ...pick(p, "id", "name", "status"),
              rules: (await get(`/api/v1/authorizationServers/${id}/policies/${String(p.id)}/rules`)).map((r) => pick(r, "id", "name")),
            })),
          ),
        };
      }),
    ),
  };
}

const manifestOf = async (out: string): Promise<Obj> => JSON.parse(await readFile(join(out, "okta-om-setup.json"), "utf8")) as Obj;

function destroy(sandbox: Sandbox, out: string, ...extra: string[]) {
  return runCli(["destroy", "--out-dir", out, "--no-interactive", ...extra], { sandbox });
}

/** A trusted origin that exists before init (init adopts it: same origin, CORS + REDIRECT). */
async function existingOrigin(sandbox: Sandbox): Promise<string> {
  const res = await raw(sandbox, "POST", "/api/v1/trustedOrigins", { name: "Ours before init", origin: "http://localhost:8585", scopes: [{ type: "CORS" }, { type: "REDIRECT" }] });
  expect(res.status, res.text).toBe(200);
  return String(res.json.id);
}

describe("destroy", () => {
  it("after init, leaves the org exactly as it was before init (full listing), adopted objects untouched", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    const adoptedOrigin = await existingOrigin(sandbox);
    const before = await fullListing(sandbox);
    expect((await runInit(sandbox, out)).code).toBe(0);

    const manifest = await manifestOf(out);
    const objects = manifest.objects as Record<string, { id: string; created: boolean }>;
    // Provenance recorded per object: the pre-existing origin adopted, everything else created.
    expect(objects["trusted-origin:http://localhost:8585"]).toEqual({ id: adoptedOrigin, name: "http://localhost:8585", created: false });
    for (const r of ["spa-app", "service-app", "auth-server", "scope", "policy", "rule"]) expect(objects[r]?.created, r).toBe(true);
    expect(Object.keys(objects).filter((k) => k.startsWith("api-grant:")).length).toBeGreaterThan(0);
    expect(Object.keys(objects).filter((k) => k.startsWith("access:")).length).toBeGreaterThan(0);

    // --plan: GETs only; --detailed-exitcode says something is pending.
    sandbox.requests.length = 0;
    const planned = await destroy(sandbox, out, "--plan", "--detailed-exitcode", "--json");
    expect(planned.code, planned.stderr).toBe(8);
    expect(writesIn(sandbox)).toEqual([]);
    const plan = parseJson<{ changes: { resource: string; action: string }[] }>(planned);
    expect(plan.changes.map((c) => c.resource).slice(0, 4)).toEqual(["rule", "policy", "scope", "auth-server"]);
    expect(plan.changes.at(-1)).toMatchObject({ resource: "spa-app", action: "delete" });
    expect(plan.changes.find((c) => c.resource === "trusted-origin:http://localhost:8585")).toMatchObject({ action: "keep" });

    // Without --yes and without a terminal: nothing happens, exit 2.
    const refused = await destroy(sandbox, out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/needs confirmation.*--yes/s);
    expect(writesIn(sandbox)).toEqual([]);

    sandbox.requests.length = 0;
    const done = await destroy(sandbox, out, "--yes", "--json");
    expect(done.code, done.stderr).toBe(0);
    expect(await fullListing(sandbox)).toEqual(before);
    // Reverse dependency order; servers and apps deactivated before their DELETE (Okta: E0000056 otherwise).
    const writes = writesIn(sandbox).map((w) => `${w.method} ${w.path.replace(/\/(aus|0oa|00p|0pr|scp|oag|tos|00g)[0-9a-zA-Z]+/g, "/<id>")}`);
    expect(writes.filter((w) => w.includes("authorizationServers")).slice(-2)).toEqual(["POST /api/v1/authorizationServers/<id>/lifecycle/deactivate", "DELETE /api/v1/authorizationServers/<id>"]);
    expect(writes.at(-2)).toBe("POST /api/v1/apps/<id>/lifecycle/deactivate");
    expect(writes.at(-1)).toBe("DELETE /api/v1/apps/<id>");
    expect(writesIn(sandbox).every((w) => w.status < 300)).toBe(true);
    const after = await manifestOf(out);
    expect(after.spaAppId).toBeUndefined();
    expect(after.authServerId).toBeUndefined();
    expect(Object.keys(after.objects as Obj)).toEqual(["trusted-origin:http://localhost:8585"]);

    // Idempotent: a rerun deletes nothing.
    sandbox.requests.length = 0;
    const again = await destroy(sandbox, out, "--yes");
    expect(again.code, again.stderr).toBe(0);
    expect(writesIn(sandbox)).toEqual([]);
  });

  it("in a terminal it asks first: no deletes nothing (exit 130), yes deletes", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    sandbox.requests.length = 0;
    const no = new FakePrompter({ confirm: false });
    const declined = await runCli(["destroy", "--out-dir", out], { sandbox, prompter: no });
    expect(declined.code, declined.stderr).toBe(130);
    expect(no.asked.map((q) => q.message)).toEqual([expect.stringMatching(/^Delete \d+ Okta objects\?$/)]);
    expect(writesIn(sandbox)).toEqual([]);
    const yes = new FakePrompter({ confirm: true });
    const done = await runCli(["destroy", "--out-dir", out], { sandbox, prompter: yes });
    expect(done.code, done.stderr).toBe(0);
    expect(Object.keys(sandbox.state.apps)).toEqual([]);
  });

  it("a confidential setup (issue 14): the web app, its group assignments and, with --remove-files, its client secret file go too", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    const before = await fullListing(sandbox);
    const init = await confidentialInit(sandbox, out);
    expect(init.code, init.stderr).toBe(0);
    const manifest = await manifestOf(out);
    expect((manifest.objects as Record<string, { created: boolean }>)["web-app"]).toMatchObject({ id: manifest.webAppId, created: true });
    expect(existsSync(join(out, "web-app.client-secret"))).toBe(true);
    const run = await destroy(sandbox, out, "--yes", "--remove-files", "--json");
    expect(run.code, run.stderr).toBe(0);
    const changes = parseJson<{ changes: { resource: string; action: string }[] }>(run).changes;
    expect(changes.at(-1)).toMatchObject({ resource: "web-app", action: "delete" });
    expect(await fullListing(sandbox)).toEqual(before);
    expect(existsSync(join(out, "web-app.client-secret"))).toBe(false);
    expect(existsSync(join(out, "okta-om-setup.json"))).toBe(false);
  });

  it("--only service-app removes the service app and its grants, nothing else", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    const manifest = await manifestOf(out);
    const serviceId = String(manifest.serviceClientId);
    // After an upgrade to 1.3+, init's plan points at the service app nothing uses any more.
    const upgraded = await runInit(sandbox, out, "--om-version", "1.5.0", "--plan");
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(upgraded.stderr).toContain(`no longer uses the service app ${serviceId}`);
    expect(upgraded.stderr).toContain("okta-om-setup destroy --only service-app");
    const run = await destroy(sandbox, out, "--only", "service-app", "--yes", "--json");
    expect(run.code, run.stderr).toBe(0);
    const result = parseJson<{ changes: { resource: string; action: string }[] }>(run);
    expect(new Set(result.changes.map((c) => c.resource.split(":")[0]))).toEqual(new Set(["api-grant", "service-app"]));
    expect(sandbox.state.apps[serviceId]).toBeUndefined();
    expect(sandbox.state.apps[String(manifest.spaAppId)]).toBeDefined();
    expect(sandbox.state.authServers[String(manifest.authServerId)]).toBeDefined();
    const after = await manifestOf(out);
    expect(after.serviceClientId).toBeUndefined();
    expect(Object.keys(after.objects as Obj).some((k) => k.startsWith("api-grant:"))).toBe(false);
    expect(after.spaAppId).toBe(manifest.spaAppId);
  });

  it("a crash after each deletion converges on a rerun, deleting nothing it did not create", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    await existingOrigin(sandbox);
    const before = await fullListing(sandbox);
    expect((await runInit(sandbox, out)).code).toBe(0);
    // Each loop fails the next write of the destroy (a 500 from Okta), then the rerun continues.
    let failures = 0;
    for (let round = 0; round < 30; round++) {
      sandbox.faults.clear();
      sandbox.faults.add({ method: "DELETE", path: ".*", onCalls: [round % 2 === 0 ? 2 : 1], action: { type: "status", status: 500, json: { errorCode: "E0000009", errorSummary: "Internal Server Error" } } });
      const recorded = Object.keys((await manifestOf(out)).objects as Obj).length;
      sandbox.requests.length = 0;
      const run = await destroy(sandbox, out, "--yes");
      // The manifest is written after each deletion: it forgot exactly the objects this run deleted.
      const deleted = sandbox.requests.filter((r) => r.method === "DELETE" && r.status < 300).length;
      expect(recorded - Object.keys((await manifestOf(out)).objects as Obj).length).toBe(deleted);
      if (run.code === 0) break;
      failures += 1;
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/run the same command again to resume/);
    }
    sandbox.faults.clear();
    expect(failures).toBeGreaterThan(5);
    expect(await fullListing(sandbox)).toEqual(before);
  });

  it("objects already gone (deleted by someone else, or a 404 on the DELETE itself) are noops", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    const before = await fullListing(sandbox);
    expect(before.apps).toEqual([]);
    expect((await runInit(sandbox, out)).code).toBe(0);
    const manifest = await manifestOf(out);
    const serviceId = String(manifest.serviceClientId);
    await raw(sandbox, "POST", `/api/v1/apps/${serviceId}/lifecycle/deactivate`);
    expect((await raw(sandbox, "DELETE", `/api/v1/apps/${serviceId}`)).status).toBe(204);
    // The SPA vanishes between the plan's read and its DELETE.
    sandbox.faults.add({ method: "DELETE", path: "^/api/v1/apps/[^/]+$", onCalls: [1], action: { type: "status", status: 404, json: { errorCode: "E0000007", errorSummary: "Not found: Resource not found: x (AppInstance)", errorLink: "E0000007", errorId: "x", errorCauses: [] } } });
    const run = await destroy(sandbox, out, "--yes", "--json");
    expect(run.code, run.stderr).toBe(0);
    const changes = parseJson<{ changes: { resource: string; action: string }[] }>(run).changes;
    expect(changes.find((c) => c.resource === "service-app")).toMatchObject({ action: "gone" });
    expect(changes.filter((c) => c.resource.startsWith("api-grant:")).every((c) => c.action === "gone")).toBe(true);
    expect(changes.find((c) => c.resource === "spa-app")).toMatchObject({ action: "delete" });
    // Okta's 404 means gone, so the SPA left the manifest; only the faked answer kept it in the org.
    expect((await manifestOf(out)).spaAppId).toBeUndefined();
    const listing = await fullListing(sandbox);
    expect(listing.apps.map((a) => (a as Obj).id)).toEqual([manifest.spaAppId]);
    expect({ ...listing, apps: [] }).toEqual(before);
  });

  it("an object renamed since init is reported and skipped (exit 1) unless --yes --force", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    const manifest = await manifestOf(out);
    const spa = sandbox.state.apps[String(manifest.spaAppId)]!;
    spa.label = "Renamed by someone";
    const run = await destroy(sandbox, out, "--yes", "--json");
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/spa-app.*label is now "Renamed by someone"/);
    expect(sandbox.state.apps[String(manifest.spaAppId)]).toBeDefined();
    expect(sandbox.state.authServers[String(manifest.authServerId)]).toBeUndefined();
    const forced = await destroy(sandbox, out, "--yes", "--force");
    expect(forced.code, forced.stderr).toBe(0);
    expect(sandbox.state.apps[String(manifest.spaAppId)]).toBeUndefined();
  });

  it("--include-adopted deletes adopted objects too; a manifest without provenance keeps everything by default", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    const adoptedOrigin = await existingOrigin(sandbox);
    expect((await runInit(sandbox, out)).code).toBe(0);
    // An older manifest: no `objects`, so nothing counts as created.
    const manifest = await manifestOf(out);
    delete manifest.objects;
    await writeFile(join(out, "okta-om-setup.json"), JSON.stringify(manifest));
    sandbox.requests.length = 0;
    const kept = await destroy(sandbox, out, "--yes");
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toMatch(/written before okta-om-setup recorded which objects it created/);
    expect(writesIn(sandbox)).toEqual([]);
    const all = await destroy(sandbox, out, "--yes", "--include-adopted");
    expect(all.code, all.stderr).toBe(0);
    expect(sandbox.state.trustedOrigins[adoptedOrigin]).toBeUndefined();
    expect(Object.keys(sandbox.state.apps)).toEqual([]);
    expect(Object.values(sandbox.state.authServers).map((s) => s.name)).toEqual(["default"]);
  });

  it("OpenMetadata 1.10+: warns that its stored SSO settings still point at Okta and how to switch them back", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out, "--om-version", "1.10.7")).code).toBe(0);
    const run = await destroy(sandbox, out, "--plan", "--json");
    expect(run.code, run.stderr).toBe(0);
    // VERSIONS.md "1.10 and later: SSO settings live in OM's database".
    expect(run.stderr).toMatch(/OpenMetadata 1\.10\.7 keeps its SSO settings in its database, and they still point at Okta/);
    expect(run.stderr).toContain("PUT /api/v1/system/security/config");
    expect(parseJson<{ warnings: string[] }>(run).warnings).toHaveLength(1);
    // Only the service app going does not lock anyone out: no warning then.
    const onlyService = await destroy(sandbox, out, "--plan", "--only", "service-app");
    expect(onlyService.stderr).not.toMatch(/SSO settings/);
  });

  it("--remove-files removes the generated files, the keys and the manifest", async () => {
    const sandbox = await startSandbox();
    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    const run = await destroy(sandbox, out, "--yes", "--remove-files");
    expect(run.code, run.stderr).toBe(0);
    for (const f of ["okta-om-setup.json", "workflowConfig.yaml", "service-app.private.jwk.json", "service-app.public.jwks.json"]) expect(existsSync(join(out, f)), f).toBe(false);
  });

  it("bad input: no manifest, another org, a hand-edited manifest, unknown --only: exit 2, nothing changed", async () => {
    const sandbox = await startSandbox();
    const empty = tempDir();
    const none = await destroy(sandbox, empty, "--yes");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/holds no okta-om-setup manifest/);

    const out = tempDir();
    expect((await runInit(sandbox, out)).code).toBe(0);
    sandbox.requests.length = 0;
    const other = await destroy(sandbox, out, "--yes", "--org-url", "https://other.okta.com");
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/is not the org of the setup/);
    // An unset CI variable is not "use the default": refused by name.
    const blank = await runCli(["destroy", "--no-interactive", "--yes"], { sandbox, env: { OKTA_OM_OUT_DIR: " " } });
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain("OKTA_OM_OUT_DIR was given an empty value");
    const only = await destroy(sandbox, out, "--yes", "--only", "everything");
    expect(only.code).toBe(2);
    expect(only.stderr).toMatch(/--only: everything is not one of/);
    const manifest = await manifestOf(out);
    await writeFile(join(out, "okta-om-setup.json"), JSON.stringify({ ...manifest, spaAppId: "../../users" }));
    const edited = await destroy(sandbox, out, "--yes");
    expect(edited.code).toBe(2);
    expect(edited.stderr).toMatch(/spaAppId is not an Okta id.*edited by hand/);
    await writeFile(join(out, "okta-om-setup.json"), JSON.stringify({ ...manifest, authServerId: String(manifest.spaAppId) }));
    const swapped = await destroy(sandbox, out, "--yes");
    expect(swapped.code).toBe(2);
    expect(swapped.stderr).toMatch(/objects\["auth-server"\]\.id .* differs/);
    expect(writesIn(sandbox)).toEqual([]);
  });
});
