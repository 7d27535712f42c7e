#!/usr/bin/env node
// Derives src/sandbox/spec/okta-spec.json, a pruned and relaxed copy of Okta's OpenAPI specs that
// src/sandbox/spec/spec-validator.ts validates sandbox traffic against. A fresh clone has no
// ../shared, so the derived file is committed. Run from anywhere:
//
//   node test/tools/derive-okta-spec.mjs [path/to/reference/okta]
//
// The default source directory is ../shared/reference/okta relative to the repo root; it must hold
// management.yaml and oauth.yaml. Output is deterministic (sorted keys, no timestamps).
//
// Why the spec cannot be used as is (shared/reference/TESTING-NOTES.md §4):
// - examples carry dangling `$ref: '#/definitions/base'`  -> every example/description is dropped;
// - oneOf + discriminator with overlapping branches        -> oneOf becomes anyOf, discriminator is
//   dropped and its mapping recorded in `discriminators` so the validator can check the subtype;
// - oauth.yaml's JsonSigningWebKey has oneOf [EC, RSA] whose branches allOf-ref it back, which
//   recurses forever in ajv                                -> such a parent loses its oneOf;
// - OpenAPI 3.0 `nullable`                                -> JSON Schema `type: [T, "null"]`.
// Where the spec contradicts recorded live traffic (nulls it does not allow, 200 vs 201, `{}` bodies
// it does not document) the tables SCHEMA_FIXES, NULLABLE_FIXES, LIVE_STATUS_ALIASES and
// LIVE_RESPONSE_BODIES below patch it; each applied fix is listed in "x-derived-from".fixes.
//
// Output layout:
//   operations.<operationId> = { method, path, source, scopes?, parameters?, requestBody?, responses }
//   discriminators.<schema>  = { propertyName, mapping: { <value>: <schema> } }
//   schemas.<name>           = JSON Schema; management names as is, oauth.yaml names prefixed
//                              "oauth." (both specs define e.g. `Error`). Refs are "#/schemas/<name>".

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const srcDir = resolve(repoRoot, process.argv[2] ?? "../shared/reference/okta");
const outFile = join(repoRoot, "src", "sandbox", "spec", "okta-spec.json");

/** Which spec each operation comes from, and the schema-name prefix that keeps the two apart. */
const SOURCES = {
  management: { file: "management.yaml", prefix: "" },
  oauth: { file: "oauth.yaml", prefix: "oauth." },
};

const AS = "/api/v1/authorizationServers/{authServerId}";
const POLICY = `${AS}/policies/{policyId}`;
const RULE = `${POLICY}/rules/{ruleId}`;

