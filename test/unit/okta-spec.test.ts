import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  findOperation,
  getOperationInfo,
  listOperations,
  validateQuery,
  validateRequestBody,
  validateResponseBody,
} from "../../src/sandbox/spec/spec-validator.js";
import type { SpecIssue } from "../../src/sandbox/spec/spec-validator.js";
import { spaAppBody } from "../helpers/okta-payloads.js";

const ORG = "https://dev-123456.okta.com";
const SPA_CLIENT_ID = "0oa1spa0000000000001";
const SERVICE_CLIENT_ID = "0oa1svc0000000000001";

// Bodies as the CLI sends them (shared/reference/okta/API-NOTES.md §1.1-§1.5, §2).
const guideSpa = spaAppBody("http://localhost:8585");
// API-NOTES §1.1 also sets initiate_login_uri: the schema must accept it.
const spaApp = { ...guideSpa, settings: { ...guideSpa.settings, oauthClient: { ...guideSpa.settings.oauthClient, initiate_login_uri: "http://localhost:8585/signin" } } };

const rsaJwk = { kty: "RSA", e: "AQAB", n: "xjlCRBqkQRaW3w", kid: "om-bot-1", alg: "RS256", use: "sig" };

const serviceApp = {
  name: "oidc_client",
  label: "OpenMetadata Ingestion Bot",
  signOnMode: "OPENID_CONNECT",
  credentials: { oauthClient: { token_endpoint_auth_method: "private_key_jwt" } },
  settings: {
    oauthClient: {
      application_type: "service",
      grant_types: ["client_credentials"],
      response_types: ["token"],
      jwks: { keys: [rsaJwk] },
    },
  },
};

const dcrClient = {
  client_name: "OpenMetadata Ingestion Bot",
  grant_types: ["client_credentials"],
  response_types: ["token"],
  token_endpoint_auth_method: "private_key_jwt",
  application_type: "service",
  jwks: { keys: [rsaJwk] },
};

const authServer = {
  name: "OpenMetadata",
  description: "Tokens for OpenMetadata",
  audiences: [SPA_CLIENT_ID],
  issuerMode: "ORG_URL",
};

const scope = {
  name: "openmetadata",
  description: "OpenMetadata access",
  consent: "IMPLICIT",
  metadataPublish: "ALL_CLIENTS",
  default: true,
};

const policy = {
  type: "OAUTH_AUTHORIZATION_POLICY",
  name: "OpenMetadata",
  description: "OpenMetadata clients",
  priority: 1,
  status: "ACTIVE",
  conditions: { clients: { include: [SPA_CLIENT_ID, SERVICE_CLIENT_ID] } },
};

const rule = {
  type: "RESOURCE_ACCESS",
  name: "OpenMetadata rule",
  priority: 1,
  conditions: {
    people: { groups: { include: ["EVERYONE"] } },
    grantTypes: {
      include: [
        "client_credentials",
        "authorization_code",
        "urn:ietf:params:oauth:grant-type:device_code",
        "urn:ietf:params:oauth:grant-type:token-exchange",
      ],
    },
    scopes: { include: ["*"] },
  },
  actions: {
    token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 },
  },
};

const trustedOrigin = {
  name: "OpenMetadata",
  origin: "http://localhost:8585",
  scopes: [{ type: "CORS" }, { type: "REDIRECT" }],
};

const grant = { issuer: ORG, scopeId: "okta.users.read" };

function paths(issues: readonly SpecIssue[]): string[] {
  return issues.map((i) => i.path);
}

function withOauthClient(patch: Record<string, unknown>): unknown {
  return { ...spaApp, settings: { ...spaApp.settings, oauthClient: { ...spaApp.settings.oauthClient, ...patch } } };
}

