// The OpenMetadata stand-in's 1.10+ behaviour: settings in its "database", the security endpoints,
// OpenMetadata's Okta validator rule by rule (VERSIONS.md: "What the 1.10+ validator demands"),
// basic login, bots and their tokens.
import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { raw, startSandbox } from "../helpers/sandbox.js";
import { spaAppBody } from "../helpers/okta-payloads.js";

interface Om {
  sandbox: Sandbox;
  om: string;
  admin: string;
  spaClientId: string;
  issuer: string;
}

async function call(url: string, token: string | undefined, method = "GET", body?: unknown, contentType = "application/json") {
  const res = await fetch(url, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "Content-Type": contentType }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? (JSON.parse(text) as unknown) : undefined) as Record<string, unknown> };
}

async function standIn(version = "2.0.2"): Promise<Om> {
  const sandbox = await startSandbox();
  sandbox.state.openMetadata.version = version;
  const om = `${sandbox.openMetadataUrl}/api/v1`;
  const app = (await raw(sandbox, "POST", "/api/v1/apps", spaAppBody(sandbox.openMetadataUrl))).json as unknown as { credentials: { oauthClient: { client_id: string } } };
  return { sandbox, om, admin: await sandbox.openMetadataAdminToken(), spaClientId: app.credentials.oauthClient.client_id, issuer: `${sandbox.orgUrl}/oauth2/default` };
}

function oktaConfig(s: Om): { authenticationConfiguration: Record<string, unknown>; authorizerConfiguration: Record<string, unknown> } {
  return {
    authenticationConfiguration: {
      clientType: "public",
      provider: "okta",
      providerName: "Okta",
      publicKeyUrls: [`${s.issuer}/v1/keys`, `${s.sandbox.openMetadataUrl}/api/v1/system/config/jwks`],
      authority: s.issuer,
      clientId: s.spaClientId,
      callbackUrl: `${s.sandbox.openMetadataUrl}/callback`,
      jwtPrincipalClaims: ["email", "preferred_username", "sub"],
      enableSelfSignup: true,
    },
    authorizerConfiguration: {
      className: "org.openmetadata.service.security.DefaultAuthorizer",
      containerRequestFilter: "org.openmetadata.service.security.JwtFilter",
      adminPrincipals: ["admin"],
      principalDomain: "sandbox.example",
    },
  };
}

async function verdict(s: Om, edit: (c: ReturnType<typeof oktaConfig>) => void) {
  const config = oktaConfig(s);
  edit(config);
  return call(`${s.om}/system/security/validate`, s.admin, "POST", config);
}

