import { makeId, makeOrgSuffix, randomAlnum } from "./ids.js";
import { SYSTEM_SCOPES } from "./system-scopes.js";

/** A stored Okta object: the JSON Okta would return, minus `_links` and host-derived URLs. */
export type OktaObject = Record<string, unknown> & { id: string };

/** An RSA signing key of an authorization server (or the org AS), kept as JWKs. */
export interface StoredSigningKey {
  kid: string;
  /** Generated on first use: key generation is slow and most servers never sign anything. */
  privateJwk?: Record<string, unknown>;
  publicJwk?: Record<string, unknown>;
}

/**
 * The whole org, as plain JSON so it can be saved, loaded and reset. Maps keep insertion order,
 * which is the order Okta lists objects in.
 */
export interface OrgState {
  schemaVersion: 1;
  orgId: string;
  /** Shared last three characters of every id in this org. */
  idSuffix: string;
  adminUserId: string;
  users: Record<string, OktaObject>;
  groups: Record<string, OktaObject>;
  apps: Record<string, OktaObject>;
  /** client_secret per app, for secret-based auth methods; never echoed on GET. */
  appSecrets: Record<string, string>;
  /** The secrets API's objects per app (see routes/client-secrets.ts); absent until it is first used. */
  clientSecrets?: Record<string, OktaObject[]>;
  appGroups: Record<string, Record<string, OktaObject>>;
  grants: Record<string, Record<string, OktaObject>>;
  clientRoles: Record<string, Record<string, OktaObject>>;
  trustedOrigins: Record<string, OktaObject>;
  authServers: Record<string, OktaObject>;
  scopes: Record<string, Record<string, OktaObject>>;
  policies: Record<string, Record<string, OktaObject>>;
  /** Keyed by policy id. */
  rules: Record<string, Record<string, OktaObject>>;
  /** Keyed by authorization server id, or `org` for the org authorization server. */
  signingKeys: Record<string, StoredSigningKey>;
  /** Assertion `jti`s already used, with their expiry (epoch seconds), so replays fail. */
  usedJtis: Record<string, number>;
  /** The OpenMetadata stand-in's users and bots (names), for doctor's end-to-end checks. */
  openMetadata: OpenMetadataState;
}

/** OpenMetadata's stored security settings (1.10+ keeps them in its database, VERSIONS.md). */
export interface OmSecurityConfig {
  authenticationConfiguration: Record<string, unknown>;
  authorizerConfiguration: Record<string, unknown>;
}

export interface OpenMetadataState {
  version: string;
  users: string[];
  /** The deployed server config (env/yaml/Helm): what a restart reads; from 1.10 only the first boot. */
  authConfig?: Record<string, unknown>;
  /** 1.10+: the "database" rows, copied from the deployed config at first boot only when missing. */
  securityConfig?: OmSecurityConfig;
  /** Stand-in for 2.1's SECURITY_CONFIG_SOURCE=ENV: API writes answer 409 (VERSIONS.md). */
  securityManagedByEnv?: boolean;
  /** Bot name → its JWT, minted once so a rerun reads the same token (OpenMetadata stores it too). */
  botTokens?: Record<string, string>;
  /** Bot name → the JWTTokenExpiry its token was last generated with ("30" until regenerated). */
  botTokenExpiry?: Record<string, string>;
  /** User name → the names of its roles (users created through the users API). */
  userRoles?: Record<string, string[]>;
}

/** ISO-8601 with whole seconds and `.000Z`, as Okta writes timestamps. */
export function oktaTimestamp(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}

/**
 * Which `default` authorization server a new org has (REAL-ORG.md: "Features and plans"): with
 * API Access Management, "Default Policy" + "Default Policy Rule"; a new Integrator Free Plan org's
 * server has no access policy; without the feature there is no `default` server at all.
 */
export type DefaultServerKind = "with-policy" | "without-policy" | "none";

