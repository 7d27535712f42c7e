import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OktaApi } from "../../src/okta/okta-api.js";
import { OktaTransport } from "../../src/okta/transport.js";
import type { AuthServer, OidcApp, Policy, PolicyRule, Scope, TrustedOrigin } from "../../src/okta/okta-types.js";
import { Secret } from "../../src/secret.js";
import { findOperation, validateRequestBody } from "../../src/sandbox/spec/spec-validator.js";
import type { ProvisionSettings } from "../../src/init/provision-settings.js";
import { applyAccess } from "../../src/init/resources/access.js";
import { applyGrant } from "../../src/init/resources/api-grants.js";
import { applyAuthServer } from "../../src/init/resources/auth-server.js";
import { applyPolicy } from "../../src/init/resources/policy.js";
import { applyRule } from "../../src/init/resources/rule.js";
import { applyScope } from "../../src/init/resources/scope.js";
import { applyServiceApp, type PublicKey } from "../../src/init/resources/service-app.js";
import { applySpa } from "../../src/init/resources/spa-app.js";
import { applyTrustedOrigin } from "../../src/init/resources/trusted-origins.js";
import { serviceClientBody, spaAppBody } from "../helpers/okta-payloads.js";

/** What reached the socket: method, path with query, and the body bytes parsed as JSON. */
interface Wire {
  method: string;
  url: string;
  body: unknown;
  contentType?: string;
}

const URN = "urn:ietf:params:oauth:grant-type:";
let server: Server;
let api: OktaApi;
const wire: Wire[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const body: unknown = text ? JSON.parse(text) : undefined;
      wire.push({ method: req.method!, url: req.url!, body, contentType: req.headers["content-type"] });
      // Echo the body with ids, like Okta's create/replace answers.
      const echo = { ...(body as object), id: "id1", client_id: "cid1", issuer: "http://issuer" };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(echo));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const orgUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api = new OktaApi(new OktaTransport({ orgUrl, credentials: { kind: "token", token: new Secret("00" + "t".repeat(40)) }, env: {} }));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  wire.length = 0;
});

/** The one request sent, after checking it against Okta's published schema for its operation. */
function sent(): Wire {
  expect(wire).toHaveLength(1);
  const request = wire[0]!;
  const op = findOperation(request.method, request.url.split("?")[0]!);
  expect(op, `${request.method} ${request.url} is an Okta operation`).toBeDefined();
  expect(validateRequestBody(op!.operationId, request.body)).toEqual([]);
  if (request.body !== undefined) expect(request.contentType).toBe("application/json");
  return request;
}

const settings: ProvisionSettings = {
  orgUrl: "http://org.example",
  omUrl: "https://om.example.com",
  clientType: "public",
  appName: "OpenMetadata",
  redirectUris: ["https://om.example.com/callback", "https://om.example.com/silent-callback"],
  logoutUris: ["https://om.example.com"],
  baseUris: ["https://om.example.com"],
  access: { kind: "everyone" },
  authServer: { kind: "create", name: "OpenMetadata" },
  scope: "openmetadata",
  policyName: "OpenMetadata",
  ruleName: "OpenMetadata rule",
  ruleGrantTypes: ["client_credentials", "authorization_code", `${URN}device_code`, `${URN}token-exchange`],
  serviceApp: true,
  serviceAppName: "OpenMetadata Ingestion Bot",
  apiScopes: ["okta.users.read"],
};

const key: PublicKey = { kty: "RSA", n: "sXch_n-modulus", e: "AQAB", kid: "kid-1", alg: "RS256", use: "sig" };
const create = { resource: "x", action: "create" as const };

