// The local half of a client secret rotation: the pending secret (0600, written before Okta sees it)
// and the generated files that carry the secret. Everything here is 0600 and written atomically.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { CLIENT_SECRET_FILE, readClientSecretFile, writeClientSecretFile } from "../init/client-secret-file.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { readTextIfPresent } from "../fs/read-if-present.js";
import { HELM_OIDC_SECRET_FILE, SECRETS_ENV_FILE } from "../openmetadata/generated-file.js";
import { sha256Hex } from "../openmetadata/write-files.js";
import { Secret } from "../secret.js";

/** The new secret between its generation and the end of the rotation. */
export const PENDING_SECRET_FILE = `${CLIENT_SECRET_FILE}.pending`;

export interface SecretFileChange {
  file: string;
  action: "updated" | "unchanged" | "absent" | "not-ours";
}

export async function readPendingSecret(outDir: string): Promise<Secret | undefined> {
  const value = (await readTextIfPresent(join(outDir, PENDING_SECRET_FILE)))?.trim();
  return value ? new Secret(value) : undefined;
}

export async function writePendingSecret(outDir: string, secret: Secret): Promise<void> {
  await writeFileAtomic(join(outDir, PENDING_SECRET_FILE), `${secret.reveal()}\n`, { secret: true });
}

export async function clearPendingSecret(outDir: string): Promise<void> {
  await rm(join(outDir, PENDING_SECRET_FILE), { force: true });
}


/**
 * Puts `next` where the old secret was: the secrets env and the Kubernetes Secret first (the old value
 * replaced in place, so hand edits elsewhere survive), web-app.client-secret last. A rerun after a
 * crash therefore still knows the old value until every other file holds the new one. Returns what
 * happened per file and the new hashes of files whose content was ours (the manifest's `files`).
 */
export async function rewriteSecretFiles(outDir: string, next: Secret, hashes: Record<string, string>): Promise<{ changed: SecretFileChange[]; files: Record<string, string> }> {
  const old = await readClientSecretFile(outDir);
  const changed: SecretFileChange[] = [];
  const files: Record<string, string> = {};
  for (const name of [SECRETS_ENV_FILE, HELM_OIDC_SECRET_FILE]) {
    const path = join(outDir, name);
    const content = await readTextIfPresent(path);
    if (content === undefined) {
      changed.push({ file: path, action: "absent" });
      continue;
    }
    if (content.includes(next.reveal())) {
      changed.push({ file: path, action: "unchanged" });
      continue;
    }
    if (!old || !content.includes(old.reveal())) {
      changed.push({ file: path, action: "not-ours" });
      continue;
    }
    const updated = content.split(old.reveal()).join(next.reveal());
    await writeFileAtomic(path, updated, { secret: true });
    if (hashes[name] === sha256Hex(content)) files[name] = sha256Hex(updated);
    changed.push({ file: path, action: "updated" });
  }
  const sameAsOld = old?.reveal() === next.reveal();
  if (!sameAsOld) await writeClientSecretFile(outDir, next);
  changed.push({ file: join(outDir, CLIENT_SECRET_FILE), action: sameAsOld ? "unchanged" : "updated" });
  return { changed, files };
}
