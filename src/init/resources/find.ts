/** How an existing Okta object was identified: by the manifest's id, by exact name, or not at all. */
export type Found<T> =
  | { kind: "found"; value: T; via: "id" | "name" }
  | { kind: "missing" }
  | { kind: "conflict"; reason: string; hint: string; candidates: string[] };

export interface FindSpec<T> {
  /** Looks the object up by the id the manifest remembers; undefined when gone or not ours. */
  byId?: () => Promise<T | undefined>;
  /** Every object with exactly the wanted name. */
  byName: () => Promise<T[]>;
  describe: (value: T) => string;
  what: string;
  hint: string;
}

/**
 * Identity rule for every step: the manifest's id first, then an exact name match. One match is
 * adopted; several are a conflict that names them and says how to choose.
 */
export async function findOne<T>(spec: FindSpec<T>): Promise<Found<T>> {
  if (spec.byId) {
    const value = await spec.byId();
    if (value !== undefined) return { kind: "found", value, via: "id" };
  }
  const matches = await spec.byName();
  if (matches.length === 0) return { kind: "missing" };
  if (matches.length === 1) return { kind: "found", value: matches[0]!, via: "name" };
  const candidates = matches.map(spec.describe);
  return { kind: "conflict", reason: `${matches.length} objects match the ${spec.what}: ${candidates.join(", ")}.`, hint: spec.hint, candidates };
}

/** The found object's value, if any. */
export function valueOf<T>(found: Found<T> | undefined): T | undefined {
  return found?.kind === "found" ? found.value : undefined;
}
