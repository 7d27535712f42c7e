// Checks sandbox traffic against the pruned Okta spec in ./okta-spec.json (derived by
// test/tools/derive-okta-spec.mjs). Synchronous: the spec is read and Ajv is required on the first
// call, and each schema is compiled the first time it is used (Ajv caches it).
//
// Discriminators: the spec's oneOf+discriminator pairs are relaxed to anyOf without discriminator,
// so a base schema such as Application lets any settings through. When the body's top-level schema
// (or the item schema of a top-level array) has a recorded discriminator, the body is ALSO checked
// against the subtype its tag selects, e.g. signOnMode OPENID_CONNECT -> OpenIdConnectApplication.
import type { ValidateFunction } from "ajv";
import { OperationMatcher } from "./operation-matcher.js";
import { specValidator } from "./spec-ajv.js";
import { loadSpecDocument } from "./spec-document.js";
import { dedupeIssues, joinPath, toSpecIssues } from "./spec-issues.js";
import type {
  JsonSchema,
  OperationInfo,
  OperationMatch,
  OperationRef,
  SpecDocument,
  SpecIssue,
  SpecOperation,
} from "./spec-types.js";

export type { OperationInfo, OperationMatch, OperationRef, SpecIssue } from "./spec-types.js";

const JSON_TYPE = "application/json";
const FORM_TYPE = "application/x-www-form-urlencoded";

/**
 * Checked, in this order, when an error status is not documented for an operation: Okta sends
 * its one error object (401 E0000011, 500 E0000009, ...) from every endpoint, and the spec omits
 * most of those statuses.
 */
const ERROR_FALLBACK_STATUSES = ["429", "403", "400", "404", "401"] as const;

let matcher: OperationMatcher | undefined;

function getOperation(operationId: string): { doc: SpecDocument; op: SpecOperation } {
  const doc = loadSpecDocument();
  const op = doc.operations[operationId];
  // An unknown id is a bug in the caller (the sandbox's route table), not bad traffic.
  if (op === undefined) throw new Error(`unknown Okta operationId: ${operationId}`);
  return { doc, op };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null || body === "";
}

function refName(schema: JsonSchema | undefined): string | undefined {
  if (!isRecord(schema) || typeof schema.$ref !== "string") return undefined;
  return schema.$ref.startsWith("#/schemas/") ? schema.$ref.slice("#/schemas/".length) : undefined;
}

function run(validate: ValidateFunction, data: unknown, prefix: string): SpecIssue[] {
  return validate(data) ? [] : toSpecIssues(validate.errors, data, prefix);
}

/** Issues from the subtype that `name`'s discriminator selects for `data`, if any. */
function subtypeIssues(doc: SpecDocument, name: string, data: unknown, prefix: string): SpecIssue[] {
  const discriminator = doc.discriminators[name];
  if (discriminator === undefined || !isRecord(data)) return [];
  const tag = data[discriminator.propertyName];
  const target = typeof tag === "string" ? discriminator.mapping[tag] : undefined;
  if (target === undefined) return [];
  return run(specValidator(doc, ["schemas", target]), data, prefix);
}

function validateSchemaAt(doc: SpecDocument, location: readonly string[], schema: JsonSchema, data: unknown): SpecIssue[] {
  const issues = run(specValidator(doc, location), data, "");
  const name = refName(schema);
  if (name !== undefined) issues.push(...subtypeIssues(doc, name, data, ""));
  else if (isRecord(schema) && schema.type === "array" && Array.isArray(data)) {
    const itemName = refName(schema.items as JsonSchema | undefined);
    if (itemName !== undefined) {
      data.forEach((item, index) => issues.push(...subtypeIssues(doc, itemName, item, joinPath("", [index]))));
    }
  }
  return dedupeIssues(issues);
}

function mediaType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

