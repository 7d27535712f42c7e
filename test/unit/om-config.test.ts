import { createPrivateKey, createPublicKey } from "node:crypto";
import type { JsonWebKey } from "node:crypto";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CancelledError, MissingInputError, UsageError } from "../../src/errors.js";
import { Secret } from "../../src/secret.js";
import { loadOmBotJwt } from "../../src/openmetadata/bot-jwt.js";
import { detectOmVersion } from "../../src/openmetadata/detect-version.js";
import { substituteEnvDefaults } from "../../src/openmetadata/env-default.js";
import { BOT_JWT_PLACEHOLDER } from "../../src/openmetadata/generated-file.js";
import { mergeIntoFile } from "../../src/openmetadata/merge-into.js";
import { nextSteps } from "../../src/openmetadata/next-steps.js";
import {
  LAST_OKTA_INGESTION_VERSION,
  compareOmVersion,
  omFeatures,
  parseOmVersion,
  resolveOmVersion,
  serviceAppDecision,
} from "../../src/openmetadata/om-version.js";
import { renderOpenMetadataFiles } from "../../src/openmetadata/render-openmetadata-files.js";
import {
  validateAuthenticationConfiguration,
  validateAuthorizerConfiguration,
  validateWorkflowConfig,
} from "../../src/openmetadata/schema-validator.js";
import { applyFileWrites, planFileWrites, sha256Hex, unifiedDiff } from "../../src/openmetadata/write-files.js";
import {
  BOT_JWT,
  CANARIES,
  GOLDEN_VERSIONS,
  ISSUER,
  PRIVATE_JWK_TEXT,
  SERVICE,
  SPA,
  byName,
  compareGolden,
  goldenInput,
  input,
  normalise,
  privateJwk,
  publicJwk,
} from "../helpers/om-golden.js";

const VERSIONS = GOLDEN_VERSIONS;
const omJwks = (version: string) => `https://om.example.com${omFeatures(parseOmVersion(version)).jwksPath}`;

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "om-config-"));
  tempDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => chmod(dir, 0o700).then(() => rm(dir, { recursive: true, force: true }))));
});

async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

