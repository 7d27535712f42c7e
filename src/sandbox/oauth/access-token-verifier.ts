/** Checks an access token the org AS minted; returns its client and scopes, or undefined when invalid. */
export type AccessTokenVerifier = (token: string, origin: string) => Promise<{ clientId: string; scopes: string[] } | undefined>;
