import { describe, expect, it } from "vitest";
import { buildPlan, hasPendingChanges, PENDING, planKey } from "../../src/init/build-plan.js";
import type { ProvisionSettings } from "../../src/init/provision-settings.js";
import type { OrgSnapshot } from "../../src/init/read-org.js";
import { planAccess } from "../../src/init/resources/access.js";
import { planGrants } from "../../src/init/resources/api-grants.js";
import { planAuthServer } from "../../src/init/resources/auth-server.js";
import { findOne } from "../../src/init/resources/find.js";
import { planPolicy } from "../../src/init/resources/policy.js";
import { planRule, ruleDrift } from "../../src/init/resources/rule.js";
import { planScope } from "../../src/init/resources/scope.js";
import { planServiceApp, serviceDrift, type PublicKey } from "../../src/init/resources/service-app.js";
import { mergeSpa, planSpa, spaDrift } from "../../src/init/resources/spa-app.js";
import { originsOf, planTrustedOrigin } from "../../src/init/resources/trusted-origins.js";
import type { AuthServer, Grant, OidcApp, Policy, PolicyRule, Scope, TrustedOrigin } from "../../src/okta/okta-types.js";

const URN = "urn:ietf:params:oauth:grant-type:";
const ORG = "https://dev-1.okta.com";

const settings: ProvisionSettings = {
  orgUrl: ORG,
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
  ruleGrantTypes: ["client_credentials", "authorization_code", `${URN}device_code`],
  serviceApp: true,
  serviceAppName: "OpenMetadata Ingestion Bot",
  apiScopes: ["okta.users.read", "okta.clients.read"],
};

const spa = (over: { settings?: Record<string, unknown>; status?: string; label?: string; credentials?: Record<string, unknown> } = {}): OidcApp => ({
  id: "0oaSPA",
  name: "oidc_client",
  label: over.label ?? "OpenMetadata",
  status: over.status ?? "ACTIVE",
  signOnMode: "OPENID_CONNECT",
  credentials: { oauthClient: { client_id: "0oaSPA", token_endpoint_auth_method: "none", pkce_required: true, autoKeyRotation: true, ...over.credentials } },
  settings: {
    implicitAssignment: false,
    oauthClient: {
      application_type: "browser",
      grant_types: ["authorization_code", "refresh_token", "implicit"],
      response_types: ["code", "id_token", "token"],
      redirect_uris: ["https://om.example.com/callback", "https://om.example.com/silent-callback"],
      post_logout_redirect_uris: ["https://om.example.com"],
      consent_method: "TRUSTED",
      issuer_mode: "ORG_URL",
      refresh_token: { rotation_type: "ROTATE", leeway: 30 },
      ...over.settings,
    },
  },
});

const key: PublicKey = { kty: "RSA", n: "n-ours", e: "AQAB", kid: "ours", alg: "RS256", use: "sig" };
const service = (keys: Record<string, unknown>[], extra: Record<string, unknown> = {}, status = "ACTIVE"): OidcApp => ({
  id: "0oaSVC",
  name: "oidc_client",
  label: "OpenMetadata Ingestion Bot",
  status,
  signOnMode: "OPENID_CONNECT",
  credentials: { oauthClient: { client_id: "0oaSVC", token_endpoint_auth_method: "private_key_jwt" } },
  settings: { oauthClient: { application_type: "service", grant_types: ["client_credentials"], response_types: ["token"], jwks: { keys: keys as never[] }, ...extra } },
});
const ourJwk = { kty: "RSA", n: "n-ours", e: "AQAB", kid: "ours", id: "pks1", status: "ACTIVE" };

const origin = (scopes: string[], status = "ACTIVE"): TrustedOrigin => ({ id: "tos1", name: "x", origin: "https://om.example.com", status, scopes: scopes.map((type) => ({ type })) });
const as = (over: Partial<AuthServer> = {}): AuthServer => ({ id: "aus1", name: "OpenMetadata", audiences: ["0oaSPA"], issuer: `${ORG}/oauth2/aus1`, issuerMode: "ORG_URL", status: "ACTIVE", ...over });
const scope = (over: Partial<Scope> = {}): Scope => ({ id: "scp1", name: "openmetadata", consent: "IMPLICIT", default: true, system: false, ...over });
const policy = (include: string[], over: Partial<Policy> = {}): Policy => ({ id: "00p1", type: "OAUTH_AUTHORIZATION_POLICY", name: "OpenMetadata", status: "ACTIVE", conditions: { clients: { include } }, ...over });
const rule = (conditions: PolicyRule["conditions"], over: Partial<PolicyRule> = {}): PolicyRule => ({ id: "0pr1", type: "RESOURCE_ACCESS", name: "OpenMetadata rule", status: "ACTIVE", conditions, ...over });
const fullRule = () =>
  rule({ people: { groups: { include: ["EVERYONE"] } }, grantTypes: { include: ["client_credentials", "authorization_code", `${URN}device_code`] }, scopes: { include: ["*"] } });