describe("parseOmVersion / compareOmVersion / omFeatures", () => {
  it("accepts the usual spellings", () => {
    expect(parseOmVersion("1.2.5")).toMatchObject({ major: 1, minor: 2, patch: 5 });
    expect(parseOmVersion(" v1.2.5 ")).toMatchObject({ raw: "v1.2.5", major: 1, minor: 2, patch: 5 });
    expect(parseOmVersion("1.3.0-SNAPSHOT")).toMatchObject({ major: 1, minor: 3, patch: 0 });
    expect(parseOmVersion("0.13.2.1")).toMatchObject({ major: 0, minor: 13, patch: 2 });
    expect(parseOmVersion("1.2")).toMatchObject({ major: 1, minor: 2, patch: 0 });
    expect(parseOmVersion("1.2.x")).toMatchObject({ major: 1, minor: 2, patch: 0 });
  });

  it.each(["", "latest", "1", "1.2.3.4.5-", "one.two", "1.2.3; rm -rf /", "v"])("rejects %j naming the flag", (raw) => {
    expect(() => parseOmVersion(raw, "--om-version")).toThrow(UsageError);
    expect(() => parseOmVersion(raw, "--om-version")).toThrow(/--om-version/);
  });

  it("orders numerically, a pre-release as its release", () => {
    const sorted = ["1.10.0", "1.2.5", "0.13.2", "1.3.0-SNAPSHOT", "1.3.0"].map((v) => parseOmVersion(v)).sort(compareOmVersion);
    expect(sorted.map((v) => v.raw)).toEqual(["0.13.2", "1.2.5", "1.3.0-SNAPSHOT", "1.3.0", "1.10.0"]);
  });

  it("switches each feature at the version the evidence gives", () => {
    const f = (v: string) => omFeatures(parseOmVersion(v));
    expect(f("0.12.0")).toMatchObject({ classPackage: "org.openmetadata.catalog.security", ingestionPrincipals: true });
    expect(f("0.12.1").classPackage).toBe("org.openmetadata.service.security");
    expect(f("0.13.2")).toMatchObject({ ingestionPrincipals: false, jwksPath: "/api/v1/config/jwks", helmLayout: "global", versionPath: "/api/v1/version", configAuthPath: "/api/v1/config/auth" });
    expect(f("1.0.0")).toMatchObject({ jwksPath: "/api/v1/system/config/jwks", helmLayout: "global", versionPath: "/api/v1/system/version" });
    expect(f("1.1.0").helmLayout).toBe("openmetadata.config");
    expect(f(LAST_OKTA_INGESTION_VERSION).oktaIngestion).toBe(true);
    expect(f("1.3.0")).toMatchObject({ oktaIngestion: false, clientTypeSetting: false });
    expect(f("1.3.2").clientTypeSetting).toBe(true);
    expect(f("1.5.0").clientTypeSetting).toBe(true);
  });

  it("asks for --om-version (exit 2) when nothing is known, except for the sandbox's fallback", () => {
    const error = (() => {
      try {
        resolveOmVersion({ detected: { error: "OpenMetadata is not reachable" } });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(MissingInputError);
    expect((error as MissingInputError).exitCode).toBe(2);
    expect((error as MissingInputError).missing).toEqual([expect.objectContaining({ flag: "--om-version", env: "OKTA_OM_OM_VERSION" })]);
    expect((error as Error).message).toMatch(/not reachable.*0\.13, 1\.0.*2\.0/s);
    const resolved = resolveOmVersion({ detected: { error: "OpenMetadata is not reachable" }, fallback: true });
    expect(resolved.version.raw).toBe("1.2.5");
    expect(resolved.source).toBe("default");
    expect(resolved.note).toMatch(/1\.2\.5.*--om-version/s);
    expect(resolveOmVersion({ flag: "1.5.0", detected: { version: "1.2.0" } }).source).toBe("flag");
    expect(resolveOmVersion({ detected: { version: "1.4.1" } })).toMatchObject({ source: "detected", version: { minor: 4 } });
  });

  it("treats a version past the newest known line as that line, with a note", () => {
    const newer = resolveOmVersion({ flag: "2.3.1" });
    expect(newer.version.raw).toBe("2.3.1");
    expect(newer.note).toMatch(/2\.3\.1 is newer than 2\.0\.x.*follow 2\.0\.x/);
    expect(omFeatures(newer.version)).toEqual(omFeatures(parseOmVersion("2.0.7")));
    expect(resolveOmVersion({ flag: "2.0.9" }).note).toBeUndefined();
    const files = renderOpenMetadataFiles(input("2.3.1", { omBotJwt: new Secret(BOT_JWT) }));
    expect(files.notes[0]).toMatch(/newer than 2\.0\.x/);
    expect(byName(files.files, "helm-values.yaml").content).toContain("chart 2.0.0.");
  });

  it("skips the service app from 1.3.0 unless asked, and says why", () => {
    expect(serviceAppDecision(parseOmVersion("1.2.5"))).toMatchObject({ create: true });
    const skipped = serviceAppDecision(parseOmVersion("1.3.0"));
    expect(skipped.create).toBe(false);
    expect(skipped.reason).toMatch(/no Okta ingestion/);
    expect(serviceAppDecision(parseOmVersion("1.5.0"), true)).toMatchObject({ create: true });
    expect(serviceAppDecision(parseOmVersion("1.2.5"), false)).toMatchObject({ create: false });
  });
});

describe.each(VERSIONS)("OpenMetadata %s", (version) => {
  const { files, notes } = renderOpenMetadataFiles(goldenInput(version));
  const features = omFeatures(parseOmVersion(version));
  const workflow = parse(byName(files, "workflowConfig.yaml").content) as {
    workflowConfig: { openMetadataServerConfig: { hostPort: string; authProvider: string; securityConfig: Record<string, unknown> } };
  };
  const server = workflow.workflowConfig.openMetadataServerConfig;

  it("matches the golden files", () => {
    for (const file of files) compareGolden(version, file.name, normalise(file.content));
    compareGolden(version, "notes.txt", normalise(`${notes.join("\n")}\n`));
    compareGolden(version, "next-steps.txt", normalise(`${nextSteps(goldenInput(version), "out", files).join("\n")}\n`));
  });

  it("writes a schema-valid workflowConfig for the version's ingestion auth", () => {
    expect(validateWorkflowConfig(workflow)).toEqual([]);
    expect(server.hostPort).toBe("https://om.example.com/api");
    if (features.oktaIngestion) {
      expect(server.authProvider).toBe("okta");
      expect(server.securityConfig).toMatchObject({ clientId: SERVICE, orgURL: `${ISSUER}/v1/token`, email: "ingestion-bot@example.com", scopes: [] });
    } else {
      expect(server.authProvider).toBe("openmetadata");
      expect(server.securityConfig).toEqual({ jwtToken: goldenInput(version).omBotJwt ? BOT_JWT : BOT_JWT_PLACEHOLDER });
    }
  });

  it("writes bare-metal blocks that validate against OpenMetadata's schemas", () => {
    const blocks = parse(byName(files, "openmetadata.auth.yaml").content) as Record<string, Record<string, unknown>>;
    const authn = { ...blocks.authenticationConfiguration };
    // clientType is newer than the vendored 0.13.2 schema (additionalProperties: false); it is only
    // written for versions that have it, so it is checked separately.
    if (features.clientTypeSetting) expect(authn.clientType).toBe("public");
    else expect(authn).not.toHaveProperty("clientType");
    if (features.tokenValidationAlgorithm) expect(authn.tokenValidationAlgorithm).toBe("RS256");
    else expect(authn).not.toHaveProperty("tokenValidationAlgorithm");
    delete authn.clientType;
    delete authn.tokenValidationAlgorithm;
    expect(validateAuthenticationConfiguration(authn)).toEqual([]);
    expect(validateAuthorizerConfiguration(blocks.authorizerConfiguration)).toEqual([]);
    const issuer = goldenInput(version).issuer;
    expect(authn).toMatchObject({ provider: "okta", providerName: "Okta", authority: issuer, clientId: SPA, callbackUrl: "https://om.example.com/callback" });
  });

  it("uses the version's Helm layout and env names", () => {
    const helm = parse(byName(files, "helm-values.yaml").content) as Record<string, unknown>;
    expect(Object.keys(helm)[0]).toBe(features.helmLayout === "global" ? "global" : "openmetadata");
    const env = byName(files, "openmetadata.env").content;
    expect(env).toContain("CUSTOM_OIDC_AUTHENTICATION_PROVIDER_NAME=Okta");
    expect(env).toContain("AUTHORIZER_ADMIN_PRINCIPALS=[admin, alice]");
    expect(env.includes("AUTHENTICATION_CLIENT_TYPE=public")).toBe(features.clientTypeSetting);
    for (const line of env.split("\n").filter((l) => l !== "" && !l.startsWith("#"))) expect(line).toMatch(/^[A-Z_]+=\S/);
  });

  it("keeps secrets out of every non-secret file, the notes and the next steps", () => {
    const visible = [...files.filter((f) => !f.secret).map((f) => f.content), ...notes, ...nextSteps(goldenInput(version), "out", files)].join("\n");
    for (const canary of CANARIES) expect(visible).not.toContain(canary);
    expect(files.filter((f) => f.secret).map((f) => f.name)).toEqual(["workflowConfig.yaml"]);
  });

  it("renders byte-identical output on a rerun", () => {
    expect(renderOpenMetadataFiles(goldenInput(version)).files.map((f) => f.content)).toEqual(files.map((f) => f.content));
  });
});

describe("workflowConfig privateKey", () => {
  it("is exactly one private RSA JWK, compact, whose public half is the service app's key", () => {
    const { files } = renderOpenMetadataFiles(input("1.2.5"));
    const content = byName(files, "workflowConfig.yaml").content;
    expect(content).toContain(`privateKey: '${PRIVATE_JWK_TEXT}'`);
    const value = (parse(content) as { workflowConfig: { openMetadataServerConfig: { securityConfig: { privateKey: string } } } }).workflowConfig
      .openMetadataServerConfig.securityConfig.privateKey;
    expect(value.startsWith("{")).toBe(true);
    expect(value).not.toMatch(/\s/);
    const jwk = JSON.parse(value) as JsonWebKey & { keys?: unknown };
    expect(jwk.keys).toBeUndefined();
    expect(jwk.kty).toBe("RSA");
    const key = createPrivateKey({ key: jwk, format: "jwk" });
    expect(key.type).toBe("private");
    const pub = createPublicKey(key).export({ format: "jwk" });
    expect({ n: pub.n, e: pub.e }).toEqual({ n: publicJwk.n, e: publicJwk.e });
  });

  it("uses discovery's endpoints when given, and the org server's /oauth2/v1 paths", () => {
    const fromDiscovery = renderOpenMetadataFiles(input("1.2.5", { tokenEndpoint: `${ISSUER}/v1/token`, jwksUri: `${ISSUER}/v1/keys` })).files;
    expect(byName(fromDiscovery, "workflowConfig.yaml").content).toContain(`orgURL: ${ISSUER}/v1/token`);
    const org = renderOpenMetadataFiles(input("1.2.5", { issuer: "https://dev-1.okta.com" })).files;
    expect(byName(org, "workflowConfig.yaml").content).toContain("orgURL: https://dev-1.okta.com/oauth2/v1/token");
    expect(byName(org, "openmetadata.env").content).toContain("AUTHENTICATION_PUBLIC_KEYS=[https://dev-1.okta.com/oauth2/v1/keys, ");
    // The validator compares with the rule, so a differently spelt jwks_uri does not leak in.
    const odd = renderOpenMetadataFiles(input("1.2.5", { jwksUri: "https://dev-1.okta.com/oauth2/aus1a2b3c4d5e6f7g8h9/v1/keys/" })).files;
    expect(byName(odd, "openmetadata.env").content).toContain(`AUTHENTICATION_PUBLIC_KEYS=[${ISSUER}/v1/keys, ${omJwks("1.2.5")}]`);
  });

  it("lists the scope when the authorization server has no default scope", () => {
    const { files } = renderOpenMetadataFiles(input("1.2.5", { hasDefaultScope: false, scope: "openmetadata" }));
    expect(byName(files, "workflowConfig.yaml").content).toContain("scopes: [ openmetadata ]");
  });

  it("falls back to the bot JWT on 1.2.x without a service app", () => {
    const { files, notes } = renderOpenMetadataFiles(input("1.2.5", { serviceClientId: undefined, privateKeyJwk: undefined, deployFiles: [] }));
    expect(files.map((f) => f.name)).toEqual(["workflowConfig.yaml"]);
    expect(byName(files, "workflowConfig.yaml").content).toContain("authProvider: openmetadata");
    expect(notes.join("\n")).toMatch(/No service app/);
  });
});

describe("validateOmConfigInput (through renderOpenMetadataFiles)", () => {
  it("lists every problem at once and never quotes the private key", () => {
    const jwks = new Secret(JSON.stringify({ keys: [privateJwk] }));
    let error: unknown;
    try {
      renderOpenMetadataFiles(input("1.2.5", { botEmail: "nope", adminPrincipals: ["alice@example.com"], privateKeyJwk: jwks, omUrl: "ftp://x" }));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).toMatch(/--bot-email/);
    expect(message).toMatch(/--admin-principals: use the name part/);
    expect(message).toMatch(/JWK Set/);
    expect(message).toMatch(/--om-url/);
    for (const canary of CANARIES) expect(message).not.toContain(canary);
  });

  it("refuses a leading-whitespace key and OIDC scopes", () => {
    expect(() => renderOpenMetadataFiles(input("1.2.5", { privateKeyJwk: new Secret(` ${PRIVATE_JWK_TEXT}`) }))).toThrow(/starting with '\{'/);
    expect(() => renderOpenMetadataFiles(input("1.2.5", { hasDefaultScope: false, scope: "openid" }))).toThrow(/--scope/);
  });
});

const CONNECTOR = `# Ingest our warehouse
source:
  type: mysql
  serviceName: local_mysql # keep this name
  sourceConfig:
    config:
      type: DatabaseMetadata
sink:
  type: metadata-rest
  config: {}
workflowConfig:
  loggerLevel: DEBUG # noisy on purpose
  openMetadataServerConfig:
    # the old server
    hostPort: http://localhost:8585/api
    authProvider: openmetadata
    securityConfig:
      jwtToken: old-token # from the UI
`;

const SERVER_CONF = `# OpenMetadata server configuration (excerpt)
server:
  rootPath: '/api/*'
  applicationConnectors:
    - type: http
      port: \${SERVER_PORT:-8585}
database:
  driverClass: \${DB_DRIVER_CLASS:-com.mysql.cj.jdbc.Driver}
  password: \${DB_USER_PASSWORD:-openmetadata_password}

# Authorizer Configuration
authorizerConfiguration:
  className: \${AUTHORIZER_CLASS_NAME:-org.openmetadata.service.security.DefaultAuthorizer}
  containerRequestFilter: \${AUTHORIZER_REQUEST_FILTER:-org.openmetadata.service.security.JwtFilter}
  adminPrincipals: \${AUTHORIZER_ADMIN_PRINCIPALS:-[admin]}
  allowedEmailRegistrationDomains: \${AUTHORIZER_ALLOWED_REGISTRATION_DOMAIN:-["all"]}
  principalDomain: \${AUTHORIZER_PRINCIPAL_DOMAIN:-"openmetadata.org"}
  enforcePrincipalDomain: \${AUTHORIZER_ENFORCE_PRINCIPAL_DOMAIN:-false}
  enableSecureSocketConnection : \${AUTHORIZER_ENABLE_SECURE_SOCKET:-false}

authenticationConfiguration:
  provider: \${AUTHENTICATION_PROVIDER:-basic} # basic until SSO is set up
  providerName: \${CUSTOM_OIDC_AUTHENTICATION_PROVIDER_NAME:-""}
  publicKeyUrls: \${AUTHENTICATION_PUBLIC_KEYS:-[http://localhost:8585/api/v1/system/config/jwks]}
  authority: \${AUTHENTICATION_AUTHORITY:-https://accounts.google.com}
  clientId: \${AUTHENTICATION_CLIENT_ID:-""}
  callbackUrl: \${AUTHENTICATION_CALLBACK_URL:-""}
  jwtPrincipalClaims: \${AUTHENTICATION_JWT_PRINCIPAL_CLAIMS:-[email,preferred_username,sub]}
  enableSelfSignup : \${AUTHENTICATION_ENABLE_SELF_SIGNUP:-true}

jwtTokenConfiguration:
  keyId: \${JWT_KEY_ID:-"Gb389a-9f76-gdjs-a92j-0242bk94356"}
`;

describe("mergeIntoFile", () => {
  it("updates a connector YAML in place: comments, order and other keys survive, .bak written, 0600", async () => {
    const dir = await tempDir();
    const file = join(dir, "mysql.yaml");
    await writeFile(file, CONNECTOR, { mode: 0o644 });
    const result = await mergeIntoFile(file, input("1.2.5"));
    expect(result.kind).toBe("connector");
    expect(result.backup).toBe(`${file}.bak`);
    expect(await readFile(result.backup, "utf8")).toBe(CONNECTOR);
    expect(result.changedKeys).toContain("workflowConfig.openMetadataServerConfig.securityConfig.jwtToken (removed)");

    const merged = await readFile(file, "utf8");
    for (const kept of ["# Ingest our warehouse", "# keep this name", "# noisy on purpose", "# the old server", "loggerLevel: DEBUG"]) {
      expect(merged).toContain(kept);
    }
    expect(merged.indexOf("source:")).toBeLessThan(merged.indexOf("sink:"));
    expect(merged.indexOf("sink:")).toBeLessThan(merged.indexOf("workflowConfig:"));
    const doc = parse(merged) as Record<string, unknown>;
    expect(doc.source).toEqual((parse(CONNECTOR) as Record<string, unknown>).source);
    expect(doc.sink).toEqual({ type: "metadata-rest", config: {} });
    expect(validateWorkflowConfig(doc)).toEqual([]);
    expect(merged).not.toContain("old-token");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(result.backup)).mode & 0o777).toBe(0o600);

    // A second run changes nothing and leaves the first backup alone.
    const again = await mergeIntoFile(file, input("1.2.5"));
    expect(again).toMatchObject({ backup: "", changedKeys: [] });
    expect(await readFile(file, "utf8")).toBe(merged);
    expect(await readFile(`${file}.bak`, "utf8")).toBe(CONNECTOR);
  });

  it("keeps an existing bot token on 1.3+ when none is given", async () => {
    const dir = await tempDir();
    const file = join(dir, "mysql.yaml");
    await writeFile(file, CONNECTOR.replace("old-token", BOT_JWT));
    const result = await mergeIntoFile(file, input("1.5.0"));
    expect(result.changedKeys).toEqual(["workflowConfig.openMetadataServerConfig.hostPort"]);
    expect(result.notes.join("\n")).toMatch(/Kept the jwtToken/);
    expect(await readFile(file, "utf8")).toContain(BOT_JWT);
  });

  it("updates openmetadata.yaml keeping ${VAR:-default} and replacing only the default", async () => {
    const dir = await tempDir();
    const file = join(dir, "openmetadata.yaml");
    await writeFile(file, SERVER_CONF, { mode: 0o600 });
    const result = await mergeIntoFile(file, input("1.2.5"));
    expect(result.kind).toBe("server");
    expect(result.notes.join("\n")).toMatch(/AUTHENTICATION_PROVIDER/);
    const merged = await readFile(file, "utf8");
    expect(merged).toContain("provider: ${AUTHENTICATION_PROVIDER:-okta} # basic until SSO is set up");
    expect(merged).toContain(`publicKeyUrls: \${AUTHENTICATION_PUBLIC_KEYS:-[${ISSUER}/v1/keys, https://om.example.com/api/v1/system/config/jwks]}`);
    expect(merged).toContain("adminPrincipals: ${AUTHORIZER_ADMIN_PRINCIPALS:-[admin, alice]}");
    // Defaults we do not own keep the user's text; unrelated blocks are untouched.
    expect(merged).toContain('allowedEmailRegistrationDomains: ${AUTHORIZER_ALLOWED_REGISTRATION_DOMAIN:-["all"]}');
    expect(merged).toContain("password: ${DB_USER_PASSWORD:-openmetadata_password}");
    expect(merged).toContain("# Authorizer Configuration");
    expect(merged).toContain('keyId: ${JWT_KEY_ID:-"Gb389a-9f76-gdjs-a92j-0242bk94356"}');
    // What the server sees with no env vars set: our values, valid against the schemas.
    const seen = parse(substituteEnvDefaults(merged)) as Record<string, Record<string, unknown>>;
    expect(validateAuthenticationConfiguration(seen.authenticationConfiguration)).toEqual([]);
    expect(validateAuthorizerConfiguration(seen.authorizerConfiguration)).toEqual([]);
    expect(seen.authenticationConfiguration).toMatchObject({ provider: "okta", clientId: SPA, authority: ISSUER });
    expect(seen.authorizerConfiguration).toMatchObject({ principalDomain: "example.com", adminPrincipals: ["admin", "alice"] });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(`${file}.bak`, "utf8")).toBe(SERVER_CONF);
    for (const canary of CANARIES) expect(merged).not.toContain(canary);
  });

  it("adds clientType (1.3.2+) in the env form, where OpenMetadata's conf has it", async () => {
    const dir = await tempDir();
    const file = join(dir, "openmetadata.yaml");
    await writeFile(file, SERVER_CONF);
    const result = await mergeIntoFile(file, input("1.5.0"));
    expect(result.changedKeys).toContain("authenticationConfiguration.clientType");
    expect(await readFile(file, "utf8")).toContain("authenticationConfiguration:\n  clientType: ${AUTHENTICATION_CLIENT_TYPE:-public}\n  provider:");
  });

  it("keeps a CRLF file CRLF, with its comments where they were (the same result as the LF file)", async () => {
    const dir = await tempDir();
    const lfFile = join(dir, "lf.yaml");
    const crlfFile = join(dir, "crlf.yaml");
    const conf = `${SERVER_CONF}  # the provider comes from the env\n    # (an indented note)\n`;
    await writeFile(lfFile, conf);
    await writeFile(crlfFile, conf.replace(/\n/g, "\r\n"));
    await mergeIntoFile(lfFile, input("1.5.0"));
    await mergeIntoFile(crlfFile, input("1.5.0"));
    const merged = await readFile(crlfFile, "utf8");
    expect(merged).not.toMatch(/[^\r]\n/);
    expect(merged).not.toMatch(/\r\r/);
    expect(merged.replace(/\r\n/g, "\n")).toBe(await readFile(lfFile, "utf8"));
    expect(merged).toContain("\r\n# Authorizer Configuration\r\n");
    expect(await readFile(`${crlfFile}.bak`, "utf8")).toBe(conf.replace(/\n/g, "\r\n"));
  });

  it("writes literal values into a literal openmetadata.yaml, keeping list style", async () => {
    const dir = await tempDir();
    const file = join(dir, "openmetadata.yaml");
    await writeFile(file, "authenticationConfiguration:\n  provider: basic\n  publicKeyUrls: [http://localhost:8585/api/v1/system/config/jwks] # ours\n");
    await mergeIntoFile(file, input("1.5.0"));
    const merged = await readFile(file, "utf8");
    expect(merged).toContain(`publicKeyUrls: [ ${ISSUER}/v1/keys, https://om.example.com/api/v1/system/config/jwks ] # ours`);
    const doc = parse(merged) as Record<string, Record<string, unknown>>;
    expect(doc.authenticationConfiguration).toMatchObject({ clientType: "public", provider: "okta" });
    expect(validateAuthorizerConfiguration(doc.authorizerConfiguration)).toEqual([]);
  });

  it.each([
    ["does not parse", "source:\n  type: mysql\n bad: indent: here\n", /does not parse as YAML \(\w+ at line \d+, column \d+\)/],
    ["is plain text", "just some notes about our setup\n", /not a YAML mapping/],
    ["is JSON", '{"source": {"type": "mysql"}}\n', /looks like JSON/],
    ["is binary", "\u0000\u0001\u0002", /binary/],
    ["is empty", "\n\n", /is empty/],
    ["is neither kind", "foo: bar\n", /neither a connector YAML/],
    ["has two documents", "source: {}\n---\nsink: {}\n", /2 YAML documents/],
  ])("refuses a file that %s, leaving it untouched", async (_label, content, message) => {
    const dir = await tempDir();
    const file = join(dir, "target.yaml");
    await writeFile(file, content);
    await expect(mergeIntoFile(file, input("1.2.5"))).rejects.toThrow(message);
    await expect(mergeIntoFile(file, input("1.2.5"))).rejects.toBeInstanceOf(UsageError);
    expect(await readFile(file, "utf8")).toBe(content);
    expect(await listDir(dir)).toEqual(["target.yaml"]);
  });

  it("does not quote a secret from an unparseable file in its error", async () => {
    const dir = await tempDir();
    const file = join(dir, "target.yaml");
    await writeFile(file, `workflowConfig:\n  privateKey: ${PRIVATE_JWK_TEXT}: broken: here\n`);
    const error = await mergeIntoFile(file, input("1.2.5")).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UsageError);
    for (const canary of CANARIES) expect((error as Error).message).not.toContain(canary);
  });

  it("refuses a directory or a missing file with a clear error", async () => {
    const dir = await tempDir();
    await expect(mergeIntoFile(dir, input("1.2.5"))).rejects.toThrow(/is a directory/);
    await expect(mergeIntoFile(join(dir, "nope.yaml"), input("1.2.5"))).rejects.toThrow(/does not exist/);
    expect(await listDir(dir)).toEqual([]);
  });
});

