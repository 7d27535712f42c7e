import { randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Id prefixes Okta uses for the object kinds the sandbox serves (see the recordings' README). */
export const ID_PREFIX = {
  app: "0oa",
  authServer: "aus",
  scope: "scp",
  policy: "00p",
  rule: "0pr",
  grant: "oag",
  trustedOrigin: "tos",
  group: "00g",
  user: "00u",
  org: "00o",
  jwk: "pks",
  clientSecret: "ocs",
  error: "oae",
} as const;

export type IdKind = keyof typeof ID_PREFIX;

/** Random alphanumeric string of `length` characters (Okta ids are [A-Za-z0-9]). */
export function randomAlnum(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    // 248 = 4 * 62: reject the tail so every character is equally likely.
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out.length === length ? out : out + randomAlnum(length - out.length);
}

/**
 * Okta object ids are 20 characters: a 3-character type prefix, 14 random characters and a
 * 3-character suffix shared by every object of one org (e.g. `…1d7`). Error ids are `oae` + 22.
 */
export function makeId(kind: IdKind, orgSuffix: string): string {
  if (kind === "error") return ID_PREFIX.error + randomAlnum(22);
  return ID_PREFIX[kind] + randomAlnum(14) + orgSuffix;
}

/** A fresh org suffix: one digit, one lowercase letter, one digit, like the recorded `1d7`. */
export function makeOrgSuffix(): string {
  const digit = (): string => String(randomBytes(1)[0]! % 10);
  const letter = String.fromCharCode(97 + (randomBytes(1)[0]! % 26));
  return digit() + letter + digit();
}