describe("derived Okta spec", () => {
  it("loads and records where it came from", () => {
    const text = readFileSync(new URL("../../src/sandbox/spec/okta-spec.json", import.meta.url), "utf8");
    const doc = JSON.parse(text) as { "x-derived-from": { files: { file: string; sha256: string }[] } };
    expect(doc["x-derived-from"].files.map((f) => f.file)).toEqual([
      "shared/reference/okta/management.yaml",
      "shared/reference/okta/oauth.yaml",
    ]);
    expect(text.length).toBeLessThan(300_000);
  });

  it("lists every kept operation once, with upper-case methods", () => {
    const ops = listOperations();
    expect(ops.length).toBe(74);
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
    expect(ops).toContainEqual({ operationId: "createClient", method: "POST", path: "/oauth2/v1/clients" });
    expect(ops.every((o) => o.method === o.method.toUpperCase())).toBe(true);
  });

  it("exposes scopes and documented statuses", () => {
    expect(getOperationInfo("createApplication")).toMatchObject({
      scopes: ["okta.apps.manage"],
      statuses: ["200", "400", "403", "429"],
      requestContentTypes: ["application/json"],
      requestBodyRequired: true,
    });
    expect(getOperationInfo("token")?.requestContentTypes).toEqual(["application/x-www-form-urlencoded"]);
    expect(getOperationInfo("nope")).toBeUndefined();
  });
});

describe("findOperation", () => {
  it.each([
    ["GET", "/api/v1/authorizationServers/default/scopes", "listOAuth2Scopes", { authServerId: "default" }],
    ["post", "/api/v1/apps/0oa123/grants", "grantConsentToScope", { appId: "0oa123" }],
    ["DELETE", "/api/v1/apps/0oa123/grants/oag456", "revokeScopeConsentGrant", { appId: "0oa123", grantId: "oag456" }],
    ["PUT", "/api/v1/apps/0oa1/groups/00g1", "assignGroupToApplication", { appId: "0oa1", groupId: "00g1" }],
    ["POST", "/api/v1/apps?activate=true", "createApplication", {}],
    ["GET", "/api/v1/users/me", "getUser", { userId: "me" }],
    ["POST", "/oauth2/v1/token", "token", {}],
    ["POST", "/oauth2/aus1/v1/token", "tokenCustomAS", { authorizationServerId: "aus1" }],
    ["GET", "/oauth2/v1/keys", "oauthKeys", {}],
    ["GET", "/oauth2/default/v1/keys", "oauthKeysCustomAS", { authorizationServerId: "default" }],
    ["GET", "/oauth2/v1/clients/0oa9", "getClient", { clientId: "0oa9" }],
    ["POST", "/oauth2/v1/clients/0oa9/roles", "assignRoleToClient", { clientId: "0oa9" }],
    ["GET", "/.well-known/openid-configuration", "getWellKnownOpenIDConfiguration", {}],
    [
      "GET",
      "/oauth2/aus1/.well-known/oauth-authorization-server",
      "getWellKnownOAuthConfigurationCustomAS",
      { authorizationServerId: "aus1" },
    ],
    ["POST", "/api/v1/authorizationServers/aus1/policies/00p1/rules/0pr1/lifecycle/activate", "activateAuthorizationServerPolicyRule", {
      authServerId: "aus1",
      policyId: "00p1",
      ruleId: "0pr1",
    }],
  ])("%s %s -> %s", (method, path, operationId, params) => {
    expect(findOperation(method, path)).toMatchObject({ operationId, params });
  });

  it("returns undefined for unknown paths and methods", () => {
    expect(findOperation("GET", "/api/v1/policies")).toBeUndefined();
    expect(findOperation("PATCH", "/api/v1/apps/0oa1")).toBeUndefined();
    expect(findOperation("GET", "/api/v1/apps/0oa1/nothing")).toBeUndefined();
  });
});