describe("OpenMetadata stand-in 1.10+: settings live in the database", () => {
  it("seeds basic auth at first boot, and a later deploy of Okta files changes nothing (VERSIONS.md: first boot only)", async () => {
    const s = await standIn();
    expect((await call(`${s.om}/system/config/auth`, undefined)).json.provider).toBe("basic");
    const deployed = await raw(s.sandbox, "PUT", "/__sandbox/openmetadata", { authConfig: oktaConfig(s).authenticationConfiguration });
    expect(deployed.status).toBe(200);
    expect(JSON.stringify(deployed.json)).not.toContain("botTokens");
    expect((await call(`${s.om}/system/config/auth`, undefined)).json.provider).toBe("basic");
    const stored = await call(`${s.om}/system/security/config`, s.admin);
    expect(stored.status).toBe(200);
    expect(stored.json.authenticationConfiguration).toMatchObject({ provider: "basic" });
  });

  it("PATCH validates first, then saves and reloads; /system/config/auth shows it without publicKeyUrls", async () => {
    const s = await standIn();
    const desired = oktaConfig(s);
    const ops = [
      { op: "replace", path: "/authenticationConfiguration", value: desired.authenticationConfiguration },
      { op: "replace", path: "/authorizerConfiguration", value: desired.authorizerConfiguration },
    ];
    const wrongType = await call(`${s.om}/system/security/config`, s.admin, "PATCH", ops);
    expect(wrongType.status).toBe(415);
    const patched = await call(`${s.om}/system/security/config`, s.admin, "PATCH", ops, "application/json-patch+json");
    expect(patched.status).toBe(204);
    const auth = (await call(`${s.om}/system/config/auth`, undefined)).json;
    expect(auth).toMatchObject({ provider: "okta", providerName: "Okta", authority: s.issuer, clientId: s.spaClientId });
    expect(auth.publicKeyUrls).toBeUndefined();
    // The admin JWT is OpenMetadata's own token: still accepted after SSO is on (1.9+ local JWKS).
    expect((await call(`${s.om}/system/security/config`, s.admin)).status).toBe(200);
    // Basic login stops once SSO is on.
    const login = await call(`${s.om}/users/login`, undefined, "POST", { email: "admin@open-metadata.org", password: Buffer.from("admin").toString("base64") });
    expect(login.status).toBe(401);
  });

  it("a rejected PATCH changes nothing and answers 400 {status: failed, errors}", async () => {
    const s = await standIn();
    const bad = oktaConfig(s);
    bad.authenticationConfiguration.providerName = "";
    const res = await call(`${s.om}/system/security/config`, s.admin, "PATCH", [{ op: "replace", path: "/authenticationConfiguration", value: bad.authenticationConfiguration }], "application/json-patch+json");
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ status: "failed", errors: [{ field: "authenticationConfiguration.providerName", error: "Provider name is required" }] });
    expect((await call(`${s.om}/system/config/auth`, undefined)).json.provider).toBe("basic");
  });

  it("PUT takes both keys and nothing else; 409 when the environment manages the settings (2.1 SECURITY_CONFIG_SOURCE=ENV)", async () => {
    const s = await standIn();
    expect((await call(`${s.om}/system/security/config`, s.admin, "PUT", { authenticationConfiguration: {} })).status).toBe(400);
    expect((await call(`${s.om}/system/security/config`, s.admin, "PUT", { ...oktaConfig(s), extra: 1 })).status).toBe(400);
    await raw(s.sandbox, "PUT", "/__sandbox/openmetadata", { securityManagedByEnv: true });
    const refused = await call(`${s.om}/system/security/config`, s.admin, "PUT", oktaConfig(s));
    expect(refused.status).toBe(409);
    expect(refused.json.errorType).toBe("SETTINGS_MANAGED_BY_ENVIRONMENT");
  });

  it("the endpoints are admin only (401 without a token, 403 for a bot) and absent before 1.10", async () => {
    const s = await standIn();
    expect((await call(`${s.om}/system/security/config`, undefined)).status).toBe(401);
    const botUser = (await call(`${s.om}/bots/name/ingestion-bot`, s.admin)).json.botUser as { id: string };
    const botJwt = (await call(`${s.om}/users/token/${botUser.id}`, s.admin)).json.JWTToken as string;
    const forbidden = await call(`${s.om}/system/security/config`, botJwt);
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.message).toContain("is not admin");
    s.sandbox.state.openMetadata.version = "1.9.2";
    expect((await call(`${s.om}/system/security/config`, s.admin)).status).toBe(404);
  });
});