describe("planFileWrites / applyFileWrites", () => {
  const rendered = () => renderOpenMetadataFiles(input("1.2.5")).files;

  it("creates every file atomically with 0600 for secrets and 0644 otherwise", async () => {
    const outDir = join(await tempDir(), "out");
    const files = rendered();
    const plan = await planFileWrites(outDir, files, {});
    expect(plan.map((e) => e.action)).toEqual(["create", "create", "create", "create"]);
    const hashes = await applyFileWrites(outDir, files, plan, { confirmOverwrite: () => Promise.reject(new Error("not asked")) });
    for (const file of files) {
      const path = join(outDir, file.name);
      expect(await readFile(path, "utf8")).toBe(file.content);
      expect((await stat(path)).mode & 0o777).toBe(file.secret ? 0o600 : 0o644);
      expect(hashes[file.name]).toBe(sha256Hex(file.content));
    }
    expect(await listDir(outDir)).toEqual(files.map((f) => f.name).sort()); // no temp files left

    const again = await planFileWrites(outDir, files, hashes);
    expect(again.map((e) => e.action)).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);
  });

  it("updates our own files without asking, and asks (with a masked diff) before overwriting user edits", async () => {
    const outDir = await tempDir();
    const files = rendered();
    const hashes = await applyFileWrites(outDir, files, await planFileWrites(outDir, files, {}), { confirmOverwrite: () => Promise.resolve(false) });
    const edited = `${byName(files, "workflowConfig.yaml").content}# my note\n`;
    await writeFile(join(outDir, "workflowConfig.yaml"), edited);
    const next = renderOpenMetadataFiles(input("1.2.5", { principalDomain: "corp.example.com" })).files;
    const plan = await planFileWrites(outDir, next, hashes);
    const wf = plan.find((e) => e.name === "workflowConfig.yaml");
    expect(wf?.action).toBe("overwrite-user-edits");
    expect(wf?.diff).toContain("-# my note");
    expect(plan.find((e) => e.name === "openmetadata.env")).toMatchObject({ action: "update" });
    expect(plan.find((e) => e.name === "openmetadata.env")?.diff).toContain("+AUTHORIZER_PRINCIPAL_DOMAIN=corp.example.com");
    for (const entry of plan) for (const canary of CANARIES) expect(entry.diff ?? "").not.toContain(canary);

    // Declined: nothing at all is written, not even the files that needed no confirmation.
    const asked: string[] = [];
    await expect(
      applyFileWrites(outDir, next, plan, { confirmOverwrite: (e) => (asked.push(e.name), Promise.resolve(false)) }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(asked).toEqual(["workflowConfig.yaml"]);
    expect(await readFile(join(outDir, "workflowConfig.yaml"), "utf8")).toBe(edited);
    expect(await readFile(join(outDir, "openmetadata.env"), "utf8")).toBe(byName(files, "openmetadata.env").content);

    // Confirmed: everything is written.
    await applyFileWrites(outDir, next, plan, { confirmOverwrite: () => Promise.resolve(true) });
    expect(await readFile(join(outDir, "openmetadata.env"), "utf8")).toContain("AUTHORIZER_PRINCIPAL_DOMAIN=corp.example.com");
  });

  it("narrows an unchanged secret file that became world-readable", async () => {
    const outDir = await tempDir();
    const files = rendered();
    await applyFileWrites(outDir, files, await planFileWrites(outDir, files, {}), { confirmOverwrite: () => Promise.resolve(true) });
    await chmod(join(outDir, "workflowConfig.yaml"), 0o644);
    await applyFileWrites(outDir, files, await planFileWrites(outDir, files, {}), { confirmOverwrite: () => Promise.resolve(true) });
    expect((await stat(join(outDir, "workflowConfig.yaml"))).mode & 0o777).toBe(0o600);
  });

  it("refuses an out-dir below a file, or a target that is a directory, writing nothing", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "file"), "x");
    await expect(planFileWrites(join(dir, "file", "out"), rendered(), {})).rejects.toThrow(UsageError);
    const plan = [{ name: "workflowConfig.yaml", path: join(dir, "file", "out", "workflowConfig.yaml"), action: "create" as const, secret: true }];
    await expect(applyFileWrites(join(dir, "file", "out"), rendered(), plan, { confirmOverwrite: () => Promise.resolve(true) })).rejects.toThrow(
      /Cannot write to --out-dir.*Nothing was written/,
    );
    await mkdir(join(dir, "out", "workflowConfig.yaml"), { recursive: true });
    await expect(planFileWrites(join(dir, "out"), rendered(), {})).rejects.toThrow(/not a regular file/);
    expect(await listDir(dir)).toEqual(["file", "out"]);
    expect(await listDir(join(dir, "out"))).toEqual(["workflowConfig.yaml"]);
  });

  // An out-dir the user may not write: test/e2e/out-dir-permissions.test.ts (as nobody, since CI is root).

  it("refuses to write when a file changed after planning", async () => {
    const outDir = await tempDir();
    const files = rendered();
    const plan = await planFileWrites(outDir, files, {});
    await writeFile(join(outDir, "helm-values.yaml"), "# someone else\n");
    await expect(applyFileWrites(outDir, files, plan, { confirmOverwrite: () => Promise.resolve(true) })).rejects.toThrow(/changed while/);
    expect(await listDir(outDir)).toEqual(["helm-values.yaml"]);
  });
});