describe("validateRequestBody accepts what the CLI sends", () => {
  it.each([
    ["createApplication", "OIDC SPA (§1.1)", spaApp],
    ["createApplication", "service app through the Apps API (§1.4)", serviceApp],
    ["replaceApplication", "OIDC SPA", spaApp],
    ["createAuthorizationServer", "authorization server", authServer],
    ["createOAuth2Scope", "default scope", scope],
    ["createAuthorizationServerPolicy", "access policy", policy],
    ["createAuthorizationServerPolicyRule", "rule (§1.2)", rule],
    ["replaceAuthorizationServerPolicyRule", "rule", rule],
    ["createTrustedOrigin", "trusted origin", trustedOrigin],
    ["assignGroupToApplication", "empty assignment", {}],
    ["assignGroupToApplication", "priority 0", { priority: 0 }],
    ["grantConsentToScope", "grant", grant],
    ["createClient", "DCR service client", dcrClient],
    ["assignRoleToClient", "standard role", { type: "ORG_ADMIN" }],
  ])("%s: %s", (operationId, _label, body) => {
    expect(validateRequestBody(operationId, body)).toEqual([]);
  });

  it("accepts a missing optional body and an empty body on lifecycle calls", () => {
    expect(validateRequestBody("assignGroupToApplication", undefined)).toEqual([]);
    expect(validateRequestBody("activateApplication", undefined)).toEqual([]);
    expect(validateRequestBody("deactivateAuthorizationServer", {})).toEqual([]);
  });

  it("accepts a client_credentials token request in any form representation", () => {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      scope: "okta.users.read okta.users.manage",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: "eyJ.x.y",
    });
    const type = "application/x-www-form-urlencoded;charset=UTF-8";
    expect(validateRequestBody("token", form, type)).toEqual([]);
    expect(validateRequestBody("tokenCustomAS", form.toString(), type)).toEqual([]);
    expect(validateRequestBody("token", Object.fromEntries(form))).toEqual([]);
  });
});

