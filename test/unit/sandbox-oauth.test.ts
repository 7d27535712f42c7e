import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@okta/okta-sdk-nodejs";
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from "jose";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";

import { createAccessTokenVerifier } from "../../src/sandbox/oauth/access-tokens.js";
import { oauthRoutes } from "../../src/sandbox/oauth/routes.js";
import { SigningKeys } from "../../src/sandbox/oauth/signing-keys.js";
import { SandboxHttpError } from "../../src/sandbox/okta-errors.js";
import { Router } from "../../src/sandbox/router.js";
import { createInitialState, setSigningKid, systemScopes, type OktaObject, type OrgState, type StoredSigningKey } from "../../src/sandbox/state.js";
import type { SandboxReply, SandboxRequest } from "../../src/sandbox/types.js";

// An in-process harness: the real routes and Router, a fresh org, a controllable clock, and handler
// errors turned into replies the way the server does it. No sockets, no src/sandbox/index.ts.

const ORIGIN = "http://127.0.0.1:8443";
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

interface Harness {
  state: OrgState;
  keys: SigningKeys;
  clock: { ms: number };
  request(
    method: string,
    url: string,
    options?: { body?: string | Buffer; headers?: Record<string, string | string[] | undefined>; origin?: string },
  ): Promise<SandboxReply>;
  /** The same routes behind a loopback node:http server, for clients that need a real socket. */
  serve(): Promise<{ url: string; server: Server }>;
}

/**
 * RSA key generation dominates the run time, so server keys are made once and copied into every new
 * org (the state keeps keys as JWKs, which is how a saved sandbox restores them too).
 */
const serverKeyTemplates: StoredSigningKey[] = [];

async function makeServerKeyTemplates(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const state = createInitialState();
    await new SigningKeys(() => state).get("org");
    serverKeyTemplates.push({ ...state.signingKeys.org! });
  }
}

function seedServerKey(state: OrgState, slot: string, template: number): void {
  const stored = serverKeyTemplates[template];
  if (!stored) return;
  state.signingKeys[slot] = { ...stored, publicJwk: { ...stored.publicJwk } };
  if (slot !== "org") setSigningKid(state, slot);
}

function createHarness(): Harness {
  const state = createInitialState();
  seedServerKey(state, "org", 0);
  seedServerKey(state, defaultServerId(state), 1);
  const keys = new SigningKeys(() => state);
  const clock = { ms: Date.now() };
  const router = new Router().add(oauthRoutes());
  const harness: Harness = {
    state,
    keys,
    clock,
    async request(method, url, options = {}) {
      const parsed = new URL(url, "http://sandbox.invalid");
      const match = router.match(method, parsed.pathname);
      if (match === undefined || match === "method-not-allowed") throw new Error(`no route for ${method} ${parsed.pathname}`);
      const req: SandboxRequest = {
        method,
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: { "content-type": "application/x-www-form-urlencoded", ...(options.headers ?? {}) },
        body: Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body ?? ""),
        origin: options.origin ?? ORIGIN,
        params: match.params,
        requestId: "test",
      };
      try {
        return await match.route.handler(req, { state, keys, now: () => new Date(clock.ms) });
      } catch (err) {
        if (err instanceof SandboxHttpError) return err.reply;
        throw err;
      }
    },
    async serve() {
      const handle = async (raw: IncomingMessage, res: ServerResponse): Promise<void> => {
        const chunks: Buffer[] = [];
        for await (const chunk of raw) chunks.push(chunk as Buffer);
        clock.ms = Date.now();
        const reply = await harness.request(raw.method ?? "GET", raw.url ?? "/", {
          body: Buffer.concat(chunks),
          headers: raw.headers,
          origin: `http://${raw.headers.host ?? ""}`,
        });
        const headers: Record<string, string | string[]> = { "content-type": "application/json" };
        for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value;
        res.writeHead(reply.status, headers);
        res.end(JSON.stringify(reply.json));
      };
      const server = createServer((raw, res) => {
        handle(raw, res).catch(() => {
          res.writeHead(500);
          res.end();
        });
      });
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
    },
  };
  return harness;
}

/** A stored app JWK carries Okta's `status` next to the key members. */
type AppJwk = JWK & { status?: string };

interface ClientKey {
  privateKey: CryptoKey;
  publicJwk: AppJwk;
}

async function clientKey(kid: string, alg: "RS256" | "ES256" = "RS256"): Promise<ClientKey> {
  const pair = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid, alg, use: "sig", status: "ACTIVE" };
  return { privateKey: pair.privateKey, publicJwk };
}

interface AppOptions {
  jwks?: AppJwk[];
  authMethod?: string;
  grantTypes?: string[];
  dpop?: boolean;
  status?: string;
}

/** A service app stored the way the Apps API stores it (client_id = app id). */
function addServiceApp(state: OrgState, options: AppOptions = {}): string {
  const id = `0oa${randomUUID().replace(/-/g, "").slice(0, 14)}${state.idSuffix}`;
  state.apps[id] = {
    id,
    name: "oidc_client",
    label: `Service ${id}`,
    status: options.status ?? "ACTIVE",
    signOnMode: "OPENID_CONNECT",
    credentials: { oauthClient: { client_id: id, autoKeyRotation: true, token_endpoint_auth_method: options.authMethod ?? "private_key_jwt" } },
    settings: {
      oauthClient: {
        application_type: "service",
        grant_types: options.grantTypes ?? ["client_credentials"],
        response_types: ["token"],
        dpop_bound_access_tokens: options.dpop ?? false,
        ...(options.jwks ? { jwks: { keys: options.jwks } } : {}),
      },
    },
  };
  return id;
}

function defaultServerId(state: OrgState): string {
  const server = Object.values(state.authServers).find((as) => as.default === true);
  if (!server) throw new Error("no default server");
  return server.id;
}

function addScope(state: OrgState, asId: string, name: string, extra: Record<string, unknown> = {}): void {
  const id = `scp${randomUUID().replace(/-/g, "").slice(0, 14)}${state.idSuffix}`;
  state.scopes[asId] = {
    ...(state.scopes[asId] ?? {}),
    [id]: { id, name, system: false, consent: "IMPLICIT", metadataPublish: "NO_CLIENTS", default: false, ...extra },
  };
}