/** A new org as Okta hands it out: an admin, the built-in groups and (by plan) the `default` server. */
export function createInitialState(now: Date = new Date(), defaultServer: DefaultServerKind = "with-policy"): OrgState {
  const suffix = makeOrgSuffix();
  const ts = oktaTimestamp(now);
  const id = (kind: Parameters<typeof makeId>[0]): string => makeId(kind, suffix);
  const adminUserId = id("user");
  const state: OrgState = {
    schemaVersion: 1,
    orgId: id("org"),
    idSuffix: suffix,
    adminUserId,
    users: {},
    groups: {},
    apps: {},
    appSecrets: {},
    appGroups: {},
    grants: {},
    clientRoles: {},
    trustedOrigins: {},
    authServers: {},
    scopes: {},
    policies: {},
    rules: {},
    // "openmetadata" is the stand-in OpenMetadata server's own JWT key (its default JWT_KEY_ID).
    signingKeys: { org: { kid: randomAlnum(43) }, openmetadata: { kid: "Gb389a-9f76-gdjs-a92j-0242bk94356" } },
    usedJtis: {},
    openMetadata: { version: "1.2.5", users: ["admin", "ingestion-bot"] },
  };
  state.users[adminUserId] = {
    id: adminUserId,
    status: "ACTIVE",
    created: ts,
    activated: ts,
    statusChanged: ts,
    lastLogin: ts,
    lastUpdated: ts,
    passwordChanged: ts,
    type: { id: "oty" + randomAlnum(14) + suffix },
    profile: { firstName: "Sandbox", lastName: "Admin", login: "admin@sandbox.example", email: "admin@sandbox.example", mobilePhone: null, secondEmail: null },
    credentials: { provider: { type: "OKTA", name: "OKTA" } },
  };
  for (const [name, description] of [
    ["Everyone", "All users in your organization"],
    ["Okta Administrators", "Okta manages this group, which contains all administrators in your organization."],
  ] as const) {
    const groupId = id("group");
    state.groups[groupId] = {
      id: groupId,
      created: ts,
      lastUpdated: ts,
      lastMembershipUpdated: ts,
      objectClass: ["okta:user_group"],
      type: "BUILT_IN",
      profile: { name, description },
    };
  }
  if (defaultServer !== "none") addDefaultAuthServer(state, ts, defaultServer === "with-policy");
  return state;
}

/** The `default` custom authorization server every org starts with, with its default policy and rule. */
function addDefaultAuthServer(state: OrgState, ts: string, withPolicy: boolean): void {
  const suffix = state.idSuffix;
  const asId = makeId("authServer", suffix);
  state.authServers[asId] = {
    id: asId,
    name: "default",
    description: "Default Authorization Server for your Applications",
    audiences: ["api://default"],
    issuerMode: "DYNAMIC",
    status: "ACTIVE",
    created: ts,
    lastUpdated: ts,
    credentials: { signing: { kid: "", rotationMode: "MANUAL", lastRotated: ts } },
    default: true,
  };
  state.signingKeys[asId] = { kid: randomAlnum(43) };
  setSigningKid(state, asId);
  state.scopes[asId] = systemScopes(suffix);
  if (!withPolicy) return;
  const policyId = makeId("policy", suffix);
  state.policies[asId] = {
    [policyId]: {
      id: policyId,
      status: "ACTIVE",
      name: "Default Policy",
      description: "Default policy description",
      priority: 1,
      system: false,
      conditions: { clients: { include: ["ALL_CLIENTS"] } },
      created: ts,
      lastUpdated: ts,
      type: "OAUTH_AUTHORIZATION_POLICY",
    },
  };
  const ruleId = makeId("rule", suffix);
  state.rules[policyId] = {
    [ruleId]: {
      id: ruleId,
      status: "ACTIVE",
      name: "Default Policy Rule",
      priority: 1,
      created: ts,
      lastUpdated: ts,
      system: false,
      conditions: {
        people: { users: { include: [], exclude: [] }, groups: { include: ["EVERYONE"], exclude: [] } },
        grantTypes: { include: ["implicit", "client_credentials", "authorization_code", "password"] },
        scopes: { include: ["*"] },
      },
      actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
      type: "RESOURCE_ACCESS",
    },
  };
}

/** Copies the stored signing kid into the server object (`credentials.signing.kid`). */
export function setSigningKid(state: OrgState, asId: string): void {
  const server = state.authServers[asId];
  const key = state.signingKeys[asId];
  if (!server || !key) return;
  const credentials = (server.credentials ?? {}) as { signing?: Record<string, unknown> };
  credentials.signing = { ...(credentials.signing ?? {}), kid: key.kid };
  server.credentials = credentials;
}

/** Okta's system OIDC scopes, present on every new custom authorization server. */
export function systemScopes(suffix: string): Record<string, OktaObject> {
  const out: Record<string, OktaObject> = {};
  for (const scope of SYSTEM_SCOPES) {
    const scopeId = makeId("scope", suffix);
    out[scopeId] = {
      id: scopeId,
      name: scope.name,
      displayName: scope.displayName,
      description: scope.description,
      system: true,
      metadataPublish: "ALL_CLIENTS",
      consent: "IMPLICIT",
      optional: false,
      apiResourceId: null,
      default: false,
    };
  }
  return out;
}
