import { randomUUID, sign } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { Secret } from "../secret.js";
import type { DoctorContext } from "./check.js";
import { httpRequest, type HttpAnswer } from "./http.js";
import { base64urlJson } from "./jwt.js";

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** okta-sdk-python's JWT.ONE_HOUR: OpenMetadata signs every assertion for exactly an hour. */
export const ASSERTION_LIFETIME_SECONDS = 3600;

export interface MintInput {
  clientId: string;
  /** The token endpoint, also the assertion's audience (NOTES §1.1). */
  orgURL: string;
  key: KeyObject;
  scopes: string[];
}

/**
 * The client assertion as OpenMetadata's OktaAuthenticationProvider builds it with python-jose:
 * header {"alg":"RS256","typ":"JWT"} and no kid, iss = sub = clientId, aud = orgURL as written,
 * iat = now, exp = iat + 3600, a uuid4 jti.
 */
export function buildClientAssertion(input: MintInput, now: Date): Secret {
  const iat = Math.floor(now.getTime() / 1000);
  const header = { alg: "RS256", typ: "JWT" };
  const claims = { iss: input.clientId, sub: input.clientId, aud: input.orgURL, iat, exp: iat + ASSERTION_LIFETIME_SECONDS, jti: randomUUID() };
  const signingInput = `${base64urlJson(header)}.${base64urlJson(claims)}`;
  const signature = sign("sha256", Buffer.from(signingInput), input.key).toString("base64url");
  return new Secret(`${signingInput}.${signature}`);
}

/** Python's urllib.parse.quote (safe="/"): like encodeURIComponent, but keeps "/" and escapes !'()*. */
export function pythonQuote(value: string): string {
  return encodeURIComponent(value)
    .replace(/%2F/g, "/")
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The query string okta-sdk-python's request executor builds: `urlencode(params, quote_via=quote)`.
 * OpenMetadata 0.13 adds `scope` only when scopes is non-empty.
 */
export function tokenQuery(assertion: Secret, scopes: string[]): Secret {
  const params: [string, string][] = [
    ["grant_type", "client_credentials"],
    ["client_assertion_type", JWT_BEARER],
    ["client_assertion", assertion.reveal()],
  ];
  if (scopes.length > 0) params.push(["scope", scopes.join(" ")]);
  return new Secret(params.map(([k, v]) => `${pythonQuote(k)}=${pythonQuote(v)}`).join("&"));
}

/** The token endpoint's answer; `accessToken` only on success. Never carries the assertion. */
export interface TokenAttempt {
  answer: HttpAnswer;
  /** When our clock said the assertion was signed. */
  signedAt: Date;
  accessToken?: Secret;
  expiresIn?: number;
  tokenType?: string;
}

/**
 * POSTs the token request exactly like OpenMetadata: every parameter in the query string, an empty
 * body, `Accept: application/json` and a form Content-Type, no Authorization header, no redirects.
 */
export async function requestTokenLikeOpenMetadata(input: MintInput, ctx: Pick<DoctorContext, "fetch" | "now">, signal: AbortSignal): Promise<TokenAttempt> {
  const signedAt = ctx.now();
  const query = tokenQuery(buildClientAssertion(input, signedAt), input.scopes);
  const separator = input.orgURL.includes("?") ? "&" : "?";
  const answer = await httpRequest(ctx, `${input.orgURL}${separator}${query.reveal()}`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
    body: "",
    signal,
    redirect: "manual",
  });
  // The URL held the assertion: keep only the endpoint in what we return.
  answer.url = input.orgURL;
  const json = answer.json as Record<string, unknown> | undefined;
  const token = typeof json?.access_token === "string" ? json.access_token : undefined;
  return {
    answer,
    signedAt,
    accessToken: token ? new Secret(token) : undefined,
    expiresIn: typeof json?.expires_in === "number" ? json.expires_in : undefined,
    tokenType: typeof json?.token_type === "string" ? json.token_type : undefined,
  };
}

/**
 * Our clock minus the server's, in seconds, from the Date header. Date has one-second resolution,
 * so the estimate uses the middle of the request and of the server's second (±1 s).
 */
/**
 * The least this machine's clock can be ahead of Okta's, in whole seconds: Okta's reply left between
 * sentAt and receivedAt, and its Date header is truncated to the second. A slow round trip (a busy
 * machine) widens the window, so only this bound may raise an alarm, never the midpoint estimate.
 */
export function clockAheadAtLeastSeconds(answer: HttpAnswer): number | undefined {
  if (!answer.date) return undefined;
  return Math.floor((answer.sentAt.getTime() - (answer.date.getTime() + 1000)) / 1000);
}

export function clockSkewSeconds(answer: HttpAnswer): number | undefined {
  if (!answer.date) return undefined;
  const localMid = (answer.sentAt.getTime() + answer.receivedAt.getTime()) / 2;
  const skew = Math.round((localMid - (answer.date.getTime() + 500)) / 1000);
  return skew === 0 ? 0 : skew; // never -0 in messages or JSON
}
