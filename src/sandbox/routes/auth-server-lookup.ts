import { oktaError } from "../okta-errors.js";
import { customIssuer, findAuthServer } from "../oauth/resolve-server.js";
import type { OktaObject, OrgState } from "../state.js";

export { findAuthServer };

export function requireAuthServer(state: OrgState, idOrAlias: string): OktaObject {
  const found = findAuthServer(state, idOrAlias);
  if (!found) throw oktaError("E0000007", [idOrAlias, "AuthorizationServer"]);
  return found;
}

/** The issuer Okta reports (the management API and the OAuth endpoints share one rule). */
export function issuerOf(server: OktaObject, origin: string): string {
  return customIssuer(origin, server);
}
