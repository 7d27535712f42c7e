import { SandboxHttpError } from "../okta-errors.js";
import { makeId } from "../ids.js";
import type { OrgState } from "../state.js";
import type { Handler, SandboxReply } from "../types.js";
import { asObject, asString } from "../json-values.js";
import { endpointUrl, requireActiveCustomServer, resolveOrgServer, type ResolvedServer } from "./resolve-server.js";

/** Which of the two well-known documents: OIDC (`openid-configuration`) or RFC 8414 (`oauth-authorization-server`). */
export type MetadataKind = "openid" | "oauth";

// Value lists below are copied from oauth.yaml's examples OrgASOidcMetadata, CustomASOidcMetadata and
// CustomASOAuthMetadata; keys are emitted in the order those examples use.
const OIDC_RESPONSE_TYPES = ["code", "id_token", "code id_token", "code token", "id_token token", "code id_token token"];
const OAUTH_RESPONSE_TYPES = ["code", "token", "id_token", "code id_token", "code token", "id_token token", "code id_token token"];
const RESPONSE_MODES = ["query", "fragment", "form_post", "okta_post_message"];
// The OIDC documents leave client_credentials out; only the OAuth metadata lists it (both as in the spec).
const OIDC_GRANT_TYPES = ["authorization_code", "implicit", "refresh_token", "password", "urn:ietf:params:oauth:grant-type:device_code"];
const OAUTH_GRANT_TYPES = ["authorization_code", "implicit", "refresh_token", "password", "client_credentials", "urn:ietf:params:oauth:grant-type:device_code"];
const AUTH_METHODS = ["client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"];
const REQUEST_OBJECT_ALGS = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];
// Real orgs publish this list (OAuthMetadata schema, feature OAUTH2_DPOP); the spec examples predate it.
const DPOP_ALGS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];
const ORG_SCOPES = ["openid", "email", "profile", "address", "phone", "offline_access", "groups"];
const OIDC_CLAIMS = [
  "iss", "ver", "sub", "aud", "iat", "exp", "jti", "auth_time", "amr", "idp", "nonce", "name", "nickname",
  "preferred_username", "given_name", "middle_name", "family_name", "email", "email_verified", "profile",
  "zoneinfo", "locale", "address", "phone_number", "picture", "website", "gender", "birthdate", "updated_at",
  "at_hash", "c_hash",
];
const OAUTH_CLAIMS = ["ver", "jti", "iss", "aud", "iat", "exp", "cid", "uid", "scp", "sub"];

/**
 * Scopes a custom server advertises: only those with `metadataPublish: ALL_CLIENTS` ("Custom scopes
 * are returned only when they are configured to be publicly discoverable"), custom ones first and the
 * system OIDC scopes last, as the spec example lists them.
 */
function publishedScopes(state: OrgState, asId: string): string[] {
  const scopes = Object.values(state.scopes[asId] ?? {}).filter((scope) => scope.metadataPublish === "ALL_CLIENTS");
  const names = (system: boolean): string[] =>
    scopes.filter((scope) => (scope.system === true) === system).flatMap((scope) => asString(scope.name) ?? []);
  return [...names(false), ...names(true)];
}

