// A healthy Okta + OpenMetadata setup in a sandbox, built without init (raw management calls, the
// OpenMetadata renderers and key files), so doctor tests can break one thing at a time.
import { mkdtempSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Document, parseDocument } from "yaml";
import { writeFileAtomic } from "../../src/fs/atomic-write.js";
import { compactPrivateJwk, writeKeyFiles } from "../../src/keys/key-files.js";
import { generateServiceKeyPair, type ServiceKeyPair } from "../../src/keys/key-pair.js";
import { writeManifest, type Manifest } from "../../src/manifest/manifest.js";
import { WORKFLOW_CONFIG_FILE } from "../../src/openmetadata/generated-file.js";
import { parseOmVersion } from "../../src/openmetadata/om-version.js";
import { renderOpenMetadataFiles } from "../../src/openmetadata/render-openmetadata-files.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { raw } from "./sandbox.js";
import { serviceClientBody, spaAppBody } from "./okta-payloads.js";

export const OM_VERSION = "1.2.5";
export const SCOPE = "openmetadata";
export const API_SCOPES = ["okta.users.read", "okta.users.manage", "okta.clients.read"];
export const RULE_GRANTS = ["client_credentials", "authorization_code", "refresh_token", "implicit"];

export interface DoctorSetup {
  sandbox: Sandbox;
  outDir: string;
  orgUrl: string;
  omUrl: string;
  issuer: string;
  asId: string;
  spaAppId: string;
  spaClientId: string;
  serviceClientId: string;
  policyId: string;
  ruleId: string;
  scopeId: string;
  keyPair: ServiceKeyPair;
  workflowPath: string;
  /** The OpenMetadata stand-in's deployed auth config. */
  authConfig: Record<string, unknown>;
  /** Env with the sandbox's API token (for main(["doctor", ...])). */
  env: Record<string, string>;
}

