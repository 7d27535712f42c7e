/**
 * Masks secrets before anything is logged: API tokens, assertions, access tokens, client secrets
 * and the private members of JWKs (RSA/EC/OKP `d`, `p`, `q`, `dp`, `dq`, `qi`, symmetric `k`).
 */
const SECRET_KEY =
  /(^|_)(secret|password|passwd|assertion|authorization)$|^(token|api_?token|access_token|id_token|refresh_token|private_?key|jwt_?token|d|p|q|dp|dq|qi|k)$/i;
/** Objects made only of secrets: a saved org's client secrets and private signing keys (PUT /__sandbox/state). */
const SECRET_CONTAINER = /^(appSecrets|privateJwk)$/;
const SECRET_PARAM = /^(client_assertion|client_secret|access_token|refresh_token|id_token|password|token)$/i;

export const REDACTED = "[redacted]";

export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      // Only string values are secrets: `refresh_token: {rotation_type}` is a setting, not a token.
      if (SECRET_CONTAINER.test(key) && inner !== null && typeof inner === "object") out[key] = REDACTED;
      else out[key] = SECRET_KEY.test(key) && typeof inner === "string" ? REDACTED : redactJson(inner);
    }
    return out;
  }
  return value;
}

/** Redacts secret-looking query/form parameters, keeping the rest readable. */
export function redactParams(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) out[key] = SECRET_PARAM.test(key) ? REDACTED : value;
  return out;
}

/** `SSWS abc…` → `SSWS [redacted]`; keeps the scheme so logs still say how a call authenticated. */
export function redactAuthorization(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const scheme = header.split(" ")[0] ?? "";
  return `${scheme} ${REDACTED}`;
}
