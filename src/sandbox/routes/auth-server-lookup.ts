import { oktaError } from "../okta-errors.js";
import type { OktaObject, OrgState } from "../state.js";

/** Resolves an authorization server by id or by the `default` alias Okta accepts in paths. */
export function findAuthServer(state: OrgState, idOrAlias: string): OktaObject | undefined {
  if (idOrAlias === "default") return Object.values(state.authServers).find((as) => as.default === true);
  return state.authServers[idOrAlias];
}

export function requireAuthServer(state: OrgState, idOrAlias: string): OktaObject {
  const found = findAuthServer(state, idOrAlias);
  if (!found) throw oktaError("E0000007", [idOrAlias, "AuthorizationServer"]);
  return found;
}

/** The issuer Okta reports: the `default` server keeps its alias in the URL, others use their id. */
export function issuerOf(server: OktaObject, origin: string): string {
  return `${origin}/oauth2/${server.default === true ? "default" : server.id}`;
}