/** A second custom server with system scopes, a policy and a rule, like the CLI creates. */
function addCustomServer(
  state: OrgState,
  options: { status?: string; clients?: string[]; ruleGrantTypes?: string[]; ruleScopes?: string[]; lifetimeMinutes?: number } = {},
): string {
  const id = `aus${randomUUID().replace(/-/g, "").slice(0, 14)}${state.idSuffix}`;
  state.authServers[id] = {
    id,
    name: "OpenMetadata",
    audiences: ["api://openmetadata"],
    issuerMode: "ORG_URL",
    status: options.status ?? "ACTIVE",
    credentials: { signing: { kid: "kid-" + id, rotationMode: "AUTO" } },
  };
  state.signingKeys[id] = { kid: "kid-" + id };
  seedServerKey(state, id, 2);
  state.scopes[id] = systemScopes(state.idSuffix);
  const policyId = `00p${id.slice(3)}`;
  const ruleId = `0pr${id.slice(3)}`;
  state.policies[id] = {
    [policyId]: {
      id: policyId,
      type: "OAUTH_AUTHORIZATION_POLICY",
      status: "ACTIVE",
      priority: 1,
      conditions: { clients: { include: options.clients ?? ["ALL_CLIENTS"] } },
    },
  };
  state.rules[policyId] = {
    [ruleId]: {
      id: ruleId,
      type: "RESOURCE_ACCESS",
      status: "ACTIVE",
      priority: 1,
      conditions: {
        people: { groups: { include: ["EVERYONE"] } },
        grantTypes: { include: options.ruleGrantTypes ?? ["client_credentials"] },
        scopes: { include: options.ruleScopes ?? ["*"] },
      },
      actions: { token: { accessTokenLifetimeMinutes: options.lifetimeMinutes ?? 60 } },
    },
  };
  return id;
}

function addGrant(state: OrgState, appId: string, scopeId: string, issuer = ORIGIN, status = "ACTIVE"): void {
  const id = `oag${randomUUID().replace(/-/g, "").slice(0, 14)}${state.idSuffix}`;
  const grant: OktaObject = { id, scopeId, issuer, status, clientId: appId, source: "ADMIN" };
  state.grants[appId] = { ...(state.grants[appId] ?? {}), [id]: grant };
}

interface AssertionOptions {
  clientId: string;
  key: ClientKey;
  aud: string;
  nowSeconds: number;
  kid?: string;
  exp?: number;
  iss?: string;
  sub?: string;
  jti?: string | null;
}

/** The assertion OpenMetadata's Python client builds: RS256, typ JWT, no kid, exp = iat + 3600, uuid jti. */
async function assertion(options: AssertionOptions): Promise<string> {
  const claims: Record<string, unknown> = {
    iss: options.iss ?? options.clientId,
    sub: options.sub ?? options.clientId,
    aud: options.aud,
    iat: options.nowSeconds,
    exp: options.exp ?? options.nowSeconds + 3600,
  };
  if (options.jti !== null) claims.jti = options.jti ?? randomUUID();
  const header = { alg: "RS256", typ: "JWT", ...(options.kid ? { kid: options.kid } : {}) };
  return new SignJWT(claims).setProtectedHeader(header).sign(options.key.privateKey);
}

/** OpenMetadata's request shape: every parameter in the query string, empty body. */
function queryTokenUrl(tokenUrl: string, params: Record<string, string>): string {
  const query = Object.entries(params)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join("&");
  return `${new URL(tokenUrl).pathname}?${query}`;
}

