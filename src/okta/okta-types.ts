/**
 * The parts of Okta's wire JSON that init and doctor read. Objects keep every other field Okta sends
 * (index signatures), because updates GET, merge and PUT the whole object back.
 */
export interface Jwk {
  kty: string;
  kid?: string;
  n?: string;
  e?: string;
  alg?: string;
  use?: string | null;
  status?: string;
  id?: string;
  [key: string]: unknown;
}

export interface OidcClientSettings {
  application_type?: string;
  grant_types?: string[];
  response_types?: string[];
  redirect_uris?: string[];
  post_logout_redirect_uris?: string[];
  initiate_login_uri?: string;
  consent_method?: string;
  issuer_mode?: string;
  refresh_token?: { rotation_type?: string; leeway?: number };
  wildcard_redirect?: string;
  dpop_bound_access_tokens?: boolean;
  jwks?: { keys?: Jwk[] };
  [key: string]: unknown;
}

export interface OidcApp {
  id: string;
  name: string;
  label: string;
  status: string;
  signOnMode: string;
  credentials?: {
    oauthClient?: { client_id?: string; token_endpoint_auth_method?: string; pkce_required?: boolean; autoKeyRotation?: boolean; [key: string]: unknown };
    [key: string]: unknown;
  };
  settings?: { implicitAssignment?: boolean; oauthClient?: OidcClientSettings; [key: string]: unknown };
  [key: string]: unknown;
}

export interface DcrClient {
  client_id: string;
  client_name: string;
  application_type?: string;
  grant_types?: string[];
  response_types?: string[];
  token_endpoint_auth_method?: string;
  jwks?: { keys?: Jwk[] };
  [key: string]: unknown;
}

export interface Group {
  id: string;
  type: string;
  profile: { name: string; description?: string };
}

export interface GroupAssignment {
  id: string;
  priority?: number;
}

export interface TrustedOrigin {
  id: string;
  name: string;
  origin: string;
  status: string;
  scopes: { type: string; allowedOktaApps?: string[] }[];
  [key: string]: unknown;
}

export interface Grant {
  id: string;
  status: string;
  scopeId: string;
  issuer: string;
  clientId?: string;
}

export interface AuthServer {
  id: string;
  name: string;
  description?: string | null;
  audiences: string[];
  issuer: string;
  issuerMode?: string;
  status: string;
  default?: boolean;
  credentials?: { signing?: { kid?: string; rotationMode?: string } };
  [key: string]: unknown;
}

export interface Scope {
  id: string;
  name: string;
  description?: string | null;
  displayName?: string | null;
  consent?: string;
  metadataPublish?: string;
  default?: boolean;
  system?: boolean;
  optional?: boolean;
  [key: string]: unknown;
}

export interface Policy {
  id: string;
  type: string;
  name: string;
  description?: string;
  status: string;
  priority?: number;
  conditions?: { clients?: { include?: string[] } };
  [key: string]: unknown;
}

export interface PolicyRule {
  id: string;
  type: string;
  name: string;
  status: string;
  priority?: number;
  conditions?: {
    people?: { users?: { include?: string[]; exclude?: string[] }; groups?: { include?: string[]; exclude?: string[] } };
    grantTypes?: { include?: string[] };
    scopes?: { include?: string[] };
  };
  actions?: { token?: { accessTokenLifetimeMinutes?: number; refreshTokenLifetimeMinutes?: number; refreshTokenWindowMinutes?: number } };
  [key: string]: unknown;
}

/** An admin role assigned to a client app (`/oauth2/v1/clients/{clientId}/roles`). */
export interface ClientRole {
  id: string;
  type: string;
  label?: string;
  status?: string;
  assignmentType?: string;
}

/** An OAuth 2.0 client secret object (management.yaml OAuth2ClientSecret); client_secret is never logged. */
export interface ClientSecret {
  id: string;
  status: "ACTIVE" | "INACTIVE";
  client_secret?: string;
  secret_hash?: string;
  created?: string;
  lastUpdated?: string;
}
