import { existsSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../../errors.js";
import { PRIVATE_KEY_FILE } from "../../manifest/manifest.js";
import { readKeyFilesIfPresent } from "../../keys/key-files.js";
import { generateServiceKeyPair, loadServiceKeyPair, publicJwkEquals, type ServiceKeyPair } from "../../keys/key-pair.js";
import type { Change } from "../plan-types.js";
import type { PublicKey } from "./service-app.js";

/** Where the service key comes from on this run. */
export interface LocalKey {
  /** Undefined while a new key is still being generated. */
  publicJwk?: PublicKey;
  kid?: string;
  source: "out-dir" | "key-file" | "generated";
  /** --key-file given while the out-dir already holds a different key. */
  replacesOutDirKey: boolean;
}

/** The service key: what the plan needs to know now, and the pair (still being generated when `source` is "generated"). */
export interface ServiceKey {
  local: LocalKey;
  /** Undefined for a key that is not generated at all (a plan only). */
  pair?: Promise<ServiceKeyPair>;
}

function ready(pair: ServiceKeyPair, source: LocalKey["source"], replacesOutDirKey = false): ServiceKey {
  return { local: { publicJwk: pair.publicJwk, kid: pair.kid, source, replacesOutDirKey }, pair: Promise.resolve(pair) };
}

/**
 * The out-dir's key, or --key-file's, or a fresh one. Generation (RSA-2048, a few hundred ms on the
 * thread pool) is not awaited here: only the service app needs the key, so nothing else waits for it.
 * A plan (`generate` false) does not generate at all: the real run's key would differ anyway.
 */
export async function resolveServiceKey(outDir: string, keyFile: string | undefined, kid: string | undefined, options: { generate: boolean; early?: Promise<ServiceKeyPair> }): Promise<ServiceKey> {
  const existing = await readKeyFilesIfPresent(outDir);
  if (keyFile) {
    const pair = await loadServiceKeyPair(keyFile, { kid, flag: "--key-file" });
    const same = existing !== undefined && publicJwkEquals(existing.publicJwk, pair.publicJwk) && existing.kid === pair.kid;
    return ready(pair, same ? "out-dir" : "key-file", existing !== undefined && !same);
  }
  if (existing) {
    if (kid && kid !== existing.kid) {
      throw new UsageError(`--kid ${kid} differs from the kid of the key in ${outDir} (${existing.kid}).`, "Drop --kid, or move the old key files away to generate a new key.");
    }
    return ready(existing, "out-dir");
  }
  const local: LocalKey = { kid, source: "generated", replacesOutDirKey: false };
  if (!options.generate) return { local };
  const pair = options.early ?? generateServiceKeyPair({ kid });
  // Whoever needs the pair awaits it and sees the error; a run that stops earlier must not crash on it.
  pair.catch(() => undefined);
  return { local, pair };
}

/**
 * A fresh out-dir's new key, started when init starts rather than once the org has been read:
 * generating RSA-2048 takes 0.1–0.4 s on the thread pool, and the service app is the second round's
 * write, so a key started late delays it (and the access policy after it). Nothing when the run will
 * not generate one (a plan, --key-file, a key already in the out-dir); when the service app then
 * turns out not to be wanted, the key is dropped unused and never written.
 */
export function startNewKeyEarly(outDir: string, options: { plan?: boolean; keyFile?: string; kid?: string }): Promise<ServiceKeyPair> | undefined {
  if (options.plan || options.keyFile || existsSync(join(outDir, PRIVATE_KEY_FILE))) return undefined;
  const pair = generateServiceKeyPair({ kid: options.kid });
  pair.catch(() => undefined);
  return pair;
}

/** The `key` change: nothing when the out-dir's key is used, else the key file(s) to write. */
export function planKey(key: LocalKey | undefined): Change | undefined {
  if (!key) return undefined;
  const id = key.kid ? { id: key.kid } : {};
  if (key.source === "out-dir") return { resource: "key", action: "noop", ...id };
  if (key.replacesOutDirKey) return { resource: "key", action: "update", ...id, fields: ["service-app.private.jwk.json"], note: "from --key-file" };
  return { resource: "key", action: "create", ...id, note: key.source === "key-file" ? "from --key-file" : "RSA-2048, generated locally" };
}
