// The inputs the golden OpenMetadata files are rendered from, shared by the golden, key-rule and Helm
// schema tests. One golden directory per version in GOLDEN_VERSIONS (test/fixtures/om-golden/).
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { expect } from "vitest";
import { Secret } from "../../src/secret.js";
import type { GeneratedFile } from "../../src/openmetadata/generated-file.js";
import type { OmConfigInput } from "../../src/openmetadata/om-config-input.js";
import { omFeatures, parseOmVersion } from "../../src/openmetadata/om-version.js";

/** The issue's versions: 0.13 → 1.5 as checked first, then one per line that changed Okta's settings, 1.6 → 2.0. */
export const GOLDEN_VERSIONS = ["0.13.2", "1.0.5", "1.1.1", "1.2.5", "1.3.0", "1.5.0", "1.6.13", "1.9.17", "1.10.7", "1.13.5", "2.0.2"] as const;
export const ISSUER = "https://dev-1.okta.com/oauth2/aus1a2b3c4d5e6f7g8h9";
export const ORG_ISSUER = "https://dev-1.okta.com";
export const SPA = "0oaSpa1a2b3c4d5e6f7g";
export const SERVICE = "0oaSvc1A2B3C4D5E6F7G";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
export const privateJwk = privateKey.export({ format: "jwk" });
export const publicJwk = publicKey.export({ format: "jwk" });
export const PRIVATE_JWK_TEXT = JSON.stringify({ ...privateJwk, kid: "test-kid", alg: "RS256", use: "sig" });
// A syntactically valid JWT that must never appear outside the 0600 files.
export const BOT_JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJpbmdlc3Rpb24tYm90IiwiaXNCb3QiOnRydWV9.c2lnbmF0dXJlLWNhbmFyeS0xMjM0NTY3ODkw";
export const CANARIES = [privateJwk.d, privateJwk.p, privateJwk.q, privateJwk.dp, privateJwk.dq, privateJwk.qi, BOT_JWT].map(String);

export function input(version: string, overrides: Partial<OmConfigInput> = {}): OmConfigInput {
  const v = parseOmVersion(version);
  const okta = omFeatures(v).oktaIngestion;
  return {
    omUrl: "https://om.example.com/",
    omVersion: v,
    issuer: ISSUER,
    spaClientId: SPA,
    serviceClientId: okta ? SERVICE : undefined,
    privateKeyJwk: okta ? new Secret(PRIVATE_JWK_TEXT) : undefined,
    botEmail: "ingestion-bot@example.com",
    adminPrincipals: ["admin", "alice"],
    principalDomain: "example.com",
    hasDefaultScope: true,
    scope: "openmetadata",
    deployFiles: ["docker", "bare-metal", "helm"],
    ...overrides,
  };
}

/**
 * 1.3.0 and 1.9.17 show the jwtToken placeholder; 1.5.0 and 2.0.2 a real bot JWT (1.5.0 also a service
 * app kept by --service-app); 1.10.7, the release that fixed the org-server check, uses the org
 * authorization server.
 */
export function goldenInput(version: string): OmConfigInput {
  if (version === "1.5.0") return input(version, { omBotJwt: new Secret(BOT_JWT), serviceClientId: SERVICE });
  if (version === "2.0.2") return input(version, { omBotJwt: new Secret(BOT_JWT) });
  if (version === "1.10.7") return input(version, { issuer: ORG_ISSUER });
  return input(version);
}

export function normalise(text: string): string {
  return text.split(PRIVATE_JWK_TEXT).join("<PRIVATE-JWK>").split(BOT_JWT).join("<BOT-JWT>");
}

export function byName(files: GeneratedFile[], name: string): GeneratedFile {
  const file = files.find((f) => f.name === name);
  if (!file) throw new Error(`no ${name}`);
  return file;
}

const GOLDEN_DIR = new URL("../fixtures/om-golden/", import.meta.url);
const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === "1";

export function compareGolden(version: string, name: string, actual: string): void {
  const url = new URL(`${version}/${name}`, GOLDEN_DIR);
  if (UPDATE_GOLDEN) {
    mkdirSync(new URL(`${version}/`, GOLDEN_DIR), { recursive: true });
    writeFileSync(url, actual);
    return;
  }
  if (!existsSync(url)) throw new Error(`missing golden ${version}/${name}; run with UPDATE_GOLDEN=1`);
  expect(actual).toBe(readFileSync(url, "utf8"));
}
