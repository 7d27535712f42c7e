import { createPrivateKey } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { UsageError } from "../errors.js";

/** The private members of an RSA JWK, in the order we write them. */
export interface RsaPrivateJwkParts {
  kty: "RSA";
  n: string;
  e: string;
  d: string;
  p: string;
  q: string;
  dp: string;
  dq: string;
  qi: string;
}

export interface ParsedPrivateKey {
  jwk: RsaPrivateJwkParts;
  modulusLength: number;
  /** The kid the file's JWK carried, if any (PEM has none). */
  kid?: string;
}

/** Where the text came from, for messages: the file path and the flag that named it. */
export interface KeySource {
  file: string;
  flag: string;
}

export const MIN_MODULUS_LENGTH = 2048;

const ACCEPTED_FORMATS = "Pass a private RSA JWK, a JWKS with exactly one private RSA key, or a PEM (BEGIN PRIVATE KEY / BEGIN RSA PRIVATE KEY).";
const GENERATE_HINT = "Leave the flag out to generate a fresh RSA-2048 key, or make one with: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out service-app.pem";
const JWK_MEMBERS = ["n", "e", "d", "p", "q", "dp", "dq", "qi"] as const;

// Messages name the file and the flag only: parser errors (JSON.parse, OpenSSL, node's type checks)
// quote the input, so none of them is ever passed on, not even as a cause.
function refuse(source: KeySource, what: string, hint: string): UsageError {
  return new UsageError(`${source.flag}: ${source.file} ${what}`, hint);
}

/** Parses a key file's text into one private RSA JWK, refusing anything Okta or OpenMetadata would reject. */
export function parsePrivateRsaKey(text: string, source: KeySource): ParsedPrivateKey {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) return parseJson(trimmed, source);
  if (trimmed.includes("-----BEGIN ")) return parsePem(trimmed, source);
  throw refuse(source, "is not a private RSA key.", ACCEPTED_FORMATS);
}

function parseJson(text: string, source: KeySource): ParsedPrivateKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw refuse(source, "is not valid JSON.", ACCEPTED_FORMATS);
  }
  if (!isRecord(parsed)) throw refuse(source, "is not a private RSA key.", ACCEPTED_FORMATS);
  let jwk: Record<string, unknown> = parsed;
  if ("keys" in parsed) {
    const keys = parsed.keys;
    if (!Array.isArray(keys)) throw refuse(source, 'has a "keys" member that is not a list.', ACCEPTED_FORMATS);
    if (keys.length !== 1) {
      throw refuse(
        source,
        `is a JWKS with ${keys.length} keys; ${source.flag} needs exactly one private key.`,
        "Keep only the key the service app signs with (OpenMetadata sends no kid, so Okta must find exactly one key).",
      );
    }
    const only: unknown = keys[0];
    if (!isRecord(only)) throw refuse(source, "is not a private RSA key.", ACCEPTED_FORMATS);
    jwk = only;
  }
  checkKeyType(jwk.kty, source);
  if (jwk.d === undefined) throw publicOnly(source);
  for (const member of JWK_MEMBERS) {
    if (typeof jwk[member] !== "string" || jwk[member] === "") {
      throw refuse(source, `is not a complete private RSA JWK (member "${member}" is missing or not a string).`, ACCEPTED_FORMATS);
    }
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: { ...jwk, kty: "RSA" }, format: "jwk" });
  } catch {
    throw refuse(source, "holds an RSA JWK that cannot be imported.", ACCEPTED_FORMATS);
  }
  const kid = typeof jwk.kid === "string" && jwk.kid.trim() !== "" ? jwk.kid : undefined;
  return { ...fromKeyObject(key, source), kid };
}

function parsePem(text: string, source: KeySource): ParsedPrivateKey {
  if (text.includes("ENCRYPTED PRIVATE KEY") || text.includes("Proc-Type: 4,ENCRYPTED")) {
    throw refuse(source, `is a passphrase-protected PEM; ${source.flag} needs an unencrypted key.`, "Decrypt a copy with: openssl pkey -in ENCRYPTED.pem -out service-app.pem (and keep it mode 0600).");
  }
  if (/-----BEGIN EC PRIVATE KEY-----/.test(text)) throw notRsa(source, "an EC key");
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(text)) {
    if (/-----BEGIN (RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(text)) throw publicOnly(source);
    throw refuse(source, "is not a private RSA key.", ACCEPTED_FORMATS);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: "pem" });
  } catch {
    throw refuse(source, "holds a PEM that cannot be parsed.", ACCEPTED_FORMATS);
  }
  return fromKeyObject(key, source);
}

