// Every error code and text the sandbox emits, in Okta's error object:
// {errorCode, errorSummary, errorLink (= errorCode), errorId (oae + 22), errorCauses: [{errorSummary}]}.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import type { Sandbox, SandboxOptions } from "../../src/sandbox/index.js";
import { raw, sdkClient, startSandbox as startOne } from "../helpers/sandbox.js";

const ERROR_ID = /^oae[A-Za-z0-9_-]{22}$/;

// Every error body must also match the operation's documented error schema.
const started: Sandbox[] = [];
async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startOne(options);
  started.push(sandbox);
  return sandbox;
}
afterAll(() => {
  expect(started.flatMap((s) => s.specViolations)).toEqual([]);
});

type Reply = Awaited<ReturnType<typeof raw>>;

function expectOktaError(res: Reply, status: number, code: string, summary: string, causes: string[] = []): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/json");
  expect(res.json).toEqual({ errorCode: code, errorSummary: summary, errorLink: code, errorId: expect.stringMatching(ERROR_ID) as unknown, errorCauses: causes.map((errorSummary) => ({ errorSummary })) });
}

const app = (label: string, oauthClient: Record<string, unknown> = {}, method = "client_secret_basic") => ({
  name: "oidc_client",
  label,
  signOnMode: "OPENID_CONNECT",
  credentials: { oauthClient: { token_endpoint_auth_method: method } },
  settings: { oauthClient: { application_type: "web", grant_types: ["authorization_code"], response_types: ["code"], redirect_uris: ["https://om.example.com/cb"], ...oauthClient } },
});
const serviceWithKeys = (label: string, keys: unknown[]) =>
  app(label, { application_type: "service", grant_types: ["client_credentials"], response_types: ["token"], redirect_uris: [], jwks: { keys } }, "private_key_jwt");
const rsaJwk = (bits: number, kid: string) => ({ ...generateKeyPairSync("rsa", { modulusLength: bits }).publicKey.export({ format: "jwk" }), kid });
const idOf = (res: Reply): string => String(res.json.id);

