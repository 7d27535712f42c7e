import { rm } from "node:fs/promises";
import { readTextIfPresent } from "../fs/read-if-present.js";
import { join } from "node:path";
import { MANIFEST_FILE, PENDING_PRIVATE_KEY_FILE, PRIVATE_KEY_FILE, PUBLIC_JWKS_FILE, type Manifest } from "../manifest/manifest.js";
import { sha256Hex } from "../openmetadata/write-files.js";
import { CLIENT_SECRET_FILE } from "../init/client-secret-file.js";
import { PENDING_SECRET_FILE } from "../rotate/client-secret-files.js";

export interface RemovedFile {
  path: string;
  action: "removed" | "kept" | "absent";
  reason?: string;
}


/** The files --remove-files would remove (or keep: ones edited since init wrote them, unless forced). */
export async function planFileRemoval(outDir: string, manifest: Manifest, force: boolean): Promise<RemovedFile[]> {
  const result: RemovedFile[] = [];
  for (const [name, hash] of Object.entries(manifest.files ?? {})) {
    const path = join(outDir, name);
    const content = await readTextIfPresent(path);
    if (content === undefined) result.push({ path, action: "absent" });
    else if (sha256Hex(content) !== hash && !force) result.push({ path, action: "kept", reason: "edited since okta-om-setup wrote it; --force removes it too" });
    else result.push({ path, action: "removed" });
  }
  // The keys (and the web app's client secret) are the only copies: they go last but one, the manifest last.
  for (const name of [PENDING_PRIVATE_KEY_FILE, PRIVATE_KEY_FILE, PUBLIC_JWKS_FILE, PENDING_SECRET_FILE, CLIENT_SECRET_FILE]) {
    const path = join(outDir, name);
    result.push({ path, action: (await readTextIfPresent(path)) === undefined ? "absent" : "removed" });
  }
  result.push({ path: join(outDir, MANIFEST_FILE), action: "removed" });
  return result;
}

/** Removes what the plan says, the manifest last (a crash before it leaves a rerunnable setup). */
export async function removeFiles(plan: RemovedFile[]): Promise<void> {
  for (const file of plan) if (file.action === "removed") await rm(file.path, { force: true });
}
