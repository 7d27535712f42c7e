// Self-signed X.509 v3 certificate for the sandbox's optional HTTPS mode, built with node:crypto
// and a hand-rolled DER encoder because no openssl binary or npm package may be relied on at runtime.
import { X509Certificate, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { isIP } from "node:net";

import {
  bitString,
  boolean,
  contextExplicit,
  contextImplicit,
  generalizedTime,
  ia5String,
  integer,
  objectIdentifier,
  octetString,
  sequence,
  set,
  utcTime,
  utf8String,
} from "./der.js";

export interface SelfSignedCertificate {
  certPem: string;
  keyPem: string;
  fingerprint256: string;
}

export interface SelfSignedCertificateOptions {
  /** IP addresses and DNS names for subjectAltName. Default: 127.0.0.1, localhost, ::1. */
  hosts?: string[];
  /** Validity in days from `now`. Default: 30. */
  days?: number;
  /** Subject and issuer CN. Default: "okta-om-setup sandbox". */
  commonName?: string;
  /** Clock override for tests. Default: the current time. */
  now?: Date;
}

const DEFAULT_HOSTS: readonly string[] = ["127.0.0.1", "localhost", "::1"];
const DEFAULT_DAYS = 30;
const DEFAULT_COMMON_NAME = "okta-om-setup sandbox";
// Backdated so that a client whose clock is slightly behind still accepts a fresh certificate.
const CLOCK_SKEW_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
// ub-common-name in RFC 5280 Appendix A.
const MAX_COMMON_NAME_LENGTH = 64;

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectAltName: "2.5.29.17",
  serverAuth: "1.3.6.1.5.5.7.3.1",
} as const;

export function createSelfSignedCertificate(options: SelfSignedCertificateOptions = {}): SelfSignedCertificate {
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new RangeError("now must be a valid Date");
  const days = options.days ?? DEFAULT_DAYS;
  if (!Number.isFinite(days) || days <= 0) throw new RangeError(`days must be a positive number, got ${days}`);
  const commonName = options.commonName ?? DEFAULT_COMMON_NAME;
  if (commonName.length === 0 || commonName.length > MAX_COMMON_NAME_LENGTH) {
    throw new RangeError(`commonName must be 1-${MAX_COMMON_NAME_LENGTH} characters`);
  }
  // Validate hosts before the (comparatively slow) key generation.
  const subjectAltNames = encodeGeneralNames(options.hosts ?? DEFAULT_HOSTS);

  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });

  // ecdsa-with-SHA256 takes no parameters at all (RFC 5758 3.2), not even NULL.
  const signatureAlgorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));
  const name = sequence(set(sequence(objectIdentifier(OID.commonName), utf8String(commonName))));
  const notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  const notAfter = new Date(now.getTime() + days * DAY_MS);

  const tbsCertificate = sequence(
    contextExplicit(0, integer(2)), // version v3
    integer(randomSerial()),
    signatureAlgorithm,
    name, // issuer
    sequence(x509Time(notBefore), x509Time(notAfter)),
    name, // subject: identical to the issuer, which is what makes it self-signed
    publicKey.export({ type: "spki", format: "der" }),
    contextExplicit(
      3,
      sequence(
        extension(OID.basicConstraints, true, sequence()), // cA defaults to FALSE, so DER omits it
        // digitalSignature is bit 0; DER drops trailing zero bits, leaving one octet with 7 unused bits.
        extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 7)),
        extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.serverAuth))),
        extension(OID.subjectAltName, false, subjectAltNames),
      ),
    ),
  );

  // For EC keys node:crypto already emits the X.509 form, DER SEQUENCE { r INTEGER, s INTEGER };
  // dsaEncoding is spelled out so a changed default could never yield raw r||s.
  const signature = sign("sha256", tbsCertificate, { key: privateKey, dsaEncoding: "der" });
  const certificate = sequence(tbsCertificate, signatureAlgorithm, bitString(signature));

  const certPem = toPem("CERTIFICATE", certificate);
  const exportedKey = privateKey.export({ type: "pkcs8", format: "pem" });
  const keyPem = typeof exportedKey === "string" ? exportedKey : exportedKey.toString("utf8");
  // Parsing our own output doubles as a self-check: a malformed encoding throws here, not in a client.
  const { fingerprint256 } = new X509Certificate(certPem);
  return { certPem, keyPem, fingerprint256 };
}