describe("the wire JSON of every create", () => {
  it("SPA: POST /api/v1/apps?activate=true with every setting the guide's console steps set", async () => {
    await applySpa(api, { ...create, resource: "spa-app" }, { kind: "missing" }, settings);
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("POST /api/v1/apps?activate=true");
    expect(request.body).toEqual(spaAppBody("https://om.example.com"));
  });

  it("service app: Dynamic Client Registration with exactly one public JWK (no private members)", async () => {
    expect(await applyServiceApp(api, { ...create, resource: "service-app" }, { kind: "missing" }, "OpenMetadata Ingestion Bot", key)).toBe("cid1");
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("POST /oauth2/v1/clients");
    expect(request.body).toEqual(serviceClientBody("OpenMetadata Ingestion Bot", { kty: "RSA", n: "sXch_n-modulus", e: "AQAB", kid: "kid-1", alg: "RS256", use: "sig" }));
  });

  it("trusted origin: CORS and REDIRECT, named after the app and the origin", async () => {
    await applyTrustedOrigin(api, create, { kind: "missing" }, "https://om.example.com", "OpenMetadata");
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("POST /api/v1/trustedOrigins");
    expect(request.body).toEqual({ name: "OpenMetadata https://om.example.com", origin: "https://om.example.com", scopes: [{ type: "CORS" }, { type: "REDIRECT" }], status: "ACTIVE" });
  });

  it("group assignment: PUT with an empty object", async () => {
    await applyAccess(api, "0oaSPA", { resource: "access:00gE", action: "create", id: "00gE" });
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("PUT /api/v1/apps/0oaSPA/groups/00gE");
    expect(request.body).toEqual({});
  });

  it("grant: the org URL as issuer (no trailing slash) and the scope id", async () => {
    await applyGrant(api, "0oaSVC", create, "okta.users.read");
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("POST /api/v1/apps/0oaSVC/grants");
    expect(request.body).toEqual({ issuer: api.orgUrl, scopeId: "okta.users.read" });
    expect(api.orgUrl.endsWith("/")).toBe(false);
  });

  it("authorization server: audience = the SPA's client id, issuer mode Okta URL", async () => {
    await applyAuthServer(api, create, { kind: "missing" }, settings, "0oaSPA");
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("POST /api/v1/authorizationServers");
    expect(request.body).toEqual({ name: "OpenMetadata", description: "OpenMetadata sign-in and ingestion tokens (managed by okta-om-setup)", audiences: ["0oaSPA"], issuerMode: "ORG_URL" });
  });

  it("scope: `default: true` reaches the wire (the SDK would drop it), consent IMPLICIT", async () => {
    await applyScope(api, "ausX", create, undefined, "openmetadata");
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("POST /api/v1/authorizationServers/ausX/scopes");
    expect(request.body).toEqual({ name: "openmetadata", description: "Access to OpenMetadata", consent: "IMPLICIT", metadataPublish: "NO_CLIENTS", default: true });
    expect((request.body as Record<string, unknown>)._default).toBeUndefined();
  });

  it("policy: assigned to the SPA and the service app", async () => {
    await applyPolicy(api, "ausX", create, undefined, "OpenMetadata", ["0oaSPA", "0oaSVC"]);
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("POST /api/v1/authorizationServers/ausX/policies");
    expect(request.body).toEqual({
      type: "OAUTH_AUTHORIZATION_POLICY",
      name: "OpenMetadata",
      description: "Lets OpenMetadata's sign-in app and ingestion bot get tokens (managed by okta-om-setup)",
      priority: 1,
      status: "ACTIVE",
      conditions: { clients: { include: ["0oaSPA", "0oaSVC"] } },
    });
  });

  it("rule: the grant types, any scope, everyone, and the token lifetimes", async () => {
    await applyRule(api, "ausX", "00pP", create, undefined, "OpenMetadata rule", settings.ruleGrantTypes, "openmetadata");
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("POST /api/v1/authorizationServers/ausX/policies/00pP/rules");
    expect(request.body).toEqual({
      type: "RESOURCE_ACCESS",
      name: "OpenMetadata rule",
      priority: 1,
      status: "ACTIVE",
      conditions: {
        people: { groups: { include: ["EVERYONE"] } },
        grantTypes: { include: ["client_credentials", "authorization_code", `${URN}device_code`, `${URN}token-exchange`] },
        scopes: { include: ["*"] },
      },
      actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
    });
  });
});

