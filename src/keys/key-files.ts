import { stat } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { PRIVATE_KEY_FILE, PUBLIC_JWKS_FILE } from "../manifest/manifest.js";
import { Secret } from "../secret.js";
import { loadServiceKeyPair } from "./key-pair.js";
import type { ServiceKeyPair } from "./key-pair.js";

/** Writes the private JWK (0600) and the public JWKS (0644) into the out-dir, each atomically. */
export async function writeKeyFiles(outDir: string, pair: ServiceKeyPair): Promise<{ privateFile: string; publicFile: string }> {
  const privateFile = join(outDir, PRIVATE_KEY_FILE);
  const publicFile = join(outDir, PUBLIC_JWKS_FILE);
  // Private first: the public file can always be derived again, a lost private key cannot.
  await writeFileAtomic(privateFile, `${JSON.stringify(privateJwkObject(pair), null, 2)}\n`, { secret: true });
  await writeFileAtomic(publicFile, `${JSON.stringify({ keys: [pair.publicJwk] }, null, 2)}\n`);
  return { privateFile, publicFile };
}

/** The key an earlier run left in the out-dir; undefined when there is none, a UsageError when it is broken. */
export async function readKeyFilesIfPresent(outDir: string): Promise<ServiceKeyPair | undefined> {
  const privateFile = join(outDir, PRIVATE_KEY_FILE);
  try {
    await stat(privateFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    // Anything else (EACCES, ENOTDIR) is reported by the load below with the flag and a fix.
  }
  try {
    return await loadServiceKeyPair(privateFile, { flag: "--out-dir" });
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    throw new UsageError(
      err.message,
      `It is the service app's key from an earlier run. Restore it from a backup, or move it away so init makes a new key (and replaces the key registered on the service app).`,
    );
  }
}

/** The private JWK as one line starting with "{": the exact value OpenMetadata's Okta `privateKey` expects. */
export function compactPrivateJwk(pair: ServiceKeyPair): Secret {
  // okta-sdk-python treats the value as a JWK only when its first character is "{", and a JWKS
  // wrapper would parse but fail in jwk.construct, so the single key is re-serialised compactly.
  return new Secret(JSON.stringify(privateJwkObject(pair)));
}

function privateJwkObject(pair: ServiceKeyPair): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(pair.privateJwk.reveal());
  } catch {
    parsed = undefined; // SyntaxError quotes the text, which here is the private key
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new TypeError("ServiceKeyPair.privateJwk is not a JWK object");
  }
  return parsed as Record<string, unknown>;
}
