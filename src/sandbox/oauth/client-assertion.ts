import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWTPayload, type ProtectedHeaderParameters } from "jose";
import { oauthError, type SandboxHttpError } from "../okta-errors.js";
import type { OktaObject, OrgState } from "../state.js";
import { invalidClientIdError } from "./discovery.js";
import { publicMembers } from "./dpop.js";
import { asNumber, asObject, asString, isObject, type Json } from "../json-values.js";

export const JWT_BEARER_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** Signing algorithms Okta accepts for private_key_jwt assertions (the app's JWKS keys allow the same set). */
export const ASSERTION_ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"] as const;

/**
 * Okta rejects `exp` more than an hour ahead, with no slack: clients whose clock is one second fast
 * and who sign for exactly an hour fail (okta/okta-sdk-python#382, okta/okta-sdk-golang#573).
 * `exp = now + 3600` passes; `now + 3601` fails.
 */
export const MAX_ASSERTION_LIFETIME_SECONDS = 3600;
/** Slack for clocks on the other checks (expired, issued or valid in the future). Our choice. */
export const ASSERTION_CLOCK_TOLERANCE_SECONDS = 60;

/**
 * `invalid_client` descriptions for a failed client assertion, with their sources:
 * - kid: okta/okta-sdk-python#289, Okta support KB "Okta Client Assertion Error: Invalid Key ID"
 * - signature: okta/okta-sdk-java#504, Okta support KB "…Invalid Client Assertion Signature"
 * - audience: okta/okta-sdk-dotnet#600, facile-it/php-openid-client#25
 * - expTooFar: okta/okta-sdk-python#382, okta/okta-sdk-dotnet#489 (401)
 * - expired, replayed: third-party notes only (API-NOTES §5.2, "secondhand")
 * - malformed, issuer, subject, expMissing, issuedInFuture, notYetValid: ours, no Okta text found
 */
/** Verbatim from REAL-ORG.md's token endpoint table (DOCS oauth2-error-codes.json), except notYetValid (ours). */
export const ASSERTION_ERRORS = {
  malformed: "The parsing of the client_assertion failed.",
  kid: "The client_assertion JWT kid is invalid.",
  noJwks: "The client does not have a JWKSet configured, but the client_assertion requires one.",
  algorithm: "The client_assertion JWT signature algorithm is invalid.",
  signature: "The client_assertion signature is invalid.",
  audience: "The audience claim for client_assertion must be the endpoint invoked for the request.",
  issuer: "The issuer claim for client_assertion is not a valid client_id.",
  subject: "The subject claim for client_assertion is not a valid client_id.",
  expMissing: "The client_assertion must contain the 'exp' claim as seconds since epoch.",
  expired: "The client_assertion token is expired.",
  expTooFar: "The client_assertion token has an expiration too far into the future.",
  issuedInFuture: "The client_assertion token must be issued before the current time.",
  notYetValid: "The client_assertion token is not yet valid.",
  replayed: "The client_assertion token has already been used.",
} as const;

export function invalidClient(description: string): SandboxHttpError {
  return oauthError(401, "invalid_client", description);
}

/** The OIDC app whose `credentials.oauthClient.client_id` is `clientId`, if it exists and is ACTIVE. */
export function findActiveClient(state: OrgState, clientId: string): OktaObject | undefined {
  return Object.values(state.apps).find(
    (app) => app.status === "ACTIVE" && asString(asObject(asObject(app.credentials).oauthClient).client_id) === clientId,
  );
}

/** An assertion decoded without verification, and the (ACTIVE) client it names. */
export interface IdentifiedAssertion {
  assertion: string;
  header: ProtectedHeaderParameters;
  claims: JWTPayload;
  clientId: string;
  app: OktaObject;
}

/**
 * Decodes the assertion (unverified) to find the client: the `client_id` parameter when sent, else
 * `sub`, else `iss`. Unknown and inactive clients get Okta's management-shaped 401 `invalid_client`
 * ("Invalid value for 'client_id' parameter.", as real orgs answer an unknown client at /token).
 */
export function identifyAssertionClient(state: OrgState, assertion: string, clientIdParam: string | undefined): IdentifiedAssertion {
  let header: ProtectedHeaderParameters;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    throw invalidClient(ASSERTION_ERRORS.malformed);
  }
  const clientId = clientIdParam || asString(claims.sub) || asString(claims.iss);
  if (!clientId) throw invalidClientIdError(state, 401);
  const app = findActiveClient(state, clientId);
  if (!app) throw invalidClientIdError(state, 401);
  return { assertion, header, claims, clientId, app };
}