async function ok(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await raw(sandbox, method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${res.text}`);
  return res.json;
}

/** Creates every Okta object OpenMetadata needs, the files init would write, and deploys the server config. */
export async function buildHealthySetup(sandbox: Sandbox, options: { version?: string } = {}): Promise<DoctorSetup> {
  const version = options.version ?? OM_VERSION;
  const orgUrl = sandbox.orgUrl;
  const omUrl = sandbox.openMetadataUrl;
  const outDir = mkdtempSync(join(tmpdir(), "okta-om-doctor-"));

  const spa = await ok(sandbox, "POST", "/api/v1/apps?activate=true", spaAppBody(omUrl));
  const spaAppId = String(spa.id);
  const spaClientId = String((spa.credentials as { oauthClient: { client_id: string } }).oauthClient.client_id);
  const groups = (await raw(sandbox, "GET", `/api/v1/groups?filter=${encodeURIComponent('type eq "BUILT_IN"')}`)).json as unknown as { id: string; profile: { name: string } }[];
  const everyone = groups.find((g) => g.profile.name === "Everyone")!;
  await ok(sandbox, "PUT", `/api/v1/apps/${spaAppId}/groups/${everyone.id}`, {});
  await ok(sandbox, "POST", "/api/v1/trustedOrigins", { name: "OpenMetadata", origin: new URL(omUrl).origin, scopes: [{ type: "CORS" }, { type: "REDIRECT" }] });

  const keyPair = await generateServiceKeyPair();
  const client = await ok(sandbox, "POST", "/oauth2/v1/clients", serviceClientBody("OpenMetadata ingestion", keyPair.publicJwk));
  const serviceClientId = String(client.client_id);
  for (const scopeId of API_SCOPES) await ok(sandbox, "POST", `/api/v1/apps/${serviceClientId}/grants`, { issuer: orgUrl, scopeId });

  const as = await ok(sandbox, "POST", "/api/v1/authorizationServers", { name: "OpenMetadata", description: "OpenMetadata tokens", audiences: [spaClientId], issuerMode: "ORG_URL" });
  const asId = String(as.id);
  const issuer = String(as.issuer);
  const scope = await ok(sandbox, "POST", `/api/v1/authorizationServers/${asId}/scopes`, { name: SCOPE, description: "Access to OpenMetadata", consent: "IMPLICIT", metadataPublish: "NO_CLIENTS", default: true });
  const policy = await ok(sandbox, "POST", `/api/v1/authorizationServers/${asId}/policies`, {
    type: "OAUTH_AUTHORIZATION_POLICY",
    name: "OpenMetadata",
    description: "OpenMetadata sign-in and ingestion",
    priority: 1,
    status: "ACTIVE",
    conditions: { clients: { include: [spaClientId, serviceClientId] } },
  });
  const policyId = String(policy.id);
  const rule = await ok(sandbox, "POST", `/api/v1/authorizationServers/${asId}/policies/${policyId}/rules`, {
    type: "RESOURCE_ACCESS",
    name: "OpenMetadata",
    priority: 1,
    status: "ACTIVE",
    conditions: { people: { groups: { include: ["EVERYONE"] } }, grantTypes: { include: RULE_GRANTS }, scopes: { include: ["*"] } },
    actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
  });

  const { files } = renderOpenMetadataFiles({
    omUrl,
    omVersion: parseOmVersion(version),
    issuer,
    spaClientId,
    serviceClientId,
    privateKeyJwk: compactPrivateJwk(keyPair),
    botEmail: "ingestion-bot@example.com",
    adminPrincipals: ["admin"],
    principalDomain: "example.com",
    hasDefaultScope: true,
    scope: SCOPE,
    deployFiles: ["docker", "bare-metal", "helm"],
  });
  for (const file of files) await writeFileAtomic(join(outDir, file.name), file.content, { secret: file.secret });
  await writeKeyFiles(outDir, keyPair);
  const manifest: Manifest = {
    schemaVersion: 1,
    orgUrl,
    issuer,
    spaAppId,
    spaClientId,
    serviceClientId,
    authServerId: asId,
    scopeId: String(scope.id),
    policyId,
    ruleId: String(rule.id),
    kid: keyPair.kid,
    omUrl,
    omVersion: version,
    botEmail: "ingestion-bot@example.com",
  };
  await writeManifest(outDir, manifest);

  const jwksPath = parseOmVersion(version).major >= 1 ? "/api/v1/system/config/jwks" : "/api/v1/config/jwks";
  const authConfig = {
    provider: "okta",
    providerName: "",
    authority: issuer,
    clientId: spaClientId,
    callbackUrl: `${omUrl}/callback`,
    publicKeyUrls: [`${issuer}/v1/keys`, `${omUrl}${jwksPath}`],
    jwtPrincipalClaims: ["email", "preferred_username", "sub"],
  };
  await ok(sandbox, "PUT", "/__sandbox/openmetadata", { version, users: ["admin", "ingestion-bot", serviceClientId.toLowerCase()], authConfig });
  return {
    sandbox,
    outDir,
    orgUrl,
    omUrl,
    issuer,
    asId,
    spaAppId,
    spaClientId,
    serviceClientId,
    policyId,
    ruleId: String(rule.id),
    scopeId: String(scope.id),
    keyPair,
    workflowPath: join(outDir, WORKFLOW_CONFIG_FILE),
    authConfig,
    env: { OKTA_OM_API_TOKEN: sandbox.apiToken },
  };
}

/** Rewrites workflowConfig.yaml's securityConfig (the file stays 0600). */
export async function editSecurityConfig(setup: DoctorSetup, edit: (security: Record<string, unknown>) => void): Promise<void> {
  const doc = parseDocument(await readFile(setup.workflowPath, "utf8"));
  const security = (doc.toJS() as { workflowConfig: { openMetadataServerConfig: { securityConfig: Record<string, unknown> } } }).workflowConfig.openMetadataServerConfig.securityConfig;
  edit(security);
  const root = doc.toJS() as { workflowConfig: { openMetadataServerConfig: Record<string, unknown> } };
  root.workflowConfig.openMetadataServerConfig.securityConfig = security;
  await writeFileAtomic(setup.workflowPath, new Document(root).toString({ lineWidth: 0 }), { secret: true });
}

/** Redeploys the OpenMetadata stand-in's config with some fields changed. */
export async function deployOpenMetadata(setup: DoctorSetup, body: { version?: string; users?: string[]; authConfig?: Record<string, unknown> }): Promise<void> {
  await ok(setup.sandbox, "PUT", "/__sandbox/openmetadata", body);
}

/** The sandbox's stored JSON for an object (mutable: tests break things through it). */
export function stateApp(setup: DoctorSetup, appId: string): Record<string, unknown> & { settings: { oauthClient: Record<string, unknown> } } {
  return setup.sandbox.state.apps[appId] as unknown as Record<string, unknown> & { settings: { oauthClient: Record<string, unknown> } };
}