describe("OpenMetadata stand-in: the Okta validator, rule by rule (VERSIONS.md: OktaAuthValidator)", () => {
  it("accepts the complete public-client config", async () => {
    const s = await standIn();
    const res = await verdict(s, () => undefined);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.status).toBe("success");
    // The validator called the sandbox's Okta introspection endpoint with the SPA's client id.
    expect(s.sandbox.requests.some((r) => r.path.endsWith("/v1/introspect") && r.status === 200)).toBe(true);
  });

  const required: [string, (c: ReturnType<typeof oktaConfig>) => void, string][] = [
    ["authenticationConfiguration.provider", (c) => (c.authenticationConfiguration.provider = ""), "Provider is required"],
    ["authenticationConfiguration.providerName", (c) => (c.authenticationConfiguration.providerName = ""), "Provider name is required"],
    ["authenticationConfiguration.jwtPrincipalClaims", (c) => (c.authenticationConfiguration.jwtPrincipalClaims = []), "JWT principal claims"],
    ["authenticationConfiguration.authority", (c) => (c.authenticationConfiguration.authority = ""), "Authority is required"],
    ["authenticationConfiguration.callbackUrl", (c) => (c.authenticationConfiguration.callbackUrl = ""), "Callback URL is required"],
    ["authenticationConfiguration.clientId", (c) => (c.authenticationConfiguration.clientId = ""), "Client ID is required"],
    ["authenticationConfiguration.publicKeyUrls", (c) => (c.authenticationConfiguration.publicKeyUrls = []), "Public key URLs are required"],
    ["authorizerConfiguration.className", (c) => (c.authorizerConfiguration.className = "com.example.Nope"), "cannot be loaded"],
    ["authorizerConfiguration.adminPrincipals", (c) => (c.authorizerConfiguration.adminPrincipals = []), "Admin principals are required"],
    ["authorizerConfiguration.principalDomain", (c) => (c.authorizerConfiguration.principalDomain = ""), "Principal domain is required"],
  ];
  for (const [field, edit, message] of required) {
    it(`requires ${field}`, async () => {
      const s = await standIn();
      const res = await verdict(s, edit);
      expect(res.status).toBe(400);
      const errors = res.json.errors as { field: string; error: string }[];
      expect(errors.map((e) => e.field)).toContain(field);
      expect(errors.find((e) => e.field === field)!.error).toContain(message);
    });
  }

  it("discovery must answer at {authority}/.well-known/openid-configuration", async () => {
    const s = await standIn();
    const res = await verdict(s, (c) => (c.authenticationConfiguration.authority = `${s.sandbox.orgUrl}/oauth2/nosuchserver`));
    const errors = res.json.errors as { field: string; error: string }[];
    expect(errors.map((e) => e.field)).toEqual(["authenticationConfiguration.authority"]);
    expect(errors[0]!.error).toContain("HTTP 404");
  });

  it("introspection must answer 200 with `active` for the client id (an unknown client fails)", async () => {
    const s = await standIn();
    const res = await verdict(s, (c) => (c.authenticationConfiguration.clientId = "0oaUnknownClient123"));
    const errors = res.json.errors as { field: string; error: string }[];
    expect(errors.map((e) => e.field)).toEqual(["authenticationConfiguration.clientId"]);
    expect(errors[0]!.error).toContain("HTTP 401");
  });

  it("one publicKeyUrls entry must be {authority}/v1/keys for a custom server", async () => {
    const s = await standIn();
    const res = await verdict(s, (c) => (c.authenticationConfiguration.publicKeyUrls = [`${s.sandbox.openMetadataUrl}/api/v1/system/config/jwks`]));
    expect(res.json.errors).toEqual([{ field: "authenticationConfiguration.publicKeyUrls", error: `Public key URLs must include ${s.issuer}/v1/keys` }]);
  });

  it("every publicKeyUrls entry must serve a non-empty keys array", async () => {
    const s = await standIn();
    const res = await verdict(s, (c) => (c.authenticationConfiguration.publicKeyUrls = [`${s.issuer}/v1/keys`, `${s.sandbox.orgUrl}/oauth2/nosuch/v1/keys`]));
    const errors = res.json.errors as { field: string; error: string }[];
    expect(errors.map((e) => e.field)).toEqual(["authenticationConfiguration.publicKeyUrls"]);
    expect(errors[0]!.error).toContain("/oauth2/nosuch/v1/keys did not answer");
  });

  it("org server: {authority}/oauth2/v1/keys from 1.10.7; 1.10.0–1.10.6 wrongly demand {authority}/v1/keys (#24334)", async () => {
    for (const [version, ok] of [["1.10.7", true], ["1.10.6", false], ["2.0.2", true]] as const) {
      const s = await standIn(version);
      const res = await verdict(s, (c) => {
        c.authenticationConfiguration.authority = s.sandbox.orgUrl;
        c.authenticationConfiguration.publicKeyUrls = [`${s.sandbox.orgUrl}/oauth2/v1/keys`];
      });
      expect(res.status, `${version}: ${JSON.stringify(res.json)}`).toBe(ok ? 200 : 400);
    }
  });
});