function form(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

function errorOf(reply: SandboxReply): { status: number; error?: unknown; error_description?: unknown } {
  const json = (reply.json ?? {}) as Record<string, unknown>;
  return { status: reply.status, error: json.error, error_description: json.error_description };
}

async function fetchJwks(h: Harness, path: string): Promise<JSONWebKeySet> {
  const reply = await h.request("GET", path);
  expect(reply.status).toBe(200);
  return reply.json as JSONWebKeySet;
}

let h: Harness;
let now: number;
let key: ClientKey;
let clientId: string;
let defaultId: string;
const DEFAULT_TOKEN_URL = `${ORIGIN}/oauth2/default/v1/token`;
const ORG_TOKEN_URL = `${ORIGIN}/oauth2/v1/token`;

beforeAll(async () => {
  await makeServerKeyTemplates();
  key = await clientKey("key-1");
});

beforeEach(() => {
  h = createHarness();
  now = Math.floor(h.clock.ms / 1000);
  clientId = addServiceApp(h.state, { jwks: [key.publicJwk] });
  defaultId = defaultServerId(h.state);
  addScope(h.state, defaultId, "openmetadata", { default: true, metadataPublish: "ALL_CLIENTS" });
});

/** A client_credentials request the way OpenMetadata sends it. */
async function omRequest(tokenUrl: string, signed: string, scope?: string): Promise<SandboxReply> {
  const params: Record<string, string> = { grant_type: "client_credentials", client_assertion_type: JWT_BEARER, client_assertion: signed };
  if (scope !== undefined) params.scope = scope;
  return h.request("POST", queryTokenUrl(tokenUrl, params), { body: "" });
}

async function formRequest(path: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<SandboxReply> {
  return h.request("POST", path, { body: form(params), headers });
}

describe("discovery", () => {
  const OIDC_KEYS = [
    "issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "registration_endpoint", "jwks_uri",
    "response_types_supported", "response_modes_supported", "grant_types_supported", "subject_types_supported",
    "id_token_signing_alg_values_supported", "scopes_supported", "token_endpoint_auth_methods_supported", "claims_supported",
    "code_challenge_methods_supported", "introspection_endpoint", "introspection_endpoint_auth_methods_supported",
    "revocation_endpoint", "revocation_endpoint_auth_methods_supported", "end_session_endpoint", "request_parameter_supported",
    "request_object_signing_alg_values_supported", "device_authorization_endpoint", "pushed_authorization_request_endpoint",
    "dpop_signing_alg_values_supported",
  ];

  test("org server: OIDC metadata with every URL built from the request origin", async () => {
    const origin = "https://okta.sandbox.test:9443";
    const reply = await h.request("GET", "/.well-known/openid-configuration", { origin });
    expect(reply.status).toBe(200);
    const doc = reply.json as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(OIDC_KEYS);
    expect(doc).toMatchObject({
      issuer: origin,
      authorization_endpoint: `${origin}/oauth2/v1/authorize`,
      token_endpoint: `${origin}/oauth2/v1/token`,
      userinfo_endpoint: `${origin}/oauth2/v1/userinfo`,
      registration_endpoint: `${origin}/oauth2/v1/clients`,
      jwks_uri: `${origin}/oauth2/v1/keys`,
      introspection_endpoint: `${origin}/oauth2/v1/introspect`,
      revocation_endpoint: `${origin}/oauth2/v1/revoke`,
      end_session_endpoint: `${origin}/oauth2/v1/logout`,
      device_authorization_endpoint: `${origin}/oauth2/v1/device/authorize`,
      request_parameter_supported: true,
      scopes_supported: ["openid", "email", "profile", "address", "phone", "offline_access", "groups"],
      dpop_signing_alg_values_supported: ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"],
    });
    expect(doc.token_endpoint_auth_methods_supported).toContain("private_key_jwt");
  });

  test("org server: OAuth 2.0 metadata lists client_credentials and token response types", async () => {
    const reply = await h.request("GET", "/.well-known/oauth-authorization-server");
    const doc = reply.json as Record<string, unknown>;
    expect(doc.issuer).toBe(ORIGIN);
    expect(doc).not.toHaveProperty("userinfo_endpoint");
    expect(doc.grant_types_supported).toContain("client_credentials");
    expect(doc.response_types_supported).toContain("token");
    expect(doc.claims_supported).toEqual(["ver", "jti", "iss", "aud", "iat", "exp", "cid", "uid", "scp", "sub"]);
  });

  test("the default server answers by alias and by id, with the alias in its issuer", async () => {
    for (const segment of ["default", defaultId]) {
      const reply = await h.request("GET", `/oauth2/${segment}/.well-known/openid-configuration`);
      expect(reply.status).toBe(200);
      const doc = reply.json as Record<string, unknown>;
      expect(doc.issuer).toBe(`${ORIGIN}/oauth2/default`);
      expect(doc.token_endpoint).toBe(`${ORIGIN}/oauth2/default/v1/token`);
      expect(doc.jwks_uri).toBe(`${ORIGIN}/oauth2/default/v1/keys`);
      expect(doc.registration_endpoint).toBe(`${ORIGIN}/oauth2/v1/clients`);
      expect(doc).toHaveProperty("id_token_encryption_alg_values_supported");
    }
  });

  test("a custom server by id: issuer with its id; only ALL_CLIENTS scopes published, custom ones first", async () => {
    const asId = addCustomServer(h.state);
    addScope(h.state, asId, "published", { metadataPublish: "ALL_CLIENTS" });
    addScope(h.state, asId, "hidden", { metadataPublish: "NO_CLIENTS" });
    const reply = await h.request("GET", `/oauth2/${asId}/.well-known/oauth-authorization-server`);
    const doc = reply.json as Record<string, unknown>;
    expect(doc.issuer).toBe(`${ORIGIN}/oauth2/${asId}`);
    expect(doc.token_endpoint).toBe(`${ORIGIN}/oauth2/${asId}/v1/token`);
    expect(doc.scopes_supported).toEqual(["published", "openid", "profile", "email", "address", "phone", "offline_access", "device_sso"]);
  });

  test("unknown and inactive servers answer 404 E0000007", async () => {
    const inactive = addCustomServer(h.state, { status: "INACTIVE" });
    for (const segment of ["ausNOPE", inactive]) {
      const reply = await h.request("GET", `/oauth2/${segment}/.well-known/openid-configuration`);
      expect(reply.status).toBe(404);
      expect(reply.json).toMatchObject({
        errorCode: "E0000007",
        errorSummary: `Not found: Resource not found: ${segment} (AuthorizationServer)`,
        errorCauses: [],
      });
    }
  });

  test("?client_id= must name an active client", async () => {
    expect((await h.request("GET", `/.well-known/openid-configuration?client_id=${clientId}`)).status).toBe(200);
    const reply = await h.request("GET", "/oauth2/default/.well-known/openid-configuration?client_id=0oaNOPE");
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ errorCode: "invalid_client", errorSummary: "Invalid value for 'client_id' parameter.", errorLink: "invalid_client" });
  });
});

describe("keys", () => {
  test("org and custom servers publish their RS256 public key with the server's kid", async () => {
    const org = await fetchJwks(h, "/oauth2/v1/keys");
    expect(org.keys).toHaveLength(1);
    const orgKey = org.keys[0]!;
    expect(Object.keys(orgKey).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
    expect(orgKey).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: h.state.signingKeys.org?.kid });

    const byAlias = await fetchJwks(h, "/oauth2/default/v1/keys");
    const byId = await fetchJwks(h, `/oauth2/${defaultId}/v1/keys`);
    expect(byAlias).toEqual(byId);
    const signing = (h.state.authServers[defaultId]?.credentials as { signing?: { kid?: string } } | undefined)?.signing;
    expect(byAlias.keys[0]?.kid).toBe(signing?.kid);
    expect(byAlias.keys[0]?.n).not.toBe(orgKey.n);
  });

  test("unknown or inactive server keys are 404", async () => {
    const inactive = addCustomServer(h.state, { status: "INACTIVE" });
    expect((await h.request("GET", `/oauth2/${inactive}/v1/keys`)).status).toBe(404);
    expect((await h.request("GET", "/oauth2/ausNOPE/v1/keys")).status).toBe(404);
  });
});