/** A form body as the object its schema describes; repeated keys become arrays. */
function formToObject(body: unknown): unknown {
  let params: URLSearchParams | undefined;
  if (body instanceof URLSearchParams) params = body;
  else if (typeof body === "string") params = new URLSearchParams(body);
  if (params === undefined) return body;
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const previous = out[key];
    if (previous === undefined) out[key] = value;
    else out[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return out;
}

/** The JSON type a (possibly $ref'd) schema declares, used to coerce query strings. */
function declaredType(doc: SpecDocument, schema: JsonSchema | undefined): unknown {
  let current = schema;
  for (let hops = 0; hops < 5; hops += 1) {
    const name = refName(current);
    if (name === undefined) break;
    current = doc.schemas[name];
  }
  return isRecord(current) ? current.type : undefined;
}

function coerceQueryValue(type: unknown, value: string): unknown {
  const types = Array.isArray(type) ? type : [type];
  if ((types.includes("integer") && /^-?\d+$/.test(value)) || (types.includes("number") && value.trim() !== "" && Number.isFinite(Number(value)))) {
    return Number(value);
  }
  if (types.includes("boolean") && (value === "true" || value === "false")) return value === "true";
  return value;
}

/** Every operation in the derived spec, sorted by path then method. */
export function listOperations(): OperationRef[] {
  const doc = loadSpecDocument();
  return Object.entries(doc.operations)
    .map(([operationId, op]) => ({ operationId, method: op.method, path: op.path }))
    .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/**
 * The operation a concrete request targets, e.g. ("get", "/api/v1/authorizationServers/default/scopes")
 * -> listOAuth2Scopes with params { authServerId: "default" }. The query string is ignored.
 * `GET /api/v1/users/me` is getUser with userId "me" (the spec has no separate /me path).
 */
export function findOperation(method: string, path: string): OperationMatch | undefined {
  matcher ??= new OperationMatcher(loadSpecDocument().operations);
  return matcher.match(method, path);
}

/** Scopes, documented statuses and request content types of an operation; undefined if unknown. */
export function getOperationInfo(operationId: string): OperationInfo | undefined {
  const op = loadSpecDocument().operations[operationId];
  if (op === undefined) return undefined;
  return {
    operationId,
    method: op.method,
    path: op.path,
    source: op.source,
    scopes: op.scopes ?? [],
    statuses: Object.keys(op.responses).sort(),
    requestContentTypes: Object.keys(op.requestBody?.content ?? {}),
    requestBodyRequired: op.requestBody?.required ?? false,
  };
}

/**
 * Checks a parsed request body. `contentType` picks the media type (parameters such as charset
 * are ignored); by default JSON, or the operation's only type. Form bodies may be given as a
 * URLSearchParams, the raw string or an already-parsed object. `undefined`, null and "" mean "no
 * body"; `{}` is also accepted for operations that take none (clients send it to lifecycle calls).
 */
export function validateRequestBody(operationId: string, body: unknown, contentType?: string): SpecIssue[] {
  const { doc, op } = getOperation(operationId);
  const requestBody = op.requestBody;
  if (requestBody === undefined) {
    if (isEmptyBody(body) || (isRecord(body) && Object.keys(body).length === 0)) return [];
    return [{ path: "", message: `${operationId} takes no request body` }];
  }
  if (isEmptyBody(body)) {
    return requestBody.required ? [{ path: "", message: `${operationId} requires a request body` }] : [];
  }
  const types = Object.keys(requestBody.content);
  const type =
    contentType !== undefined ? mediaType(contentType) : types.includes(JSON_TYPE) ? JSON_TYPE : (types[0] ?? JSON_TYPE);
  const schema = requestBody.content[type];
  if (schema === undefined) {
    return [{ path: "", message: `content type ${type} is not accepted by ${operationId} (accepted: ${types.join(", ")})` }];
  }
  const data = type === FORM_TYPE ? formToObject(body) : body;
  return validateSchemaAt(doc, ["operations", operationId, "requestBody", "content", type], schema, data);
}

/**
 * Checks the query parameters the spec declares for the operation: missing required ones, values
 * of the wrong type (after reading "10"/"true" as number/boolean) and values outside an enum or
 * range. Parameters the spec does not declare are ignored, as Okta ignores them.
 */
export function validateQuery(operationId: string, query: URLSearchParams): SpecIssue[] {
  const { doc, op } = getOperation(operationId);
  const issues: SpecIssue[] = [];
  (op.parameters ?? []).forEach((param, index) => {
    if (param.in !== "query") return;
    const values = query.getAll(param.name);
    if (values.length === 0) {
      if (param.required === true) issues.push({ path: param.name, message: "is required" });
      return;
    }
    if (param.schema === undefined) return;
    const type = declaredType(doc, param.schema);
    const validate = specValidator(doc, ["operations", operationId, "parameters", String(index), "schema"]);
    if (type === "array") {
      const itemType = isRecord(param.schema) ? declaredType(doc, param.schema.items as JsonSchema | undefined) : undefined;
      const value = values.flatMap((v) => v.split(",")).map((v) => coerceQueryValue(itemType, v));
      issues.push(...run(validate, value, param.name));
    } else {
      for (const raw of values) issues.push(...run(validate, coerceQueryValue(type, raw), param.name));
    }
  });
  return dedupeIssues(issues);
}

/**
 * Checks a parsed response body for a status. A body-less status (204) must come with
 * undefined/null/"". An error status the spec does not list for the operation is checked against
 * the operation's documented error object instead of being reported.
 */
export function validateResponseBody(operationId: string, status: number, body: unknown): SpecIssue[] {
  const { doc, op } = getOperation(operationId);
  const code = String(status);
  let key: string | undefined = [code, `${code[0] ?? ""}XX`, "default"].find((k) => op.responses[k] !== undefined);
  if (key === undefined && status >= 400) {
    key = ERROR_FALLBACK_STATUSES.find((k) => op.responses[k]?.content !== undefined);
  }
  const response = key === undefined ? undefined : op.responses[key];
  if (key === undefined || response === undefined) {
    const documented = Object.keys(op.responses).sort().join(", ");
    return [{ path: "", message: `status ${status} is not documented for ${operationId} (documented: ${documented})` }];
  }
  if (response.content === undefined) {
    return isEmptyBody(body) ? [] : [{ path: "", message: `status ${status} of ${operationId} has no body in the spec` }];
  }
  const types = Object.keys(response.content);
  const type = types.includes(JSON_TYPE) ? JSON_TYPE : types[0];
  const schema = type === undefined ? undefined : response.content[type];
  if (type === undefined || schema === undefined) return [];
  if (body === undefined) return [{ path: "", message: `status ${status} of ${operationId} needs a JSON body` }];
  return validateSchemaAt(doc, ["operations", operationId, "responses", key, "content", type], schema, body);
}
