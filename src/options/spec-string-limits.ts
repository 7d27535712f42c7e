// The string limits (length, pattern, enum) of Okta's spec, applied to a request body without
// compiling the schemas: Ajv takes over half a second to compile an Application body, far too long
// for option validation, and only the limits on strings can be broken by an option's text.
import { loadSpecDocument } from "../sandbox/spec/spec-document.js";
import type { JsonSchema } from "../sandbox/spec/spec-types.js";

export interface LimitIssue {
  /** Dotted path in the body, with [i] for array items: `settings.oauthClient.redirect_uris[0]`. */
  path: string;
  message: string;
}

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function resolve(schema: unknown, schemas: Record<string, JsonSchema>): Schema | undefined {
  let current = schema;
  for (let depth = 0; isObject(current) && typeof current.$ref === "string" && depth < 20; depth++) {
    current = schemas[current.$ref.replace(/^#\/schemas\//, "")];
  }
  return isObject(current) ? current : undefined;
}

function stringIssues(schema: Schema, value: string, path: string): LimitIssue[] {
  const issues: LimitIssue[] = [];
  const { maxLength, minLength, maximum, pattern } = schema as { maxLength?: number; minLength?: number; maximum?: number; pattern?: string };
  if (typeof maxLength === "number" && value.length > maxLength) issues.push({ path, message: `is ${value.length} characters; Okta takes at most ${maxLength}` });
  // Okta's spec writes some string lengths as `maximum` (TrustedOriginName, TrustedOriginOrigin: 255),
  // a number keyword a validator ignores on strings; the length it plainly means is applied.
  const isString = schema.type === "string" || (Array.isArray(schema.type) && schema.type.includes("string"));
  if (typeof maximum === "number" && isString && value.length > maximum) issues.push({ path, message: `is ${value.length} characters; Okta takes at most ${maximum}` });
  if (typeof minLength === "number" && value.length < minLength) issues.push({ path, message: `is ${value.length} characters; Okta needs at least ${minLength}` });
  if (typeof pattern === "string" && !new RegExp(pattern, "u").test(value)) issues.push({ path, message: `does not match Okta's pattern ${pattern}` });
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) issues.push({ path, message: `is not one of Okta's values (${schema.enum.filter((v) => v !== null).join(", ")})` });
  return issues;
}

function walk(schema: unknown, value: unknown, path: string, schemas: Record<string, JsonSchema>): LimitIssue[] {
  const s = resolve(schema, schemas);
  if (!s) return [];
  const issues: LimitIssue[] = [];
  const list = (keyword: string): unknown[] => (Array.isArray(s[keyword]) ? (s[keyword] as unknown[]) : []);
  for (const part of list("allOf")) issues.push(...walk(part, value, path, schemas));
  const branches = [...list("anyOf"), ...list("oneOf")];
  if (branches.length > 0) {
    // Valid when one branch takes it; otherwise report the first branch's complaints.
    const results = branches.map((branch) => walk(branch, value, path, schemas));
    if (!results.some((r) => r.length === 0)) issues.push(...(results[0] ?? []));
  }
  if (typeof value === "string") issues.push(...stringIssues(s, value, path));
  if (Array.isArray(value) && s.items !== undefined) value.forEach((item, i) => issues.push(...walk(s.items, item, `${path}[${i}]`, schemas)));
  if (isObject(value) && isObject(s.properties)) {
    const properties = s.properties;
    for (const [key, child] of Object.entries(value)) {
      if (key in properties) issues.push(...walk(properties[key], child, path ? `${path}.${key}` : key, schemas));
    }
  }
  return issues;
}

/** Every string in the JSON body of `operationId` that breaks a limit of Okta's spec. */
export function specStringIssues(operationId: string, body: unknown): LimitIssue[] {
  const doc = loadSpecDocument();
  const op = doc.operations[operationId];
  if (!op) throw new Error(`unknown Okta operationId: ${operationId}`);
  const schema = op.requestBody?.content["application/json"];
  if (schema === undefined) return [];
  const schemas = doc.schemas as Record<string, JsonSchema>;
  const issues = walk(schema, body, "", schemas);
  // As the sandbox's validator does: a base schema with a discriminator (Application by signOnMode)
  // is also checked against the subtype the body's tag selects, which holds the detailed fields.
  const name = isObject(schema) && typeof schema.$ref === "string" ? schema.$ref.replace(/^#\/schemas\//, "") : undefined;
  const discriminator = name ? doc.discriminators[name] : undefined;
  const tag = discriminator && isObject(body) ? body[discriminator.propertyName] : undefined;
  const subtype = discriminator && typeof tag === "string" ? discriminator.mapping[tag] : undefined;
  if (subtype) issues.push(...walk({ $ref: `#/schemas/${subtype}` }, body, "", schemas));
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(`${i.path}\u0000${i.message}`) && Boolean(seen.add(`${i.path}\u0000${i.message}`)));
}
