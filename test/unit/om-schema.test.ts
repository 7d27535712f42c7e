import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  validateAuthenticationConfiguration,
  validateAuthorizerConfiguration,
  validateWorkflowConfig,
} from "../../src/openmetadata/schema-validator.js";
import type { SchemaIssue } from "../../src/openmetadata/schema-validator.js";

const SC = "workflowConfig.openMetadataServerConfig.securityConfig";
const schemaDir = new URL("../../src/openmetadata/schema/", import.meta.url);

function oktaDoc(securityConfig: Record<string, unknown> = {}, server: Record<string, unknown> = {}) {
  return {
    workflowConfig: {
      openMetadataServerConfig: {
        hostPort: "http://localhost:8585/api",
        authProvider: "okta",
        securityConfig: {
          clientId: "0oa1b2c3d4e5f6g7h8i9",
          orgURL: "https://dev-1.okta.com/oauth2/aus1a2b3c4d5e6f7g8h9/v1/token",
          privateKey: '{"kty":"RSA","n":"abc","e":"AQAB","d":"def","p":"p","q":"q","dp":"dp","dq":"dq","qi":"qi"}',
          email: "bot@example.com",
          scopes: [],
          ...securityConfig,
        },
        ...server,
      },
    },
  };
}

function paths(issues: SchemaIssue[]): string[] {
  return issues.map((i) => i.path);
}

