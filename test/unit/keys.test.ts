import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { fc, test as fcTest } from "@fast-check/vitest";
import { SignJWT, calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";

import { UsageError } from "../../src/errors.js";
import { compactPrivateJwk, readKeyFilesIfPresent, writeKeyFiles } from "../../src/keys/key-files.js";
import { generateServiceKeyPair, loadServiceKeyPair, publicJwkEquals, thumbprint } from "../../src/keys/key-pair.js";
import type { ServiceKeyPair } from "../../src/keys/key-pair.js";
import { PRIVATE_KEY_FILE, PUBLIC_JWKS_FILE } from "../../src/manifest/manifest.js";
import { resolveServiceKey, startNewKeyEarly } from "../../src/init/resources/service-key.js";

type Jwk = Record<string, string>;

let pair: ServiceKeyPair;
let privateJwk: Jwk;
let keyObject: KeyObject;
let dir: string;

beforeAll(async () => {
  pair = await generateServiceKeyPair();
  privateJwk = JSON.parse(pair.privateJwk.reveal()) as Jwk;
  keyObject = createPrivateKey({ key: privateJwk, format: "jwk" });
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "okta-om-keys-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

function rsaPublicOnly(jwk: Jwk): Jwk {
  return { kty: "RSA", n: jwk.n ?? "", e: jwk.e ?? "", kid: jwk.kid ?? "" };
}

async function refusal(promise: Promise<unknown>): Promise<UsageError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  return err as UsageError;
}

describe("generateServiceKeyPair", () => {
  test("makes an RSA-2048 RS256 signing key whose kid is the RFC 7638 thumbprint", async () => {
    expect(pair.modulusLength).toBe(2048);
    expect(keyObject.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(Object.keys(pair.publicJwk)).toEqual(["kty", "n", "e", "kid", "alg", "use"]);
    expect(pair.publicJwk).toMatchObject({ kty: "RSA", e: "AQAB", alg: "RS256", use: "sig", kid: pair.kid });
    expect(Buffer.from(pair.publicJwk.n, "base64url")).toHaveLength(256);
    expect(Object.keys(privateJwk)).toEqual(["kty", "n", "e", "d", "p", "q", "dp", "dq", "qi", "kid", "alg", "use"]);
    expect(privateJwk).toMatchObject({ n: pair.publicJwk.n, e: "AQAB", kid: pair.kid, alg: "RS256", use: "sig" });

    const { kty, n, e } = pair.publicJwk;
    expect(pair.kid).toBe(await calculateJwkThumbprint({ kty, n, e }));
    expect(await thumbprint(pair.publicJwk)).toBe(pair.kid);
  });

  test("signs a JWT (RS256, no kid header, as OpenMetadata does) that verifies with the public JWK", async () => {
    const jwt = await new SignJWT({ jti: "j-1" })
      .setProtectedHeader({ alg: "RS256" })
      .setIssuer("0oa-client")
      .setSubject("0oa-client")
      .setAudience("https://example.okta.com/oauth2/default/v1/token")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(await importJWK(privateJwk, "RS256"));
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: "RS256" });
    const { payload } = await jwtVerify(jwt, await importJWK(pair.publicJwk, "RS256"), { issuer: "0oa-client" });
    expect(payload.sub).toBe("0oa-client");
  });

  test("honours a kid override", async () => {
    const custom = await generateServiceKeyPair({ kid: "om-ingestion-1" });
    expect(custom.kid).toBe("om-ingestion-1");
    expect(custom.publicJwk.kid).toBe("om-ingestion-1");
    expect((JSON.parse(custom.privateJwk.reveal()) as Jwk).kid).toBe("om-ingestion-1");
    await expect(generateServiceKeyPair({ kid: "  " })).rejects.toThrow(/--kid must not be empty/);
  });

  test("runs off the main thread, so the event loop keeps turning while it works", async () => {
    let turns = 0;
    let done = false;
    const spin = (): void => {
      turns += 1;
      if (!done) setImmediate(spin);
    };
    setImmediate(spin);
    await generateServiceKeyPair();
    done = true;
    expect(turns).toBeGreaterThan(1);
  });

  test("never shows the private key through String, JSON or inspect", () => {
    const d = privateJwk.d ?? "";
    expect(d.length).toBeGreaterThan(300);
    expect(String(pair.privateJwk)).toBe("[redacted]");
    expect(JSON.stringify(pair)).not.toContain(d);
    expect(inspect(pair, { depth: 5 })).not.toContain(d);
    expect(`${String(compactPrivateJwk(pair))}`).toBe("[redacted]");
  });
});

describe("loadServiceKeyPair", () => {
  test("accepts a JWK, a compact JWK, a one-key JWKS, PKCS#8 and PKCS#1 PEM, all giving the same key", async () => {
    const files = {
      jwk: write("key.jwk.json", JSON.stringify(privateJwk, null, 2)),
      compact: write("key.compact.json", `\n${JSON.stringify(privateJwk)}`),
      jwks: write("key.jwks.json", JSON.stringify({ keys: [privateJwk] })),
      pkcs8: write("key.pkcs8.pem", keyObject.export({ type: "pkcs8", format: "pem" }).toString()),
      pkcs1: write("key.pkcs1.pem", keyObject.export({ type: "pkcs1", format: "pem" }).toString()),
    };
    for (const [format, file] of Object.entries(files)) {
      const loaded = await loadServiceKeyPair(file);
      expect(publicJwkEquals(loaded.publicJwk, pair.publicJwk), format).toBe(true);
      expect(loaded.publicJwk, format).toEqual(pair.publicJwk);
      expect(loaded.modulusLength).toBe(2048);
      expect(JSON.parse(loaded.privateJwk.reveal()), format).toEqual(privateJwk);
    }
  });

  test("takes the kid from --kid, else from the JWK, else the thumbprint", async () => {
    const named = write("named.json", JSON.stringify({ ...privateJwk, kid: "from-file" }));
    const pem = write("key.pem", keyObject.export({ type: "pkcs8", format: "pem" }).toString());
    expect((await loadServiceKeyPair(named)).kid).toBe("from-file");
    expect((await loadServiceKeyPair(named, { kid: "from-flag" })).publicJwk.kid).toBe("from-flag");
    expect((await loadServiceKeyPair(pem)).kid).toBe(pair.kid);
    expect((await loadServiceKeyPair(pem, { kid: "pem-kid" })).kid).toBe("pem-kid");
  });

  test("accepts a 3072-bit key", async () => {
    const big = generateKeyPairSync("rsa", { modulusLength: 3072 }).privateKey;
    const loaded = await loadServiceKeyPair(write("big.pem", big.export({ type: "pkcs1", format: "pem" }).toString()));
    expect(loaded.modulusLength).toBe(3072);
  });

  describe("refusals name the flag, say what to do and never quote the key", () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const ed = generateKeyPairSync("ed25519").privateKey;
    const short = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
    const pss = generateKeyPairSync("rsa-pss", { modulusLength: 2048 }).privateKey;
    const otherSecrets = [ec, ed, short].map((k) => k.export({ format: "jwk" }).d ?? "");
    const pem = (k: KeyObject, type: "pkcs8" | "pkcs1" | "sec1"): string => k.export({ type, format: "pem" }).toString();

    // Each case: file content (a function, because the shared key only exists after beforeAll), expected text.
    const cases: [string, () => string, RegExp][] = [
      ["public JWK", () => JSON.stringify(rsaPublicOnly(privateJwk)), /holds a public key; --key-file needs the private key/],
      ["public JWKS", () => JSON.stringify({ keys: [pair.publicJwk] }), /holds a public key/],
      ["SPKI PEM", () => createPublicKey(keyObject).export({ type: "spki", format: "pem" }).toString(), /holds a public key/],
      ["PKCS#1 public PEM", () => createPublicKey(keyObject).export({ type: "pkcs1", format: "pem" }).toString(), /holds a public key/],
      ["EC JWK", () => JSON.stringify(ec.export({ format: "jwk" })), /holds an EC key.*RSA/],
      ["EC PKCS#8 PEM", () => pem(ec, "pkcs8"), /holds an EC key/],
      ["EC SEC1 PEM", () => pem(ec, "sec1"), /holds an EC key/],
      ["Ed25519 JWK", () => JSON.stringify(ed.export({ format: "jwk" })), /holds an OKP key/],
      ["RSA-PSS PEM", () => pem(pss, "pkcs8"), /RSA-PSS/],
      ["1024-bit JWK", () => JSON.stringify(short.export({ format: "jwk" })), /1024-bit.*Okta rejects RSA keys shorter than 2048 bits/],
      ["1024-bit PEM", () => pem(short, "pkcs1"), /Okta rejects RSA keys shorter than 2048 bits/],
      ["two-key JWKS", () => JSON.stringify({ keys: [privateJwk, privateJwk] }), /JWKS with 2 keys; --key-file needs exactly one/],
      ["empty JWKS", () => JSON.stringify({ keys: [] }), /JWKS with 0 keys/],
      ["truncated JSON", () => JSON.stringify(privateJwk).slice(0, -20), /not valid JSON/],
      ["bare d value", () => privateJwk.d ?? "", /not a private RSA key/],
      ["garbage", () => "hello, world\n", /not a private RSA key/],
      ["truncated PEM", () => pem(keyObject, "pkcs8").slice(0, 900), /cannot be parsed/],
      ["encrypted PEM", () => keyObject.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" }).toString(), /passphrase-protected/],
      ["JWK without p", () => JSON.stringify({ ...privateJwk, p: undefined }), /member "p" is missing/],
      ["JWK with a numeric n", () => JSON.stringify({ ...privateJwk, n: 5 }), /member "n" is missing or not a string/],
      ["JWK with a wrong d", () => JSON.stringify({ ...privateJwk, d: `${(privateJwk.d ?? "").slice(0, -4)}AAAA` }), /do not belong together/],
      ["JWK with swapped dp/dq", () => JSON.stringify({ ...privateJwk, dp: privateJwk.dq, dq: privateJwk.dp }), /do not belong together/],
      ["JSON array", () => JSON.stringify([privateJwk]), /not a private RSA key/],
    ];

    test.each(cases)("%s", async (_name, content, expected) => {
      const err = await refusal(loadServiceKeyPair(write("key", content())));
      expect(err.message).toMatch(/^--key-file: /);
      expect(err.message).toMatch(expected);
      expect(err.hint).toBeTruthy();
      for (const secret of [privateJwk.d ?? "", ...otherSecrets]) {
        expect(err.message.includes(secret)).toBe(false);
        expect((err.hint ?? "").includes(secret)).toBe(false);
      }
      expect(err.cause).toBeUndefined();
    });
  });

  test("refuses a missing file, a directory and an empty --kid, naming the flag given", async () => {
    const missing = await refusal(loadServiceKeyPair(join(dir, "nope.pem"), { flag: "--mgmt-private-key" }));
    expect(missing.message).toMatch(/^--mgmt-private-key: .*nope\.pem does not exist/);
    expect(missing.hint).toMatch(/--mgmt-private-key/);
    mkdirSync(join(dir, "sub"));
    expect((await refusal(loadServiceKeyPair(join(dir, "sub")))).message).toMatch(/^--key-file: .* is not a file/);
    const file = write("ok.json", JSON.stringify(privateJwk));
    expect((await refusal(loadServiceKeyPair(file, { kid: "" }))).message).toMatch(/--kid/);
  });
});

describe("key files", () => {
  test("writes the private JWK 0600 and the public JWKS 0644, and reads them back", async () => {
    const out = join(dir, "out");
    expect(await readKeyFilesIfPresent(out)).toBeUndefined();
    const { privateFile, publicFile } = await writeKeyFiles(out, pair);
    expect(privateFile).toBe(join(out, PRIVATE_KEY_FILE));
    expect(publicFile).toBe(join(out, PUBLIC_JWKS_FILE));
    expect(statSync(privateFile).mode & 0o777).toBe(0o600);
    expect(statSync(publicFile).mode & 0o777).toBe(0o644);
    expect(JSON.parse(readFileSync(privateFile, "utf8"))).toEqual(privateJwk);
    expect(JSON.parse(readFileSync(publicFile, "utf8"))).toEqual({ keys: [pair.publicJwk] });

    const again = await readKeyFilesIfPresent(out);
    expect(again?.kid).toBe(pair.kid);
    expect(again?.publicJwk).toEqual(pair.publicJwk);
    expect(again?.privateJwk.reveal()).toBe(pair.privateJwk.reveal());
  });

  test("keeps a custom kid across a write and a read", async () => {
    const custom = await loadServiceKeyPair(write("k.json", JSON.stringify(privateJwk)), { kid: "custom" });
    await writeKeyFiles(dir, custom);
    expect((await readKeyFilesIfPresent(dir))?.kid).toBe("custom");
  });

  test("refuses a broken key file in the out-dir with --out-dir and a fix", async () => {
    write(PRIVATE_KEY_FILE, JSON.stringify(rsaPublicOnly(privateJwk)));
    const err = await refusal(readKeyFilesIfPresent(dir));
    expect(err.message).toMatch(/^--out-dir: .*holds a public key/);
    expect(err.hint).toMatch(/earlier run/);
  });

  test("compactPrivateJwk is one line starting with { holding exactly the private JWK", async () => {
    const compact = compactPrivateJwk(pair).reveal();
    expect(compact.startsWith("{")).toBe(true);
    expect(compact).not.toMatch(/\s/);
    const parsed = JSON.parse(compact) as Jwk;
    expect(parsed).toEqual(privateJwk);
    expect(parsed).not.toHaveProperty("keys");
    await expect(importJWK(parsed, "RS256")).resolves.toBeDefined();
  });
});

describe("startNewKeyEarly (issue 12: the new key overlaps the first round, not the second)", () => {
  test("starts a new key only where the run would generate one", async () => {
    expect(startNewKeyEarly(dir, { plan: true })).toBeUndefined();
    expect(startNewKeyEarly(dir, { keyFile: "some.json" })).toBeUndefined();
    const early = startNewKeyEarly(dir, { kid: "early-kid" });
    const started = await early!;
    expect(started.kid).toBe("early-kid");
    expect(started.publicJwk.n).toMatch(/^[A-Za-z0-9_-]{342}$/);
    // resolveServiceKey hands on that very key instead of generating another.
    const resolved = await resolveServiceKey(dir, undefined, "early-kid", { generate: true, early });
    expect(resolved.local.source).toBe("generated");
    expect(await resolved.pair).toBe(started);
    // Once the out-dir holds a key, that key is used: nothing is generated.
    await writeKeyFiles(dir, pair);
    expect(startNewKeyEarly(dir, {})).toBeUndefined();
  });
});

describe("publicJwkEquals and thumbprint", () => {
  test("compare key material only", () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
    const relabelled = { ...pair.publicJwk, kid: "another" };
    expect(publicJwkEquals(pair.publicJwk, relabelled)).toBe(true);
    expect(publicJwkEquals(pair.publicJwk, privateJwk)).toBe(true);
    expect(publicJwkEquals(pair.publicJwk, { n: other.n, e: other.e })).toBe(false);
    const padded = Buffer.concat([Buffer.alloc(1), Buffer.from(pair.publicJwk.n, "base64url")]).toString("base64url");
    expect(publicJwkEquals(pair.publicJwk, { n: padded, e: "AQAB" })).toBe(true);
    expect(publicJwkEquals({}, {})).toBe(false);
    expect(publicJwkEquals({ n: 1, e: 2 }, { n: 1, e: 2 })).toBe(false);
  });

  const b64u = fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString("base64url"));
  const extras = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !["kty", "n", "e", "__proto__"].includes(k)),
    fc.jsonValue(),
    { maxKeys: 5 },
  );

  fcTest.prop([b64u, b64u, extras, fc.array(fc.nat(), { minLength: 8, maxLength: 8 })])(
    "thumbprint ignores member order and extra members, and agrees with jose",
    async (n, e, extra, order) => {
      const base = await thumbprint({ kty: "RSA", n, e });
      const entries: [string, unknown][] = [["kty", "RSA"], ["n", n], ["e", e], ...Object.entries(extra)];
      const shuffled = entries
        .map((entry, i) => ({ entry, rank: order[i] ?? 0 }))
        .sort((a, b) => a.rank - b.rank)
        .map(({ entry }) => entry);
      const jwk = Object.fromEntries(shuffled) as { kty: "RSA"; n: string; e: string };
      expect(await thumbprint(jwk)).toBe(base);
      expect(await calculateJwkThumbprint(jwk)).toBe(base);
    },
  );
});