/** [source, path template, methods]. Everything else in the specs is dropped. */
const SELECTION = [
  ["management", "/api/v1/apps", ["get", "post"]],
  ["management", "/api/v1/apps/{appId}", ["get", "put", "delete"]],
  ["management", "/api/v1/apps/{appId}/lifecycle/activate", ["post"]],
  ["management", "/api/v1/apps/{appId}/lifecycle/deactivate", ["post"]],
  // Client secrets of the confidential web app (rotate-key --client-secret).
  ["management", "/api/v1/apps/{appId}/credentials/secrets", ["get", "post"]],
  ["management", "/api/v1/apps/{appId}/credentials/secrets/{secretId}", ["get", "delete"]],
  ["management", "/api/v1/apps/{appId}/credentials/secrets/{secretId}/lifecycle/activate", ["post"]],
  ["management", "/api/v1/apps/{appId}/credentials/secrets/{secretId}/lifecycle/deactivate", ["post"]],
  ["management", "/api/v1/apps/{appId}/groups", ["get"]],
  ["management", "/api/v1/apps/{appId}/groups/{groupId}", ["get", "put", "delete"]],
  ["management", "/api/v1/apps/{appId}/grants", ["get", "post"]],
  ["management", "/api/v1/apps/{appId}/grants/{grantId}", ["get", "delete"]],
  ["management", "/api/v1/groups", ["get"]],
  ["management", "/api/v1/groups/{groupId}", ["get"]],
  ["management", "/api/v1/trustedOrigins", ["get", "post"]],
  ["management", "/api/v1/trustedOrigins/{trustedOriginId}", ["get", "put", "delete"]],
  ["management", "/api/v1/trustedOrigins/{trustedOriginId}/lifecycle/activate", ["post"]],
  ["management", "/api/v1/trustedOrigins/{trustedOriginId}/lifecycle/deactivate", ["post"]],
  ["management", "/api/v1/authorizationServers", ["get", "post"]],
  ["management", AS, ["get", "put", "delete"]],
  ["management", `${AS}/lifecycle/activate`, ["post"]],
  ["management", `${AS}/lifecycle/deactivate`, ["post"]],
  ["management", `${AS}/scopes`, ["get", "post"]],
  ["management", `${AS}/scopes/{scopeId}`, ["get", "put", "delete"]],
  ["management", `${AS}/policies`, ["get", "post"]],
  ["management", POLICY, ["get", "put", "delete"]],
  ["management", `${POLICY}/lifecycle/activate`, ["post"]],
  ["management", `${POLICY}/lifecycle/deactivate`, ["post"]],
  ["management", `${POLICY}/rules`, ["get", "post"]],
  ["management", RULE, ["get", "put", "delete"]],
  ["management", `${RULE}/lifecycle/activate`, ["post"]],
  ["management", `${RULE}/lifecycle/deactivate`, ["post"]],
  ["management", `${AS}/credentials/keys`, ["get"]],
  ["management", "/oauth2/v1/clients/{clientId}/roles", ["get", "post"]],
  ["management", "/oauth2/v1/clients/{clientId}/roles/{roleAssignmentId}", ["get", "delete"]],
  // The spec has no /api/v1/users/me; `me` is documented as a value of {userId} on getUser.
  ["management", "/api/v1/users/{userId}", ["get"]],
  ["oauth", "/oauth2/v1/clients", ["get", "post"]],
  ["oauth", "/oauth2/v1/clients/{clientId}", ["get", "put", "delete"]],
  ["oauth", "/oauth2/v1/token", ["post"]],
  ["oauth", "/oauth2/{authorizationServerId}/v1/token", ["post"]],
  ["oauth", "/oauth2/v1/keys", ["get"]],
  ["oauth", "/oauth2/{authorizationServerId}/v1/keys", ["get"]],
  ["oauth", "/.well-known/openid-configuration", ["get"]],
  ["oauth", "/oauth2/{authorizationServerId}/.well-known/openid-configuration", ["get"]],
  // oauth.yaml has no org-level /.well-known/oauth-authorization-server; only the custom-AS one.
  ["oauth", "/oauth2/{authorizationServerId}/.well-known/oauth-authorization-server", ["get"]],
];

/**
 * Ids to use instead of the spec's operationId. Every selected oauth.yaml operation has an id and
 * none clashes with a selected management.yaml id today; the script fails if that changes, and the
 * fix is an entry here ("source path method" -> id).
 */
const OPERATION_ID_OVERRIDES = {};

/**
 * Corrections where the spec contradicts what Okta sends, so valid traffic would fail. Each is a
 * schema name, a path of keys inside it, and the value to put there.
 */
const SCHEMA_FIXES = [
  // Typed `string` with `items` in the spec; DCR requests and responses carry an array.
  { schema: "oauth.Client", at: ["properties", "post_logout_redirect_uris", "type"], value: "array" },
];

/**
 * [schema, property] pairs that Okta sends as null although the spec does not say nullable. All
 * but the last were seen in the recorded app responses (shared/reference/okta/recordings); the
 * last is in oauth.yaml's own ClientResponseServiceJwks example.
 */