/** Builds one metadata document; absolute URLs come from the server's issuer (built from the request origin). */
export function buildMetadata(state: OrgState, origin: string, server: ResolvedServer, kind: MetadataKind): Record<string, unknown> {
  const url = (name: string): string => endpointUrl(server, name);
  const scopes = server.kind === "org" ? ORG_SCOPES : publishedScopes(state, server.keySlot);
  const doc: Record<string, unknown> = {
    issuer: server.issuer,
    authorization_endpoint: url("authorize"),
    token_endpoint: url("token"),
  };
  if (kind === "openid") doc.userinfo_endpoint = url("userinfo");
  doc.registration_endpoint = `${origin}/oauth2/v1/clients`;
  doc.jwks_uri = url("keys");
  doc.response_types_supported = kind === "openid" ? OIDC_RESPONSE_TYPES : OAUTH_RESPONSE_TYPES;
  doc.response_modes_supported = RESPONSE_MODES;
  doc.grant_types_supported = kind === "openid" ? OIDC_GRANT_TYPES : OAUTH_GRANT_TYPES;
  doc.subject_types_supported = ["public"];
  if (kind === "openid") {
    doc.id_token_signing_alg_values_supported = ["RS256"];
    if (server.kind === "custom") {
      doc.id_token_encryption_alg_values_supported = ["RSA-OAEP-256", "RSA-OAEP-384", "RSA-OAEP-512"];
      doc.id_token_encryption_enc_values_supported = ["A256GCM"];
    }
  }
  doc.scopes_supported = scopes;
  doc.token_endpoint_auth_methods_supported = AUTH_METHODS;
  doc.claims_supported = kind === "openid" ? OIDC_CLAIMS : OAUTH_CLAIMS;
  doc.code_challenge_methods_supported = ["S256"];
  doc.introspection_endpoint = url("introspect");
  doc.introspection_endpoint_auth_methods_supported = AUTH_METHODS;
  doc.revocation_endpoint = url("revoke");
  doc.revocation_endpoint_auth_methods_supported = AUTH_METHODS;
  doc.end_session_endpoint = url("logout");
  doc.request_parameter_supported = true;
  doc.request_object_signing_alg_values_supported = REQUEST_OBJECT_ALGS;
  doc.device_authorization_endpoint = url("device/authorize");
  doc.pushed_authorization_request_endpoint = url("par");
  doc.dpop_signing_alg_values_supported = DPOP_ALGS;
  return doc;
}

/**
 * `?client_id=` must name an existing client. The spec's Error400InvalidClientId example uses the
 * management error shape with `errorCode: invalid_client`; the summary is the wording real orgs send
 * ("Invalid value for 'client_id' parameter.", Okta support KB "Invalid_Client Error Returned When
 * Requesting OAuth Token(s)"), the spec example writes it with backticks and no period.
 */
function checkClientIdParam(state: OrgState, clientId: string | null): void {
  if (clientId === null) return;
  const known = Object.values(state.apps).some(
    (app) => asString(asObject(asObject(app.credentials).oauthClient).client_id) === clientId && app.status === "ACTIVE",
  );
  if (!known) throw invalidClientIdError(state, 400);
}

/** The management-shaped `invalid_client` answer Okta gives for an unknown client id. */
export function invalidClientIdError(state: OrgState, status: number): SandboxHttpError {
  return new SandboxHttpError({
    status,
    json: {
      errorCode: "invalid_client",
      errorSummary: "Invalid value for 'client_id' parameter.",
      errorLink: "invalid_client",
      errorId: makeId("error", state.idSuffix),
      errorCauses: [],
    },
  });
}

function reply(doc: Record<string, unknown>): SandboxReply {
  return { status: 200, json: doc };
}

/** GET `/.well-known/{openid-configuration|oauth-authorization-server}` of the org authorization server. */
export function orgDiscoveryHandler(kind: MetadataKind): Handler {
  return (req, ctx) => {
    checkClientIdParam(ctx.state, req.query.get("client_id"));
    return reply(buildMetadata(ctx.state, req.origin, resolveOrgServer(req.origin), kind));
  };
}

/** GET `/oauth2/:asId/.well-known/…`; unknown or inactive servers answer 404 E0000007. */
export function customDiscoveryHandler(kind: MetadataKind): Handler {
  return (req, ctx) => {
    const server = requireActiveCustomServer(ctx.state, req.origin, req.params.asId ?? "");
    checkClientIdParam(ctx.state, req.query.get("client_id"));
    return reply(buildMetadata(ctx.state, req.origin, server, kind));
  };
}