describe("OpenMetadata stand-in: basic login, bots and tokens", () => {
  it("basic login with the base64 password while basic auth is on; a wrong password is 401", async () => {
    const s = await standIn();
    const ok = await call(`${s.om}/users/login`, undefined, "POST", { email: "admin@open-metadata.org", password: Buffer.from("admin").toString("base64") });
    expect(ok.status).toBe(200);
    expect((await call(`${s.om}/system/security/config`, ok.json.accessToken as string)).status).toBe(200);
    const bad = await call(`${s.om}/users/login`, undefined, "POST", { email: "admin@open-metadata.org", password: Buffer.from("nope").toString("base64") });
    expect(bad.status).toBe(401);
  });

  it("the ingestion bot's JWT: the same token every time, accepted by loggedInUser as the bot", async () => {
    const s = await standIn();
    const bot = (await call(`${s.om}/bots/name/ingestion-bot`, s.admin)).json.botUser as { id: string };
    const first = await call(`${s.om}/users/token/${bot.id}`, s.admin);
    const second = await call(`${s.om}/users/token/${bot.id}`, s.admin);
    expect(first.status).toBe(200);
    expect(first.json.JWTToken).toBe(second.json.JWTToken);
    expect(typeof first.json.JWTTokenExpiresAt).toBe("number");
    const me = await call(`${s.om}/users/loggedInUser`, first.json.JWTToken as string);
    expect(me.json).toMatchObject({ name: "ingestion-bot", isBot: true });
  });

  it("a regenerated bot JWT replaces the stored one: the old is refused at once; admins only, bots only, a known expiry", async () => {
    const s = await standIn();
    const bot = (await call(`${s.om}/bots/name/ingestion-bot`, s.admin)).json.botUser as { id: string };
    const old = (await call(`${s.om}/users/token/${bot.id}`, s.admin)).json.JWTToken as string;
    // UserResource.generateToken: PUT /users/generateToken/{id} with GenerateTokenRequest {JWTTokenExpiry}.
    const made = await call(`${s.om}/users/generateToken/${bot.id}`, s.admin, "PUT", { JWTTokenExpiry: "Unlimited" });
    expect(made.status).toBe(200);
    expect(made.json).toMatchObject({ JWTTokenExpiry: "Unlimited" });
    expect(made.json.JWTTokenExpiresAt).toBeUndefined();
    const fresh = made.json.JWTToken as string;
    expect(fresh).not.toBe(old);
    expect((await call(`${s.om}/users/token/${bot.id}`, s.admin)).json).toMatchObject({ JWTToken: fresh, JWTTokenExpiry: "Unlimited" });
    expect((await call(`${s.om}/users/loggedInUser`, fresh)).status).toBe(200);
    // JwtFilter.validateBotToken: a bot's JWT must be the one stored with the bot.
    expect(await call(`${s.om}/users/loggedInUser`, old)).toMatchObject({ status: 401, json: { message: "Not Authorized! The given token does not match the current bot's token!" } });
    expect((await call(`${s.om}/users/generateToken/${bot.id}`, fresh, "PUT", { JWTTokenExpiry: "30" })).status).toBe(403);
    expect((await call(`${s.om}/users/generateToken/${bot.id}`, s.admin, "PUT", { JWTTokenExpiry: "forever" })).status).toBe(400);
    const admin = (await call(`${s.om}/users/loggedInUser`, s.admin)).json.id as string;
    expect((await call(`${s.om}/users/generateToken/${admin}`, s.admin, "PUT", { JWTTokenExpiry: "30" })).status).toBe(400);
  });
});