describe("token endpoint: client_credentials with private_key_jwt", () => {
  test("OpenMetadata's request (query string, empty body, no kid, exp = iat + 3600) gets a token that verifies at /v1/keys", async () => {
    const signed = await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now });
    const reply = await omRequest(DEFAULT_TOKEN_URL, signed, "openmetadata");
    expect(reply.status).toBe(200);
    expect(reply.headers).toMatchObject({ "cache-control": "no-store", pragma: "no-cache" });
    const body = reply.json as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["token_type", "expires_in", "access_token", "scope"]);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "openmetadata" });

    const token = String(body.access_token);
    const jwks = await fetchJwks(h, "/oauth2/default/v1/keys");
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: `${ORIGIN}/oauth2/default`,
      audience: "api://default",
      currentDate: new Date(h.clock.ms),
    });
    expect(protectedHeader).toEqual({ kid: jwks.keys[0]?.kid, alg: "RS256" });
    expect(Object.keys(payload)).toEqual(["ver", "jti", "iss", "aud", "iat", "exp", "cid", "scp", "sub"]);
    expect(payload).toMatchObject({ ver: 1, cid: clientId, sub: clientId, scp: ["openmetadata"], iat: now, exp: now + 3600 });
    expect(String(payload.jti)).toMatch(/^AT\./);
  });

  test("a form body works too, and the body wins over the query string", async () => {
    const signed = await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now });
    const reply = await h.request("POST", "/oauth2/default/v1/token?scope=openid", {
      body: form({ grant_type: "client_credentials", scope: "openmetadata", client_assertion_type: JWT_BEARER, client_assertion: signed }),
    });
    expect(reply.status).toBe(200);
    expect((reply.json as { scope: string }).scope).toBe("openmetadata");
  });

  test("without a scope parameter the server's default scopes are granted", async () => {
    const signed = await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now });
    const reply = await omRequest(DEFAULT_TOKEN_URL, signed);
    expect(reply.status).toBe(200);
    expect((reply.json as { scope: string }).scope).toBe("openmetadata");
  });

  test("the default server by id accepts the id form and the alias form of aud", async () => {
    const byIdUrl = `${ORIGIN}/oauth2/${defaultId}/v1/token`;
    for (const aud of [byIdUrl, DEFAULT_TOKEN_URL]) {
      const reply = await omRequest(byIdUrl, await assertion({ clientId, key, aud, nowSeconds: now }), "openmetadata");
      expect(reply.status).toBe(200);
      expect(decodeJwt(String((reply.json as { access_token: string }).access_token)).iss).toBe(`${ORIGIN}/oauth2/default`);
    }
  });

  test("the matched rule sets the lifetime; aud is the server's first audience", async () => {
    const asId = addCustomServer(h.state, { lifetimeMinutes: 15 });
    addScope(h.state, asId, "om.read");
    const url = `${ORIGIN}/oauth2/${asId}/v1/token`;
    const reply = await omRequest(url, await assertion({ clientId, key, aud: url, nowSeconds: now }), "om.read");
    expect(reply.status).toBe(200);
    expect((reply.json as { expires_in: number }).expires_in).toBe(900);
    const claims = decodeJwt(String((reply.json as { access_token: string }).access_token));
    expect(claims).toMatchObject({ iss: `${ORIGIN}/oauth2/${asId}`, aud: "api://openmetadata", exp: now + 900 });
  });

  test("a kid in the header picks the key; two keys with kids both work", async () => {
    const second = await clientKey("key-2");
    const app = addServiceApp(h.state, { jwks: [key.publicJwk, second.publicJwk] });
    for (const [k, kid] of [[key, "key-1"], [second, "key-2"]] as const) {
      const signed = await assertion({ clientId: app, key: k, kid, aud: DEFAULT_TOKEN_URL, nowSeconds: now });
      expect((await omRequest(DEFAULT_TOKEN_URL, signed, "openmetadata")).status).toBe(200);
    }
  });

  test("an ES256 key works", async () => {
    const ec = await clientKey("ec-1", "ES256");
    const app = addServiceApp(h.state, { jwks: [ec.publicJwk] });
    const signed = await new SignJWT({ iss: app, sub: app, aud: DEFAULT_TOKEN_URL, iat: now, exp: now + 300, jti: randomUUID() })
      .setProtectedHeader({ alg: "ES256", kid: "ec-1" })
      .sign(ec.privateKey);
    expect((await omRequest(DEFAULT_TOKEN_URL, signed, "openmetadata")).status).toBe(200);
  });

  describe("client authentication failures", () => {
    const cases: {
      name: string;
      build: () => Promise<SandboxReply>;
      expected: { status: number; error: string; error_description: string };
    }[] = [
      {
        name: "replayed jti",
        build: async () => {
          const signed = await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now });
          expect((await omRequest(DEFAULT_TOKEN_URL, signed, "openmetadata")).status).toBe(200);
          return omRequest(DEFAULT_TOKEN_URL, signed, "openmetadata");
        },
        expected: { status: 401, error: "invalid_client", error_description: "The client_assertion token has already been used." },
      },
      {
        name: "expired assertion",
        build: async () => omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now - 600, exp: now - 120 })),
        expected: { status: 401, error: "invalid_client", error_description: "The client_assertion token is expired." },
      },
      {
        name: "exp one second past an hour",
        build: async () => omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now, exp: now + 3601 })),
        expected: { status: 401, error: "invalid_client", error_description: "The client_assertion token has an expiration too far into the future." },
      },
      {
        name: "signed with a key the app doesn't have",
        build: async () => {
          const other = await clientKey("key-1");
          return omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId, key: other, aud: DEFAULT_TOKEN_URL, nowSeconds: now }));
        },
        expected: { status: 401, error: "invalid_client", error_description: "The client_assertion signature is invalid." },
      },
      {
        name: "aud = issuer instead of the token endpoint",
        build: async () => omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId, key, aud: `${ORIGIN}/oauth2/default`, nowSeconds: now })),
        expected: { status: 401, error: "invalid_client", error_description: "The audience claim for client_assertion must be the endpoint invoked for the request." },
      },
      {
        name: "aud = the org token endpoint while calling the default server",
        build: async () => omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId, key, aud: ORG_TOKEN_URL, nowSeconds: now })),
        expected: { status: 401, error: "invalid_client", error_description: "The audience claim for client_assertion must be the endpoint invoked for the request." },
      },
      {
        name: "two keys and no kid (the OpenMetadata trap)",
        build: async () => {
          const second = await clientKey("key-2");
          const app = addServiceApp(h.state, { jwks: [key.publicJwk, second.publicJwk] });
          return omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId: app, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now }));
        },
        expected: { status: 401, error: "invalid_client", error_description: "The client_assertion JWT kid is invalid." },
      },
      {
        name: "unknown kid",
        build: async () => omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId, key, kid: "nope", aud: DEFAULT_TOKEN_URL, nowSeconds: now })),
        expected: { status: 401, error: "invalid_client", error_description: "The client_assertion JWT kid is invalid." },
      },
      {
        name: "an INACTIVE key is not used",
        build: async () => {
          const app = addServiceApp(h.state, { jwks: [{ ...key.publicJwk, status: "INACTIVE" }] });
          return omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId: app, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now }));
        },
        expected: { status: 401, error: "invalid_client", error_description: "The client_assertion JWT kid is invalid." },
      },
      {
        name: "iss differs from sub",
        build: async () => omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId, key, iss: "someone-else", aud: DEFAULT_TOKEN_URL, nowSeconds: now })),
        expected: { status: 401, error: "invalid_client", error_description: "The issuer claim for client_assertion is not a valid client_id." },
      },
      // The rows below: REAL-ORG.md "Token endpoint answers" (DOCS oauth2-error-codes.json), verbatim.
      {
        name: "sub differs from the client",
        // With client_id sent: without it, Okta would look the client up by sub and not find it.
        build: async () => {
          const signed = await assertion({ clientId, key, sub: "someone-else", aud: DEFAULT_TOKEN_URL, nowSeconds: now });
          return formRequest("/oauth2/default/v1/token", { grant_type: "client_credentials", client_id: clientId, client_assertion_type: JWT_BEARER, client_assertion: signed });
        },
        expected: { status: 401, error: "invalid_client", error_description: "The subject claim for client_assertion is not a valid client_id." },
      },
      {
        name: "iat in the future (clock skew)",
        build: async () => omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now + 600, exp: now + 900 })),
        expected: { status: 401, error: "invalid_client", error_description: "The client_assertion token must be issued before the current time." },
      },
      {
        name: "no exp",
        build: async () => {
          const signed = await new SignJWT({ iss: clientId, sub: clientId, aud: DEFAULT_TOKEN_URL, iat: now, jti: randomUUID() }).setProtectedHeader({ alg: "RS256" }).sign(key.privateKey);
          return omRequest(DEFAULT_TOKEN_URL, signed);
        },
        expected: { status: 401, error: "invalid_client", error_description: "The client_assertion must contain the 'exp' claim as seconds since epoch." },
      },
      {
        name: "not a JWT",
        build: () => omRequest(DEFAULT_TOKEN_URL, "not-a-jwt"),
        expected: { status: 401, error: "invalid_client", error_description: "The parsing of the client_assertion failed." },
      },
      {
        name: "wrong alg (HS256)",
        build: async () => {
          const signed = await new SignJWT({ iss: clientId, sub: clientId, aud: DEFAULT_TOKEN_URL, iat: now, exp: now + 300, jti: randomUUID() })
            .setProtectedHeader({ alg: "HS256" })
            .sign(new TextEncoder().encode("a-shared-secret-of-at-least-32-bytes!"));
          return omRequest(DEFAULT_TOKEN_URL, signed);
        },
        expected: { status: 401, error: "invalid_client", error_description: "The client_assertion JWT signature algorithm is invalid." },
      },
      {
        name: "the client has no JWKS",
        build: async () => {
          const app = addServiceApp(h.state, { jwks: [] });
          return omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId: app, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now }));
        },
        expected: { status: 401, error: "invalid_client", error_description: "The client does not have a JWKSet configured, but the client_assertion requires one." },
      },
      {
        name: "bad client_assertion_type",
        build: async () => {
          const signed = await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now });
          return formRequest("/oauth2/default/v1/token", { grant_type: "client_credentials", client_assertion_type: "jwt", client_assertion: signed });
        },
        expected: { status: 400, error: "invalid_request", error_description: "The client_assertion_type is invalid." },
      },
      {
        name: "no credentials at all",
        build: () => formRequest("/oauth2/default/v1/token", { grant_type: "client_credentials", client_id: clientId }),
        expected: { status: 401, error: "invalid_client", error_description: "No client credentials found." },
      },
      {
        name: "Basic auth and an assertion together",
        build: async () => {
          const signed = await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now });
          return formRequest(
            "/oauth2/default/v1/token",
            { grant_type: "client_credentials", client_assertion_type: JWT_BEARER, client_assertion: signed },
            { authorization: `Basic ${Buffer.from(`${clientId}:x`).toString("base64")}` },
          );
        },
        // 401, not 400 (REAL-ORG.md token endpoint table).
        expected: {
          status: 401,
          error: "invalid_request",
          error_description:
            "Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.",
        },
      },
    ];

    for (const { name, build, expected } of cases) {
      test(name, async () => {
        expect(errorOf(await build())).toEqual(expected);
      });
    }

    test("exp exactly an hour ahead passes, and a 60 s clock tolerance applies to expiry", async () => {
      const atLimit = await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now, exp: now + 3600 });
      expect((await omRequest(DEFAULT_TOKEN_URL, atLimit, "openmetadata")).status).toBe(200);
      const justExpired = await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now - 300, exp: now - 30 });
      expect((await omRequest(DEFAULT_TOKEN_URL, justExpired, "openmetadata")).status).toBe(200);
    });

    test("a replay is refused even after the clock moves, until the assertion expires", async () => {
      const signed = await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now, exp: now + 120 });
      expect((await omRequest(DEFAULT_TOKEN_URL, signed, "openmetadata")).status).toBe(200);
      h.clock.ms += 100_000;
      expect(errorOf(await omRequest(DEFAULT_TOKEN_URL, signed, "openmetadata")).error_description).toBe(
        "The client_assertion token has already been used.",
      );
      expect(Object.keys(h.state.usedJtis)).toHaveLength(1);
    });

    test("unknown or inactive client: Okta's management-shaped 401 invalid_client", async () => {
      const inactive = addServiceApp(h.state, { jwks: [key.publicJwk], status: "INACTIVE" });
      for (const id of ["0oaUNKNOWN", inactive]) {
        const reply = await omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId: id, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now }));
        expect(reply.status).toBe(401);
        expect(reply.json).toMatchObject({
          errorCode: "invalid_client",
          errorSummary: "Invalid value for 'client_id' parameter.",
          errorLink: "invalid_client",
          errorCauses: [],
        });
        expect(String((reply.json as { errorId: string }).errorId)).toMatch(/^oae/);
      }
    });

    test("a client_id parameter must name the assertion's client", async () => {
      const other = addServiceApp(h.state, { jwks: [key.publicJwk] });
      const signed = await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now });
      const reply = await formRequest("/oauth2/default/v1/token", {
        grant_type: "client_credentials",
        client_id: other,
        client_assertion_type: JWT_BEARER,
        client_assertion: signed,
      });
      expect(errorOf(reply)).toEqual({
        status: 401,
        error: "invalid_client",
        error_description: "The issuer claim for client_assertion is not a valid client_id.",
      });
    });

    test("a client_secret app cannot use an assertion on a custom server", async () => {
      const app = addServiceApp(h.state, { jwks: [key.publicJwk], authMethod: "client_secret_basic" });
      const reply = await omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId: app, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now }), "openmetadata");
      expect(errorOf(reply)).toEqual({
        status: 401,
        error: "invalid_client",
        error_description: "Client authentication failed. Either the client or the client credentials are invalid.",
      });
    });

    test("client secrets work on a custom server (Basic), a wrong one does not", async () => {
      const app = addServiceApp(h.state, { authMethod: "client_secret_basic" });
      h.state.appSecrets[app] = "s3cret";
      const basic = (secret: string): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`${app}:${secret}`).toString("base64")}` });
      const ok = await formRequest("/oauth2/default/v1/token", { grant_type: "client_credentials", scope: "openmetadata" }, basic("s3cret"));
      expect(ok.status).toBe(200);
      const bad = await formRequest("/oauth2/default/v1/token", { grant_type: "client_credentials", scope: "openmetadata" }, basic("wrong"));
      expect(errorOf(bad)).toEqual({ status: 401, error: "invalid_client", error_description: "The client secret supplied for a confidential client is invalid." });
    });
  });

  describe("grant types", () => {
    // REAL-ORG.md token endpoint table, verbatim.
    test("an unknown grant type is unsupported_grant_type, naming the server's grant types", async () => {
      const reply = await formRequest("/oauth2/default/v1/token", { grant_type: "magic" });
      expect(errorOf(reply)).toEqual({
        status: 400,
        error: "unsupported_grant_type",
        error_description: "The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].",
      });
    });

    test("no grant_type is invalid_request, listing the valid values", async () => {
      const reply = await formRequest("/oauth2/default/v1/token", { client_id: clientId });
      expect(errorOf(reply)).toMatchObject({ status: 400, error: "invalid_request" });
      expect(String(errorOf(reply).error_description)).toMatch(/^The token request must specify a 'grant_type'\. Valid values: \[authorization_code, client_credentials, .*\]$/);
    });

    test("a client without client_credentials is unauthorized_client", async () => {
      const app = addServiceApp(h.state, { jwks: [key.publicJwk], grantTypes: ["authorization_code", "refresh_token"] });
      const reply = await omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId: app, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now }), "openmetadata");
      expect(errorOf(reply)).toEqual({
        status: 400,
        error: "unauthorized_client",
        error_description: "The client is not authorized to use the provided grant type. Configured grant types: [authorization_code, refresh_token].",
      });
    });
  });

  describe("custom server scopes and policies", () => {
    const expectScopeError = async (tokenUrl: string, scope: string | undefined, description: string, app = clientId): Promise<void> => {
      const reply = await omRequest(tokenUrl, await assertion({ clientId: app, key, aud: tokenUrl, nowSeconds: now }), scope);
      expect(errorOf(reply)).toEqual({ status: 400, error: "invalid_scope", error_description: description });
    };

    test("no scope and no default scope", async () => {
      const asId = addCustomServer(h.state);
      addScope(h.state, asId, "om.read");
      await expectScopeError(
        `${ORIGIN}/oauth2/${asId}/v1/token`,
        undefined,
        "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
      );
    });

    test("an empty scope parameter is the same as none", async () => {
      const reply = await omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now }), "");
      expect((reply.json as { scope: string }).scope).toBe("openmetadata");
    });

    test("unknown scope", async () => {
      await expectScopeError(DEFAULT_TOKEN_URL, "openmetadata nope", "One or more scopes are not configured for the authorization server resource.");
    });

    test("okta.* scopes are not configured on a custom server", async () => {
      await expectScopeError(DEFAULT_TOKEN_URL, "okta.users.read", "One or more scopes are not configured for the authorization server resource.");
    });

    // REAL-ORG.md token endpoint table, verbatim.
    test("OIDC scopes are refused for client_credentials", async () => {
      await expectScopeError(DEFAULT_TOKEN_URL, "openid openmetadata", "Cannot request 'openid' scopes using client credentials.");
    });

    test("a consent-REQUIRED scope is consent_required", async () => {
      addScope(h.state, defaultId, "needs.consent", { consent: "REQUIRED" });
      const reply = await omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now }), "needs.consent");
      expect(errorOf(reply)).toEqual({
        status: 400,
        error: "consent_required",
        error_description: "The following scopes require user consent and cannot be granted for the client credentials grant type: [needs.consent].",
      });
    });

    // Policy failure is 401 (REAL-ORG.md token endpoint table: "no policy/rule matches").
    const expectPolicyFailure = async (asId: string, scope: string): Promise<void> => {
      const url = `${ORIGIN}/oauth2/${asId}/v1/token`;
      const reply = await omRequest(url, await assertion({ clientId, key, aud: url, nowSeconds: now }), scope);
      expect(errorOf(reply)).toEqual({
        status: 401,
        error: "access_denied",
        error_description: "Policy evaluation failed for this request, please check the policy configurations.",
      });
    };

    test("a policy that doesn't include the client", async () => {
      const asId = addCustomServer(h.state, { clients: ["0oaSOMEONEELSE"] });
      addScope(h.state, asId, "om.read");
      await expectPolicyFailure(asId, "om.read");
    });

    test("a policy naming the client works", async () => {
      const asId = addCustomServer(h.state, { clients: [clientId] });
      addScope(h.state, asId, "om.read");
      const url = `${ORIGIN}/oauth2/${asId}/v1/token`;
      expect((await omRequest(url, await assertion({ clientId, key, aud: url, nowSeconds: now }), "om.read")).status).toBe(200);
    });

    test("a rule without client_credentials", async () => {
      const asId = addCustomServer(h.state, { ruleGrantTypes: ["authorization_code"] });
      addScope(h.state, asId, "om.read");
      await expectPolicyFailure(asId, "om.read");
    });

    // A rule for the grant type matched but refused scopes: 400, not a policy failure (REAL-ORG.md).
    test("a rule whose scopes don't cover the request: some scopes denied, or all rejected", async () => {
      const asId = addCustomServer(h.state, { ruleScopes: ["om.read"] });
      addScope(h.state, asId, "om.read");
      addScope(h.state, asId, "om.write");
      addScope(h.state, asId, "om.admin");
      const url = `${ORIGIN}/oauth2/${asId}/v1/token`;
      const some = await omRequest(url, await assertion({ clientId, key, aud: url, nowSeconds: now }), "om.read om.write om.admin");
      expect(errorOf(some)).toEqual({ status: 400, error: "access_denied", error_description: "Some of the requested scopes were denied by the policy. Denied scopes: [om.write, om.admin]." });
      const all = await omRequest(url, await assertion({ clientId, key, aud: url, nowSeconds: now }), "om.write");
      expect(errorOf(all)).toEqual({ status: 400, error: "access_denied", error_description: "Policy evaluation succeeded, but all the requested scopes were rejected." });
    });

    test("no policy at all (a new server)", async () => {
      const asId = addCustomServer(h.state);
      addScope(h.state, asId, "om.read");
      h.state.policies[asId] = {};
      await expectPolicyFailure(asId, "om.read");
    });

    test("only the first matching policy counts: a lower-priority policy can't rescue it", async () => {
      const asId = addCustomServer(h.state, { ruleGrantTypes: ["authorization_code"] });
      addScope(h.state, asId, "om.read");
      const fallback = addCustomServer(h.state);
      const [policyId, policy] = Object.entries(h.state.policies[fallback] ?? {})[0]!;
      h.state.policies[asId] = { ...h.state.policies[asId], [policyId]: { ...policy, priority: 2 } };
      await expectPolicyFailure(asId, "om.read");
    });

    // REAL-ORG.md token endpoint table: "unknown authorization server id" is 400 invalid_request.
    test("an unknown or inactive server's token endpoint is invalid_request", async () => {
      const asId = addCustomServer(h.state, { status: "INACTIVE" });
      for (const id of [asId, "ausNOPE"]) {
        const url = `${ORIGIN}/oauth2/${id}/v1/token`;
        const reply = await omRequest(url, await assertion({ clientId, key, aud: url, nowSeconds: now }), "openid");
        expect(errorOf(reply)).toEqual({ status: 400, error: "invalid_request", error_description: "The authorization server id is invalid." });
      }
    });
  });

  describe("org authorization server", () => {
    const orgRequest = async (scope: string, app = clientId): Promise<SandboxReply> =>
      omRequest(ORG_TOKEN_URL, await assertion({ clientId: app, key, aud: ORG_TOKEN_URL, nowSeconds: now }), scope);

    test("a granted okta.* scope: token from the org key, accepted by the access-token verifier", async () => {
      addGrant(h.state, clientId, "okta.apps.manage");
      addGrant(h.state, clientId, "okta.users.read");
      const reply = await orgRequest("okta.apps.manage okta.users.read");
      expect(reply.status).toBe(200);
      const body = reply.json as { access_token: string; scope: string; expires_in: number };
      expect(body).toMatchObject({ scope: "okta.apps.manage okta.users.read", expires_in: 3600 });
      const jwks = await fetchJwks(h, "/oauth2/v1/keys");
      const { payload } = await jwtVerify(body.access_token, createLocalJWKSet(jwks), { issuer: ORIGIN, audience: ORIGIN, currentDate: new Date(h.clock.ms) });
      expect(payload).toMatchObject({ cid: clientId, scp: ["okta.apps.manage", "okta.users.read"] });

      const verify = createAccessTokenVerifier(() => h.state, h.keys, () => new Date(h.clock.ms));
      expect(await verify(body.access_token, ORIGIN)).toEqual({ clientId, scopes: ["okta.apps.manage", "okta.users.read"] });
      expect(await verify(body.access_token, "http://other.example")).toBeUndefined();
      const later = createAccessTokenVerifier(() => h.state, h.keys, () => new Date(h.clock.ms + 3601_000));
      expect(await later(body.access_token, ORIGIN)).toBeUndefined();
      (h.state.apps[clientId] as OktaObject).status = "INACTIVE";
      expect(await verify(body.access_token, ORIGIN)).toBeUndefined();
    });

    test("the verifier refuses custom-server tokens", async () => {
      const reply = await omRequest(DEFAULT_TOKEN_URL, await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now }), "openmetadata");
      const verify = createAccessTokenVerifier(() => h.state, h.keys);
      expect(await verify(String((reply.json as { access_token: string }).access_token), ORIGIN)).toBeUndefined();
      expect(await verify("not-a-jwt", ORIGIN)).toBeUndefined();
    });

    test("an okta.* scope that isn't granted (or is revoked, or granted by another issuer)", async () => {
      addGrant(h.state, clientId, "okta.apps.manage");
      addGrant(h.state, clientId, "okta.users.manage", ORIGIN, "REVOKED");
      addGrant(h.state, clientId, "okta.groups.read", "http://other.example");
      for (const scope of ["okta.apps.manage okta.users.read", "okta.users.manage", "okta.groups.read"]) {
        expect(errorOf(await orgRequest(scope))).toEqual({
          status: 400,
          error: "invalid_scope",
          error_description: "The requested scope is invalid, unknown, or malformed.",
        });
      }
    });

    test("custom scopes are not allowed", async () => {
      addGrant(h.state, clientId, "okta.apps.manage");
      expect(errorOf(await orgRequest("okta.apps.manage openmetadata"))).toEqual({
        status: 400,
        error: "invalid_scope",
        error_description: "Custom scopes are not allowed for this request.",
      });
    });

    test("a scope is required", async () => {
      expect(errorOf(await orgRequest(""))).toEqual({ status: 400, error: "invalid_scope", error_description: "No scopes were requested." });
    });

    test("only private_key_jwt clients", async () => {
      const app = addServiceApp(h.state, { authMethod: "client_secret_basic" });
      h.state.appSecrets[app] = "s3cret";
      const reply = await formRequest(
        "/oauth2/v1/token",
        { grant_type: "client_credentials", scope: "okta.apps.manage" },
        { authorization: `Basic ${Buffer.from(`${app}:s3cret`).toString("base64")}` },
      );
      expect(errorOf(reply)).toEqual({
        status: 401,
        error: "invalid_client",
        error_description: "Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method",
      });
    });

    test("aud must be the org token endpoint, not a custom server's", async () => {
      const reply = await omRequest(ORG_TOKEN_URL, await assertion({ clientId, key, aud: DEFAULT_TOKEN_URL, nowSeconds: now }), "okta.apps.manage");
      expect(errorOf(reply).error_description).toBe("The audience claim for client_assertion must be the endpoint invoked for the request.");
    });
  });

  describe("DPoP", () => {
    async function dpopProof(dpopKey: ClientKey, claims: Record<string, unknown>): Promise<string> {
      const { kid: _kid, alg: _alg, use: _use, status: _status, ...jwk } = dpopKey.publicJwk as Record<string, unknown>;
      return new SignJWT({ htm: "POST", htu: ORG_TOKEN_URL, iat: Math.floor(h.clock.ms / 1000), jti: randomUUID(), ...claims })
        .setProtectedHeader({ typ: "dpop+jwt", alg: "RS256", jwk })
        .sign(dpopKey.privateKey);
    }

    const tokenForm = async (app: string): Promise<string> =>
      form({
        grant_type: "client_credentials",
        scope: "okta.users.read",
        client_assertion_type: JWT_BEARER,
        client_assertion: await assertion({ clientId: app, key, kid: "key-1", aud: ORG_TOKEN_URL, nowSeconds: now }),
      });

    test("an app that requires DPoP refuses a request without the header", async () => {
      const app = addServiceApp(h.state, { jwks: [key.publicJwk], dpop: true });
      addGrant(h.state, app, "okta.users.read");
      const reply = await h.request("POST", "/oauth2/v1/token", { body: await tokenForm(app) });
      expect(errorOf(reply)).toEqual({ status: 400, error: "invalid_dpop_proof", error_description: "The DPoP proof JWT header is missing." });
    });

    test("the nonce round-trip, as the Okta Node SDK does it, ends with a DPoP-bound token", async () => {
      const app = addServiceApp(h.state, { jwks: [key.publicJwk], dpop: true });
      addGrant(h.state, app, "okta.users.read");
      // The SDK signs its DPoP proofs with the same key as its assertions.
      const first = await h.request("POST", "/oauth2/v1/token", { body: await tokenForm(app), headers: { dpop: await dpopProof(key, {}) } });
      expect(errorOf(first)).toEqual({ status: 400, error: "use_dpop_nonce", error_description: "Authorization server requires nonce in DPoP proof." });
      const nonce = first.headers?.["DPoP-Nonce"];
      expect(typeof nonce).toBe("string");

      const second = await h.request("POST", "/oauth2/v1/token", {
        body: await tokenForm(app),
        headers: { dpop: await dpopProof(key, { nonce }) },
      });
      expect(second.status).toBe(200);
      const body = second.json as { token_type: string; access_token: string };
      expect(body.token_type).toBe("DPoP");
      const { kid: _kid, alg: _alg, use: _use, status: _status, ...jwk } = key.publicJwk as Record<string, unknown>;
      expect(decodeJwt(body.access_token).cnf).toEqual({ jkt: await calculateJwkThumbprint(jwk as JWK) });
      expect(decodeProtectedHeader(body.access_token).alg).toBe("RS256");
    });

    test("a forged nonce is answered with a fresh one; a wrong htu is invalid_dpop_proof", async () => {
      const app = addServiceApp(h.state, { jwks: [key.publicJwk], dpop: true });
      addGrant(h.state, app, "okta.users.read");
      const forged = await h.request("POST", "/oauth2/v1/token", { body: await tokenForm(app), headers: { dpop: await dpopProof(key, { nonce: "abc.def" }) } });
      expect(errorOf(forged).error).toBe("use_dpop_nonce");
      const nonce = forged.headers?.["DPoP-Nonce"];
      const wrongHtu = await h.request("POST", "/oauth2/v1/token", {
        body: await tokenForm(app),
        headers: { dpop: await dpopProof(key, { nonce, htu: `${ORIGIN}//oauth2/v1/token` }) },
      });
      expect(errorOf(wrongHtu)).toEqual({ status: 400, error: "invalid_dpop_proof", error_description: "'htu' claim in the DPoP proof JWT is invalid." });
    });

    test("an app without DPoP ignores the SDK's DPoP header and gets a Bearer token", async () => {
      addGrant(h.state, clientId, "okta.users.read");
      const reply = await h.request("POST", "/oauth2/v1/token", { body: await tokenForm(clientId), headers: { dpop: await dpopProof(key, {}) } });
      expect(reply.status).toBe(200);
      expect((reply.json as { token_type: string }).token_type).toBe("Bearer");
      expect(decodeJwt((reply.json as { access_token: string }).access_token)).not.toHaveProperty("cnf");
    });
  });
});

