import { createPublicKey } from "node:crypto";
import { makeId } from "../ids.js";
import { asObject, asString, type Json } from "../json-values.js";
import { validationFailed } from "../okta-errors.js";

/** JWKS rules from the spec's error examples: RSA ≥ 2048 bits, unique kids, a kid on every key of several. */
export function checkJwks(keys: unknown[]): void {
  const kids = new Set<string>();
  for (const raw of keys) {
    const key = asObject(raw);
    if (key.kty === "RSA" && typeof key.n === "string") {
      let bits = 0;
      try {
        bits = createPublicKey({ key: { kty: "RSA", n: key.n, e: asString(key.e) ?? "AQAB" }, format: "jwk" }).asymmetricKeyDetails?.modulusLength ?? 0;
      } catch {
        throw validationFailed("JsonWebKey", ["The 'jwks' contains a key that isn't a valid JSON Web Key."]);
      }
      if (bits < 2048) throw validationFailed("JsonWebKey", ["RSA key length in the 'jwks' is less than '2,048' bits for the given key."]);
    }
    if (typeof key.kid === "string") {
      if (kids.has(key.kid)) throw validationFailed("JsonWebKey", ["All keys in the 'jwks' must have a unique `kid`."]);
      kids.add(key.kid);
    } else if (keys.length > 1) {
      throw validationFailed("JsonWebKey", [
        "Each key should have a unique kid when adding multiple keys. Use the Apps API to update the JWKS to add a kid for the existing key, or delete the existing key and re-add the key with a kid using the JWKS APIs.",
      ]);
    }
  }
}

/** Stored JWKs come back with a server id, `status: ACTIVE` and `use: null` unless one was sent. */
export function storeJwks(keys: unknown[], previous: Json[], suffix: string): Json[] {
  return keys.map((raw) => {
    const key = asObject(raw);
    const same = previous.find((p) => p.kid === key.kid && p.n === key.n && p.x === key.x);
    // Only public members are kept, so a private key sent by mistake is never echoed or saved
    // (every recorded JWKS response holds public `n`/`e` or `x`/`y` only).
    const { use, status, id: _id, d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, k: _k, ...material } = key;
    return {
      kty: material.kty,
      id: same?.id ?? makeId("jwk", suffix),
      status: typeof status === "string" ? status : "ACTIVE",
      ...material,
      use: typeof use === "string" ? use : null,
      ...(material.kty === "EC" && material.crv === undefined ? { crv: null } : {}),
    };
  });
}
