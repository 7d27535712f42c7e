import type { OidcApp, OidcClientSettings } from "../../okta/okta-types.js";
import { union, type Change } from "../plan-types.js";
import type { Found } from "./find.js";

/**
 * The plan for a sign-in app (SPA or web app) looked up by id or name: create it, update the drifted
 * fields, adopt one found by name, or leave it.
 */
export function planOidcApp(resource: string, found: Found<OidcApp>, drift: (app: OidcApp) => string[], createNote?: string): Change {
  if (found.kind === "conflict") return { resource, action: "conflict", reason: found.reason, hint: found.hint };
  if (found.kind === "missing") return { resource, action: "create", ...(createNote ? { note: createNote } : {}) };
  const fields = drift(found.value);
  const adopted = found.via === "name";
  if (fields.length) return { resource, action: "update", id: found.value.id, fields, adopted };
  return { resource, action: adopted ? "adopt" : "noop", id: found.value.id, adopted };
}

/** What a sign-in app's oauthClient must hold; lists are merged, so URIs someone added stay. */
export interface WantedOauthClient {
  grantTypes: readonly string[];
  responseTypes: readonly string[];
  redirectUris: readonly string[];
  logoutUris: readonly string[];
}

/**
 * The app as Okta has it without its read-only `_links`/`_embedded` (Okta's PUT replaces the whole
 * object, so the rest is sent back as it was), and its oauthClient settings with ours merged in:
 * no consent screen, the org URL as issuer.
 */
export function mergeOidcApp(app: OidcApp, want: WantedOauthClient): { rest: OidcApp; oauthClient: OidcClientSettings } {
  const client = app.settings?.oauthClient ?? {};
  const { _links: _l, _embedded: _e, ...rest } = app as OidcApp & { _links?: unknown; _embedded?: unknown };
  return {
    rest,
    oauthClient: {
      ...client,
      grant_types: union(client.grant_types, want.grantTypes),
      response_types: union(client.response_types, want.responseTypes),
      redirect_uris: union(client.redirect_uris, want.redirectUris),
      post_logout_redirect_uris: union(client.post_logout_redirect_uris, want.logoutUris),
      consent_method: "TRUSTED",
      issuer_mode: "ORG_URL",
    },
  };
}
