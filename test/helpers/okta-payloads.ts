/**
 * The request bodies OpenMetadata's guide maps to (API-NOTES §1.1, §1.4, §2), written out literally
 * once. Tests compare what init sends with these and seed sandboxes with them; they are deliberately
 * not derived from src/, so a change in the CLI's payload fails a test instead of moving with it.
 */

/** The OpenMetadata UI's single-page app for `POST /api/v1/apps`. */
export function spaAppBody(omUrl: string, label = "OpenMetadata") {
  return {
    name: "oidc_client",
    label,
    signOnMode: "OPENID_CONNECT",
    credentials: { oauthClient: { token_endpoint_auth_method: "none", pkce_required: true, autoKeyRotation: true } },
    settings: {
      implicitAssignment: false,
      oauthClient: {
        application_type: "browser",
        grant_types: ["authorization_code", "refresh_token", "implicit"],
        response_types: ["code", "id_token", "token"],
        redirect_uris: [`${omUrl}/callback`, `${omUrl}/silent-callback`],
        post_logout_redirect_uris: [omUrl],
        consent_method: "TRUSTED",
        issuer_mode: "ORG_URL",
        refresh_token: { rotation_type: "ROTATE", leeway: 30 },
        wildcard_redirect: "DISABLED",
      },
    },
  };
}

/** The ingestion bot's service app for Dynamic Client Registration (`POST /oauth2/v1/clients`). */
export function serviceClientBody(name: string, publicJwk: object) {
  return {
    client_name: name,
    grant_types: ["client_credentials"],
    response_types: ["token"],
    token_endpoint_auth_method: "private_key_jwt",
    application_type: "service",
    jwks: { keys: [publicJwk] },
  };
}

/** A minimal confidential web app (a client secret, authorization code), for sandbox tests. */
export function webAppBody(label: string) {
  return {
    name: "oidc_client",
    label,
    signOnMode: "OPENID_CONNECT",
    credentials: { oauthClient: { token_endpoint_auth_method: "client_secret_basic" } },
    settings: { oauthClient: { application_type: "web", grant_types: ["authorization_code"], response_types: ["code"], redirect_uris: ["https://om.example.com/cb"] } },
  };
}