const grant = (scopeId: string, over: Partial<Grant> = {}): Grant => ({ id: `oag-${scopeId}`, status: "ACTIVE", scopeId, issuer: ORG, ...over });

describe("the SPA", () => {
  it("is created when missing, noop when equal, adopted when found by label", () => {
    expect(planSpa({ kind: "missing" }, settings)).toEqual({ resource: "spa-app", action: "create" });
    expect(planSpa({ kind: "found", value: spa(), via: "id" }, settings)).toEqual({ resource: "spa-app", action: "noop", id: "0oaSPA", adopted: false });
    expect(planSpa({ kind: "found", value: spa(), via: "name" }, settings)).toEqual({ resource: "spa-app", action: "adopt", id: "0oaSPA", adopted: true });
  });

  it("names exactly the fields that drifted", () => {
    expect(spaDrift(spa({ settings: { redirect_uris: ["https://om.example.com/callback"] } }), settings)).toEqual(["settings.oauthClient.redirect_uris"]);
    expect(spaDrift(spa({ status: "INACTIVE" }), settings)).toEqual(["status"]);
    expect(spaDrift(spa({ settings: { consent_method: "REQUIRED", grant_types: ["authorization_code"] } }), settings)).toEqual([
      "settings.oauthClient.consent_method",
      "settings.oauthClient.grant_types",
    ]);
    expect(spaDrift(spa({ credentials: { token_endpoint_auth_method: "client_secret_basic", pkce_required: false } }), settings)).toEqual([
      "credentials.oauthClient.pkce_required",
      "credentials.oauthClient.token_endpoint_auth_method",
    ]);
    expect(spaDrift(spa({ settings: { refresh_token: undefined, issuer_mode: "DYNAMIC" } }), settings)).toEqual(["settings.oauthClient.issuer_mode", "settings.oauthClient.refresh_token"]);
  });

  it("treats URIs and grants the admin added beyond ours as fine (they only ever grow)", () => {
    const more = spa({ settings: { redirect_uris: ["https://other/cb", ...settings.redirectUris], grant_types: ["authorization_code", "refresh_token", "implicit", "password"] } });
    expect(spaDrift(more, settings)).toEqual([]);
  });

  it("merges ours into the whole object for the PUT, keeping the admin's additions first", () => {
    const current = { ...spa({ settings: { redirect_uris: ["https://other/cb"] } }), visibility: { hide: { web: true } }, _links: { self: {} } } as OidcApp;
    const merged = mergeSpa(current, settings);
    expect(merged._links).toBeUndefined();
    expect(merged.visibility).toEqual({ hide: { web: true } });
    expect(merged.settings?.oauthClient?.redirect_uris).toEqual(["https://other/cb", ...settings.redirectUris]);
  });

  it("reports two matches as a conflict naming both", async () => {
    const found = await findOne({ byName: () => Promise.resolve([spa(), { ...spa(), id: "0oaTWO" }]), describe: (a) => a.id, what: "single-page app labelled \"OpenMetadata\"", hint: "pick one" });
    expect(found).toMatchObject({ kind: "conflict", candidates: ["0oaSPA", "0oaTWO"] });
    expect(planSpa(found, settings)).toEqual({ resource: "spa-app", action: "conflict", reason: '2 objects match the single-page app labelled "OpenMetadata": 0oaSPA, 0oaTWO.', hint: "pick one" });
  });

  it("prefers the manifest's id over a name search", async () => {
    let searched = false;
    const found = await findOne({
      byId: () => Promise.resolve(spa()),
      byName: () => {
        searched = true;
        return Promise.resolve([]);
      },
      describe: (a) => a.id,
      what: "x",
      hint: "y",
    });
    expect(found).toMatchObject({ kind: "found", via: "id" });
    expect(searched).toBe(false);
  });
});