/** 16 random bytes, top bit cleared (serials must be positive) and next bit set so it always encodes as 16 bytes. */
function randomSerial(): Buffer {
  const serial = randomBytes(16);
  serial.writeUInt8((serial.readUInt8(0) & 0x7f) | 0x40, 0);
  return serial;
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 (only reachable with very long validity). */
function x509Time(date: Date): Buffer {
  return date.getUTCFullYear() < 2050 ? utcTime(date) : generalizedTime(date);
}

function extension(oid: string, critical: boolean, value: Uint8Array): Buffer {
  // critical is BOOLEAN DEFAULT FALSE, and DER forbids encoding a default value.
  return critical
    ? sequence(objectIdentifier(oid), boolean(true), octetString(value))
    : sequence(objectIdentifier(oid), octetString(value));
}

/** GeneralNames for subjectAltName: iPAddress [7] for literal IPs, dNSName [2] for everything else. */
function encodeGeneralNames(hosts: readonly string[]): Buffer {
  if (hosts.length === 0) throw new RangeError("hosts must list at least one IP address or DNS name");
  const seen = new Set<string>();
  const names: Buffer[] = [];
  for (const host of hosts) {
    const version = isIP(host);
    let name: Buffer;
    if (version !== 0) {
      // Node's isIP accepts IPv6 zone ids ("fe80::1%eth0"), which have no meaning in a certificate.
      if (host.includes("%")) throw new RangeError(`IPv6 zone ids are not allowed in a certificate: ${host}`);
      name = contextImplicit(7, version === 4 ? parseIPv4(host) : parseIPv6(host));
    } else {
      name = contextImplicit(2, Buffer.from(normalizeDnsName(host), "ascii"));
    }
    // Equal encodings mean the same name ("::1" and "0:0::1", "LocalHost" and "localhost").
    const key = name.toString("hex");
    if (!seen.has(key)) {
      seen.add(key);
      names.push(name);
    }
  }
  return sequence(...names);
}

// A (possibly wildcarded) LDH host name; IA5String only, so IDNs must arrive as punycode.
const DNS_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const DNS_NAME = new RegExp(`^(?:\\*\\.)?${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);

function normalizeDnsName(host: string): string {
  const name = host.toLowerCase();
  if (name.length > 253 || !DNS_NAME.test(name)) {
    throw new RangeError(`Not a valid IP address or DNS name for a certificate: ${JSON.stringify(host)}`);
  }
  // Make sure it is encodable; the regex already guarantees ASCII.
  ia5String(name);
  return name;
}

function parseIPv4(address: string): Buffer {
  const octets = address.split(".").map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) {
    throw new RangeError(`Invalid IPv4 address: ${address}`);
  }
  return Buffer.from(octets);
}

function parseIPv6(address: string): Buffer {
  const invalid = (): RangeError => new RangeError(`Invalid IPv6 address: ${address}`);
  const halves = address.split("::");
  if (halves.length > 2) throw invalid();
  const toGroups = (part: string): number[] => {
    if (part === "") return [];
    const groups: number[] = [];
    for (const piece of part.split(":")) {
      if (piece.includes(".")) {
        // Embedded IPv4 tail, e.g. ::ffff:192.0.2.1, supplies the last two 16-bit groups.
        const [a = 0, b = 0, c = 0, d = 0] = parseIPv4(piece);
        groups.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        throw invalid();
      }
    }
    return groups;
  };
  const head = toGroups(halves[0] ?? "");
  const tail = halves.length === 2 ? toGroups(halves[1] ?? "") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) throw invalid();
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, i) => bytes.writeUInt16BE(group, i * 2));
  return bytes;
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