describe("validateWorkflowConfig", () => {
  // Must run first: proves importing the validator did not pull Ajv in (CLI start-up cost).
  it("does not load ajv until the first validation", () => {
    const cache = createRequire(import.meta.url).cache;
    const ajvLoaded = () => Object.keys(cache).some((k) => /[\\/]node_modules[\\/]ajv[\\/]/.test(k));
    expect(ajvLoaded()).toBe(false);
    expect(validateWorkflowConfig(oktaDoc())).toEqual([]);
    expect(ajvLoaded()).toBe(true);
  });

  it("accepts a valid Okta ingestion document", () => {
    expect(validateWorkflowConfig(oktaDoc())).toEqual([]);
  });

  it("accepts scopes being omitted and a loggerLevel", () => {
    const doc = oktaDoc({ scopes: undefined });
    delete (doc.workflowConfig.openMetadataServerConfig.securityConfig as Record<string, unknown>).scopes;
    expect(validateWorkflowConfig({ workflowConfig: { ...doc.workflowConfig, loggerLevel: "DEBUG" } })).toEqual([]);
  });

  it("accepts a valid OpenMetadata JWT document", () => {
    const doc = {
      workflowConfig: {
        openMetadataServerConfig: {
          hostPort: "https://om.example.com/api",
          authProvider: "openmetadata",
          securityConfig: { jwtToken: "eyJraWQiOiJHYjM4OWEtOWY3Ni1nZGpzLWE5MmotMDI0MmJrOTQzNTYiLCJhbGciOiJSUzI1NiJ9.e30.sig" },
        },
      },
    };
    expect(validateWorkflowConfig(doc)).toEqual([]);
  });

  it("accepts a connector YAML with source/sink next to a valid workflowConfig", () => {
    const doc = {
      source: { type: "mysql", serviceName: "local_mysql", sourceConfig: { config: { type: "DatabaseMetadata" } } },
      sink: { type: "metadata-rest", config: {} },
      ...oktaDoc(),
    };
    expect(validateWorkflowConfig(doc)).toEqual([]);
  });

  it("reports a missing email as a field, not as a oneOf failure", () => {
    const doc = oktaDoc();
    delete (doc.workflowConfig.openMetadataServerConfig.securityConfig as Record<string, unknown>).email;
    const issues = validateWorkflowConfig(doc);
    expect(issues).toEqual([{ path: `${SC}.email`, message: "must have required property 'email'" }]);
  });

  it("reports an extra securityConfig key by name", () => {
    const issues = validateWorkflowConfig(oktaDoc({ emial: "bot@example.com" }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe(`${SC}.emial`);
    expect(issues[0]?.message).toContain("'emial'");
    expect(issues[0]?.message).toContain("allowed: clientId, orgURL, privateKey, email, scopes");
    expect(JSON.stringify(issues)).not.toContain("oneOf");
  });

  it("reports wrong types inside securityConfig", () => {
    const issues = validateWorkflowConfig(oktaDoc({ scopes: "okta.read" }));
    expect(issues).toEqual([{ path: `${SC}.scopes`, message: "must be array" }]);
  });

  it("rejects a bad loggerLevel", () => {
    const doc = { workflowConfig: { ...oktaDoc().workflowConfig, loggerLevel: "TRACE" } };
    const issues = validateWorkflowConfig(doc);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe("workflowConfig.loggerLevel");
    expect(issues[0]?.message).toBe('must be one of "DEBUG", "INFO", "WARN", "ERROR" (got "TRACE")');
  });

  it("rejects a missing hostPort", () => {
    const doc = oktaDoc();
    delete (doc.workflowConfig.openMetadataServerConfig as Record<string, unknown>).hostPort;
    expect(validateWorkflowConfig(doc)).toEqual([
      { path: "workflowConfig.openMetadataServerConfig.hostPort", message: "must have required property 'hostPort'" },
    ]);
  });

  it("rejects an unknown authProvider", () => {
    const issues = validateWorkflowConfig(oktaDoc({}, { authProvider: "nope" }));
    const provider = issues.find((i) => i.path === "workflowConfig.openMetadataServerConfig.authProvider");
    expect(provider?.message).toMatch(/^must be one of "no-auth", "azure", "google", "okta", "auth0", "custom-oidc", "openmetadata"/);
    // The Okta securityConfig itself is a valid oneOf member, so nothing else is reported.
    expect(issues).toHaveLength(1);
  });

  it("ties securityConfig to authProvider even when the oneOf passes", () => {
    const issues = validateWorkflowConfig(oktaDoc({}, { authProvider: "openmetadata" }));
    expect(paths(issues)).toContain(`${SC}.jwtToken`);
    expect(paths(issues)).toContain(`${SC}.clientId`);
  });

  it("requires securityConfig when authProvider needs one", () => {
    const doc = oktaDoc();
    delete (doc.workflowConfig.openMetadataServerConfig as Record<string, unknown>).securityConfig;
    expect(validateWorkflowConfig(doc)).toEqual([
      { path: SC, message: "must have required property 'securityConfig' when authProvider is 'okta'" },
    ]);
  });

  it("summarises a broken securityConfig when authProvider cannot pick a schema", () => {
    const doc = oktaDoc({ email: undefined }, { authProvider: "no-auth" });
    delete (doc.workflowConfig.openMetadataServerConfig.securityConfig as Record<string, unknown>).email;
    const issues = validateWorkflowConfig(doc);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe(SC);
    expect(issues[0]?.message).toContain("set authProvider");
  });

  it("reports unknown keys and wrong types outside securityConfig", () => {
    const doc = oktaDoc({}, { verifySSL: "maybe", hostPort: 8585, hostport: "x" });
    const issues = validateWorkflowConfig(doc);
    expect(issues).toContainEqual({ path: "workflowConfig.openMetadataServerConfig.hostPort", message: "must be string" });
    expect(paths(issues)).toContain("workflowConfig.openMetadataServerConfig.verifySSL");
    expect(paths(issues)).toContain("workflowConfig.openMetadataServerConfig.hostport");
  });

  it("reports single-branch oneOf failures by their field", () => {
    const issues = validateWorkflowConfig(oktaDoc({}, { verifySSL: "validate", sslConfig: { certPath: "/ca.pem" } }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe("workflowConfig.openMetadataServerConfig.sslConfig.certPath");
  });

  it("requires the workflowConfig key and an object document", () => {
    expect(validateWorkflowConfig({ source: {} })).toEqual([
      { path: "workflowConfig", message: "must have required property 'workflowConfig'" },
    ]);
    expect(paths(validateWorkflowConfig(null))).toEqual([""]);
    expect(paths(validateWorkflowConfig([]))).toEqual([""]);
    expect(validateWorkflowConfig({ workflowConfig: "x" })).toEqual([{ path: "workflowConfig", message: "must be object" }]);
    expect(validateWorkflowConfig({ workflowConfig: {} })).toEqual([
      { path: "workflowConfig.openMetadataServerConfig", message: "must have required property 'openMetadataServerConfig'" },
    ]);
  });
});

describe("validateAuthenticationConfiguration", () => {
  const okta = {
    provider: "okta",
    providerName: "",
    publicKeyUrls: ["https://dev-1.okta.com/oauth2/aus1/v1/keys", "http://localhost:8585/api/v1/config/jwks"],
    authority: "https://dev-1.okta.com/oauth2/aus1",
    clientId: "0oaSPA",
    callbackUrl: "http://localhost:8585/callback",
    jwtPrincipalClaims: ["email", "preferred_username", "sub"],
  };

  it("accepts the Okta block (with providerName, which 0.13.2 requires)", () => {
    expect(validateAuthenticationConfiguration(okta)).toEqual([]);
    expect(validateAuthenticationConfiguration({ ...okta, enableSelfSignup: true })).toEqual([]);
  });

  it("requires providerName even for okta (server default is an empty string)", () => {
    const { providerName: _omit, ...withoutProviderName } = okta;
    expect(validateAuthenticationConfiguration(withoutProviderName)).toEqual([
      { path: "providerName", message: "must have required property 'providerName'" },
    ]);
  });

  it("rejects unknown keys and bad types", () => {
    const issues = validateAuthenticationConfiguration({ ...okta, publicKeys: [], publicKeyUrls: "x" });
    expect(paths(issues).sort()).toEqual(["publicKeyUrls", "publicKeys"]);
  });
});

describe("validateAuthorizerConfiguration", () => {
  const authorizer = {
    className: "org.openmetadata.service.security.DefaultAuthorizer",
    containerRequestFilter: "org.openmetadata.service.security.JwtFilter",
    adminPrincipals: ["admin"],
    principalDomain: "example.com",
    enforcePrincipalDomain: false,
    enableSecureSocketConnection: false,
  };

  it("accepts the documented block (with the two flags 0.13.2 requires)", () => {
    expect(validateAuthorizerConfiguration(authorizer)).toEqual([]);
  });

  it("requires enforcePrincipalDomain and enableSecureSocketConnection", () => {
    const { enforcePrincipalDomain: _a, enableSecureSocketConnection: _b, ...minimal } = authorizer;
    expect(paths(validateAuthorizerConfiguration(minimal)).sort()).toEqual([
      "enableSecureSocketConnection",
      "enforcePrincipalDomain",
    ]);
  });

  it("rejects duplicate admin principals", () => {
    const issues = validateAuthorizerConfiguration({ ...authorizer, adminPrincipals: ["admin", "admin"] });
    expect(paths(issues)).toEqual(["adminPrincipals"]);
  });
});

describe("vendored schema files", () => {
  it("are exactly the files the validator registers", () => {
    const files: string[] = [];
    const walk = (dir: URL, rel: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(new URL(`${entry.name}/`, dir), `${rel}${entry.name}/`);
        else if (entry.name.endsWith(".json")) files.push(`${rel}${entry.name}`);
      }
    };
    walk(schemaDir, "");
    const source = readFileSync(new URL("../../src/openmetadata/schema-validator.ts", import.meta.url), "utf8");
    for (const file of files) expect(source).toContain(`"${file}"`);
    expect(files).toHaveLength(17);
  });

  it("record their provenance", () => {
    const readme = readFileSync(new URL("README.md", schemaDir), "utf8");
    expect(readme).toContain("0.13.2");
    expect(readme).toContain("Apache-2.0");
    expect(readme).toMatch(/[0-9a-f]{40}/);
    expect(readme).toContain("pruned");
    expect(existsSync(fileURLToPath(new URL("metadataIngestion/workflow.json", schemaDir)))).toBe(true);
  });

  it("keep workflow.json pruned to workflowConfig", () => {
    const workflow = JSON.parse(readFileSync(new URL("metadataIngestion/workflow.json", schemaDir), "utf8")) as {
      definitions: Record<string, unknown>;
      properties?: unknown;
    };
    expect(Object.keys(workflow.definitions).sort()).toEqual(["logLevels", "workflowConfig"]);
    expect(workflow.properties).toBeUndefined();
  });
});
