import { notFound } from "../okta-errors.js";
import type { OktaObject, OrgState } from "../state.js";

/** The `state.signingKeys` slot of the org authorization server. */
export const ORG_KEY_SLOT = "org";

/** An authorization server as the OAuth endpoints see it: its issuer and where its endpoints live. */
export interface ResolvedServer {
  kind: "org" | "custom";
  /** Slot in `state.signingKeys`: `org`, or the custom server's id. */
  keySlot: string;
  /** The stored server JSON (custom servers only). */
  server?: OktaObject;
  issuer: string;
  /** Prefix of the `/v1/*` endpoints: `{origin}/oauth2` for the org server, the issuer otherwise. */
  endpointBase: string;
  /**
   * Every URL the token endpoint answers on. The `default` server is reachable by its alias and by
   * its id, and a client assertion or DPoP proof may name either.
   */
  tokenUrls: string[];
}

/** Looks a custom server up by id, or by the literal `default` alias Okta accepts in paths. */
export function findAuthServer(state: OrgState, segment: string): OktaObject | undefined {
  if (segment === "default") return Object.values(state.authServers).find((server) => server.default === true);
  return state.authServers[segment];
}

/** Okta keeps the alias in the `default` server's issuer; other custom servers use their id. */
export function customIssuer(origin: string, server: OktaObject): string {
  return `${origin}/oauth2/${server.default === true ? "default" : server.id}`;
}

export function resolveOrgServer(origin: string): ResolvedServer {
  return {
    kind: "org",
    keySlot: ORG_KEY_SLOT,
    issuer: origin,
    endpointBase: `${origin}/oauth2`,
    tokenUrls: [`${origin}/oauth2/v1/token`],
  };
}

export function resolveCustomServer(origin: string, server: OktaObject): ResolvedServer {
  const issuer = customIssuer(origin, server);
  const tokenUrls = [`${issuer}/v1/token`];
  if (server.default === true) tokenUrls.push(`${origin}/oauth2/${server.id}/v1/token`);
  return { kind: "custom", keySlot: server.id, server, issuer, endpointBase: issuer, tokenUrls };
}

/**
 * A custom server addressed by a path segment. Unknown and inactive servers both answer 404
 * `E0000007`: the spec documents only 404 for the per-server endpoints, and a deactivated server
 * publishes nothing (no stored source shows a different answer for the inactive case).
 */
export function requireActiveCustomServer(state: OrgState, origin: string, segment: string): ResolvedServer {
  const server = findAuthServer(state, segment);
  if (!server || server.status !== "ACTIVE") throw notFound(segment, "AuthorizationServer");
  return resolveCustomServer(origin, server);
}

/** `{endpointBase}/v1/{name}`, e.g. the token or keys URL. */
export function endpointUrl(server: ResolvedServer, name: string): string {
  return `${server.endpointBase}/v1/${name}`;
}
