// Validates what we write for OpenMetadata against its own 0.13.2 JSON Schemas (vendored in
// ./schema/, see the README there), and turns Ajv's errors into field-level messages a user can act on.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Ajv, ErrorObject, SchemaObject, ValidateFunction } from "ajv";
import type { FormatsPlugin } from "ajv-formats";

export interface SchemaIssue {
  /** Dotted path to the offending value, e.g. "workflowConfig.openMetadataServerConfig.securityConfig.email"; "" is the document itself. */
  path: string;
  message: string;
}

const SCHEMA_BASE = "https://open-metadata.org/schema/";

// Every file in ./schema/ (the $ref closure written by test/tools/derive-om-schemas.mjs).
const SCHEMA_FILES = [
  "auth/ldapConfiguration.json",
  "configuration/authenticationConfiguration.json",
  "configuration/authorizerConfiguration.json",
  "entity/services/connections/connectionBasicType.json",
  "entity/services/connections/metadata/openMetadataConnection.json",
  "metadataIngestion/workflow.json",
  "security/client/auth0SSOClientConfig.json",
  "security/client/azureSSOClientConfig.json",
  "security/client/customOidcSSOClientConfig.json",
  "security/client/googleSSOClientConfig.json",
  "security/client/oktaSSOClientConfig.json",
  "security/client/openMetadataJWTClientConfig.json",
  "security/credentials/awsCredentials.json",
  "security/secrets/secretsManagerProvider.json",
  "security/ssl/validateSSLClientConfig.json",
  "security/ssl/verifySSLConfig.json",
  "type/basic.json",
] as const;

// The schema's securityConfig is a plain oneOf that ignores authProvider, but the Python client
// picks its auth code from authProvider alone, so we check securityConfig against the member
// that authProvider selects.
const CLIENT_CONFIG_BY_PROVIDER: Readonly<Record<string, string>> = {
  google: "security/client/googleSSOClientConfig.json",
  okta: "security/client/oktaSSOClientConfig.json",
  auth0: "security/client/auth0SSOClientConfig.json",
  azure: "security/client/azureSSOClientConfig.json",
  "custom-oidc": "security/client/customOidcSSOClientConfig.json",
  openmetadata: "security/client/openMetadataJWTClientConfig.json",
};

// Formats used by the schemas that neither Ajv nor ajv-formats define; they carry no constraint
// (password only marks the value as secret for OpenMetadata's code generator).
const NO_OP_FORMATS = ["password", "utc-millisec", "string"] as const;

// Past this many allowed properties the list stops helping and just buries the message.
const MAX_LISTED_PROPERTIES = 12;

const SECURITY_CONFIG_POINTER = "/openMetadataServerConfig/securityConfig";

interface Validators {
  workflowConfig: ValidateFunction;
  authentication: ValidateFunction;
  authorizer: ValidateFunction;
  /** The securityConfig member that authProvider selects; undefined for an unknown provider. */
  clientConfig(provider: string): ValidateFunction | undefined;
}

let validators: Validators | undefined;

function loadSchema(relPath: string): SchemaObject {
  const text = readFileSync(new URL(`./schema/${relPath}`, import.meta.url), "utf8");
  const schema = JSON.parse(text) as SchemaObject;
  // Upstream $ids are inconsistent (some lack /schema/, some claim another folder); a
  // path-derived $id is what makes the relative $refs between files resolve.
  return { ...schema, $id: `${SCHEMA_BASE}${relPath}` };
}

function getValidators(): Validators {
  if (validators !== undefined) return validators;
  // Loaded on first use rather than imported: Ajv costs ~0.15 s to import and most CLI runs
  // never validate anything.
  const require = createRequire(import.meta.url);
  const AjvClass = (require("ajv") as { Ajv: typeof Ajv }).Ajv;
  const addFormats = require("ajv-formats") as FormatsPlugin;

  const ajv = new AjvClass({
    // The schemas use javaType/mask and other non-standard keywords.
    strict: false,
    allErrors: true,
    // parentSchema/data let us list allowed properties and echo the rejected value.
    verbose: true,
    // Non-strict mode would otherwise print warnings to the user's terminal.
    logger: false,
  });
  addFormats(ajv);
  for (const name of NO_OP_FORMATS) ajv.addFormat(name, true);
  for (const relPath of SCHEMA_FILES) ajv.addSchema(loadSchema(relPath));

  // Each validator is compiled on first use (Ajv caches it): doctor's config-lint needs only the
  // workflowConfig and the one client config its authProvider selects, and live-token waits for it.
  const compile = (ref: string): ValidateFunction => {
    const fn = ajv.getSchema(`${SCHEMA_BASE}${ref}`);
    if (fn === undefined) throw new Error(`OpenMetadata schema not found: ${ref}`);
    return fn;
  };
  validators = {
    get workflowConfig() {
      return compile("metadataIngestion/workflow.json#/definitions/workflowConfig");
    },
    get authentication() {
      return compile("configuration/authenticationConfiguration.json");
    },
    get authorizer() {
      return compile("configuration/authorizerConfiguration.json");
    },
    clientConfig(provider: string) {
      const relPath = Object.hasOwn(CLIENT_CONFIG_BY_PROVIDER, provider) ? CLIENT_CONFIG_BY_PROVIDER[provider] : undefined;
      return relPath === undefined ? undefined : compile(relPath);
    },
  };
  return validators;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function joinPath(segments: readonly string[]): string {
  let out = "";
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function describeValue(value: unknown): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) {
    return JSON.stringify(value);
  }
  return Array.isArray(value) ? "an array" : typeof value;
}

