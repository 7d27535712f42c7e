/** What init will do (or did) to one resource. The JSON output uses these objects as they are. */
export type ChangeAction = "create" | "update" | "adopt" | "noop" | "conflict";

export interface Change {
  /** Stable id, e.g. "spa-app", "trusted-origin:https://om.example.com", "api-grant:okta.users.read". */
  resource: string;
  action: ChangeAction;
  /** Okta id of the object, once known. */
  id?: string;
  /** For updates: the fields that differ (dotted paths in Okta's JSON). */
  fields?: string[];
  /** Found by exact name rather than by the manifest (reported as adopted). */
  adopted?: boolean;
  /** For conflicts: what is wrong and how to choose. */
  reason?: string;
  hint?: string;
  /** Set when applying breaks something that exists (e.g. replacing a key); needs --yes or a confirmation. */
  confirm?: string;
  /** One line of context for humans (e.g. "the default server keeps its audience"). */
  note?: string;
}

/** Sorted, de-duplicated field list. */
export function fieldList(fields: Iterable<string>): string[] {
  return [...new Set(fields)].sort();
}

/** True when `actual` contains every value of `wanted` (order ignored). */
export function includesAll(actual: readonly string[] | undefined, wanted: readonly string[]): boolean {
  const have = new Set(actual ?? []);
  return wanted.every((v) => have.has(v));
}

/** `actual` plus whatever of `wanted` is missing, keeping the existing order first. */
export function union(actual: readonly string[] | undefined, wanted: readonly string[]): string[] {
  return [...new Set([...(actual ?? []), ...wanted])];
}