describe("unifiedDiff", () => {
  it("prints hunks with context and masks secret lines", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "privateKey: 'old'", "k"].join("\n") + "\n";
    const after = ["a", "B", "c", "d", "e", "f", "g", "h", "i", "j", `privateKey: '${PRIVATE_JWK_TEXT}'`, "k"].join("\n") + "\n";
    const diff = unifiedDiff(before, after, "x.yaml");
    expect(diff).toBe(
      [
        "--- x.yaml (on disk)",
        "+++ x.yaml (generated)",
        "@@ -1,5 +1,5 @@",
        " a",
        "-b",
        "+B",
        " c",
        " d",
        " e",
        "@@ -8,5 +8,5 @@",
        " h",
        " i",
        " j",
        "-privateKey: (sensitive)",
        "+privateKey: (sensitive)",
        " k",
        "",
      ].join("\n"),
    );
    expect(unifiedDiff("same\n", "same\n", "x")).toBe("");
    expect(unifiedDiff("", "new\n", "x")).toContain("@@ -0,0 +1 @@\n+new");
    // A JWT or key material without a secret-sounding key is masked too; env names and URLs are not.
    expect(unifiedDiff("", `token_line ${BOT_JWT}\nAUTHORIZER_PRINCIPAL_DOMAIN=corp.example.com\n`, "x")).toBe(
      "--- x (on disk)\n+++ x (generated)\n@@ -0,0 +1,2 @@\n+token_line (sensitive)\n+AUTHORIZER_PRINCIPAL_DOMAIN=corp.example.com\n",
    );
  });
});