describe("interop with the Okta Node SDK (PrivateKey mode, over a real socket)", () => {
  async function sdkToken(app: string, privateJwk: JWK, url: string): Promise<{ token_type: string; access_token: string; scope: string }> {
    const client = new Client({
      orgUrl: url,
      authorizationMode: "PrivateKey",
      clientId: app,
      scopes: ["okta.users.read"],
      privateKey: JSON.stringify(privateJwk),
      keyId: "sdk-key",
    });
    return client.oauth.getAccessToken();
  }

  async function sdkApp(dpop: boolean): Promise<{ app: string; privateJwk: JWK }> {
    const pair = await generateKeyPair("RS256", { extractable: true });
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: "sdk-key", alg: "RS256", use: "sig" };
    const privateJwk = { ...(await exportJWK(pair.privateKey)), kid: "sdk-key", alg: "RS256" };
    const app = addServiceApp(h.state, { jwks: [publicJwk], dpop });
    addGrant(h.state, app, "okta.users.read", "");
    return { app, privateJwk };
  }

  test("an app without DPoP: the SDK's first request (with its DPoP header) gets a Bearer token", async () => {
    const { url, server } = await h.serve();
    try {
      const { app, privateJwk } = await sdkApp(false);
      for (const grant of Object.values(h.state.grants[app] ?? {})) grant.issuer = url;
      const token = await sdkToken(app, privateJwk, url);
      expect(token).toMatchObject({ token_type: "Bearer", scope: "okta.users.read" });
      expect(await createAccessTokenVerifier(() => h.state, h.keys)(token.access_token, url)).toEqual({ clientId: app, scopes: ["okta.users.read"] });
    } finally {
      server.close();
    }
  });

  test("an app that requires DPoP: the SDK's nonce retry ends with a DPoP token", async () => {
    const { url, server } = await h.serve();
    try {
      const { app, privateJwk } = await sdkApp(true);
      for (const grant of Object.values(h.state.grants[app] ?? {})) grant.issuer = url;
      const token = await sdkToken(app, privateJwk, url);
      expect(token.token_type).toBe("DPoP");
      expect(decodeJwt(token.access_token).cnf).toHaveProperty("jkt");
    } finally {
      server.close();
    }
  });
});