describe("trusted origins and access", () => {
  it("one origin per distinct base URI origin", () => {
    expect(originsOf(["https://om.example.com", "https://om.example.com:443", "http://localhost:8585"])).toEqual(["https://om.example.com", "http://localhost:8585"]);
  });

  it("plans a trusted origin: create, noop, missing scope type, inactive", () => {
    const o = "https://om.example.com";
    expect(planTrustedOrigin(o, { kind: "missing" })).toEqual({ resource: `trusted-origin:${o}`, action: "create" });
    expect(planTrustedOrigin(o, { kind: "found", value: origin(["CORS", "REDIRECT", "IFRAME_EMBED"]), via: "id" }).action).toBe("noop");
    expect(planTrustedOrigin(o, { kind: "found", value: origin(["CORS"]), via: "name" })).toEqual({ resource: `trusted-origin:${o}`, action: "update", id: "tos1", fields: ["scopes"], adopted: true });
    expect(planTrustedOrigin(o, { kind: "found", value: origin(["CORS", "REDIRECT"], "INACTIVE"), via: "id" }).fields).toEqual(["status"]);
  });

  it("assigns each target group unless assigned; a missing group is a conflict", () => {
    const targets = { groups: [{ id: "00gA", name: "Everyone" }, { id: "00gB", name: "Data" }], missing: ["00gNOPE"] };
    expect(planAccess(targets, new Set(["00gA"]))).toEqual([
      { resource: "access:00gNOPE", action: "conflict", reason: "Group 00gNOPE does not exist in this org.", hint: expect.stringContaining("--access groups:") as string },
      { resource: "access:00gA", action: "noop", id: "00gA", note: "Everyone" },
      { resource: "access:00gB", action: "create", id: "00gB", note: "Data" },
    ]);
    expect(planAccess(targets, undefined).filter((c) => c.action === "create")).toHaveLength(2);
  });
});