const NULLABLE_FIXES = [
  ["Application", "universalLogout"],
  ["ApplicationAccessibility", "errorRedirectUrl"],
  ["ApplicationAccessibility", "loginRedirectUrl"],
  ["ApplicationSettingsNotes", "admin"],
  ["ApplicationSettingsNotes", "enduser"],
  ["ApplicationSettingsNotificationsVpn", "helpUrl"],
  ["ApplicationSettingsNotificationsVpn", "message"],
  ["OpenIdConnectApplicationSettingsClient", "client_uri"],
  ["OpenIdConnectApplicationSettingsClient", "logo_uri"],
  ["OAuth2ClientJsonSigningKeyResponse", "use"],
  ["oauth.JsonSigningWebKey", "use"],
];

/**
 * Statuses live Okta answers with that the spec does not list (from the recordings): the extra
 * status reuses the schema of the documented one.
 */
const LIVE_STATUS_ALIASES = [
  // Spec: 201. Recorded: 200 (app-oauth-api-scope cassette), same body.
  { operationId: "grantConsentToScope", status: "200", sameAs: "201" },
  // Spec: 200. Recorded: 201 (app-oauth-role-assignment cassette), same body.
  { operationId: "assignRoleToClient", status: "201", sameAs: "200" },
];

/**
 * Responses the spec documents without a body that Okta answers with JSON. App deactivate returns
 * `{}` in every recording; activate is the same endpoint family and is assumed to do the same.
 */
const LIVE_RESPONSE_BODIES = [
  { operationId: "deactivateApplication", status: "200", schema: { type: "object" } },
  { operationId: "activateApplication", status: "200", schema: { type: "object" } },
];

const REQUEST_CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded"];

// Keywords whose value is documentation only (or breaks dereferencers); dropped everywhere.
const DROP_KEYWORDS = new Set(["description", "example", "examples", "externalDocs", "summary", "title", "xml", "deprecated"]);
const SCHEMA_MAP_KEYWORDS = new Set(["properties", "patternProperties", "definitions", "$defs", "dependentSchemas"]);
const SCHEMA_KEYWORDS = new Set(["items", "additionalProperties", "additionalItems", "not", "if", "then", "else", "contains", "propertyNames"]);
const SCHEMA_LIST_KEYWORDS = new Set(["allOf", "anyOf", "oneOf"]);

function fail(message) {
  console.error(`derive-okta-spec: ${message}`);
  process.exit(1);
}

function sha256(text) {
  return createHash("sha256").update(text).digest("hex");
}

const docs = {};
const fileInfo = [];
for (const [source, { file }] of Object.entries(SOURCES)) {
  const path = join(srcDir, file);
  if (!existsSync(path)) fail(`not found: ${path}`);
  const text = readFileSync(path, "utf8");
  docs[source] = YAML.parse(text);
  fileInfo.push({ file: `shared/reference/okta/${file}`, sha256: sha256(text), infoVersion: docs[source].info?.version });
}

/** "#/components/schemas/Foo" in `source` -> our schema name. */
function schemaNameOf(ref, source) {
  const m = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  if (!m) fail(`unsupported $ref ${ref} in ${source}`);
  return SOURCES[source].prefix + m[1];
}

/** Follows "#/components/<kind>/<name>" within one spec (parameters, requestBodies, responses). */
function deref(node, source) {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === "string"; hops += 1) {
    if (hops > 10) fail(`$ref loop at ${node.$ref}`);
    const m = /^#\/components\/(parameters|requestBodies|responses|headers)\/([^/]+)$/.exec(current.$ref);
    if (!m) fail(`unsupported component $ref ${current.$ref} in ${source}`);
    current = docs[source].components?.[m[1]]?.[m[2]];
    if (current === undefined) fail(`dangling $ref ${node.$ref} in ${source}`);
  }
  return current;
}

const discriminators = {};

/**
 * Returns a relaxed, documentation-free copy of an OpenAPI 3.0 schema with refs renamed. `owner`
 * is the component schema being cleaned (for recording its discriminator); nested schemas pass null.
 */
