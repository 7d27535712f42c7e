import { z } from "zod";

/**
 * The one schema a manifest is read through. The manifest is input too: people edit it by hand, and
 * a string where a list belongs must be reported with the file and the field, not crash a command
 * later. Unknown keys are kept as they are (newer versions add fields, e.g. provenance), so a run
 * of this version never drops what a newer one wrote.
 */
const id = z.string({ error: "must be an Okta id (text)" }).trim().min(1, { error: "must not be empty" });
const text = z.string({ error: "must be text" });
const list = z.array(z.string({ error: "must be a list of texts" }), { error: "must be a list of texts, e.g. [\"a\", \"b\"]" });
const record = z.record(z.string(), z.string({ error: "must map names to texts" }), { error: "must be an object mapping names to texts" });

export const ManifestSchema = z.looseObject({
  schemaVersion: z.literal(1, { error: "must be 1" }),
  orgUrl: text.optional(),
  issuer: text.optional(),
  spaAppId: id.optional(),
  spaClientId: id.optional(),
  serviceClientId: id.optional(),
  authServerId: id.optional(),
  scopeId: id.optional(),
  policyId: id.optional(),
  ruleId: id.optional(),
  trustedOriginId: id.optional(),
  trustedOriginIds: z.record(z.string(), id, { error: "must be an object mapping origins to Okta ids" }).optional(),
  kid: text.optional(),
  omUrl: text.optional(),
  omVersion: text.optional(),
  botEmail: text.optional(),
  scope: text.optional(),
  adminPrincipals: list.optional(),
  principalDomain: text.optional(),
  deployFiles: list.optional(),
  apiScopes: list.optional(),
  redirectUris: list.optional(),
  choices: z.record(z.string(), z.unknown(), { error: "must be an object of option names to values" }).optional(),
  files: record.optional(),
  // rotate-key resumes from it: a hand-edited one must stop it with the field named, not steer it.
  pendingRotation: z
    .looseObject({ kind: text, kid: text.optional(), replaces: text.optional(), startedAt: text }, { error: "must be {kind, kid or replaces, startedAt}" })
    .optional(),
  updatedAt: text.optional(),
});

/** Fields whose loss costs nothing but a question: a bad one is dropped with a warning instead of failing. */
export const DROPPABLE_FIELDS: ReadonlySet<string> = new Set(["updatedAt", "files", "choices"]);

/** "redirectUris", "trustedOriginIds.https://x", "adminPrincipals[1]": how a problem names its field. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), "");
}
