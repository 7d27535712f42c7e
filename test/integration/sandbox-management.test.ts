// Every management operation the sandbox serves, over raw HTTP, with the statuses, headers, id
// formats and server-filled fields of live Okta (shared/reference/okta/recordings/README.md,
// "Facts a faithful emulator should reproduce").
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { managementRoutes } from "../../src/sandbox/routes/index.js";
import { findOperation } from "../../src/sandbox/spec/spec-validator.js";
import { raw } from "../helpers/sandbox.js";

const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/;
// Asymmetric matchers are typed `any`; typing them `unknown` keeps the object literals lint-clean.
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
const anyOf = (type: unknown): unknown => expect.any(type);
const ts = matching(TIMESTAMP);
const id = (prefix: string): unknown => matching(new RegExp(`^${prefix}[A-Za-z0-9]{17}$`));

/** Reads `a.b[0].c` from parsed JSON. */
function at(value: unknown, path: string): unknown {
  return path
    .split(/\.|\[(\d+)\]/)
    .filter(Boolean)
    .reduce<unknown>((v, key) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), value);
}
const str = (value: unknown, path: string): string => String(at(value, path));

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox({ checkResponses: true });
});
afterAll(() => sandbox.close());

/** One raw call; checks the status and the headers Okta sends on every response. */
async function call(method: string, path: string, status: number, body?: unknown) {
  const res = await raw(sandbox, method, path, body);
  expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
  expect(res.headers.get("date")).toMatch(RFC1123);
  for (const name of ["x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset"]) expect(res.headers.get(name)).toMatch(/^\d+$/);
  if (status === 204) {
    expect(res.headers.get("content-type")).toBeNull();
    expect(res.text).toBe("");
  } else {
    expect(res.headers.get("content-type")).toBe("application/json");
  }
  return { ...res, body: res.json as unknown };
}

const webApp = (label: string, secret?: string) => ({
  name: "oidc_client",
  label,
  signOnMode: "OPENID_CONNECT",
  credentials: { oauthClient: { token_endpoint_auth_method: "client_secret_basic", pkce_required: false, ...(secret === undefined ? {} : { client_secret: secret }) } },
  settings: { oauthClient: { application_type: "web", grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], redirect_uris: ["https://om.example.com/callback"] } },
});
const browserApp = (label: string) => ({
  name: "oidc_client",
  label,
  signOnMode: "OPENID_CONNECT",
  credentials: { oauthClient: { token_endpoint_auth_method: "none", pkce_required: true } },
  settings: { oauthClient: { application_type: "browser", grant_types: ["authorization_code"], response_types: ["code"], redirect_uris: ["http://localhost:8585/callback"] } },
});

