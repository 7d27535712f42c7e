import * as z from "../zod-mini.js";

/**
 * The one schema a manifest is read through. The manifest is input too: people edit it by hand, and
 * a string where a list belongs must be reported with the file and the field, not crash a command
 * later. Unknown keys are kept as they are (newer versions add fields, e.g. provenance), so a run
 * of this version never drops what a newer one wrote.
 */
const id = z.string({ error: "must be an Okta id (text)" }).check(z.trim(), z.minLength(1, { error: "must not be empty" }));
const text = z.string({ error: "must be text" });
const list = z.array(z.string({ error: "must be a list of texts" }), { error: "must be a list of texts, e.g. [\"a\", \"b\"]" });
const record = z.record(z.string(), z.string({ error: "must map names to texts" }), { error: "must be an object mapping names to texts" });

export const ManifestSchema = z.looseObject({
  schemaVersion: z.literal(1, { error: "must be 1" }),
  orgUrl: z.optional(text),
  issuer: z.optional(text),
  spaAppId: z.optional(id),
  spaClientId: z.optional(id),
  serviceClientId: z.optional(id),
  authServerId: z.optional(id),
  scopeId: z.optional(id),
  policyId: z.optional(id),
  ruleId: z.optional(id),
  trustedOriginId: z.optional(id),
  trustedOriginIds: z.optional(z.record(z.string(), id, { error: "must be an object mapping origins to Okta ids" })),
  kid: z.optional(text),
  omUrl: z.optional(text),
  omVersion: z.optional(text),
  botEmail: z.optional(text),
  scope: z.optional(text),
  adminPrincipals: z.optional(list),
  principalDomain: z.optional(text),
  deployFiles: z.optional(list),
  apiScopes: z.optional(list),
  redirectUris: z.optional(list),
  choices: z.optional(z.record(z.string(), z.unknown(), { error: "must be an object of option names to values" })),
  files: z.optional(record),
  // rotate-key resumes from it: a hand-edited one must stop it with the field named, not steer it.
  pendingRotation: z.optional(z.looseObject({ kind: text, kid: z.optional(text), replaces: z.optional(text), startedAt: text }, { error: "must be {kind, kid or replaces, startedAt}" })),
  updatedAt: z.optional(text),
});

/** Fields whose loss costs nothing but a question: a bad one is dropped with a warning instead of failing. */
export const DROPPABLE_FIELDS: ReadonlySet<string> = new Set(["updatedAt", "files", "choices"]);

/** "redirectUris", "trustedOriginIds.https://x", "adminPrincipals[1]": how a problem names its field. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), "");
}