function cleanSchema(schema, source, owner) {
  if (typeof schema === "boolean") return schema;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) fail(`not a schema: ${JSON.stringify(schema)}`);
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROP_KEYWORDS.has(key) || key.startsWith("x-") || key === "nullable") continue;
    if (key === "$ref") out.$ref = `#/schemas/${schemaNameOf(value, source)}`;
    else if (key === "discriminator") {
      // Only top-level discriminators of named schemas can be looked up by the validator.
      if (owner !== null && value.mapping) {
        const mapping = {};
        for (const [tag, ref] of Object.entries(value.mapping)) mapping[tag] = schemaNameOf(ref, source);
        discriminators[owner] = { propertyName: value.propertyName, mapping };
      }
    } else if (SCHEMA_MAP_KEYWORDS.has(key)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, cleanSchema(sub, source, null)]));
    } else if (SCHEMA_KEYWORDS.has(key)) {
      out[key] = Array.isArray(value) ? value.map((sub) => cleanSchema(sub, source, null)) : cleanSchema(value, source, null);
    } else if (SCHEMA_LIST_KEYWORDS.has(key)) {
      // oneOf -> anyOf: Okta's branches overlap (an RSA JWK is both a signing and an encryption key).
      const target = key === "oneOf" ? "anyOf" : key;
      out[target] = [...(out[target] ?? []), ...value.map((sub) => cleanSchema(sub, source, null))];
    } else if (key === "exclusiveMinimum" || key === "exclusiveMaximum") {
      // OpenAPI 3.0 booleans; draft-07 wants the bound itself.
      if (value === true) out[key] = schema[key === "exclusiveMinimum" ? "minimum" : "maximum"];
      else if (typeof value === "number") out[key] = value;
    } else out[key] = value;
  }
  if ((out.exclusiveMinimum !== undefined && schema.exclusiveMinimum === true)) delete out.minimum;
  if ((out.exclusiveMaximum !== undefined && schema.exclusiveMaximum === true)) delete out.maximum;
  if (schema.nullable === true) return makeNullable(out);
  return out;
}

/** OpenAPI 3.0 `nullable: true` in plain JSON Schema. */
function makeNullable(schema) {
  if (typeof schema.type === "string" && schema.$ref === undefined) {
    const result = { ...schema, type: [schema.type, "null"] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) result.enum = [...schema.enum, null];
    return result;
  }
  // No single type to widen (a $ref, allOf, ...): accept null beside whatever it was.
  const { readOnly, writeOnly, default: dflt, ...rest } = schema;
  const result = { anyOf: [rest, { type: "null" }] };
  if (readOnly !== undefined) result.readOnly = readOnly;
  if (writeOnly !== undefined) result.writeOnly = writeOnly;
  if (dflt !== undefined) result.default = dflt;
  return result;
}

/** Every "#/schemas/<name>" below `node`. */
function refsIn(node, out = new Set()) {
  if (Array.isArray(node)) for (const item of node) refsIn(item, out);
  else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.add(value.slice("#/schemas/".length));
      else refsIn(value, out);
    }
  }
  return out;
}

function cleanParameter(raw, source) {
  const p = deref(raw, source);
  const out = { in: p.in, name: p.name };
  if (p.required === true) out.required = true;
  if (p.schema) out.schema = cleanSchema(p.schema, source, null);
  return out;
}

