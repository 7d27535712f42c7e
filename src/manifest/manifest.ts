import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { UsageError } from "../errors.js";

export const MANIFEST_FILE = "okta-om-setup.json";
export const PRIVATE_KEY_FILE = "service-app.private.jwk.json";
export const PUBLIC_JWKS_FILE = "service-app.public.jwks.json";
/** The new private key of a rotation in progress (0600), until both halves of `rotate-key` are done. */
export const PENDING_PRIVATE_KEY_FILE = "service-app.private.jwk.pending.json";

/**
 * What init remembers between runs: the ids of the Okta objects it created or adopted (its identity
 * source on the next run) and hashes of the files it wrote. Never a secret.
 */
export interface Manifest {
  schemaVersion: 1;
  orgUrl?: string;
  issuer?: string;
  spaAppId?: string;
  spaClientId?: string;
  /** How users sign in: public (the SPA) or confidential (the web app); absent means public. */
  clientType?: "public" | "confidential";
  /** The confidential client (web app with a secret); its secret is never stored here. */
  webAppId?: string;
  webClientId?: string;
  serviceClientId?: string;
  authServerId?: string;
  scopeId?: string;
  policyId?: string;
  ruleId?: string;
  trustedOriginId?: string;
  /** Every trusted origin we manage, by origin (trustedOriginId is the first). */
  trustedOriginIds?: Record<string, string>;
  kid?: string;
  omUrl?: string;
  omVersion?: string;
  botEmail?: string;
  /** OpenMetadata-side choices, so `config` regenerates the same files without flags. */
  scope?: string;
  adminPrincipals?: string[];
  principalDomain?: string;
  deployFiles?: string[];
  apiScopes?: string[];
  redirectUris?: string[];
  /** Options the user chose explicitly (not defaults, never secrets): the next run starts from them. */
  choices?: Record<string, unknown>;
  /**
   * The Okta objects of this setup by plan resource ("spa-app", "access:<groupId>", "api-grant:<scope>",
   * ...), and whether this setup created them. Written since `destroy` exists: older manifests have
   * none, and their objects count as adopted (never deleted without --include-adopted).
   */
  objects?: Record<string, ManifestObject>;
  /** A key rotation that started and has not finished both halves yet (`rotate-key` resumes it). */
  pendingRotation?: PendingRotation;
  /** A client secret rotation under way (rotate --client-secret); the value is only in a 0600 file. */
  pendingClientSecret?: { startedAt: string; secretId?: string };
  /** Set by a client secret rotation: OpenMetadata 1.10+ still holds the old secret in its database. */
  openMetadataSecretStale?: boolean;
  /** sha256 of each file we wrote, by file name, so we can tell our content from the user's edits. */
  files?: Record<string, string>;
  updatedAt?: string;
}

/** One Okta object of the setup: its id, the name it had, and whether this setup made it. */
export interface ManifestObject {
  id: string;
  /** Label, name, origin or scope the object had when recorded; `destroy` re-checks it. */
  name?: string;
  /** True only when this setup's own request created it; adopted (found by name) otherwise. */
  created: boolean;
}

/** What `rotate-key` records before its first change, so a crashed rotation resumes with the same key. */
export interface PendingRotation {
  /** "service-key" or "bot-jwt"; other rotation kinds add their own value. */
  kind: string;
  /** service-key: the new key's kid (its private half waits in the pending key file until both halves are done). */
  kid?: string;
  /** bot-jwt: a fingerprint (sha256 prefix, not the token) of the JWT being replaced, to tell on a rerun whether OpenMetadata already made the new one. */
  replaces?: string;
  startedAt: string;
}

/** The client id OpenMetadata's server signs users in with: the web app's when confidential, else the SPA's. */
export function signInClientId(manifest: Manifest): string | undefined {
  return manifest.clientType === "confidential" ? manifest.webClientId : manifest.spaClientId;
}

export function emptyManifest(): Manifest {
  return { schemaVersion: 1 };
}

export interface ReadManifestOptions {
  /** Told about fields that were dropped because they were bad but safe to lose (see DROPPABLE_FIELDS). */
  warn?: (message: string) => void;
}

/**
 * Reads the manifest from an out-dir; a missing file is an empty manifest. Every field goes through
 * ManifestSchema: a bad one is a usage error naming the file and the field, except the few that are
 * safe to lose, which are dropped with a warning.
 */
export async function readManifest(outDir: string, options: ReadManifestOptions = {}): Promise<Manifest> {
  const file = join(outDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return emptyManifest();
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot read ${file}: ${code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EISDIR" ? "is a directory" : (code ?? String(err))}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not valid JSON.`, "Fix or delete it; init finds existing Okta objects by name when the manifest is missing.");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || (parsed as Manifest).schemaVersion !== 1) {
    throw new UsageError(`${file} is not an okta-om-setup manifest (schemaVersion 1).`, "Use another --out-dir, or delete the file.");
  }
  // Loaded here, not at the top: zod stays off the start-up path of commands that never read a manifest.
  const { ManifestSchema, DROPPABLE_FIELDS, fieldPath } = await import("./manifest-schema.js");
  const candidate = { ...(parsed as Record<string, unknown>) };
  for (let pass = 0; pass < 2; pass++) {
    const result = ManifestSchema.safeParse(candidate);
    if (result.success) return result.data;
    const fatal = result.error.issues.filter((i) => !DROPPABLE_FIELDS.has(String(i.path[0])));
    if (fatal.length > 0 || pass > 0) {
      const problems = (fatal.length > 0 ? fatal : result.error.issues).map((i) => `${fieldPath(i.path) || "(top level)"}: ${i.message}`);
      throw new UsageError(
        problems.length === 1 ? `${file}: ${problems[0]}` : `${file} has ${problems.length} bad fields:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
        "Fix the field by hand (see a fresh init's manifest for the shape), or delete the file: init finds existing Okta objects by name when the manifest is missing.",
      );
    }
    for (const key of new Set(result.error.issues.map((i) => String(i.path[0])))) {
      const issue = result.error.issues.find((i) => String(i.path[0]) === key);
      options.warn?.(`${file}: ignoring ${issue ? fieldPath(issue.path) : key} (${issue?.message ?? "bad value"}); it is safe to lose and rewritten by this run.`);
      delete candidate[key];
    }
  }
  throw new UsageError(`${file} could not be read as a manifest.`);
}

/** Writes the manifest atomically (0644: it holds ids, never secrets). */
export async function writeManifest(outDir: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(join(outDir, MANIFEST_FILE), JSON.stringify({ ...manifest, updatedAt: new Date().toISOString() }, null, 2) + "\n");
}