describe("the wire JSON of updates: the whole object, ours merged in, read-only links dropped", () => {
  const links = { _links: { self: { href: "http://org/x" } } };

  it("SPA: unknown fields and the admin's extra URIs survive, ours are added", async () => {
    const app = {
      id: "0oaSPA",
      name: "oidc_client",
      label: "OpenMetadata",
      status: "ACTIVE",
      signOnMode: "OPENID_CONNECT",
      visibility: { autoLaunch: false, hide: { iOS: true, web: true } },
      credentials: { oauthClient: { client_id: "0oaSPA", token_endpoint_auth_method: "none", pkce_required: true, autoKeyRotation: true } },
      settings: {
        implicitAssignment: true,
        oauthClient: {
          application_type: "browser",
          grant_types: ["authorization_code"],
          response_types: ["code"],
          redirect_uris: ["https://admin.example.com/cb"],
          post_logout_redirect_uris: ["https://om.example.com"],
          consent_method: "TRUSTED",
          issuer_mode: "ORG_URL",
          refresh_token: { rotation_type: "ROTATE", leeway: 10 },
          participate_slo: false,
        },
      },
      ...links,
      _embedded: { user: {} },
    } as unknown as OidcApp;
    await applySpa(api, { resource: "spa-app", action: "update", id: "0oaSPA", fields: ["settings.oauthClient.redirect_uris"] }, { kind: "found", value: app, via: "id" }, settings);
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("PUT /api/v1/apps/0oaSPA");
    const body = request.body as Record<string, unknown> & { settings: { implicitAssignment?: boolean; oauthClient: Record<string, unknown> } };
    expect(body._links).toBeUndefined();
    expect(body._embedded).toBeUndefined();
    expect(body.visibility).toEqual({ autoLaunch: false, hide: { iOS: true, web: true } });
    expect(body.settings.implicitAssignment).toBe(true);
    expect(body.settings.oauthClient).toEqual({
      application_type: "browser",
      grant_types: ["authorization_code", "refresh_token", "implicit"],
      response_types: ["code", "id_token", "token"],
      redirect_uris: ["https://admin.example.com/cb", "https://om.example.com/callback", "https://om.example.com/silent-callback"],
      post_logout_redirect_uris: ["https://om.example.com"],
      consent_method: "TRUSTED",
      issuer_mode: "ORG_URL",
      refresh_token: { rotation_type: "ROTATE", leeway: 10 },
      participate_slo: false,
    });
  });

  it("service app: the key set is replaced by our one key and DPoP binding is turned off", async () => {
    const app = {
      id: "0oaSVC",
      name: "oidc_client",
      label: "OpenMetadata Ingestion Bot",
      status: "ACTIVE",
      signOnMode: "OPENID_CONNECT",
      credentials: { oauthClient: { client_id: "0oaSVC", token_endpoint_auth_method: "private_key_jwt", autoKeyRotation: true } },
      settings: {
        oauthClient: {
          application_type: "service",
          grant_types: ["client_credentials"],
          response_types: ["token"],
          dpop_bound_access_tokens: true,
          jwks: { keys: [{ kty: "RSA", n: "old", e: "AQAB", kid: "old", id: "pks1", status: "ACTIVE" }] },
        },
      },
      ...links,
    } as unknown as OidcApp;
    const change = { resource: "service-app", action: "update" as const, id: "0oaSVC", fields: ["settings.oauthClient.dpop_bound_access_tokens", "settings.oauthClient.jwks"] };
    await applyServiceApp(api, change, { kind: "found", value: app, via: "id" }, "OpenMetadata Ingestion Bot", key);
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("PUT /api/v1/apps/0oaSVC");
    const body = request.body as { settings: { oauthClient: Record<string, unknown> }; _links?: unknown };
    expect(body._links).toBeUndefined();
    expect(body.settings.oauthClient.jwks).toEqual({ keys: [key] });
    expect(body.settings.oauthClient.dpop_bound_access_tokens).toBe(false);
  });

  it("trusted origin: the missing scope type is added to the ones there", async () => {
    const current: TrustedOrigin = { id: "tosX", name: "Mine", origin: "https://om.example.com", status: "ACTIVE", scopes: [{ type: "IFRAME_EMBED", allowedOktaApps: ["OKTA_ENDUSER"] }, { type: "CORS" }], ...links };
    await applyTrustedOrigin(api, { resource: "t", action: "update", id: "tosX", fields: ["scopes"] }, { kind: "found", value: current, via: "id" }, "https://om.example.com", "OpenMetadata");
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("PUT /api/v1/trustedOrigins/tosX");
    expect(request.body).toEqual({ id: "tosX", name: "Mine", origin: "https://om.example.com", status: "ACTIVE", scopes: [{ type: "IFRAME_EMBED", allowedOktaApps: ["OKTA_ENDUSER"] }, { type: "CORS" }, { type: "REDIRECT" }] });
  });

  it("authorization server: the audience is set to the SPA's client id, the rest kept", async () => {
    const as: AuthServer = { id: "ausX", name: "OpenMetadata", description: "mine", audiences: ["api://old"], issuer: "http://org/oauth2/ausX", issuerMode: "ORG_URL", status: "ACTIVE", ...links };
    await applyAuthServer(api, { resource: "auth-server", action: "update", id: "ausX", fields: ["audiences"] }, { kind: "found", value: as, via: "id" }, settings, "0oaSPA");
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("PUT /api/v1/authorizationServers/ausX");
    expect(request.body).toEqual({ id: "ausX", name: "OpenMetadata", description: "mine", audiences: ["0oaSPA"], issuer: "http://org/oauth2/ausX", issuerMode: "ORG_URL", status: "ACTIVE" });
  });

  it("scope: `default: true` is set on the wire, consent REQUIRED becomes IMPLICIT", async () => {
    const scope: Scope = { id: "scpX", name: "openmetadata", consent: "REQUIRED", metadataPublish: "ALL_CLIENTS", default: false, system: false, ...links };
    await applyScope(api, "ausX", { resource: "scope", action: "update", id: "scpX", fields: ["consent", "default"] }, [scope], "openmetadata");
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("PUT /api/v1/authorizationServers/ausX/scopes/scpX");
    expect(request.body).toEqual({ id: "scpX", name: "openmetadata", consent: "IMPLICIT", metadataPublish: "ALL_CLIENTS", default: true, system: false });
  });

  it("policy: missing clients are added to the ones there", async () => {
    const policy: Policy = { id: "00pP", type: "OAUTH_AUTHORIZATION_POLICY", name: "OpenMetadata", description: "d", status: "INACTIVE", priority: 1, conditions: { clients: { include: ["0oaOTHER"] } }, ...links };
    await applyPolicy(api, "ausX", { resource: "policy", action: "update", id: "00pP", fields: ["conditions.clients.include", "status"] }, [policy], "OpenMetadata", ["0oaSPA", "0oaSVC"]);
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("PUT /api/v1/authorizationServers/ausX/policies/00pP");
    expect(request.body).toEqual({ id: "00pP", type: "OAUTH_AUTHORIZATION_POLICY", name: "OpenMetadata", description: "d", status: "ACTIVE", priority: 1, conditions: { clients: { include: ["0oaOTHER", "0oaSPA", "0oaSVC"] } } });
  });

  it("rule: missing grant types are added, people and scopes kept when present", async () => {
    const rule: PolicyRule = {
      id: "0prR",
      type: "RESOURCE_ACCESS",
      name: "OpenMetadata rule",
      status: "ACTIVE",
      priority: 1,
      conditions: { people: { groups: { include: ["00gADMINS"] } }, grantTypes: { include: ["authorization_code"] }, scopes: { include: ["openmetadata", "openid"] } },
      actions: { token: { accessTokenLifetimeMinutes: 30 } },
      ...links,
    };
    await applyRule(api, "ausX", "00pP", { resource: "rule", action: "update", id: "0prR", fields: ["conditions.grantTypes.include"] }, [rule], "OpenMetadata rule", ["client_credentials", "authorization_code"], "openmetadata");
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("PUT /api/v1/authorizationServers/ausX/policies/00pP/rules/0prR");
    expect(request.body).toEqual({
      id: "0prR",
      type: "RESOURCE_ACCESS",
      name: "OpenMetadata rule",
      status: "ACTIVE",
      priority: 1,
      conditions: { people: { groups: { include: ["00gADMINS"] } }, grantTypes: { include: ["authorization_code", "client_credentials"] }, scopes: { include: ["openmetadata", "openid"] } },
      actions: { token: { accessTokenLifetimeMinutes: 30 } },
    });
  });

  it("status-only drift sends only the lifecycle call, no body", async () => {
    const app = { id: "0oaSPA", name: "oidc_client", label: "OpenMetadata", status: "INACTIVE", signOnMode: "OPENID_CONNECT" } as OidcApp;
    await applySpa(api, { resource: "spa-app", action: "update", id: "0oaSPA", fields: ["status"] }, { kind: "found", value: app, via: "id" }, settings);
    const request = sent();
    expect(`${request.method} ${request.url}`).toBe("POST /api/v1/apps/0oaSPA/lifecycle/activate");
    expect(request.body).toBeUndefined();
  });
});