function cleanOperation(source, path, method) {
  const item = docs[source].paths?.[path];
  const op = item?.[method];
  if (!op) fail(`${source}: ${method.toUpperCase()} ${path} not in the spec`);
  const overrideKey = `${source} ${path} ${method}`;
  const operationId = OPERATION_ID_OVERRIDES[overrideKey] ?? op.operationId;
  if (!operationId) fail(`${overrideKey} has no operationId: add one to OPERATION_ID_OVERRIDES`);

  const out = { method: method.toUpperCase(), path, source };
  if (operationId !== op.operationId) out.specOperationId = op.operationId ?? null;

  // Operation-level parameters override path-level ones with the same name and location.
  const params = new Map();
  for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
    const p = cleanParameter(raw, source);
    params.set(`${p.in} ${p.name}`, p);
  }
  if (params.size > 0) out.parameters = [...params.values()].sort((a, b) => `${a.in} ${a.name}`.localeCompare(`${b.in} ${b.name}`));

  if (op.requestBody) {
    const body = deref(op.requestBody, source);
    const content = {};
    for (const type of REQUEST_CONTENT_TYPES) {
      const schema = body.content?.[type]?.schema;
      if (schema) content[type] = cleanSchema(schema, source, null);
    }
    const dropped = Object.keys(body.content ?? {}).filter((t) => !REQUEST_CONTENT_TYPES.includes(t));
    if (dropped.length > 0) console.warn(`derive-okta-spec: ${operationId}: request content types dropped: ${dropped.join(", ")}`);
    out.requestBody = { content, required: body.required === true };
  }

  out.responses = {};
  for (const [status, raw] of Object.entries(op.responses ?? {})) {
    const response = deref(raw, source);
    const entry = {};
    for (const [type, media] of Object.entries(response.content ?? {})) {
      if (!/json/.test(type)) continue;
      entry.content ??= {};
      entry.content[type] = media.schema ? cleanSchema(media.schema, source, null) : {};
    }
    const headers = Object.keys(response.headers ?? {});
    if (headers.length > 0) entry.headers = headers.sort();
    out.responses[status] = entry;
  }

  const scopes = (op.security ?? []).flatMap((req) => req.oauth2 ?? []);
  if (scopes.length > 0) out.scopes = [...new Set(scopes)].sort();
  return { operationId, op: out };
}

// ---- operations ------------------------------------------------------------------------------

const operations = {};
for (const [source, path, methods] of SELECTION) {
  for (const method of methods) {
    const { operationId, op } = cleanOperation(source, path, method);
    if (operations[operationId]) {
      const other = operations[operationId];
      fail(`operationId ${operationId} used by ${other.source} ${other.method} ${other.path} and ${source} ${op.method} ${path}: add an OPERATION_ID_OVERRIDES entry`);
    }
    operations[operationId] = op;
  }
}

for (const { operationId, status, sameAs } of LIVE_STATUS_ALIASES) {
  const responses = operations[operationId]?.responses;
  if (!responses?.[sameAs]) fail(`LIVE_STATUS_ALIASES: ${operationId} has no ${sameAs} response`);
  if (responses[status]) fail(`LIVE_STATUS_ALIASES: ${operationId} already documents ${status}; drop the alias`);
  responses[status] = structuredClone(responses[sameAs]);
}
for (const { operationId, status, schema } of LIVE_RESPONSE_BODIES) {
  const response = operations[operationId]?.responses?.[status];
  if (!response) fail(`LIVE_RESPONSE_BODIES: ${operationId} has no ${status} response`);
  if (response.content) fail(`LIVE_RESPONSE_BODIES: ${operationId} ${status} already has a body; drop the entry`);
  response.content = { "application/json": schema };
}

// ---- schema closure --------------------------------------------------------------------------

function rawComponentSchema(name) {
  for (const [source, { prefix }] of Object.entries(SOURCES)) {
    if (prefix !== "" && !name.startsWith(prefix)) continue;
    if (prefix === "" && name.includes(".")) continue;
    const raw = docs[source].components?.schemas?.[name.slice(prefix.length)];
    if (raw === undefined) fail(`dangling schema ref ${name}`);
    return { raw, source };
  }
  return fail(`cannot place schema ${name}`);
}

const schemas = {};
const queue = [...refsIn(operations)];
while (queue.length > 0) {
  const name = queue.shift();
  if (schemas[name]) continue;
  const { raw, source } = rawComponentSchema(name);
  schemas[name] = cleanSchema(raw, source, name);
  queue.push(...refsIn(schemas[name]));
  // Subtypes are pulled in so the validator can check a body against its mapped subtype.
  for (const target of Object.values(discriminators[name]?.mapping ?? {})) queue.push(target);
}