describe("management API over raw HTTP", () => {
  let webId = "";
  let everyoneId = "";

  it("apps: create 200 with the secret once, get, list, replace, lifecycle 200 {}, delete 204 once inactive", async () => {
    const created = await call("POST", "/api/v1/apps?activate=true", 200, webApp("Mgmt Web"));
    webId = str(created.body, "id");
    const secret = str(created.body, "credentials.oauthClient.client_secret");
    expect(created.body).toMatchObject({ id: id("0oa"), status: "ACTIVE", created: ts, lastUpdated: ts, name: "oidc_client", orn: matching(new RegExp(`:apps:oidc_client:${webId}$`)) });
    expect(created.body).toMatchObject({ credentials: { oauthClient: { client_id: webId }, signing: { kid: anyOf(String) } } });
    expect(secret).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(at(created.body, "_links.deactivate.href")).toBe(`${sandbox.orgUrl}/api/v1/apps/${webId}/lifecycle/deactivate`);
    expect(at(created.body, "_links.clientCredentials[0].name")).toBe("secrets");

    const fetched = await call("GET", `/api/v1/apps/${webId}`, 200);
    expect(at(fetched.body, "credentials.oauthClient.client_secret")).toBeUndefined();
    expect((await call("GET", "/api/v1/apps?q=mgmt", 200)).body).toEqual([expect.objectContaining({ id: webId })]);
    expect((await call("GET", `/api/v1/apps?filter=${encodeURIComponent('status eq "ACTIVE"')}`, 200)).body).toEqual([expect.objectContaining({ id: webId })]);

    // Recorded: a full-object PUT with "client_secret": "" keeps and echoes the secret.
    const replaced = await call("PUT", `/api/v1/apps/${webId}`, 200, webApp("Mgmt Web 2", ""));
    expect(replaced.body).toMatchObject({ label: "Mgmt Web 2", credentials: { oauthClient: { client_secret: secret } } });

    const spa = await call("POST", "/api/v1/apps?activate=false", 200, browserApp("Mgmt SPA"));
    const spaId = str(spa.body, "id");
    expect(spa.body).toMatchObject({ status: "INACTIVE", _links: { activate: { href: `${sandbox.orgUrl}/api/v1/apps/${spaId}/lifecycle/activate` } } });
    expect(at(spa.body, "credentials.oauthClient.client_secret")).toBeUndefined();
    expect(spaId.slice(-3)).toBe(webId.slice(-3)); // one org suffix for every id
    expect((await call("POST", `/api/v1/apps/${spaId}/lifecycle/activate`, 200)).body).toEqual({});
    expect(at((await call("GET", `/api/v1/apps/${spaId}`, 200)).body, "status")).toBe("ACTIVE");
    expect((await call("POST", `/api/v1/apps/${spaId}/lifecycle/deactivate`, 200)).body).toEqual({});
    await call("DELETE", `/api/v1/apps/${spaId}`, 204);
    await call("GET", `/api/v1/apps/${spaId}`, 404);
  });

  it("groups: Everyone by filter, search and q; get; the token's user at /users/me", async () => {
    const builtIn = await call("GET", `/api/v1/groups?filter=${encodeURIComponent('type eq "BUILT_IN"')}&limit=200`, 200);
    expect((builtIn.body as { profile: { name: string } }[]).map((g) => g.profile.name)).toEqual(["Everyone", "Okta Administrators"]);
    // Recorded: the query is re-serialised with `limit` first.
    expect(builtIn.headers.get("link")).toBe(`<${sandbox.orgUrl}/api/v1/groups?limit=200&filter=type+eq+%22BUILT_IN%22>; rel="self"`);
    const searched = await call("GET", `/api/v1/groups?search=${encodeURIComponent('profile.name eq "Everyone"')}`, 200);
    everyoneId = str(searched.body, "[0].id");
    const byQ = await call("GET", "/api/v1/groups?q=Everyone", 200);
    expect(byQ.body).toEqual([expect.objectContaining({ id: everyoneId, type: "BUILT_IN", objectClass: ["okta:user_group"] })]);
    expect(byQ.headers.get("link")).toBeNull(); // recorded: `q` lists have no Link
    expect((await call("GET", `/api/v1/groups/${everyoneId}`, 200)).body).toMatchObject({ id: id("00g"), lastMembershipUpdated: ts, profile: { name: "Everyone" } });
    expect((await call("GET", "/api/v1/users/me", 200)).body).toMatchObject({ id: id("00u"), status: "ACTIVE" });
  });

  it("app group assignments: PUT 200 with {}, get, list, DELETE 204", async () => {
    const path = `/api/v1/apps/${webId}/groups/${everyoneId}`;
    const assigned = await call("PUT", path, 200, {});
    expect(assigned.body).toMatchObject({ id: everyoneId, priority: 0, profile: {}, lastUpdated: ts, _links: { group: { href: `${sandbox.orgUrl}/api/v1/groups/${everyoneId}` } } });
    expect((await call("GET", path, 200)).body).toMatchObject({ id: everyoneId });
    expect((await call("GET", `/api/v1/apps/${webId}/groups`, 200)).body).toEqual([expect.objectContaining({ id: everyoneId })]);
    await call("DELETE", path, 204);
    await call("GET", path, 404);
  });

  it("grants: create 200 with _embedded.scope, list (with expand=scope), get, revoke 204", async () => {
    const grant = await call("POST", `/api/v1/apps/${webId}/grants`, 200, { issuer: sandbox.orgUrl, scopeId: "okta.users.read" });
    const grantId = str(grant.body, "id");
    expect(grant.body).toMatchObject({
      id: id("oag"),
      status: "ACTIVE",
      source: "ADMIN",
      clientId: webId,
      createdBy: { id: id("00u"), type: "User" },
      _embedded: { scope: { id: "okta.users.read" } },
      _links: { app: { title: "Mgmt Web 2" }, client: { href: `${sandbox.orgUrl}/oauth2/v1/clients/${webId}`, title: "Mgmt Web 2" } },
    });
    const listed = await call("GET", `/api/v1/apps/${webId}/grants`, 200);
    expect(listed.body).toEqual([expect.objectContaining({ id: grantId })]);
    expect(at(listed.body, "[0]._embedded")).toBeUndefined(); // recorded: only the POST embeds the scope
    expect(listed.headers.get("link")).toBeNull();
    expect(at((await call("GET", `/api/v1/apps/${webId}/grants?expand=scope`, 200)).body, "[0]._embedded.scope.id")).toBe("okta.users.read");
    expect((await call("GET", `/api/v1/apps/${webId}/grants/${grantId}`, 200)).body).toMatchObject({ scopeId: "okta.users.read" });
    await call("DELETE", `/api/v1/apps/${webId}/grants/${grantId}`, 204);
    expect((await call("GET", `/api/v1/apps/${webId}/grants`, 200)).body).toEqual([]);
  });

  it("trusted origins: create 200, filter, lifecycle 200 with the object, replace, delete 204", async () => {
    const body = { name: "OpenMetadata", origin: "http://localhost:8585", scopes: [{ type: "CORS" }, { type: "REDIRECT" }] };
    const created = await call("POST", "/api/v1/trustedOrigins", 200, body);
    const toId = str(created.body, "id");
    expect(created.body).toMatchObject({ id: id("tos"), status: "ACTIVE", createdBy: id("00u"), lastUpdatedBy: id("00u"), created: ts, _links: { deactivate: { hints: { allow: ["POST"] } } } });
    expect((await call("GET", `/api/v1/trustedOrigins?filter=${encodeURIComponent('origin eq "http://localhost:8585"')}`, 200)).body).toEqual([expect.objectContaining({ id: toId })]);
    const inactive = await call("POST", `/api/v1/trustedOrigins/${toId}/lifecycle/deactivate`, 200);
    expect(inactive.body).toMatchObject({ id: toId, status: "INACTIVE", _links: { activate: { href: `${sandbox.orgUrl}/api/v1/trustedOrigins/${toId}/lifecycle/activate` } } });
    expect((await call("POST", `/api/v1/trustedOrigins/${toId}/lifecycle/activate`, 200)).body).toMatchObject({ status: "ACTIVE" });
    expect((await call("PUT", `/api/v1/trustedOrigins/${toId}`, 200, { ...body, scopes: [{ type: "CORS" }] })).body).toMatchObject({ scopes: [{ type: "CORS" }] });
    expect((await call("GET", `/api/v1/trustedOrigins/${toId}`, 200)).body).toMatchObject({ scopes: [{ type: "CORS" }] });
    await call("DELETE", `/api/v1/trustedOrigins/${toId}`, 204);
    await call("GET", `/api/v1/trustedOrigins/${toId}`, 404);
  });

  it("an authorization server's signing key is made when the server is created, not on its first token (management.yaml: the create response names credentials.signing.kid)", async () => {
    const created = await call("POST", "/api/v1/authorizationServers", 201, { name: "Keyed", description: "k", audiences: ["api://k"], issuerMode: "ORG_URL" });
    const asId = str(created.body, "id");
    const kid = str(created.body, "credentials.signing.kid");
    // No request touches the server's keys here: the key pair appears in the org state on its own.
    await vi.waitFor(
      () => {
        const slot = sandbox.state.signingKeys[asId];
        expect(slot?.kid).toBe(kid);
        expect(slot?.publicJwk).toMatchObject({ kid, kty: "RSA" });
      },
      { timeout: 5000 },
    );
  });

  it("authorization servers: the default server, create 201, replace, lifecycle 204, keys, delete 204", async () => {
    const def = await call("GET", "/api/v1/authorizationServers/default", 200);
    expect(def.body).toMatchObject({ id: id("aus"), name: "default", default: true, audiences: ["api://default"], issuer: `${sandbox.orgUrl}/oauth2/default` });
    expect((await call("GET", "/api/v1/authorizationServers/default/policies", 200)).body).toEqual([expect.objectContaining({ name: "Default Policy", type: "OAUTH_AUTHORIZATION_POLICY" })]);
    const policyId = str((await call("GET", "/api/v1/authorizationServers/default/policies", 200)).body, "[0].id");
    const rules = await call("GET", `/api/v1/authorizationServers/default/policies/${policyId}/rules`, 200);
    expect(rules.body).toEqual([expect.objectContaining({ name: "Default Policy Rule", type: "RESOURCE_ACCESS" })]);

    const created = await call("POST", "/api/v1/authorizationServers", 201, { name: "OpenMetadata", description: "OM", audiences: ["api://om"], issuerMode: "ORG_URL" });
    const asId = str(created.body, "id");
    expect(created.body).toMatchObject({ id: id("aus"), default: false, status: "ACTIVE", issuer: `${sandbox.orgUrl}/oauth2/${asId}`, credentials: { signing: { rotationMode: "AUTO", lastRotated: ts } } });
    const signing = at(created.body, "credentials.signing") as { kid: string; lastRotated: string; nextRotation: string };
    expect(Date.parse(signing.nextRotation) - Date.parse(signing.lastRotated)).toBe(90 * 24 * 3600 * 1000);
    expect((await call("GET", "/api/v1/authorizationServers?q=openmeta", 200)).body).toEqual([expect.objectContaining({ id: asId })]);
    const replaced = await call("PUT", `/api/v1/authorizationServers/${asId}`, 200, { name: "OpenMetadata", description: "OM 2", audiences: ["api://om"] });
    expect(replaced.body).toMatchObject({ description: "OM 2", lastUpdated: at(created.body, "lastUpdated") }); // recorded oddity
    await call("POST", `/api/v1/authorizationServers/${asId}/lifecycle/deactivate`, 204);
    expect((await call("GET", `/api/v1/authorizationServers/${asId}`, 200)).body).toMatchObject({ status: "INACTIVE", _links: { activate: anyOf(Object) } });
    await call("POST", `/api/v1/authorizationServers/${asId}/lifecycle/activate`, 204);
    const keys = await call("GET", `/api/v1/authorizationServers/${asId}/credentials/keys`, 200);
    expect(keys.body).toEqual([expect.objectContaining({ kid: signing.kid, kty: "RSA", status: "ACTIVE" })]);

    const names = ((await call("GET", `/api/v1/authorizationServers/${asId}/scopes`, 200)).body as { name: string; system: boolean }[]).filter((s) => s.system).map((s) => s.name);
    expect(names).toEqual(["openid", "profile", "email", "address", "phone", "offline_access", "device_sso"]);
    const scope = await call("POST", `/api/v1/authorizationServers/${asId}/scopes`, 201, { name: "openmetadata", consent: "IMPLICIT", metadataPublish: "NO_CLIENTS", default: true });
    const scopeId = str(scope.body, "id");
    expect(scope.body).toMatchObject({ id: id("scp"), default: true, system: false, apiResourceId: null });
    expect(at(scope.body, "created")).toBeUndefined(); // recorded: scopes carry no timestamps
    expect((await call("GET", `/api/v1/authorizationServers/${asId}/scopes?q=openmeta`, 200)).body).toEqual([expect.objectContaining({ id: scopeId })]);
    expect((await call("PUT", `/api/v1/authorizationServers/${asId}/scopes/${scopeId}`, 200, { name: "openmetadata", description: "OM scope", default: true })).body).toMatchObject({ description: "OM scope" });
    expect((await call("GET", `/api/v1/authorizationServers/${asId}/scopes/${scopeId}`, 200)).body).toMatchObject({ description: "OM scope" });
    await call("DELETE", `/api/v1/authorizationServers/${asId}/scopes/${scopeId}`, 204);

    const policyBody = { type: "OAUTH_AUTHORIZATION_POLICY", name: "OM", description: "OM clients", priority: 1, status: "ACTIVE", conditions: { clients: { include: [webId] } } };
    const policy = await call("POST", `/api/v1/authorizationServers/${asId}/policies`, 201, policyBody);
    const polPath = `/api/v1/authorizationServers/${asId}/policies/${str(policy.body, "id")}`;
    expect(policy.body).toMatchObject({ id: id("00p"), system: false, conditions: { clients: { include: [webId] } }, _links: { rules: { href: `${sandbox.orgUrl}${polPath}/rules` } } });
    expect((await call("GET", `/api/v1/authorizationServers/${asId}/policies`, 200)).body).toHaveLength(1);
    expect((await call("PUT", polPath, 200, { ...policyBody, description: "OM 2" })).body).toMatchObject({ description: "OM 2" });
    await call("POST", `${polPath}/lifecycle/deactivate`, 204);
    await call("POST", `${polPath}/lifecycle/activate`, 204);
    expect((await call("GET", polPath, 200)).body).toMatchObject({ status: "ACTIVE" });

    // Recorded: empty `users`/`scopes` objects come back as `exclude: []` / `include: []`.
    const ruleBody = (grant: string) => ({
      type: "RESOURCE_ACCESS",
      name: "OM rule",
      priority: 1,
      conditions: { people: { groups: { include: [everyoneId] }, users: {} }, grantTypes: { include: [grant] }, scopes: {} },
      actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
    });
    const rule = await call("POST", `${polPath}/rules`, 201, ruleBody("implicit"));
    const rulePath = `${polPath}/rules/${str(rule.body, "id")}`;
    expect(rule.body).toMatchObject({ id: id("0pr"), system: false, conditions: { people: { users: { exclude: [] } }, scopes: { include: [] } } });
    expect((await call("PUT", rulePath, 200, ruleBody("password"))).body).toMatchObject({ conditions: { grantTypes: { include: ["password"] } } });
    expect((await call("GET", `${polPath}/rules`, 200)).body).toHaveLength(1);
    await call("POST", `${rulePath}/lifecycle/deactivate`, 204);
    await call("POST", `${rulePath}/lifecycle/activate`, 204);
    expect((await call("GET", rulePath, 200)).body).toMatchObject({ status: "ACTIVE" });
    await call("DELETE", rulePath, 204);
    await call("DELETE", polPath, 204);
    await call("POST", `/api/v1/authorizationServers/${asId}/lifecycle/deactivate`, 204);
    await call("DELETE", `/api/v1/authorizationServers/${asId}`, 204);
    await call("GET", `/api/v1/authorizationServers/${asId}`, 404);
  });

  it("DCR clients share the app store; client roles 201 / get / list / delete 204", async () => {
    const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" });
    const body = { client_name: "OM service", application_type: "service", grant_types: ["client_credentials"], response_types: ["token"], token_endpoint_auth_method: "private_key_jwt", jwks: { keys: [{ ...jwk, kid: "om-1" }] } };
    const created = await call("POST", "/oauth2/v1/clients", 201, body);
    const clientId = str(created.body, "client_id");
    expect(created.body).toMatchObject({ client_id: id("0oa"), client_name: "OM service", token_endpoint_auth_method: "private_key_jwt", client_id_issued_at: anyOf(Number) });
    expect((await call("GET", `/api/v1/apps/${clientId}`, 200)).body).toMatchObject({ label: "OM service", settings: { oauthClient: { application_type: "service" } } });
    expect((await call("GET", "/oauth2/v1/clients?q=OM%20serv", 200)).body).toEqual([expect.objectContaining({ client_id: clientId })]);
    expect((await call("GET", `/oauth2/v1/clients/${clientId}`, 200)).body).toMatchObject({ jwks: { keys: [expect.objectContaining({ kid: "om-1" })] } });
    expect((await call("PUT", `/oauth2/v1/clients/${clientId}`, 200, { ...body, client_name: "OM service 2" })).body).toMatchObject({ client_name: "OM service 2" });

    const role = await call("POST", `/oauth2/v1/clients/${clientId}/roles`, 201, { type: "APP_ADMIN" });
    const roleId = str(role.body, "id");
    expect(role.body).toMatchObject({ id: matching(/^[A-Z0-9]{24}$/), type: "APP_ADMIN", status: "ACTIVE", assignmentType: "CLIENT", _links: { assignee: { href: `${sandbox.orgUrl}/oauth2/v1/clients/${clientId}` } } });
    expect((await call("GET", `/oauth2/v1/clients/${clientId}/roles`, 200)).body).toEqual([expect.objectContaining({ id: roleId })]);
    expect((await call("GET", `/oauth2/v1/clients/${clientId}/roles/${roleId}`, 200)).body).toMatchObject({ label: "Application Administrator" });
    await call("DELETE", `/oauth2/v1/clients/${clientId}/roles/${roleId}`, 204);
    await call("DELETE", `/oauth2/v1/clients/${clientId}`, 204);
    await call("GET", `/api/v1/apps/${clientId}`, 404);

    // The web app's client secret objects (management.yaml ApplicationSSOPublicKeys): 201 / list / get /
    // deactivate / activate / deactivate / delete 204.
    const secrets = `/api/v1/apps/${webId}/credentials/secrets`;
    expect((await call("GET", secrets, 200)).body).toEqual([expect.objectContaining({ id: id("ocs"), status: "ACTIVE" })]);
    const added = str((await call("POST", secrets, 201, {})).body, "id");
    expect((await call("GET", `${secrets}/${added}`, 200)).body).toMatchObject({ id: added, status: "ACTIVE" });
    await call("POST", `${secrets}/${added}/lifecycle/deactivate`, 200);
    await call("POST", `${secrets}/${added}/lifecycle/activate`, 200);
    await call("POST", `${secrets}/${added}/lifecycle/deactivate`, 200);
    await call("DELETE", `${secrets}/${added}`, 204);
    expect((await call("GET", secrets, 200)).body).toHaveLength(1);

    await call("POST", `/api/v1/apps/${webId}/lifecycle/deactivate`, 200);
    await call("DELETE", `/api/v1/apps/${webId}`, 204);
  });

  it("exercised every management route, and every response matched Okta's spec", async () => {
    const served = new Set(sandbox.requests.map((r) => findOperation(r.method, r.path)?.operationId));
    const missing = managementRoutes()
      .map((route) => route.operationId)
      .filter((op): op is string => op !== undefined && !served.has(op));
    expect(missing).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sandbox.specViolations).toEqual([]);
  });
});
