import { createPublicKey, randomBytes } from "node:crypto";
import { decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import type { OrgState } from "../state.js";
import type { AccessTokenVerifier } from "./access-token-verifier.js";
import { findActiveClient } from "./client-assertion.js";
import { asString, asStrings } from "../json-values.js";
import { ORG_KEY_SLOT } from "./resolve-server.js";
import type { ActiveSigningKey, SigningKeys } from "./signing-keys.js";

export interface AccessTokenRequest {
  key: ActiveSigningKey;
  issuer: string;
  audience: string;
  clientId: string;
  scopes: string[];
  issuedAt: Date;
  lifetimeSeconds: number;
  /** JWK thumbprint of a DPoP proof key: binds the token (`cnf.jkt`). */
  jkt?: string;
}

/**
 * An Okta-shaped access token: header `{kid, alg: RS256}` (no `typ`), claims in Okta's order
 * `ver, jti, iss, aud, iat, exp, cid, scp, sub` (+ `cnf` when DPoP-bound). For client_credentials
 * `sub` is the client id, as Okta mints it.
 */
export async function mintAccessToken(request: AccessTokenRequest): Promise<string> {
  const iat = Math.floor(request.issuedAt.getTime() / 1000);
  const claims: Record<string, unknown> = {
    ver: 1,
    jti: `AT.${randomBytes(32).toString("base64url")}`,
    iss: request.issuer,
    aud: request.audience,
    iat,
    exp: iat + request.lifetimeSeconds,
    cid: request.clientId,
    scp: request.scopes,
    sub: request.clientId,
  };
  if (request.jkt !== undefined) claims.cnf = { jkt: request.jkt };
  return new SignJWT(claims).setProtectedHeader({ kid: request.key.kid, alg: "RS256" }).sign(request.key.privateKey);
}

/**
 * Verifies access tokens the ORG authorization server minted, for OAuth-for-Okta calls to the
 * management API: current org signing key, RS256, `iss` = `aud` = the org URL, not expired, and the
 * client still an ACTIVE app (deactivating an app cuts off its tokens). Returns the client and scopes.
 */
export function createAccessTokenVerifier(getState: () => OrgState, keys: SigningKeys, now: () => Date = () => new Date()): AccessTokenVerifier {
  return async (token, origin) => {
    try {
      const state = getState();
      const slot = state.signingKeys[ORG_KEY_SLOT];
      if (!slot || decodeProtectedHeader(token).kid !== slot.kid) return undefined;
      const key = await keys.get(ORG_KEY_SLOT);
      const { payload } = await jwtVerify(token, createPublicKey(key.privateKey), {
        algorithms: ["RS256"],
        issuer: origin,
        audience: origin,
        currentDate: now(),
        requiredClaims: ["exp", "cid"],
      });
      const clientId = asString(payload.cid);
      if (!clientId || !findActiveClient(state, clientId)) return undefined;
      return { clientId, scopes: asStrings(payload.scp) };
    } catch {
      return undefined;
    }
  };
}