/** The app's registered signing keys that can authenticate it: not INACTIVE, not encryption keys. */
function activeSigningKeys(app: OktaObject): Json[] {
  const keys = asObject(asObject(asObject(app.settings).oauthClient).jwks).keys;
  if (!Array.isArray(keys)) return [];
  return keys.filter((key): key is Json => isObject(key) && key.status !== "INACTIVE" && key.use !== "enc");
}

/**
 * Okta picks the key by `kid`; without one it only copes when the app has exactly one key. That is
 * what breaks OpenMetadata (python-jose sends no `kid`) once a second key is added for rotation.
 */
function selectKey(app: OktaObject, kid: string | undefined): Json {
  const registered = asObject(asObject(asObject(app.settings).oauthClient).jwks).keys;
  if (!Array.isArray(registered) || registered.length === 0) throw invalidClient(ASSERTION_ERRORS.noJwks);
  const keys = activeSigningKeys(app);
  const key = kid === undefined ? (keys.length === 1 ? keys[0] : undefined) : keys.find((k) => k.kid === kid);
  if (!key) throw invalidClient(ASSERTION_ERRORS.kid);
  return key;
}

async function verifySignature(found: IdentifiedAssertion, key: Json): Promise<void> {
  const alg = asString(found.header.alg) ?? "";
  const family = key.kty === "RSA" ? "RS" : key.kty === "EC" ? "ES" : "";
  const keyAlg = asString(key.alg);
  if (!(ASSERTION_ALGORITHMS as readonly string[]).includes(alg) || !alg.startsWith(family) || (keyAlg !== undefined && keyAlg !== alg)) {
    throw invalidClient(ASSERTION_ERRORS.algorithm);
  }
  try {
    await compactVerify(found.assertion, await importJWK(publicMembers(key), alg), { algorithms: [alg] });
  } catch {
    throw invalidClient(ASSERTION_ERRORS.signature);
  }
}

export interface AssertionCheck {
  state: OrgState;
  /** Token endpoint URLs the request may name in `aud` (the one invoked; both forms for `default`). */
  audiences: string[];
  nowSeconds: number;
}

/**
 * Verifies a private_key_jwt assertion as Okta does: key by kid, signature, `aud` = the token
 * endpoint invoked, `iss` = `sub` = client_id, `exp` present and at most an hour ahead, single-use
 * `jti`. The jti is spent only once everything else passed, so a rejected assertion can be fixed
 * and resent; a successful one is spent even if a later step (DPoP nonce, scopes) fails.
 */
export async function verifyClientAssertion(found: IdentifiedAssertion, check: AssertionCheck): Promise<void> {
  const key = selectKey(found.app, asString(found.header.kid));
  await verifySignature(found, key);
  const { claims, clientId } = found;
  const aud = claims.aud;
  const audiences = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.some((value) => check.audiences.includes(value))) throw invalidClient(ASSERTION_ERRORS.audience);
  if (claims.iss !== clientId) throw invalidClient(ASSERTION_ERRORS.issuer);
  if (claims.sub !== clientId) throw invalidClient(ASSERTION_ERRORS.subject);
  const now = check.nowSeconds;
  const exp = asNumber(claims.exp);
  if (exp === undefined) throw invalidClient(ASSERTION_ERRORS.expMissing);
  if (now - exp > ASSERTION_CLOCK_TOLERANCE_SECONDS) throw invalidClient(ASSERTION_ERRORS.expired);
  if (exp - now > MAX_ASSERTION_LIFETIME_SECONDS) throw invalidClient(ASSERTION_ERRORS.expTooFar);
  const iat = asNumber(claims.iat);
  if (iat !== undefined && iat - now > ASSERTION_CLOCK_TOLERANCE_SECONDS) throw invalidClient(ASSERTION_ERRORS.issuedInFuture);
  const nbf = asNumber(claims.nbf);
  if (nbf !== undefined && nbf - now > ASSERTION_CLOCK_TOLERANCE_SECONDS) throw invalidClient(ASSERTION_ERRORS.notYetValid);
  const jti = asString(claims.jti);
  if (jti !== undefined) spendJti(check.state, `${clientId}:${jti}`, exp, now);
}

/** `state.usedJtis` holds spent jtis until their assertion expires; expired entries are dropped here. */
function spendJti(state: OrgState, key: string, exp: number, now: number): void {
  for (const [seen, expiry] of Object.entries(state.usedJtis)) {
    if (expiry + ASSERTION_CLOCK_TOLERANCE_SECONDS < now) delete state.usedJtis[seen];
  }
  if (state.usedJtis[key] !== undefined) throw invalidClient(ASSERTION_ERRORS.replayed);
  state.usedJtis[key] = exp;
}
