import { timingSafeEqual } from "node:crypto";
import { activeClientSecrets } from "../routes/client-secrets.js";
import type { OrgState } from "../state.js";
import type { SandboxRequest } from "../types.js";

/** `Authorization: Basic base64(client_id:client_secret)`, both parts form-decoded (RFC 6749 §2.3.1). */
export function basicCredentials(req: SandboxRequest): { clientId: string; secret: string } | undefined {
  const header = req.headers.authorization;
  if (typeof header !== "string" || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return { clientId: decoded, secret: "" };
  const decode = (value: string): string => {
    try {
      return decodeURIComponent(value.replace(/\+/g, " "));
    } catch {
      return value;
    }
  };
  return { clientId: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
}

/** Constant-time comparison of a presented client secret with the stored one. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Whether `presented` is one of the app's ACTIVE client secrets (two during a rotation). */
export function secretAccepted(state: OrgState, appId: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  return activeClientSecrets(state, appId).some((stored) => sameSecret(presented, stored));
}