for (const { schema, at, value } of SCHEMA_FIXES) {
  let node = schemas[schema];
  if (!node) fail(`SCHEMA_FIXES: ${schema} is not in the closure`);
  for (const key of at.slice(0, -1)) {
    node = node[key];
    if (node === undefined) fail(`SCHEMA_FIXES: ${schema}/${at.join("/")} does not exist`);
  }
  node[at.at(-1)] = value;
}
for (const [schema, property] of NULLABLE_FIXES) {
  const properties = schemas[schema]?.properties;
  if (!properties?.[property]) fail(`NULLABLE_FIXES: ${schema}.${property} is not in the closure`);
  const accepts = properties[property].type;
  if (accepts === "null" || (Array.isArray(accepts) && accepts.includes("null"))) fail(`NULLABLE_FIXES: ${schema}.${property} is already nullable`);
  properties[property] = makeNullable(properties[property]);
}

// ---- discriminator cycles --------------------------------------------------------------------

/** Named schemas an instance is validated against *at the same location* when it meets `node`. */
function sameInstanceRefs(node, out = new Set()) {
  if (node === null || typeof node !== "object") return out;
  if (typeof node.$ref === "string") out.add(node.$ref.slice("#/schemas/".length));
  for (const key of ["allOf", "anyOf"]) for (const sub of node[key] ?? []) sameInstanceRefs(sub, out);
  for (const key of ["not", "if", "then", "else"]) if (node[key]) sameInstanceRefs(node[key], out);
  return out;
}

function reaches(from, target, seen = new Set()) {
  if (from === target) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  for (const next of sameInstanceRefs(schemas[from])) if (reaches(next, target, seen)) return true;
  return false;
}

// A parent whose anyOf branch allOf-refs the parent again recurses forever: drop its anyOf.
const brokenCycles = [];
for (const [name, schema] of Object.entries(schemas)) {
  if (!schema.anyOf) continue;
  const branches = schema.anyOf.flatMap((b) => [...sameInstanceRefs(b)]);
  if (branches.some((b) => reaches(b, name))) {
    delete schema.anyOf;
    brokenCycles.push(name);
  }
}
for (const name of Object.keys(schemas)) {
  for (const next of sameInstanceRefs(schemas[name])) {
    if (reaches(next, name)) fail(`unbroken same-instance $ref cycle through ${name}`);
  }
}

// ---- write -----------------------------------------------------------------------------------

function sortKeys(node) {
  if (Array.isArray(node)) return node.map(sortKeys);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(Object.keys(node).sort().map((key) => [key, sortKeys(node[key])]));
}

const usedDiscriminators = Object.fromEntries(Object.entries(discriminators).filter(([name]) => schemas[name]));
const result = sortKeys({
  "x-derived-from": {
    files: fileInfo,
    script: "test/tools/derive-okta-spec.mjs",
    note: "Pruned, relaxed subset of Okta's OpenAPI specs (okta/okta-sdk-nodejs oas-spec, Apache-2.0); see the script header",
    fixes: [
      ...SCHEMA_FIXES.map(({ schema, at, value }) => `${schema}/${at.join("/")} = ${JSON.stringify(value)}`),
      ...NULLABLE_FIXES.map(([schema, property]) => `${schema}.${property} nullable`),
      ...LIVE_STATUS_ALIASES.map(({ operationId, status, sameAs }) => `${operationId} ${status} as ${sameAs}`),
      ...LIVE_RESPONSE_BODIES.map(({ operationId, status }) => `${operationId} ${status} has a JSON object body`),
    ],
    brokenCycles,
  },
  operations,
  discriminators: usedDiscriminators,
  schemas,
});

const text = `${JSON.stringify(result)}\n`;
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, text);
console.log(
  `derive-okta-spec: wrote ${outFile}: ${text.length} bytes, ${Object.keys(operations).length} operations, ` +
    `${Object.keys(schemas).length} schemas, ${Object.keys(usedDiscriminators).length} discriminators` +
    (brokenCycles.length > 0 ? `, anyOf dropped to break cycles: ${brokenCycles.join(", ")}` : ""),
);