function fromKeyObject(key: KeyObject, source: KeySource): ParsedPrivateKey {
  if (key.asymmetricKeyType === "rsa-pss") {
    throw refuse(source, "holds an RSA-PSS key, which cannot sign RS256.", GENERATE_HINT);
  }
  if (key.asymmetricKeyType !== "rsa") throw notRsa(source, describeKeyType(key.asymmetricKeyType));
  const modulusLength = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (modulusLength < MIN_MODULUS_LENGTH) {
    throw refuse(source, `holds a ${modulusLength}-bit RSA key; Okta rejects RSA keys shorter than ${MIN_MODULUS_LENGTH} bits.`, GENERATE_HINT);
  }
  const jwk = exportRsaJwk(key);
  if (!jwk || !isConsistent(jwk)) {
    throw refuse(source, "holds an RSA key whose parts do not belong together (n, d, p, q, dp, dq, qi disagree).", GENERATE_HINT);
  }
  return { jwk, modulusLength };
}

/** Exports a node:crypto RSA private key as JWK members, or undefined if any member is missing. */
export function exportRsaJwk(key: KeyObject): RsaPrivateJwkParts | undefined {
  const raw = key.export({ format: "jwk" });
  const { n, e, d, p, q, dp, dq, qi } = raw;
  if (!n || !e || !d || !p || !q || !dp || !dq || !qi) return undefined;
  return { kty: "RSA", n, e, d, p, q, dp, dq, qi };
}

// OpenSSL imports a JWK with a wrong d (or dp, dq) without complaint and even signs correctly through
// the CRT parts, while python-jose on the OpenMetadata side refuses such a key; catch it here instead.
function isConsistent(jwk: RsaPrivateJwkParts): boolean {
  const [n, e, d, p, q, dp, dq, qi] = JWK_MEMBERS.map((member) => toBigInt(jwk[member]));
  if (n === undefined || e === undefined || d === undefined || p === undefined || q === undefined) return false;
  if (dp === undefined || dq === undefined || qi === undefined || p < 2n || q < 2n) return false;
  const p1 = p - 1n;
  const q1 = q - 1n;
  return p * q === n && (d * e) % p1 === 1n % p1 && (d * e) % q1 === 1n % q1 && d % p1 === dp && d % q1 === dq && (qi * q) % p === 1n;
}

function toBigInt(base64url: string): bigint | undefined {
  const hex = Buffer.from(base64url, "base64url").toString("hex");
  return hex === "" ? undefined : BigInt(`0x${hex}`);
}

function checkKeyType(kty: unknown, source: KeySource): void {
  if (kty === "RSA") return;
  if (kty === "EC" || kty === "OKP") throw notRsa(source, `an ${kty} key`);
  if (kty === "oct") throw notRsa(source, "a symmetric (oct) key");
  throw refuse(source, "is not a private RSA key.", ACCEPTED_FORMATS);
}

function describeKeyType(type: string | undefined): string {
  if (type === "ec") return "an EC key";
  if (type === "ed25519" || type === "ed448") return `an ${type === "ed25519" ? "Ed25519" : "Ed448"} key`;
  return type ? `a ${type.toUpperCase()} key` : "a non-RSA key";
}

function notRsa(source: KeySource, what: string): UsageError {
  return refuse(source, `holds ${what}; OpenMetadata's Okta ingestion signs with RS256, which needs an RSA key.`, GENERATE_HINT);
}

function publicOnly(source: KeySource): UsageError {
  return refuse(
    source,
    `holds a public key; ${source.flag} needs the private key.`,
    "Pass the private half: a JWK with \"d\", or a PEM starting with BEGIN PRIVATE KEY / BEGIN RSA PRIVATE KEY.",
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
