// Minimal DER (ITU-T X.690) encoder covering only what an X.509 v3 certificate needs.
// The sandbox may not shell out to openssl nor pull in an ASN.1 package, so certificates
// are assembled byte by byte from these helpers. Every helper returns a complete TLV.

const TAG_BOOLEAN = 0x01;
const TAG_INTEGER = 0x02;
const TAG_BIT_STRING = 0x03;
const TAG_OCTET_STRING = 0x04;
const TAG_OID = 0x06;
const TAG_UTF8_STRING = 0x0c;
const TAG_SEQUENCE = 0x30;
const TAG_SET = 0x31;
const TAG_IA5_STRING = 0x16;
const TAG_UTC_TIME = 0x17;
const TAG_GENERALIZED_TIME = 0x18;

/** DER length octets: short form below 128, otherwise the minimal long form. */
export function encodeLength(length: number): Buffer {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`DER length must be a non-negative integer, got ${length}`);
  }
  if (length < 0x80) return Buffer.from([length]);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([0x80 | octets.length, ...octets]);
}

/** Tag + length + content. Only single-octet tags are needed (tag numbers 0-30). */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export function sequence(...items: Uint8Array[]): Buffer {
  return tlv(TAG_SEQUENCE, Buffer.concat(items));
}

/**
 * SET OF. DER wants the elements sorted by their encodings; callers here only ever pass a
 * single element (one attribute per RDN), but sort anyway so the helper is never wrong.
 */
export function set(...items: Uint8Array[]): Buffer {
  const sorted = [...items].sort((a, b) => Buffer.compare(a, b));
  return tlv(TAG_SET, Buffer.concat(sorted));
}

export function boolean(value: boolean): Buffer {
  // DER fixes TRUE to 0xff (BER would accept any non-zero octet).
  return tlv(TAG_BOOLEAN, Buffer.from([value ? 0xff : 0x00]));
}

/**
 * Non-negative INTEGER. A byte array is read as an unsigned big-endian magnitude, so random
 * serial numbers can be passed directly. The encoding is minimal: redundant leading zero
 * octets are dropped and one is added back when the top bit would otherwise read as a sign.
 */
export function integer(value: number | bigint | Uint8Array): Buffer {
  let magnitude: Buffer;
  if (value instanceof Uint8Array) {
    magnitude = Buffer.from(value);
  } else {
    let n = BigInt(value);
    if (n < 0n) throw new RangeError("Only non-negative DER integers are supported");
    const octets: number[] = [];
    do {
      octets.unshift(Number(n & 0xffn));
      n >>= 8n;
    } while (n > 0n);
    magnitude = Buffer.from(octets);
  }
  let start = 0;
  while (start < magnitude.length - 1 && magnitude.readUInt8(start) === 0) start++;
  let content = magnitude.subarray(start);
  if (content.length === 0) content = Buffer.from([0]);
  if ((content.readUInt8(0) & 0x80) !== 0) content = Buffer.concat([Buffer.from([0]), content]);
  return tlv(TAG_INTEGER, content);
}

/** OBJECT IDENTIFIER from dotted form, e.g. "1.2.840.10045.4.3.2". */
export function objectIdentifier(dotted: string): Buffer {
  if (!/^\d+(\.\d+)+$/.test(dotted)) throw new RangeError(`Invalid OID: ${dotted}`);
  const arcs = dotted.split(".").map((arc) => BigInt(arc));
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || first > 2n || (first < 2n && second >= 40n)) {
    throw new RangeError(`Invalid OID: ${dotted}`);
  }
  const octets: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    // Base-128, most significant group first, continuation bit on all but the last group.
    const groups: number[] = [];
    let n = arc;
    do {
      groups.unshift(Number(n & 0x7fn));
      n >>= 7n;
    } while (n > 0n);
    groups.forEach((group, i) => octets.push(i < groups.length - 1 ? group | 0x80 : group));
  }
  return tlv(TAG_OID, Buffer.from(octets));
}

/** BIT STRING; the first content octet says how many trailing bits of the last octet are padding. */
export function bitString(bytes: Uint8Array, unusedBits = 0): Buffer {
  if (!Number.isInteger(unusedBits) || unusedBits < 0 || unusedBits > 7 || (bytes.length === 0 && unusedBits !== 0)) {
    throw new RangeError(`Invalid unused-bit count ${unusedBits} for a ${bytes.length}-byte BIT STRING`);
  }
  return tlv(TAG_BIT_STRING, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

export function octetString(bytes: Uint8Array): Buffer {
  return tlv(TAG_OCTET_STRING, bytes);
}

export function utf8String(text: string): Buffer {
  return tlv(TAG_UTF8_STRING, Buffer.from(text, "utf8"));
}

export function ia5String(text: string): Buffer {
  // IA5 is 7-bit ASCII; silently transcoding anything else would produce a different name.
  if ([...text].some((ch) => ch.charCodeAt(0) > 0x7f)) throw new RangeError(`Not an IA5 (ASCII) string: ${text}`);
  return tlv(TAG_IA5_STRING, Buffer.from(text, "ascii"));
}

/** [n] EXPLICIT: a constructed context tag wrapping an already encoded TLV. */
export function contextExplicit(tagNumber: number, encoded: Uint8Array): Buffer {
  return tlv(0xa0 | contextTagNumber(tagNumber), encoded);
}

/** [n] IMPLICIT over a primitive type: the context tag replaces the type's own tag. */
export function contextImplicit(tagNumber: number, content: Uint8Array): Buffer {
  return tlv(0x80 | contextTagNumber(tagNumber), content);
}

function contextTagNumber(tagNumber: number): number {
  if (!Number.isInteger(tagNumber) || tagNumber < 0 || tagNumber > 30) {
    throw new RangeError(`Context tag number out of range: ${tagNumber}`);
  }
  return tagNumber;
}

/** UTCTime "YYMMDDHHMMSSZ" (RFC 5280 form: seconds present, always Zulu, no fraction). */
export function utcTime(date: Date): Buffer {
  const year = checkedDate(date).getUTCFullYear();
  // Two-digit years are read as 1950-2049 (RFC 5280 4.1.2.5.1), so nothing else is representable.
  if (year < 1950 || year > 2049) throw new RangeError(`UTCTime cannot represent year ${year}`);
  return tlv(TAG_UTC_TIME, Buffer.from(timeDigits(date).slice(2) + "Z", "ascii"));
}

/** GeneralizedTime "YYYYMMDDHHMMSSZ", which RFC 5280 requires for dates from 2050 on. */
export function generalizedTime(date: Date): Buffer {
  const year = checkedDate(date).getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`GeneralizedTime cannot represent year ${year}`);
  return tlv(TAG_GENERALIZED_TIME, Buffer.from(timeDigits(date) + "Z", "ascii"));
}

function checkedDate(date: Date): Date {
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid date");
  return date;
}

function timeDigits(date: Date): string {
  const pad = (n: number, width = 2): string => String(n).padStart(width, "0");
  return (
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds())
  );
}