describe("nextSteps", () => {
  it("names the exact-case service client id with the Ingestion Bot role, the pip pin, the compose and helm commands and the connector", () => {
    const i = input("1.2.5");
    const { files } = renderOpenMetadataFiles(i);
    const steps = nextSteps(i, "/srv/okta", files).join("\n");
    // VERSIONS.md "Ingestion": sub = the client id, not lower-cased up to ~1.5; only admins bypass policies.
    expect(steps).toContain(`user named "${SERVICE}" (exactly this case`);
    expect(steps).not.toContain(SERVICE.toLowerCase());
    expect(steps).toMatch(/Ingestion Bot role \(or make it an admin\)/);
    // VERSIONS.md "Ingestion": exact major.minor.patch up to 1.3.x; okta-sdk-python 2.9.6 broke the import.
    expect(steps).toContain('pip install "openmetadata-ingestion[okta]==1.2.5.*" "okta<2.9.6" (the pip package okta is okta-sdk-python)');
    expect(steps).toContain("docker compose --env-file /srv/okta/openmetadata.env up -d");
    expect(steps).toContain("helm upgrade openmetadata open-metadata/openmetadata --version 1.2.8 -f <your values.yaml> -f /srv/okta/helm-values.yaml");
    expect(steps).toMatch(/merge the keys of .*never over the whole blocks/);
    expect(steps).toContain("/srv/okta/workflowConfig.yaml into each connector YAML");
  });
});

