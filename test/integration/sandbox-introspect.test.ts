// RFC 7662 introspection on the org server and on custom servers, as OpenMetadata's 1.10+ Okta
// validator calls it (VERSIONS.md: "What the 1.10+ validator demands": POST token=<dummy>&client_id=
// to the discovery introspection_endpoint, 200 with an `active` field; a wrong secret is a 401).
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { spaAppBody, webAppBody } from "../helpers/okta-payloads.js";
import { raw, startSandbox } from "../helpers/sandbox.js";

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

async function post(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json", ...headers }, body: new URLSearchParams(form) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function spaClientId(sandbox: Sandbox): Promise<string> {
  const created = await raw(sandbox, "POST", "/api/v1/apps", spaAppBody("https://om.example.com"));
  return String((created.json.credentials as { oauthClient: { client_id: string } }).oauthClient.client_id);
}

/** A service app with a key, a custom server whose policy lets it use `om:ingest`, and a signed assertion factory. */
async function serviceOnCustomServer(sandbox: Sandbox) {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { modulusLength: 2048 });
  const body = {
    name: "oidc_client",
    label: "Bot",
    signOnMode: "OPENID_CONNECT",
    credentials: { oauthClient: { token_endpoint_auth_method: "private_key_jwt" } },
    settings: { oauthClient: { application_type: "service", grant_types: ["client_credentials"], response_types: ["token"], redirect_uris: [], jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: "bot" }] } } },
  };
  const clientId = String((await raw(sandbox, "POST", "/api/v1/apps", body)).json.id);
  const as = String((await raw(sandbox, "POST", "/api/v1/authorizationServers", { name: "OM", audiences: ["api://om"] })).json.id);
  await raw(sandbox, "POST", `/api/v1/authorizationServers/${as}/scopes`, { name: "om:ingest" });
  const policy = String((await raw(sandbox, "POST", `/api/v1/authorizationServers/${as}/policies`, { type: "OAUTH_AUTHORIZATION_POLICY", name: "P", description: "d", conditions: { clients: { include: [clientId] } } })).json.id);
  await raw(sandbox, "POST", `/api/v1/authorizationServers/${as}/policies/${policy}/rules`, { type: "RESOURCE_ACCESS", name: "R", conditions: { grantTypes: { include: ["client_credentials"] }, scopes: { include: ["om:ingest"] } } });
  const assertion = (aud: string) =>
    new SignJWT({}).setProtectedHeader({ alg: "RS256", kid: "bot" }).setIssuer(clientId).setSubject(clientId).setAudience(aud).setIssuedAt().setExpirationTime("5m").setJti(randomUUID()).sign(privateKey);
  return { clientId, as, assertion };
}

describe("/introspect (RFC 7662)", () => {
  it("answers 200 {active:false} to a dummy token from a public client, on the org and on custom servers, at the URL discovery publishes", async () => {
    const sandbox = await startSandbox();
    const clientId = await spaClientId(sandbox);
    const orgDiscovery = await raw(sandbox, "GET", "/.well-known/openid-configuration");
    const orgUrl = String(orgDiscovery.json.introspection_endpoint);
    expect(orgUrl).toBe(`${sandbox.orgUrl}/oauth2/v1/introspect`);
    expect(await post(orgUrl, { token: "dummy", client_id: clientId })).toEqual({ status: 200, json: { active: false } });
    const defaultDiscovery = await raw(sandbox, "GET", "/oauth2/default/.well-known/openid-configuration");
    expect(await post(String(defaultDiscovery.json.introspection_endpoint), { token: "dummy", client_id: clientId })).toEqual({ status: 200, json: { active: false } });
  });

  it("refuses unknown clients (401), missing credentials (401), a missing token (400) and a confidential client's wrong secret (401)", async () => {
    const sandbox = await startSandbox();
    const url = `${sandbox.orgUrl}/oauth2/v1/introspect`;
    const unknown = await post(url, { token: "dummy", client_id: "0oanotaclient" });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toMatchObject({ errorCode: "invalid_client", errorSummary: "Invalid value for 'client_id' parameter." });
    expect(await post(url, { token: "dummy" })).toEqual({ status: 401, json: { error: "invalid_client", error_description: "No client credentials found." } });
    const clientId = await spaClientId(sandbox);
    // spec OAuthError400InvalidRequest_MissingToken
    expect(await post(url, { client_id: clientId })).toEqual({ status: 400, json: { error: "invalid_request", error_description: "The `token` parameter is required." } });
    const web = await raw(sandbox, "POST", "/api/v1/apps", webAppBody("Web"));
    const oauth = (web.json.credentials as { oauthClient: { client_id: string; client_secret: string } }).oauthClient;
    const basic = (secret: string) => ({ Authorization: `Basic ${Buffer.from(`${oauth.client_id}:${secret}`).toString("base64")}` });
    expect((await post(url, { token: "dummy" }, basic("wrong"))).status).toBe(401);
    expect(await post(url, { token: "dummy" }, basic(oauth.client_secret))).toEqual({ status: 200, json: { active: false } });
    // A confidential client cannot pass as a public one by naming itself.
    expect((await post(url, { token: "dummy", client_id: oauth.client_id })).status).toBe(401);
  });

  it("describes a live access token of the same server, and calls another server's token inactive", async () => {
    const sandbox = await startSandbox();
    const { clientId, as, assertion } = await serviceOnCustomServer(sandbox);
    const tokenUrl = `${sandbox.orgUrl}/oauth2/${as}/v1/token`;
    const token = await post(tokenUrl, { grant_type: "client_credentials", scope: "om:ingest", client_assertion_type: JWT_BEARER, client_assertion: await assertion(tokenUrl) });
    expect(token.status).toBe(200);
    const accessToken = String(token.json.access_token);
    const introspect = `${sandbox.orgUrl}/oauth2/${as}/v1/introspect`;
    const live = await post(introspect, { token: accessToken, token_type_hint: "access_token", client_assertion_type: JWT_BEARER, client_assertion: await assertion(introspect) });
    expect(live.status).toBe(200);
    expect(live.json).toMatchObject({ active: true, token_type: "Bearer", scope: "om:ingest", client_id: clientId, sub: clientId, aud: "api://om", iss: `${sandbox.orgUrl}/oauth2/${as}` });
    // The assertion's audience must be the endpoint invoked (REAL-ORG.md: token endpoint table, wrong `aud`).
    const wrongAud = await post(introspect, { token: accessToken, client_assertion_type: JWT_BEARER, client_assertion: await assertion(tokenUrl) });
    expect(wrongAud.status).toBe(401);
    const spa = await spaClientId(sandbox);
    expect(await post(`${sandbox.orgUrl}/oauth2/default/v1/introspect`, { token: accessToken, client_id: spa })).toEqual({ status: 200, json: { active: false } });
    expect(await post(`${sandbox.orgUrl}/oauth2/v1/introspect`, { token: accessToken, client_id: spa })).toEqual({ status: 200, json: { active: false } });
  });
});