describe("Okta's error bodies", () => {
  // REAL-ORG.md "Names are not unique": label uniqueness was removed as a bug fix (release 2021.06.3,
  // OKTA-403289); DCR client_name is not unique either (OKTA-215049).
  it("app labels and DCR client_names are not unique: two active apps may share one", async () => {
    const sandbox = await startSandbox();
    const first = await raw(sandbox, "POST", "/api/v1/apps", app("OpenMetadata"));
    const second = await raw(sandbox, "POST", "/api/v1/apps", app("OpenMetadata"));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(idOf(first)).not.toBe(idOf(second));
    expect([first.json.status, second.json.status]).toEqual(["ACTIVE", "ACTIVE"]);
    const dcr = { client_name: "Bot", application_type: "service", grant_types: ["client_credentials"], response_types: ["token"], token_endpoint_auth_method: "client_secret_basic" };
    const one = await raw(sandbox, "POST", "/oauth2/v1/clients", dcr);
    const two = await raw(sandbox, "POST", "/oauth2/v1/clients", dcr);
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(one.json.client_id).not.toBe(two.json.client_id);
    // A DCR client_name is the app's label: listing by it finds both, as a real org would.
    const listed = (await raw(sandbox, "GET", "/api/v1/apps?q=Bot")).json as unknown as { label: string }[];
    expect(listed.filter((a) => a.label === "Bot")).toHaveLength(2);
  });

  it("E0000001: RSA keys under 2048 bits, duplicate kids, several keys without kids", async () => {
    const sandbox = await startSandbox();
    const jwk = rsaJwk(2048, "a");
    const summary = "Api validation failed: JsonWebKey";
    expectOktaError(await raw(sandbox, "POST", "/api/v1/apps", serviceWithKeys("Short", [rsaJwk(1024, "s")])), 400, "E0000001", summary, [
      "RSA key length in the 'jwks' is less than '2,048' bits for the given key.",
    ]);
    expectOktaError(await raw(sandbox, "POST", "/api/v1/apps", serviceWithKeys("Dup", [jwk, { ...jwk }])), 400, "E0000001", summary, ["All keys in the 'jwks' must have a unique `kid`."]);
    const { kid: _kid, ...noKid } = jwk;
    expectOktaError(await raw(sandbox, "POST", "/api/v1/apps", serviceWithKeys("NoKid", [noKid, { ...noKid }])), 400, "E0000001", summary, [
      "Each key should have a unique kid when adding multiple keys. Use the Apps API to update the JWKS to add a kid for the existing key, or delete the existing key and re-add the key with a kid using the JWKS APIs.",
    ]);
    expect((await raw(sandbox, "POST", "/api/v1/apps", serviceWithKeys("Good", [jwk]))).status).toBe(200);
  });

  // REAL-ORG.md "E0000001 vs E0000003": a body that does not parse into Okta's model, including an
  // unknown enum value, answers E0000003 (terraform-provider-okta#609: trusted origin scope "Redirect").
  it("E0000003 for unknown enum values and wrongly typed fields, before any handler runs", async () => {
    const sandbox = await startSandbox();
    const NOT_WELL_FORMED = "The request body was not well-formed.";
    expectOktaError(await raw(sandbox, "POST", "/api/v1/trustedOrigins", { name: "x", origin: "https://x.example", scopes: [{ type: "Redirect" }] }), 400, "E0000003", NOT_WELL_FORMED);
    expectOktaError(await raw(sandbox, "POST", "/api/v1/apps", app("Enum", { application_type: "spa" })), 400, "E0000003", NOT_WELL_FORMED);
    expectOktaError(await raw(sandbox, "POST", "/api/v1/apps", { ...app("Typed"), label: 42 }), 400, "E0000003", NOT_WELL_FORMED);
    expect(sandbox.state.trustedOrigins).toEqual({});
    expect(Object.keys(sandbox.state.apps)).toHaveLength(0);
    // A missing required field is still field validation, E0000001.
    const { label: _label, ...noLabel } = app("NoLabel");
    expect((await raw(sandbox, "POST", "/api/v1/apps", noLabel)).json).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: label" });
  });

  it("semantic E0000001 texts of each object kind", async () => {
    const sandbox = await startSandbox();
    const web = idOf(await raw(sandbox, "POST", "/api/v1/apps", app("Web")));
    const as = idOf(await raw(sandbox, "POST", "/api/v1/authorizationServers", { name: "AS", audiences: ["api://a"] }));
    const policy = idOf(await raw(sandbox, "POST", `/api/v1/authorizationServers/${as}/policies`, { type: "OAUTH_AUTHORIZATION_POLICY", name: "P", description: "d", conditions: { clients: { include: ["ALL_CLIENTS"] } } }));
    const openid = Object.values(sandbox.state.scopes[as] ?? {}).find((s) => s.name === "openid")!.id;
    await raw(sandbox, "POST", "/api/v1/trustedOrigins", { name: "T", origin: "https://t.example", scopes: [{ type: "CORS" }] });
    await raw(sandbox, "POST", `/api/v1/apps/${web}/grants`, { issuer: sandbox.orgUrl, scopeId: "okta.apps.read" });
    const cases: [string, string, unknown, string, string[]][] = [
      ["POST", "/api/v1/apps", app("X", { grant_types: ["authorization_code"], redirect_uris: [] }), "settings.oauthClient", ["redirect_uris: The 'redirect_uris' must contain at least one URI for the 'authorization_code' or 'implicit' grant types."]],
      ["POST", "/api/v1/apps", app("X", { application_type: "browser", grant_types: ["client_credentials"], response_types: ["token"] }, "none"), "settings.oauthClient", ["grant_types: The 'client_credentials' grant type is not allowed for 'browser' applications."]],
      ["POST", "/api/v1/apps", { ...app("X"), signOnMode: "SAML_2_0" }, "signOnMode", ["signOnMode: The sandbox only emulates OPENID_CONNECT applications."]],
      ["POST", "/api/v1/authorizationServers", { name: "AS", audiences: ["api://b"] }, "name", ["name: An object with this field already exists in the current organization"]],
      ["POST", "/api/v1/authorizationServers", { name: "AS2", audiences: ["a", "b"] }, "audiences", ["audiences: Okta currently supports only one audience."]],
      // Scope name rules: REAL-ORG.md "Management API validation" (DOCS authorization-servers reference).
      ["POST", `/api/v1/authorizationServers/${as}/scopes`, { name: "okta.apps.read" }, "name", ["name: Scope names starting with 'okta.' or 'okta:' are reserved."]],
      ["POST", `/api/v1/authorizationServers/${as}/scopes`, { name: "okta:custom" }, "name", ["name: Scope names starting with 'okta.' or 'okta:' are reserved."]],
      ["POST", `/api/v1/authorizationServers/${as}/scopes`, { name: "okta" }, "name", ["name: The scope name 'okta' is reserved."]],
      ["POST", `/api/v1/authorizationServers/${as}/scopes`, { name: "*" }, "name", ["name: The scope name '*' is reserved."]],
      ["POST", `/api/v1/authorizationServers/${as}/scopes`, { name: "two words" }, "name", ["name: Scope names cannot contain whitespace, double quotes or backslashes."]],
      ["POST", `/api/v1/authorizationServers/${as}/scopes`, { name: 'a"b' }, "name", ["name: Scope names cannot contain whitespace, double quotes or backslashes."]],
      ["POST", `/api/v1/authorizationServers/${as}/scopes`, { name: "a\\b" }, "name", ["name: Scope names cannot contain whitespace, double quotes or backslashes."]],
      ["POST", `/api/v1/authorizationServers/${as}/scopes`, { name: "openid" }, "name", ["name: A scope with the name 'openid' already exists."]],
      ["DELETE", `/api/v1/authorizationServers/${as}/scopes/${openid}`, undefined, "scope", ["scope: System scopes can't be deleted."]],
      ["POST", `/api/v1/authorizationServers/${as}/policies`, { type: "OAUTH_AUTHORIZATION_POLICY", name: "P", description: "d", conditions: { clients: { include: ["ALL_CLIENTS"] } } }, "name", ["name: A policy with the same name already exists."]],
      // Policies check their client ids (REAL-ORG.md; articulate/terraform-provider-okta#360, #284).
      ["POST", `/api/v1/authorizationServers/${as}/policies`, { type: "OAUTH_AUTHORIZATION_POLICY", name: "P2", description: "d", conditions: { clients: { include: ["0oanope"] } } }, "conditions.clients.include", ["conditions.clients.include: Resource not found"]],
      // Verbatim from okta-developer-docs#1622 (REAL-ORG.md), doubled quotes included.
      ["POST", `/api/v1/authorizationServers/${as}/policies/${policy}/rules`, { type: "RESOURCE_ACCESS", name: "R", conditions: { grantTypes: { include: ["implicit"] } } }, "conditions.people", ["conditions.people: At least one of ''conditions.people.users.include'' or ''conditions.people.groups.include'' must contain a valid user or group when ''conditions.grantTypes'' contains one or more of [authorization_code, implicit, password]."]],
      ["POST", "/api/v1/trustedOrigins", { name: "T2", origin: "https://t.example", scopes: [{ type: "CORS" }] }, "origin", ["origin: An object with this field already exists in the current organization"]],
      // REAL-ORG.md: trusted origin cause "origin: Origin value is not valid".
      ["POST", "/api/v1/trustedOrigins", { name: "T3", origin: "https://t.example/path", scopes: [{ type: "CORS" }] }, "origin", ["origin: Origin value is not valid"]],
      ["POST", `/api/v1/apps/${web}/grants`, { issuer: "https://elsewhere.example", scopeId: "okta.apps.read" }, "issuer", [`issuer: The issuer 'https://elsewhere.example' does not match the org URL '${sandbox.orgUrl}'.`]],
      ["POST", `/api/v1/apps/${web}/grants`, { issuer: sandbox.orgUrl, scopeId: "okta.apps.read" }, "scopeId", ["scopeId: The scope 'okta.apps.read' has already been granted to this app."]],
      ["POST", `/oauth2/v1/clients/${web}/roles`, { type: "CUSTOM", role: "cr0", "resource-set": "iam" }, "type", ["type: Invalid role type 'CUSTOM'."]],
    ];
    for (const [method, path, body, field, causes] of cases) expectOktaError(await raw(sandbox, method, path, body), 400, "E0000001", `Api validation failed: ${field}`, causes);
    // An unknown role type is an unknown enum value: E0000003 (REAL-ORG.md "E0000001 vs E0000003").
    expectOktaError(await raw(sandbox, "POST", `/oauth2/v1/clients/${web}/roles`, { type: "NOT_A_ROLE" }), 400, "E0000003", "The request body was not well-formed.");
    expect((await raw(sandbox, "POST", `/oauth2/v1/clients/${web}/roles`, { type: "WORKFLOWS_ADMIN" })).status).toBe(201);
    expectOktaError(await raw(sandbox, "POST", `/oauth2/v1/clients/${web}/roles`, { type: "WORKFLOWS_ADMIN" }), 400, "E0000001", "Api validation failed: type", ["type: The role is already assigned to the client."]);
  });

  it("E0000003 for malformed JSON; E0000005 without credentials; E0000011 for a wrong token", async () => {
    const sandbox = await startSandbox();
    expectOktaError(await raw(sandbox, "POST", "/api/v1/apps", '{"label": '), 400, "E0000003", "The request body was not well-formed.");
    expectOktaError(await raw(sandbox, "GET", "/api/v1/apps", undefined, { Authorization: "" }), 403, "E0000005", "Invalid session");
    expectOktaError(await raw(sandbox, "GET", "/api/v1/apps", undefined, { Authorization: "SSWS 00wrong" }), 401, "E0000011", "Invalid token provided");
    expectOktaError(await raw(sandbox, "GET", "/api/v1/apps", undefined, { Authorization: "Bearer not-a-token" }), 401, "E0000011", "Invalid token provided");
  });

  it("E0000006 for an OAuth-for-Okta token without the operation's scope", async () => {
    const sandbox = await startSandbox();
    const { publicKey, privateKey } = await generateKeyPair("RS256", { modulusLength: 2048 });
    const clientId = idOf(await raw(sandbox, "POST", "/api/v1/apps", serviceWithKeys("Bot", [{ ...(await exportJWK(publicKey)), kid: "bot" }])));
    await raw(sandbox, "POST", `/api/v1/apps/${clientId}/grants`, { issuer: sandbox.orgUrl, scopeId: "okta.apps.read" });
    const aud = `${sandbox.orgUrl}/oauth2/v1/token`;
    const assertion = await new SignJWT({}).setProtectedHeader({ alg: "RS256", kid: "bot" }).setIssuer(clientId).setSubject(clientId).setAudience(aud).setIssuedAt().setExpirationTime("5m").setJti(randomUUID()).sign(privateKey);
    const form = new URLSearchParams({ grant_type: "client_credentials", scope: "okta.apps.read", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion });
    const token = await fetch(aud, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form });
    const { access_token } = (await token.json()) as { access_token: string };
    const bearer = { Authorization: `Bearer ${access_token}` };
    expect((await raw(sandbox, "GET", "/api/v1/apps", undefined, bearer)).status).toBe(200);
    const denied = await raw(sandbox, "GET", "/api/v1/authorizationServers", undefined, bearer);
    expectOktaError(denied, 403, "E0000006", "You do not have permission to perform the requested action");
    expect(denied.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
  });

  it("E0000007 names the resource type; unknown paths are 404 too, wrong methods 405 E0000022", async () => {
    const sandbox = await startSandbox();
    const web = idOf(await raw(sandbox, "POST", "/api/v1/apps", app("Web")));
    const as = idOf(await raw(sandbox, "GET", "/api/v1/authorizationServers/default"));
    const policy = String((await raw(sandbox, "GET", `/api/v1/authorizationServers/${as}/policies`)).json.map((p) => (p as { id: string }).id)[0]);
    const cases: [string, string, string][] = [
      [`/api/v1/apps/0oanope`, "0oanope", "AppInstance"],
      [`/api/v1/groups/00gnope`, "00gnope", "UserGroup"],
      [`/api/v1/apps/${web}/groups/00gnope`, "00gnope", "ApplicationGroupAssignment"],
      [`/api/v1/apps/${web}/grants/oagnope`, "oagnope", "OAuth2ScopeConsentGrant"],
      [`/api/v1/trustedOrigins/tosnope`, "tosnope", "TrustedOrigin"],
      [`/api/v1/authorizationServers/ausnope`, "ausnope", "AuthorizationServer"],
      [`/api/v1/authorizationServers/${as}/scopes/scpnope`, "scpnope", "OAuth2Scope"],
      [`/api/v1/authorizationServers/${as}/policies/00pnope`, "00pnope", "Policy"],
      [`/api/v1/authorizationServers/${as}/policies/${policy}/rules/0prnope`, "0prnope", "PolicyRule"],
      [`/oauth2/v1/clients/0oanope`, "0oanope", "Client"],
      [`/oauth2/v1/clients/${web}/roles/NOPE`, "NOPE", "Role"],
    ];
    for (const [path, id, type] of cases) expectOktaError(await raw(sandbox, "GET", path), 404, "E0000007", `Not found: Resource not found: ${id} (${type})`);
    expectOktaError(await raw(sandbox, "PUT", `/api/v1/apps/${web}/groups/00gnope`, {}), 404, "E0000007", "Not found: Resource not found: 00gnope (UserGroup)");
    expectOktaError(await raw(sandbox, "GET", "/api/v1/nothing"), 404, "E0000007", "Not found: Resource not found: /api/v1/nothing (Resource)");
    expectOktaError(await raw(sandbox, "GET", "/api/v1/apps/%E0%A4%A"), 404, "E0000007", "Not found: Resource not found: %E0%A4%A (AppInstance)");
    expectOktaError(await raw(sandbox, "PATCH", "/api/v1/apps"), 405, "E0000022", "The endpoint does not support the provided HTTP method");
  });

  it("E0000056 deleting an active app; E0000031 for a bad filter; E0000028 for an incomplete fault rule", async () => {
    const sandbox = await startSandbox();
    const web = idOf(await raw(sandbox, "POST", "/api/v1/apps", app("Web")));
    expectOktaError(await raw(sandbox, "DELETE", `/api/v1/apps/${web}`), 403, "E0000056", "Delete application forbidden.");
    // Issue 13: authorization servers too are deleted only once INACTIVE.
    const server = idOf(await raw(sandbox, "POST", "/api/v1/authorizationServers", { name: "Doomed", description: "x", audiences: ["api://doomed"] }));
    expectOktaError(await raw(sandbox, "DELETE", `/api/v1/authorizationServers/${server}`), 403, "E0000056", "Delete application forbidden.");
    expect((await raw(sandbox, "POST", `/api/v1/authorizationServers/${server}/lifecycle/deactivate`)).status).toBe(204);
    expect((await raw(sandbox, "DELETE", `/api/v1/authorizationServers/${server}`)).status).toBe(204);
    expectOktaError(await raw(sandbox, "GET", `/api/v1/apps?filter=${encodeURIComponent('label xx "a"')}`), 400, "E0000031", "Invalid search criteria.");
    expectOktaError(await raw(sandbox, "GET", `/api/v1/groups?filter=${encodeURIComponent('secret eq "a"')}`), 400, "E0000031", "Invalid search criteria.");
    expectOktaError(await raw(sandbox, "POST", "/__sandbox/faults", { action: { type: "hang" } }), 400, "E0000028", "The request is missing a required parameter.");
  });

  it("E0000015 (as recorded on a Classic org) when API Access Management is off, `default` included", async () => {
    const sandbox = await startSandbox({ apiAccessManagement: false });
    const summary = "You do not have permission to access the feature you are requesting";
    expectOktaError(await raw(sandbox, "POST", "/api/v1/authorizationServers", { name: "x", audiences: ["api://x"] }), 401, "E0000015", summary);
    expectOktaError(await raw(sandbox, "GET", "/api/v1/authorizationServers"), 401, "E0000015", summary);
    // REAL-ORG.md "No API Access Management, no `default` server" (TF fixture TestAccResourceOktaAuthServerDefault_crud).
    expectOktaError(await raw(sandbox, "GET", "/api/v1/authorizationServers/default"), 401, "E0000015", summary);
    expectOktaError(await raw(sandbox, "GET", "/api/v1/authorizationServers/default/scopes"), 401, "E0000015", summary);
    expect((await raw(sandbox, "GET", "/api/v1/apps")).status).toBe(200);
  });

  it("E0000047: a per-bucket limit answers 429 with X-Rate-Limit-* and a Date to compute the wait", async () => {
    const sandbox = await startSandbox({ rateLimits: { limits: { "api/v1/apps": 2 } } });
    for (const remaining of ["1", "0"]) expect((await raw(sandbox, "GET", "/api/v1/apps")).headers.get("x-rate-limit-remaining")).toBe(remaining);
    const limited = await raw(sandbox, "GET", "/api/v1/apps");
    expectOktaError(limited, 429, "E0000047", "API call exceeded rate limit due to too many requests.");
    expect(limited.headers.get("x-rate-limit-limit")).toBe("2");
    expect(limited.headers.get("x-rate-limit-remaining")).toBe("0");
    const dateSeconds = Date.parse(limited.headers.get("date")!) / 1000;
    expect(Number(limited.headers.get("x-rate-limit-reset"))).toBeGreaterThan(dateSeconds);
    expect((await raw(sandbox, "GET", "/api/v1/groups")).status).toBe(200); // other buckets are unaffected
  });

  it("the real SDK retries a 429 whose reset is Date − 1 once, without waiting, then succeeds", async () => {
    const sandbox: Sandbox = await startSandbox();
    const web = idOf(await raw(sandbox, "POST", "/api/v1/apps", app("Retry")));
    sandbox.faults.add({ method: "GET", path: `/api/v1/apps/${web}`, onCalls: [1], action: { type: "rate-limit" } });
    const client = sdkClient(sandbox);
    const delays: number[] = [];
    client.requestExecutor.on("backoff", (_req: unknown, _res: unknown, _id: unknown, delayMs: number) => delays.push(delayMs));
    const fetched = await client.applicationApi.getApplication({ appId: web });
    expect(fetched.id).toBe(web);
    expect(delays).toEqual([0]);
    const calls = sandbox.requests.filter((r) => r.path === `/api/v1/apps/${web}`);
    expect(calls.map((r) => [r.status, r.fault, r.retryCount])).toEqual([
      [429, "rate-limit", undefined],
      [200, undefined, "1"],
    ]);
  });

  it("DCR answers invalid_client_metadata instead of E0000001", async () => {
    const sandbox = await startSandbox();
    const dcr = { client_name: "Svc", application_type: "web", redirect_uris: ["https://x.example/cb"] };
    expect((await raw(sandbox, "POST", "/oauth2/v1/clients", dcr)).status).toBe(201);
    const cases: [unknown, string][] = [
      [{ ...dcr, client_name: "" }, "`client_name`: The field can't be left blank."],
      [{ application_type: "service" }, "`client_name`: The field can't be left blank."],
      [{ ...dcr, client_name: "Enum", application_type: "bogus" }, '`application_type`: must be equal to one of the allowed values (browser, native, service, web), got "bogus"'],
      [{ ...dcr, client_name: "NoUris", redirect_uris: [] }, "`redirect_uris`: The 'redirect_uris' must contain at least one URI for the 'authorization_code' or 'implicit' grant types."],
    ];
    for (const [body, description] of cases) {
      const res = await raw(sandbox, "POST", "/oauth2/v1/clients", body);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: "invalid_client_metadata", error_description: description });
    }
  });
});
