// Turns Ajv errors into SpecIssues with dotted paths ("settings.oauthClient.grant_types[0]").
import type { ErrorObject } from "ajv";
import type { SpecIssue } from "./spec-types.js";

/**
 * `data` is the validated value (to tell array indexes from numeric keys); `prefix` is prepended
 * to every path (e.g. "[2]" for the third element of a list).
 */
export function toSpecIssues(errors: readonly ErrorObject[] | null | undefined, data: unknown, prefix = ""): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const error of errors ?? []) issues.push(toIssue(error, data, prefix));
  return issues;
}

/** Drops repeats: a body checked against its base schema and its subtype fails both alike. */
export function dedupeIssues(issues: readonly SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function joinPath(prefix: string, segments: readonly (string | number)[]): string {
  let out = prefix;
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function toIssue(error: ErrorObject, data: unknown, prefix: string): SpecIssue {
  const segments = pointerSegments(error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { path: joinPath(prefix, [...segments, String(params.missingProperty)]), message: "is required" };
    case "additionalProperties":
      return { path: joinPath(prefix, [...segments, String(params.additionalProperty)]), message: "is not allowed" };
    case "enum": {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map(String).join(", ") : "";
      return {
        path: joinPath(prefix, segments),
        message: `must be equal to one of the allowed values (${allowed}), got ${describe(error.data)}`,
        kind: "parse",
      };
    }
    case "type":
      return { path: joinPath(prefix, segments), message: `${error.message ?? "has the wrong type"}, got ${describe(error.data)}`, kind: "parse" };
    default:
      return { path: joinPath(prefix, segments), message: error.message ?? `fails '${error.keyword}'` };
  }
}

/** JSON-pointer segments; indexes into arrays of `data` become numbers so they print as [i]. */
function pointerSegments(pointer: string, data: unknown): (string | number)[] {
  if (pointer === "") return [];
  const out: (string | number)[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current)) {
      const index = Number(segment);
      out.push(index);
      current = current[index];
    } else {
      out.push(segment);
      current = typeof current === "object" && current !== null ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null || typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return Array.isArray(value) ? "an array" : typeof value;
}