describe("the service app, its key and grants", () => {
  it("noop with exactly our one key; adopt when found by name", () => {
    expect(planServiceApp({ kind: "found", value: service([ourJwk]), via: "id" }, key)).toEqual({ resource: "service-app", action: "noop", id: "0oaSVC", adopted: false });
    expect(planServiceApp({ kind: "found", value: service([ourJwk]), via: "name" }, key).action).toBe("adopt");
    expect(planServiceApp({ kind: "missing" }, key)).toEqual({ resource: "service-app", action: "create" });
  });

  it("another key is replaced, and that needs a confirmation that says what breaks", () => {
    const change = planServiceApp({ kind: "found", value: service([{ ...ourJwk, n: "theirs", kid: "old" }]), via: "id" }, key);
    expect(change).toMatchObject({ action: "update", fields: ["settings.oauthClient.jwks"] });
    expect(change.confirm).toMatch(/The service app's key \(old\) will be replaced by the local key ours; .*stops working/);
  });

  it("a second key next to ours is removed too (OpenMetadata signs without a kid)", () => {
    expect(serviceDrift(service([ourJwk, { ...ourJwk, n: "x", kid: "x", id: "pks2" }]), key)).toEqual({ fields: ["settings.oauthClient.jwks"], keyReplaced: true });
  });

  it("an inactive extra key is dropped without a confirmation: nothing signs with it", () => {
    const change = planServiceApp({ kind: "found", value: service([ourJwk, { ...ourJwk, n: "old", kid: "old", id: "pks0", status: "INACTIVE" }]), via: "id" }, key);
    expect(change).toMatchObject({ action: "update", fields: ["settings.oauthClient.jwks"] });
    expect(change.confirm).toBeUndefined();
  });

  it("only the active keys that are not ours are named in the confirmation", () => {
    const change = planServiceApp({ kind: "found", value: service([ourJwk, { ...ourJwk, n: "old", kid: "old", id: "pks0" }]), via: "id" }, key);
    expect(change.confirm).toMatch(/^The service app's key \(old\) will be replaced/);
  });

  it("with a key still being generated, any registered key will be replaced; other drift is still named", () => {
    const change = planServiceApp({ kind: "found", value: service([ourJwk], { dpop_bound_access_tokens: true }, "INACTIVE"), via: "id" }, undefined);
    expect(change.fields).toEqual(["settings.oauthClient.dpop_bound_access_tokens", "settings.oauthClient.jwks", "status"]);
    expect(change.confirm).toMatch(/replaced by the local key \(a new one\)/);
  });

  it("an app without keys gets ours without a confirmation", () => {
    const change = planServiceApp({ kind: "found", value: service([]), via: "id" }, key);
    expect(change).toMatchObject({ action: "update", fields: ["settings.oauthClient.jwks"] });
    expect(change.confirm).toBeUndefined();
  });

  it("the key change follows the key's source", () => {
    expect(planKey({ source: "out-dir", kid: "k", replacesOutDirKey: false })).toEqual({ resource: "key", action: "noop", id: "k" });
    expect(planKey({ source: "generated", replacesOutDirKey: false })).toEqual({ resource: "key", action: "create", note: "RSA-2048, generated locally" });
    expect(planKey({ source: "key-file", kid: "k", replacesOutDirKey: true })).toMatchObject({ action: "update", fields: ["service-app.private.jwk.json"] });
    expect(planKey(undefined)).toBeUndefined();
  });

  it("grants only what is missing; revoked grants and other issuers do not count", () => {
    expect(planGrants(["okta.users.read", "okta.clients.read"], [grant("okta.users.read"), grant("okta.clients.read", { status: "REVOKED" })], ORG)).toEqual([
      { resource: "api-grant:okta.users.read", action: "noop", id: "oag-okta.users.read" },
      { resource: "api-grant:okta.clients.read", action: "create" },
    ]);
    expect(planGrants(["okta.users.read"], [grant("okta.users.read", { issuer: `${ORG}/` })], ORG)[0]!.action).toBe("noop");
    expect(planGrants(["okta.users.read"], [grant("okta.users.read", { issuer: "https://other.okta.com" })], ORG)[0]!.action).toBe("create");
    expect(planGrants(["okta.users.read"], undefined, ORG)[0]!.action).toBe("create");
  });
});

describe("the authorization server, scope, policy and rule", () => {
  it("a created server's audience must be the SPA's client id", () => {
    expect(planAuthServer({ kind: "found", value: as(), via: "id" }, settings, "0oaSPA").action).toBe("noop");
    expect(planAuthServer({ kind: "found", value: as({ audiences: ["api://x"] }), via: "id" }, settings, "0oaSPA")).toMatchObject({ action: "update", fields: ["audiences"] });
    expect(planAuthServer({ kind: "found", value: as(), via: "id" }, settings, undefined).fields).toEqual(["audiences"]);
    expect(planAuthServer({ kind: "found", value: as({ issuerMode: "DYNAMIC", status: "INACTIVE" }), via: "name" }, settings, "0oaSPA")).toMatchObject({
      action: "update",
      fields: ["issuerMode", "status"],
      adopted: true,
    });
  });

  it("the shared default server keeps its name and audience; only its status is ours", () => {
    const defaults = { ...settings, authServer: { kind: "default" as const } };
    const def = as({ name: "default", audiences: ["api://default"], issuerMode: "DYNAMIC", default: true });
    expect(planAuthServer({ kind: "found", value: def, via: "id" }, defaults, "0oaSPA")).toMatchObject({ action: "noop", note: expect.stringContaining("keeps its name") as string });
    expect(planAuthServer({ kind: "found", value: { ...def, status: "INACTIVE" }, via: "id" }, defaults, "0oaSPA").fields).toEqual(["status"]);
    expect(planAuthServer({ kind: "missing" }, defaults, "0oaSPA").action).toBe("conflict");
  });

  it("the scope must be a default scope without required consent", () => {
    expect(planScope(undefined, "openmetadata", undefined)).toEqual({ resource: "scope", action: "create" });
    expect(planScope([scope()], "openmetadata", "scp1").action).toBe("noop");
    expect(planScope([scope()], "openmetadata", undefined).action).toBe("adopt");
    expect(planScope([scope({ default: false, consent: "REQUIRED" })], "openmetadata", "scp1")).toMatchObject({ action: "update", fields: ["consent", "default"] });
    expect(planScope([scope({ name: "other" })], "openmetadata", "scp1").action).toBe("create");
  });

  it("the policy must cover both clients (ALL_CLIENTS does); placeholders count as not covered", () => {
    expect(planPolicy([policy(["0oaSPA", "0oaSVC"])], "OpenMetadata", "00p1", ["0oaSPA", "0oaSVC"]).action).toBe("noop");
    expect(planPolicy([policy(["ALL_CLIENTS"])], "OpenMetadata", undefined, ["0oaSPA", "0oaSVC"]).action).toBe("adopt");
    expect(planPolicy([policy(["0oaSPA"])], "OpenMetadata", "00p1", ["0oaSPA", "0oaSVC"])).toMatchObject({ action: "update", fields: ["conditions.clients.include"] });
    expect(planPolicy([policy(["0oaSPA"])], "OpenMetadata", "00p1", ["0oaSPA", PENDING.serviceClientId]).action).toBe("update");
    expect(planPolicy([policy(["0oaSPA"], { name: "Other" })], "OpenMetadata", undefined, ["0oaSPA"]).action).toBe("create");
  });

  it("the rule must allow our grant types and scope, for someone", () => {
    expect(planRule([fullRule()], "OpenMetadata rule", "0pr1", settings.ruleGrantTypes, "openmetadata").action).toBe("noop");
    expect(ruleDrift(rule({ grantTypes: { include: ["authorization_code"] }, scopes: { include: ["openmetadata"] }, people: { users: { include: ["00u1"] } } }), settings.ruleGrantTypes, "openmetadata")).toEqual([
      "conditions.grantTypes.include",
    ]);
    expect(ruleDrift(rule({ grantTypes: { include: settings.ruleGrantTypes }, scopes: { include: ["openid"] } }, { status: "INACTIVE" }), settings.ruleGrantTypes, "openmetadata")).toEqual([
      "conditions.people",
      "conditions.scopes.include",
      "status",
    ]);
    expect(planRule([], "OpenMetadata rule", "0pr1", settings.ruleGrantTypes, "openmetadata")).toEqual({ resource: "rule", action: "create" });
  });
});

describe("the whole plan", () => {
  const empty: OrgSnapshot = {
    spa: { kind: "missing" },
    access: { groups: [{ id: "00gE", name: "Everyone" }], missing: [] },
    origins: new Map([["https://om.example.com", { kind: "missing" }]]),
    service: { kind: "missing" },
    authServer: { kind: "missing" },
  };

  it("a fresh org: every resource is created, in the guide's order", () => {
    const plan = buildPlan(settings, empty, { source: "generated", replacesOutDirKey: false }, { schemaVersion: 1 });
    expect(plan.map((c) => `${c.resource} ${c.action}`)).toEqual([
      "key create",
      "spa-app create",
      "trusted-origin:https://om.example.com create",
      "access:00gE create",
      "service-app create",
      "api-grant:okta.users.read create",
      "api-grant:okta.clients.read create",
      "auth-server create",
      "scope create",
      "policy create",
      "rule create",
    ]);
    expect(hasPendingChanges(plan)).toBe(true);
  });

  it("a converged org: all noop, nothing pending", () => {
    const snapshot: OrgSnapshot = {
      spa: { kind: "found", value: spa(), via: "id" },
      spaGroups: new Set(["00gE"]),
      access: { groups: [{ id: "00gE", name: "Everyone" }], missing: [] },
      origins: new Map([["https://om.example.com", { kind: "found", value: origin(["CORS", "REDIRECT"]), via: "id" }]]),
      service: { kind: "found", value: service([ourJwk]), via: "id" },
      grants: [grant("okta.users.read"), grant("okta.clients.read")],
      authServer: { kind: "found", value: as(), via: "id" },
      scopes: [scope()],
      policies: [policy(["0oaSPA", "0oaSVC"])],
      rules: [fullRule()],
    };
    const manifest = { schemaVersion: 1 as const, scopeId: "scp1", policyId: "00p1", ruleId: "0pr1" };
    const plan = buildPlan(settings, snapshot, { source: "out-dir", publicJwk: key, kid: "ours", replacesOutDirKey: false }, manifest);
    expect(plan.filter((c) => c.action !== "noop")).toEqual([]);
    expect(plan).toHaveLength(11);
    expect(hasPendingChanges(plan)).toBe(false);
  });

  it("without the service app (OpenMetadata 1.3+): no key, service app or grants", () => {
    const plan = buildPlan({ ...settings, serviceApp: false }, { ...empty, service: undefined }, undefined, { schemaVersion: 1 });
    expect(plan.map((c) => c.resource).filter((r) => /key|service|grant/.test(r))).toEqual([]);
  });

  it("children of a server that does not exist yet are created, whatever the snapshot says", () => {
    const plan = buildPlan(settings, { ...empty, scopes: [scope()], policies: [policy(["ALL_CLIENTS"])], rules: [fullRule()] }, undefined, { schemaVersion: 1 });
    expect(plan.filter((c) => ["scope", "policy", "rule"].includes(c.resource)).map((c) => c.action)).toEqual(["create", "create", "create"]);
  });

  it("conflicts are not pending changes", () => {
    expect(hasPendingChanges([{ resource: "spa-app", action: "conflict" }, { resource: "rule", action: "noop" }])).toBe(false);
  });
});