function toIssue(error: ErrorObject, prefix: readonly string[]): SchemaIssue {
  const segments = [...prefix, ...pointerSegments(error.instancePath)];
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      return { path: joinPath([...segments, missing]), message: `must have required property '${missing}'` };
    }
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
      const allowed = Object.keys(parent?.properties ?? {});
      const hint =
        allowed.length > 0 && allowed.length <= MAX_LISTED_PROPERTIES ? ` (allowed: ${allowed.join(", ")})` : "";
      return { path: joinPath([...segments, extra]), message: `must NOT have additional property '${extra}'${hint}` };
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ");
      return {
        path: joinPath(segments),
        message: `must be one of ${allowed} (got ${describeValue(error.data)})`,
      };
    }
    default:
      return { path: joinPath(segments), message: error.message ?? `failed '${error.keyword}'` };
  }
}

function toIssues(errors: readonly ErrorObject[] | null | undefined, prefix: readonly string[]): SchemaIssue[] {
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const error of errors ?? []) {
    // A single-branch oneOf (sslConfig, secretsManagerCredentials) adds nothing to the branch's
    // own errors except "must match exactly one schema in oneOf".
    if (error.keyword === "oneOf") {
      const parent = error.parentSchema as { oneOf?: unknown[] } | undefined;
      if (parent?.oneOf?.length === 1) continue;
    }
    const issue = toIssue(error, prefix);
    const key = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function run(validate: ValidateFunction, data: unknown): ErrorObject[] {
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

/**
 * Validates a whole ingestion YAML document (`{ workflowConfig: {...} }`, as written to
 * workflowConfig.yaml). Other top-level keys of a connector YAML (`source`, `sink`, …) are
 * accepted and not checked. Returns [] when valid.
 */
export function validateWorkflowConfig(doc: unknown): SchemaIssue[] {
  if (!isRecord(doc)) {
    return [{ path: "", message: `must be an object with a 'workflowConfig' key (got ${describeValue(doc)})` }];
  }
  if (!("workflowConfig" in doc) || doc.workflowConfig === undefined) {
    return [{ path: "workflowConfig", message: "must have required property 'workflowConfig'" }];
  }
  const v = getValidators();
  const workflowConfig = doc.workflowConfig;
  const prefix = ["workflowConfig"];
  const errors = run(v.workflowConfig, workflowConfig);

  const server = isRecord(workflowConfig) ? workflowConfig.openMetadataServerConfig : undefined;
  if (!isRecord(server)) return toIssues(errors, prefix);

  const provider = server.authProvider;
  const clientValidator = typeof provider === "string" ? v.clientConfig(provider) : undefined;
  const securityConfig = server.securityConfig;
  const underSecurityConfig = (e: ErrorObject): boolean =>
    e.instancePath === SECURITY_CONFIG_POINTER || e.instancePath.startsWith(`${SECURITY_CONFIG_POINTER}/`);
  const securityErrors = errors.filter(underSecurityConfig);
  const issues = toIssues(
    errors.filter((e) => !underSecurityConfig(e)),
    prefix,
  );
  const securityPath = [...prefix, ...pointerSegments(SECURITY_CONFIG_POINTER)];

  if (clientValidator !== undefined) {
    if (securityConfig === undefined) {
      issues.push({
        path: joinPath(securityPath),
        message: `must have required property 'securityConfig' when authProvider is '${String(provider)}'`,
      });
    } else {
      // Checked even when the oneOf passes: e.g. authProvider okta + a jwtToken securityConfig
      // is schema-valid but fails at run time.
      issues.push(...toIssues(run(clientValidator, securityConfig), securityPath));
    }
  } else if (securityErrors.length > 0) {
    // No authProvider to tell which oneOf member was meant: listing every member's errors
    // would be noise, so name the choices instead.
    issues.push({
      path: joinPath(securityPath),
      message:
        "must match exactly one of the client configs for authProvider " +
        `${Object.keys(CLIENT_CONFIG_BY_PROVIDER).join(", ")} (set authProvider to see which fields are wrong)`,
    });
  }
  return issues;
}

/** Validates the server's `authenticationConfiguration` block (openmetadata.yaml). Returns [] when valid. */
export function validateAuthenticationConfiguration(obj: unknown): SchemaIssue[] {
  return toIssues(run(getValidators().authentication, obj), []);
}

/** Validates the server's `authorizerConfiguration` block (openmetadata.yaml). Returns [] when valid. */
export function validateAuthorizerConfiguration(obj: unknown): SchemaIssue[] {
  return toIssues(run(getValidators().authorizer, obj), []);
}
