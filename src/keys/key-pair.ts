import { createHash, generateKeyPair } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { Secret } from "../secret.js";
import { exportRsaJwk, parsePrivateRsaKey } from "./parse-private-key.js";
import type { RsaPrivateJwkParts } from "./parse-private-key.js";

// Only node:crypto here, no jose: the CLI imports this at start-up and RFC 7638 is one sha256.

/** The service app's signing key: OpenMetadata signs client assertions with the private half, Okta holds the public one. */
export interface ServiceKeyPair {
  kid: string;
  /** Private JWK: kty, n, e, d, p, q, dp, dq, qi, kid, alg "RS256", use "sig". Never print it. */
  privateJwk: Secret;
  publicJwk: PublicJwk;
  modulusLength: number;
}

/** The public JWK registered on the service app. */
export interface PublicJwk {
  kty: "RSA";
  n: string;
  e: string;
  kid: string;
  alg: "RS256";
  use: "sig";
}

const MODULUS_LENGTH = 2048;
// A key file is a few KiB; refusing big files early keeps a wrong path from being read into memory.
const MAX_KEY_FILE_BYTES = 1024 * 1024;

/** Generates a fresh RSA-2048 key off the main thread (libuv pool), so it overlaps other start-up work. */
export async function generateServiceKeyPair(options: { kid?: string } = {}): Promise<ServiceKeyPair> {
  const privateKey = await new Promise<KeyObject>((resolve, reject) => {
    generateKeyPair("rsa", { modulusLength: MODULUS_LENGTH, publicExponent: 0x10001 }, (err, _publicKey, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
  const parts = exportRsaJwk(privateKey);
  if (!parts) throw new Error("node:crypto exported an incomplete RSA JWK");
  return buildPair(parts, MODULUS_LENGTH, await resolveKid(parts, options.kid));
}

/** Loads a private RSA key (JWK, one-key JWKS, PKCS#8 or PKCS#1 PEM), refusing with a UsageError that names `flag`. */
export async function loadServiceKeyPair(file: string, options: { kid?: string; flag?: string } = {}): Promise<ServiceKeyPair> {
  const source = { file, flag: options.flag ?? "--key-file" };
  const text = await readKeyText(source);
  const parsed = parsePrivateRsaKey(text, source);
  return buildPair(parsed.jwk, parsed.modulusLength, await resolveKid(parsed.jwk, options.kid ?? parsed.kid));
}

/** True when both JWKs carry the same RSA key material (n, e); kid, alg and use are ignored. */
export function publicJwkEquals(a: { n?: unknown; e?: unknown }, b: { n?: unknown; e?: unknown }): boolean {
  const [an, ae, bn, be] = [a.n, a.e, b.n, b.e].map(toUnsigned);
  return an !== undefined && ae !== undefined && an === bn && ae === be;
}

/** The RFC 7638 JWK thumbprint (sha256, base64url) of an RSA public key; other members are ignored. */
export function thumbprint(jwk: { kty: "RSA"; n: string; e: string }): Promise<string> {
  if (typeof jwk.n !== "string" || typeof jwk.e !== "string") return Promise.reject(new TypeError("RSA JWK needs string n and e"));
  // RFC 7638 §3.2: required members only, lexicographic order, no whitespace.
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return Promise.resolve(createHash("sha256").update(canonical).digest("base64url"));
}

async function readKeyText(source: { file: string; flag: string }): Promise<string> {
  const { file, flag } = source;
  const fix = `Pass the path of the service app's private RSA key, or leave ${flag} out to generate one.`;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`${flag}: ${file} is not a file.`, fix);
    if (info.size > MAX_KEY_FILE_BYTES) throw new UsageError(`${flag}: ${file} is too large to be a key file.`, fix);
    return await readFile(file, "utf8");
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`${flag}: ${file} does not exist.`, fix);
    throw new UsageError(`${flag}: ${file} cannot be read (${code ?? "unknown error"}).`, "Check the path and its permissions.");
  }
}

async function resolveKid(parts: RsaPrivateJwkParts, kid: string | undefined): Promise<string> {
  if (kid === undefined) return thumbprint(parts);
  if (kid.trim() === "") throw new UsageError("--kid must not be empty.", "Leave --kid out to use the key's RFC 7638 thumbprint.");
  return kid;
}

function buildPair(parts: RsaPrivateJwkParts, modulusLength: number, kid: string): ServiceKeyPair {
  const { kty, n, e, d, p, q, dp, dq, qi } = parts;
  const privateJwk = { kty, n, e, d, p, q, dp, dq, qi, kid, alg: "RS256", use: "sig" };
  return {
    kid,
    privateJwk: new Secret(JSON.stringify(privateJwk)),
    publicJwk: { kty, n, e, kid, alg: "RS256", use: "sig" },
    modulusLength,
  };
}

// Leading zero octets do not change the integer; some tools emit them, so compare without them.
function toUnsigned(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const hex = Buffer.from(value, "base64url").toString("hex").replace(/^(00)+/, "");
  return hex === "" ? undefined : hex;
}
