import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { calculateJwkThumbprint, compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from "jose";
import { oauthError, type SandboxHttpError } from "../okta-errors.js";
import { asNumber, asString, isObject } from "../json-values.js";

/** Algorithms Okta accepts for DPoP proofs (`dpop_signing_alg_values_supported`). */
export const DPOP_ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"] as const;

/** How long an issued nonce stays acceptable. Okta does not document it; five minutes is our choice. */
export const DPOP_NONCE_LIFETIME_SECONDS = 300;
/** A proof's `iat` may be this old (and up to a minute ahead); our choice, Okta does not document it. */
export const DPOP_PROOF_MAX_AGE_SECONDS = 300;
const CLOCK_TOLERANCE_SECONDS = 60;

/**
 * Server-issued DPoP nonces, stateless: a nonce is its issue time plus an HMAC over it, so any nonce
 * this process issued verifies without storing it. Also remembers proof `jti`s so a proof works once.
 */
export class DpopNonces {
  private readonly secret = randomBytes(32);
  private readonly usedProofs = new Map<string, number>();

  issue(nowSeconds: number): string {
    const stamp = String(nowSeconds);
    return `${Buffer.from(stamp).toString("base64url")}.${this.mac(stamp)}`;
  }

  isValid(nonce: string, nowSeconds: number): boolean {
    const [encoded = "", mac = ""] = nonce.split(".");
    const stamp = Buffer.from(encoded, "base64url").toString("utf8");
    const expected = Buffer.from(this.mac(stamp));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    const issued = Number(stamp);
    return Number.isInteger(issued) && nowSeconds - issued <= DPOP_NONCE_LIFETIME_SECONDS && issued - nowSeconds <= CLOCK_TOLERANCE_SECONDS;
  }

  /** Records a proof's jti; false when it was already seen (a replayed proof). */
  useProof(key: string, nowSeconds: number): boolean {
    for (const [seen, expiry] of this.usedProofs) if (expiry < nowSeconds) this.usedProofs.delete(seen);
    if (this.usedProofs.has(key)) return false;
    this.usedProofs.set(key, nowSeconds + DPOP_PROOF_MAX_AGE_SECONDS + CLOCK_TOLERANCE_SECONDS);
    return true;
  }

  private mac(stamp: string): string {
    return createHmac("sha256", this.secret).update(`dpop-nonce:${stamp}`).digest("base64url");
  }
}

/**
 * `invalid_dpop_proof` texts. Okta's: "The DPoP proof JWT header is missing." (support KB "The DPoP
 * Proof JWT Header Is Missing"), "DPoP proof JWT cannot be parsed." (okta/okta-sdk-dotnet#758) and
 * "'htu' claim in the DPoP proof JWT is invalid." (okta/okta-sdk-nodejs#453). The other claim texts
 * follow that last pattern and are ours.
 */
export const DPOP_ERRORS = {
  missing: "The DPoP proof JWT header is missing.",
  unparsable: "The DPoP proof JWT cannot be parsed.",
  typ: "'typ' must be 'dpop+jwt' in the DPoP proof JWT.",
  alg: "'alg' header in the DPoP proof JWT is invalid.",
  jwk: "'jwk' header in the DPoP proof JWT is invalid.",
  signature: "The DPoP proof JWT signature is invalid.",
  htm: "'htm' claim in the DPoP proof JWT is invalid.",
  htu: "'htu' claim in the DPoP proof JWT is invalid.",
  iat: "'iat' claim in the DPoP proof JWT is invalid.",
  jti: "'jti' claim in the DPoP proof JWT is invalid.",
  replay: "The DPoP proof JWT has already been used.",
  /** error `use_dpop_nonce` (devforum.okta.com "Client Credentials OAuth for Okta with DPoP enabled"). */
  nonce: "Authorization server requires nonce in DPoP proof.",
} as const;

export function invalidDpopProof(description: string): SandboxHttpError {
  return oauthError(400, "invalid_dpop_proof", description);
}

export interface DpopCheck {
  /** Value of the request's `DPoP` header. */
  proof: string;
  method: string;
  /** Accepted `htu` values (the endpoint URL, without query or fragment). */
  urls: string[];
  nowSeconds: number;
  nonces: DpopNonces;
}

/**
 * Verifies a DPoP proof for a token request (RFC 9449 §4.3) and returns the JWK thumbprint the token
 * gets bound to (`cnf.jkt`). A proof without a valid server nonce is answered with 400
 * `use_dpop_nonce` and a fresh `DPoP-Nonce` header, which is what Okta's SDKs wait for.
 */
export async function verifyDpopProof(check: DpopCheck): Promise<{ jkt: string }> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(check.proof);
    claims = decodeJwt(check.proof);
  } catch {
    throw invalidDpopProof(DPOP_ERRORS.unparsable);
  }
  if (header.typ !== "dpop+jwt") throw invalidDpopProof(DPOP_ERRORS.typ);
  const alg = asString(header.alg) ?? "";
  if (!(DPOP_ALGORITHMS as readonly string[]).includes(alg)) throw invalidDpopProof(DPOP_ERRORS.alg);
  const jwk: unknown = header.jwk;
  // A private key in the header would mean the client leaked it; RFC 9449 requires a public key.
  if (!isObject(jwk) || "d" in jwk || (jwk.kty !== "RSA" && jwk.kty !== "EC")) throw invalidDpopProof(DPOP_ERRORS.jwk);
  const publicJwk = publicMembers(jwk);
  try {
    const key = await importJWK(publicJwk, alg);
    await compactVerify(check.proof, key, { algorithms: [alg] });
  } catch {
    throw invalidDpopProof(DPOP_ERRORS.signature);
  }
  if (claims.htm !== check.method) throw invalidDpopProof(DPOP_ERRORS.htm);
  const htu = asString(claims.htu)?.split(/[?#]/)[0];
  if (htu === undefined || !check.urls.includes(htu)) throw invalidDpopProof(DPOP_ERRORS.htu);
  const iat = asNumber(claims.iat);
  if (iat === undefined || check.nowSeconds - iat > DPOP_PROOF_MAX_AGE_SECONDS || iat - check.nowSeconds > CLOCK_TOLERANCE_SECONDS) {
    throw invalidDpopProof(DPOP_ERRORS.iat);
  }
  const jti = asString(claims.jti);
  if (!jti) throw invalidDpopProof(DPOP_ERRORS.jti);
  const nonce = asString(claims.nonce);
  if (!nonce || !check.nonces.isValid(nonce, check.nowSeconds)) {
    // RFC 9449 §8: missing and stale nonces both get a new one to retry with.
    throw oauthError(400, "use_dpop_nonce", DPOP_ERRORS.nonce, { "DPoP-Nonce": check.nonces.issue(check.nowSeconds) });
  }
  const jkt = await calculateJwkThumbprint(publicJwk, "sha256");
  if (!check.nonces.useProof(`${jkt}:${jti}`, check.nowSeconds)) throw invalidDpopProof(DPOP_ERRORS.replay);
  return { jkt };
}

/** The members that define a public key; stored or sent JWKs also carry kid/use/status/… which importJWK need not see. */
export function publicMembers(jwk: Record<string, unknown>): JWK {
  const out: JWK = {};
  for (const name of ["kty", "crv", "n", "e", "x", "y"] as const) {
    const value = asString(jwk[name]);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
