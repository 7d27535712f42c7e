import { createPrivateKey, generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import type { OrgState } from "../state.js";

const generateRsa = promisify(generateKeyPair);

export interface ActiveSigningKey {
  kid: string;
  privateKey: KeyObject;
  /** Public JWK as `/v1/keys` publishes it (kty, alg, kid, use, e, n). */
  publicJwk: Record<string, unknown>;
}

/**
 * RSA-2048 signing keys per authorization server (`org` for the org AS). Keys are generated on first
 * use and stored in the org state as JWKs, so a saved sandbox keeps verifying its old tokens.
 */
export class SigningKeys {
  private readonly cache = new Map<string, ActiveSigningKey>();
  private readonly pending = new Map<string, Promise<ActiveSigningKey>>();

  constructor(private readonly getState: () => OrgState) {}

  async get(serverKey: string): Promise<ActiveSigningKey> {
    const state = this.getState();
    const stored = state.signingKeys[serverKey];
    if (!stored) throw new Error(`no signing key slot for ${serverKey}`);
    const cached = this.cache.get(serverKey);
    if (cached && cached.kid === stored.kid) return cached;
    if (stored.privateJwk && stored.publicJwk) {
      const key: ActiveSigningKey = {
        kid: stored.kid,
        privateKey: createPrivateKey({ key: stored.privateJwk as never, format: "jwk" }),
        publicJwk: stored.publicJwk,
      };
      this.cache.set(serverKey, key);
      return key;
    }
    let promise = this.pending.get(serverKey);
    if (!promise) {
      promise = this.generate(serverKey, stored.kid).finally(() => this.pending.delete(serverKey));
      this.pending.set(serverKey, promise);
    }
    return promise;
  }

  private async generate(serverKey: string, kid: string): Promise<ActiveSigningKey> {
    const { privateKey, publicKey } = await generateRsa("rsa", { modulusLength: 2048 });
    const pub = publicKey.export({ format: "jwk" }) as Record<string, unknown>;
    const publicJwk = { kty: "RSA", alg: "RS256", kid, use: "sig", e: pub.e, n: pub.n };
    const slot = this.getState().signingKeys[serverKey];
    if (slot && slot.kid === kid) {
      slot.privateJwk = privateKey.export({ format: "jwk" });
      slot.publicJwk = publicJwk;
    }
    const key = { kid, privateKey, publicJwk };
    this.cache.set(serverKey, key);
    return key;
  }

  /**
   * Starts making a slot's key now, in the background, rather than on the first request that needs
   * it: a real server has its keys from the start (Okta's authorization server names its signing
   * key in the create response, `credentials.signing.kid` of management.yaml's
   * AuthorizationServerCredentialsSigningConfig; OpenMetadata signs with its JWT key from boot), so
   * a token request or a JwtFilter check must not wait ~0.15 s for an RSA key to be generated.
   */
  prepare(serverKey: string): void {
    this.get(serverKey).catch(() => undefined);
  }

  /** Forget cached KeyObjects (after a state reset or load). */
  clear(): void {
    this.cache.clear();
  }
}