describe("validateRequestBody rejects bad bodies with a readable path", () => {
  it("catches a bad grant type through the OpenIdConnectApplication subtype", () => {
    const issues = validateRequestBody("createApplication", withOauthClient({ grant_types: ["authorization_code", "nope"] }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe("settings.oauthClient.grant_types[1]");
    expect(issues[0]?.message).toMatch(/^must be equal to one of the allowed values \(authorization_code, .*client_credentials.*\), got "nope"$/);
  });

  it("checks the subtype's own required fields", () => {
    const { settings: _settings, ...noSettings } = spaApp;
    expect(paths(validateRequestBody("createApplication", noSettings))).toEqual(["settings"]);
  });

  it("requires signOnMode", () => {
    const { signOnMode: _mode, ...body } = spaApp;
    const issues = validateRequestBody("createApplication", body);
    expect(issues).toContainEqual({ path: "signOnMode", message: "is required" });
  });

  it("rejects a non-string label", () => {
    const issues = validateRequestBody("createApplication", { ...spaApp, label: 42 });
    expect(issues).toContainEqual({ path: "label", message: "must be string, got 42", kind: "parse" });
  });

  it("rejects a bad enum in the subtype's settings", () => {
    expect(paths(validateRequestBody("createApplication", withOauthClient({ application_type: "spa" })))).toEqual([
      "settings.oauthClient.application_type",
    ]);
  });

  it("rejects a bad scope consent", () => {
    const issues = validateRequestBody("createOAuth2Scope", { ...scope, consent: "SOMETIMES" });
    expect(paths(issues)).toEqual(["consent"]);
    expect(issues[0]?.message).toContain("FLEXIBLE, IMPLICIT, REQUIRED");
  });

  it("rejects an unknown rule type and a missing rule name", () => {
    expect(paths(validateRequestBody("createAuthorizationServerPolicyRule", { ...rule, type: "NOPE" }))).toEqual(["type"]);
    const { name: _name, ...noName } = rule;
    expect(validateRequestBody("createAuthorizationServerPolicyRule", noName)).toEqual([{ path: "name", message: "is required" }]);
  });

  it("does not check rule grant types: the spec types them as plain strings", () => {
    // GrantTypePolicyRuleCondition.include is string[] without an enum, so the sandbox has to
    // check rule grant types itself.
    const body = { ...rule, conditions: { ...rule.conditions, grantTypes: { include: ["client_credential"] } } };
    expect(validateRequestBody("createAuthorizationServerPolicyRule", body)).toEqual([]);
  });

  it("rejects a bad trusted origin scope type, grant without scopeId, DCR without client_name", () => {
    expect(paths(validateRequestBody("createTrustedOrigin", { ...trustedOrigin, scopes: [{ type: "CORS" }, { type: "X" }] }))).toEqual([
      "scopes[1].type",
    ]);
    expect(validateRequestBody("grantConsentToScope", { issuer: ORG })).toEqual([{ path: "scopeId", message: "is required" }]);
    const { client_name: _n, ...noName } = dcrClient;
    expect(validateRequestBody("createClient", noName)).toEqual([{ path: "client_name", message: "is required" }]);
    expect(paths(validateRequestBody("createClient", { ...dcrClient, grant_types: ["nope"] }))).toEqual(["grant_types[0]"]);
  });

  it("rejects a priority of the wrong type on a group assignment", () => {
    expect(paths(validateRequestBody("assignGroupToApplication", { priority: "0" }))).toEqual(["priority"]);
  });

  it("checks the token request against the grant_type subtype", () => {
    const issues = validateRequestBody("token", "grant_type=client_credentials", "application/x-www-form-urlencoded");
    expect(issues).toEqual([{ path: "scope", message: "is required" }]);
  });

  it("reports missing, unexpected and wrongly typed bodies", () => {
    expect(validateRequestBody("createApplication", undefined)).toEqual([
      { path: "", message: "createApplication requires a request body" },
    ]);
    expect(validateRequestBody("deleteApplication", { a: 1 })).toEqual([{ path: "", message: "deleteApplication takes no request body" }]);
    expect(validateRequestBody("createApplication", spaApp, "text/plain")[0]?.message).toMatch(/content type text\/plain is not accepted/);
    expect(validateRequestBody("createApplication", [spaApp])[0]).toEqual({ path: "", message: "must be object, got an array", kind: "parse" });
  });

  it("throws for an unknown operationId", () => {
    expect(() => validateRequestBody("noSuchOperation", {})).toThrow(/unknown Okta operationId/);
  });
});

describe("validateQuery", () => {
  it("accepts the lookups the CLI makes", () => {
    expect(validateQuery("listApplications", new URLSearchParams({ q: "OpenMetadata", limit: "200" }))).toEqual([]);
    expect(validateQuery("createApplication", new URLSearchParams({ activate: "true" }))).toEqual([]);
    expect(validateQuery("listGroups", new URLSearchParams({ filter: 'type eq "BUILT_IN"', limit: "200" }))).toEqual([]);
    expect(validateQuery("listScopeConsentGrants", new URLSearchParams({ expand: "scope" }))).toEqual([]);
    // Undeclared parameters are ignored, as Okta ignores them.
    expect(validateQuery("listApplications", new URLSearchParams({ whatever: "1" }))).toEqual([]);
  });

  it("reports wrong types and out-of-range values of declared parameters", () => {
    expect(validateQuery("listApplications", new URLSearchParams({ limit: "abc" }))).toEqual([
      { path: "limit", message: 'must be integer, got "abc"', kind: "parse" },
    ]);
    expect(validateQuery("listApplications", new URLSearchParams({ limit: "500" }))).toEqual([
      { path: "limit", message: "must be <= 200" },
    ]);
    expect(paths(validateQuery("createApplication", new URLSearchParams({ activate: "yes" })))).toEqual(["activate"]);
  });
});

describe("validateResponseBody", () => {
  const app = {
    ...spaApp,
    id: SPA_CLIENT_ID,
    status: "ACTIVE",
    created: "2025-03-13T23:43:59.000Z",
    lastUpdated: "2025-03-13T23:43:59.000Z",
    orn: `orn:oktapreview:idp:00o1:apps:oidc_client:${SPA_CLIENT_ID}`,
    features: [],
    universalLogout: null,
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
    credentials: { oauthClient: { ...spaApp.credentials.oauthClient, client_id: SPA_CLIENT_ID } },
    settings: {
      ...spaApp.settings,
      notes: { admin: null, enduser: null },
      oauthClient: { ...spaApp.settings.oauthClient, client_uri: null, logo_uri: null },
    },
    _links: { self: { href: `${ORG}/api/v1/apps/${SPA_CLIENT_ID}` }, groups: { href: `${ORG}/api/v1/apps/${SPA_CLIENT_ID}/groups` } },
  };

  it("accepts Okta-like responses with read-only fields and Okta's nulls", () => {
    expect(validateResponseBody("createApplication", 200, app)).toEqual([]);
    expect(validateResponseBody("listApplications", 200, [app, app])).toEqual([]);
    expect(
      validateResponseBody("createOAuth2Scope", 201, { ...scope, id: "scp1", system: false, optional: false, _links: { self: { href: "x" } } }),
    ).toEqual([]);
    expect(validateResponseBody("deleteApplication", 204, undefined)).toEqual([]);
    expect(validateResponseBody("deactivateApplication", 200, {})).toEqual([]);
  });

  it("accepts the statuses live Okta uses where the spec disagrees", () => {
    const grantResponse = { ...grant, id: "oag1", status: "ACTIVE", source: "ADMIN", clientId: SERVICE_CLIENT_ID };
    expect(validateResponseBody("grantConsentToScope", 200, grantResponse)).toEqual([]);
    expect(validateResponseBody("grantConsentToScope", 201, grantResponse)).toEqual([]);
  });

  it("checks list items against their subtype", () => {
    const bad = { ...app, settings: { ...app.settings, oauthClient: { ...app.settings.oauthClient, grant_types: ["nope"] } } };
    expect(paths(validateResponseBody("listApplications", 200, [app, bad]))).toEqual(["[1].settings.oauthClient.grant_types[0]"]);
  });

  it("checks error bodies, also for statuses the spec leaves out", () => {
    const error = { errorCode: "E0000011", errorSummary: "Invalid token provided", errorLink: "E0000011", errorId: "oae1", errorCauses: [] };
    expect(validateResponseBody("createApplication", 401, error)).toEqual([]);
    expect(validateResponseBody("createApplication", 500, error)).toEqual([]);
    expect(paths(validateResponseBody("createApplication", 400, { ...error, errorCauses: "none" }))).toEqual(["errorCauses"]);
    expect(validateResponseBody("token", 400, { error: "invalid_scope", error_description: "x" })).toEqual([]);
  });

  it("reports undocumented success statuses and unexpected bodies", () => {
    expect(validateResponseBody("createAuthorizationServer", 200, authServer)[0]?.message).toMatch(
      /status 200 is not documented for createAuthorizationServer \(documented: 201, 400, 403, 429\)/,
    );
    expect(validateResponseBody("deleteApplication", 204, { a: 1 })).toEqual([
      { path: "", message: "status 204 of deleteApplication has no body in the spec" },
    ]);
    expect(validateResponseBody("getApplication", 200, undefined)).toEqual([
      { path: "", message: "status 200 of getApplication needs a JSON body" },
    ]);
  });
});

describe("recorded shapes fixture", () => {
  interface RecordedEntry {
    operationId: string;
    method: string;
    pathTemplate: string;
    status: number;
    requestShape?: Record<string, string>;
    responseShape: Record<string, string>;
    responseHeaders: string[];
    source: string;
  }
  const fixture = JSON.parse(
    readFileSync(new URL("../fixtures/okta-recorded-shapes.json", import.meta.url), "utf8"),
  ) as { entries: RecordedEntry[] };

  it.each([
    ["createApplication", 200, "settings.oauthClient.grant_types[]"],
    ["createAuthorizationServer", 201, "credentials.signing.kid"],
    ["grantConsentToScope", 200, "_embedded.scope.id"],
    ["createTrustedOrigin", 200, "scopes[].type"],
  ])("has %s/%i", (operationId, status, keyPath) => {
    const entries = fixture.entries.filter((e) => e.operationId === operationId && e.status === status);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.some((e) => e.responseShape[keyPath] === "string")).toBe(true);
    for (const e of entries) {
      expect(e.source).toMatch(/\.yaml#\d+$/);
      expect(e.responseHeaders).toContain("Content-Type");
    }
  });

  it("holds structure only: every shape value is a JSON type name", () => {
    const types = new Set(["object", "array", "string", "integer", "number", "boolean", "null"]);
    for (const e of fixture.entries) {
      for (const shape of [e.responseShape, e.requestShape ?? {}]) {
        for (const value of Object.values(shape)) {
          for (const t of value.split("|")) expect(types.has(t)).toBe(true);
        }
      }
    }
  });

  it("maps every recorded interaction to an operation of the derived spec", () => {
    const ids = new Set(listOperations().map((o) => o.operationId));
    for (const e of fixture.entries) {
      expect(ids.has(e.operationId)).toBe(true);
      expect(findOperation(e.method, e.pathTemplate)?.operationId).toBe(e.operationId);
    }
  });
});