describe("loadOmBotJwt", () => {
  it("reads the file first, then the env, and refuses non-JWTs without echoing them", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "jwt"), `${BOT_JWT}\n`);
    expect((await loadOmBotJwt({ file: join(dir, "jwt"), env: { OKTA_OM_BOT_JWT: "a.b.c" } }))?.reveal()).toBe(BOT_JWT);
    expect((await loadOmBotJwt({ env: { OKTA_OM_BOT_JWT: BOT_JWT } }))?.reveal()).toBe(BOT_JWT);
    expect(await loadOmBotJwt({ env: {} })).toBeUndefined();
    await writeFile(join(dir, "bad"), "not a token secret-canary-xyz");
    const error = await loadOmBotJwt({ file: join(dir, "bad") }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).not.toContain("secret-canary-xyz");
  });
});

describe("detectOmVersion", () => {
  let modern: Server;
  let legacy: Server;
  let silent: Server;
  const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

  const listen = (handler: Parameters<typeof createServer>[1]) =>
    new Promise<Server>((resolve) => {
      const server = createServer(handler);
      server.listen(0, "127.0.0.1", () => resolve(server));
    });

  beforeAll(async () => {
    modern = await listen((req, res) => {
      res.writeHead(req.url === "/om/api/v1/system/version" ? 200 : 404, { "content-type": "application/json" });
      res.end(req.url === "/om/api/v1/system/version" ? JSON.stringify({ version: "1.5.0", revision: "abc" }) : "{}");
    });
    legacy = await listen((req, res) => {
      const ok = req.url === "/api/v1/version";
      res.writeHead(ok ? 200 : 404, { "content-type": "application/json" });
      res.end(ok ? JSON.stringify({ version: "0.13.2" }) : JSON.stringify({ code: 404 }));
    });
    silent = await listen(() => undefined); // accepts, never answers
  });

  afterAll(async () => {
    silent.closeAllConnections();
    await Promise.all([modern, legacy, silent].map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it("reads /api/v1/system/version", async () => {
    expect(await detectOmVersion(`${url(modern)}/om/`)).toEqual({ version: "1.5.0", source: `${url(modern)}/om/api/v1/system/version` });
  });

  it("falls back to the pre-1.0 /api/v1/version", async () => {
    expect(await detectOmVersion(url(legacy))).toEqual({ version: "0.13.2", source: `${url(legacy)}/api/v1/version` });
  });

  it("returns an error, never throws, when unreachable, silent or not OpenMetadata", async () => {
    const closed = await listen(() => undefined);
    const closedUrl = url(closed);
    await new Promise((resolve) => closed.close(resolve));
    expect((await detectOmVersion(closedUrl)).error).toMatch(/not reachable/);
    expect((await detectOmVersion(url(silent), { timeoutMs: 200 })).error).toMatch(/no answer within 200 ms/);
    expect((await detectOmVersion(`${url(modern)}/elsewhere`)).error).toMatch(/HTTP 404/);
    expect((await detectOmVersion("not a url")).error).toMatch(/not a URL/);
    const broken = await detectOmVersion("http://127.0.0.1:1", { fetch: () => Promise.reject(new Error("boom")) });
    expect(broken).toEqual({ error: expect.stringMatching(/boom/) as unknown });
  });
});
