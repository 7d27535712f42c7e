import { bodyPreview, type HttpAnswer } from "./http.js";

/** What the failing token answer means and what to change. */
export interface Diagnosis {
  /** Okta's error code and text as received (or a description of a non-OAuth answer). */
  said: string;
  cause: string;
  fix: string;
}

/** Everything the fix texts may name. */
export interface DiagnosisContext {
  clientId: string;
  orgURL: string;
  /** The issuer orgURL should belong to (server files, manifest), when known. */
  expectedIssuer?: string;
  serviceClientId?: string;
  scopes: string[];
  skewSeconds?: number;
  workflowFile: string;
  /** "okta-om-setup init --out-dir …" when init made the setup. */
  initCommand?: string;
}

interface Rule {
  error: string | RegExp;
  description?: RegExp;
  diagnose(c: DiagnosisContext): { cause: string; fix: string };
}

const consolePolicy = "Okta Admin Console > Security > API > Authorization Servers > (your server) > Access Policies";
const orInit = (c: DiagnosisContext, fix: string): string => (c.initCommand ? `${fix}; or rerun \`${c.initCommand}\`` : fix);
const tokenEndpoint = (c: DiagnosisContext): string => (c.expectedIssuer ? `${c.expectedIssuer}/v1/token` : "https://{your org}/oauth2/{authorization server id}/v1/token");
const skewText = (c: DiagnosisContext): string => (c.skewSeconds === undefined ? "" : ` (this machine is ${Math.abs(c.skewSeconds)}s ${c.skewSeconds >= 0 ? "ahead of" : "behind"} Okta)`);
/** Okta's token endpoint answers an unknown server with invalid_request, its other endpoints with 404 E0000007. */
const unknownServer = (c: DiagnosisContext) => ({
  cause: `orgURL names an authorization server that does not exist or is not active (${c.orgURL})`,
  fix: `activate the authorization server (Security > API > Authorization Servers > (server) > Activate), or set securityConfig.orgURL in ${c.workflowFile} to ${tokenEndpoint(c)}`,
});
const clockFix = "sync this machine's clock with NTP (e.g. `sudo timedatectl set-ntp true`, or `sudo chronyc makestep`) on every host that runs ingestion";

/**
 * Okta's token-endpoint errors → cause and fix, for a request made the way OpenMetadata makes it.
 * Texts are Okta's as REAL-ORG.md's token endpoint table records them (DOCS oauth2-error-codes.json);
 * the sandbox sends the same (src/sandbox/oauth: TOKEN_ERRORS, ASSERTION_ERRORS, DPOP_ERRORS).
 */
export const TOKEN_ERROR_RULES: Rule[] = [
  {
    error: "invalid_client",
    description: /expiration too far/i,
    diagnose: (c) => ({
      cause: `OpenMetadata signs its assertion for exactly 3600 s and Okta refuses anything further ahead, so a clock even a second fast fails${skewText(c)}`,
      fix: clockFix,
    }),
  },
  {
    error: "invalid_client",
    description: /issued before the current time/i,
    diagnose: (c) => ({ cause: `the assertion's iat is in the future for Okta: this machine's clock is ahead (clock skew)${skewText(c)}`, fix: clockFix }),
  },
  {
    error: "invalid_client",
    description: /is expired|not yet valid/i,
    diagnose: (c) => ({ cause: `the assertion's times do not fit Okta's clock${skewText(c)}`, fix: clockFix }),
  },
  {
    error: "invalid_client",
    description: /must contain the 'exp' claim/i,
    diagnose: () => ({
      cause: "the assertion has no exp claim; OpenMetadata's client always sets one, so something else signed it",
      fix: "run ingestion with OpenMetadata's own Okta client (securityConfig in workflowConfig.yaml), or add exp (at most an hour ahead) to the assertion",
    }),
  },
  {
    error: "invalid_client",
    description: /does not have a JWKSet/i,
    diagnose: (c) => ({
      cause: `the service app ${c.clientId} has no public key registered, so Okta cannot check any assertion`,
      fix: orInit(c, `register the public half of privateKey on the service app (Applications > (service app) > General > Public Keys > Add key)`),
    }),
  },
  {
    error: "invalid_client",
    description: /signature algorithm is invalid/i,
    diagnose: (c) => ({
      cause: `the assertion is signed with an algorithm that does not fit the registered key (OpenMetadata signs RS256 with an RSA key)`,
      fix: `put an RSA private key (JWK or PEM) into privateKey in ${c.workflowFile}, the pair of the RSA public key registered on the service app`,
    }),
  },
  {
    error: "invalid_client",
    description: /kid is invalid/i,
    diagnose: (c) => ({
      cause: "OpenMetadata sends its assertion without a kid, so Okta can pick the key only when the service app has exactly one active public key; it has several (or none)",
      fix: orInit(c, `keep exactly one public key on the service app ${c.clientId}, the public half of privateKey (Okta Admin Console > Applications > (service app) > General > Public Keys: deactivate and delete the others)`),
    }),
  },
  {
    error: "invalid_client",
    description: /signature is invalid/i,
    diagnose: (c) => ({
      cause: `privateKey in ${c.workflowFile} is not the private half of the key registered on the service app ${c.clientId}`,
      fix: orInit(c, `register the public half of privateKey as the service app's only key (Applications > (service app) > General > Public Keys > Add key), or put the matching private JWK into ${c.workflowFile}`),
    }),
  },
  {
    error: "invalid_client",
    description: /audience/i,
    diagnose: (c) => ({
      cause: `the assertion's aud is orgURL as written (${c.orgURL}), and Okta wants exactly the token endpoint it was sent to`,
      fix: `set securityConfig.orgURL in ${c.workflowFile} to the discovery document's token_endpoint, exactly: ${tokenEndpoint(c)}`,
    }),
  },
  {
    error: "invalid_client",
    description: /already been used/i,
    diagnose: () => ({ cause: "Okta saw this assertion's jti before (a replay); every run mints a new one", fix: "run doctor again; if it repeats, report it" }),
  },
  {
    error: "invalid_client",
    description: /(issuer|subject) claim for client_assertion/i,
    diagnose: (c) => ({
      cause: "the assertion's issuer or subject is not the client id; OpenMetadata sets both to securityConfig.clientId",
      fix: `check that securityConfig.clientId in ${c.workflowFile} is the service app's bare client id${c.serviceClientId ? ` (${c.serviceClientId})` : ""}, without spaces or quotes`,
    }),
  },
  {
    error: "invalid_client",
    description: /parsing of the client_assertion failed/i,
    diagnose: (c) => ({
      cause: "Okta could not parse the client assertion as a JWT",
      fix: `check privateKey in ${c.workflowFile}: it must be the whole private JWK (or PEM) of the service app's key, unaltered`,
    }),
  },
  {
    error: "invalid_client",
    description: /must use the private_key_jwt|Client authentication failed/i,
    diagnose: (c) => ({
      cause: `client ${c.clientId} does not authenticate with private_key_jwt: it is not the ingestion service app (often it is the SPA's client id)`,
      fix: `set securityConfig.clientId in ${c.workflowFile} to the service app's client id${c.serviceClientId && c.serviceClientId !== c.clientId ? ` (${c.serviceClientId})` : ""}`,
    }),
  },
  {
    error: "invalid_client",
    description: /client_id|No client credentials/i,
    diagnose: (c) => ({
      cause: `Okta has no active app with client id ${c.clientId} (unknown, deleted or deactivated)`,
      fix: orInit(c, `set securityConfig.clientId in ${c.workflowFile} to the active service app's client id${c.serviceClientId && c.serviceClientId !== c.clientId ? ` (${c.serviceClientId})` : ""}, or activate the app in Okta (Applications > (service app) > Activate)`),
    }),
  },
  {
    error: "invalid_scope",
    description: /default scopes/i,
    diagnose: (c) => ({
      cause: "scopes is [] so OpenMetadata sends no scope parameter, and the authorization server has no default scope to fall back on",
      fix: orInit(c, `mark a scope as default (Security > API > Authorization Servers > (your server) > Scopes > (scope) > Edit > "Set as a default scope"), or list one in securityConfig.scopes in ${c.workflowFile}`),
    }),
  },
  {
    error: "invalid_scope",
    description: /not configured/i,
    diagnose: (c) => ({
      cause: `a scope in securityConfig.scopes (${c.scopes.join(", ") || "none"}) does not exist on the authorization server`,
      fix: `create the scope on the authorization server (Scopes > Add Scope), or set securityConfig.scopes in ${c.workflowFile} to an existing custom scope (or [] with a default scope)`,
    }),
  },
  {
    error: "invalid_scope",
    description: /Cannot request 'openid'|not allowed for the client credentials/i,
    diagnose: (c) => ({
      cause: "Okta refuses OIDC scopes (openid, profile, email, offline_access) in the client_credentials grant",
      fix: `remove the OIDC scopes from securityConfig.scopes in ${c.workflowFile} (use a custom scope, or [] with a default scope)`,
    }),
  },
  {
    error: /consent_required|invalid_scope/,
    description: /require (user )?consent/i,
    diagnose: () => ({ cause: "a requested scope requires user consent, which client_credentials cannot give", fix: "set the scope's consent to Implicit (Scopes > (scope) > Edit > User consent: Implicit)" }),
  },
  {
    error: "invalid_scope",
    description: /No scopes were requested|Custom scopes are not allowed|requested scope is invalid/i,
    diagnose: (c) => ({
      cause: `orgURL is the org authorization server's token endpoint (${c.orgURL}), which only mints okta.* API scopes`,
      fix: `set securityConfig.orgURL in ${c.workflowFile} to the custom authorization server's token endpoint: ${tokenEndpoint(c)}`,
    }),
  },
  {
    error: "access_denied",
    description: /feature is not enabled/i,
    diagnose: (c) => ({
      cause: "the org has no API Access Management, so no custom authorization server can mint tokens (the `default` server does not exist there either)",
      fix: orInit(c, "get API Access Management for the org; or sign users in through the org authorization server with `init --auth-server org` (OpenMetadata 1.3+, where ingestion does not use Okta tokens)"),
    }),
  },
  {
    error: "access_denied",
    description: /scopes were rejected|scopes were denied/i,
    diagnose: (c) => ({
      cause: `a rule of the access policy matched client ${c.clientId}, but it does not allow the requested scopes (${c.scopes.join(", ") || "the default scope"}); the policy itself is fine`,
      fix: orInit(c, `${consolePolicy}: edit the rule (grant type Client Credentials) and add the scope under "Scopes requested" (or allow any scope)`),
    }),
  },
  {
    error: "access_denied",
    description: /Policy evaluation failed/i,
    diagnose: (c) => ({
      cause: `no access policy of the authorization server both includes client ${c.clientId} and has an active rule allowing Client Credentials for the requested scopes`,
      fix: orInit(c, `${consolePolicy}: assign the policy to the service app (Edit > Assign to: The following clients) and give it a rule with grant type Client Credentials and the scope (or any scope)`),
    }),
  },
  {
    error: "invalid_request",
    description: /authorization server id is invalid/i,
    diagnose: unknownServer,
  },
  {
    error: "invalid_request",
    description: /multiple client credentials/i,
    diagnose: () => ({
      cause: "the request carried more than one client credential (an Authorization header or client_secret besides the assertion), which OpenMetadata's client never sends",
      fix: "check for a proxy that adds an Authorization header to requests to Okta, and remove it for the token endpoint",
    }),
  },
  {
    error: "unsupported_grant_type",
    diagnose: () => ({
      cause: "the authorization server does not serve the client_credentials grant",
      fix: `${consolePolicy}: give the policy a rule with grant type Client Credentials`,
    }),
  },
  {
    error: "unauthorized_client",
    diagnose: (c) => ({
      cause: `the app ${c.clientId} may not use the client_credentials grant`,
      fix: orInit(c, "enable Client Credentials on the service app (Applications > (service app) > General > Client Credentials / grant types)"),
    }),
  },
  {
    error: /invalid_dpop_proof|use_dpop_nonce/,
    diagnose: (c) => ({
      cause: `the service app ${c.clientId} requires DPoP-bound tokens, and OpenMetadata's Okta client sends no DPoP proof`,
      fix: orInit(c, "turn DPoP off for the service app: Applications > (service app) > General > Edit > clear \"Require Demonstrating Proof of Possession (DPoP) header in token requests\" (API: settings.oauthClient.dpop_bound_access_tokens = false)"),
    }),
  },
  {
    error: "E0000007",
    diagnose: unknownServer,
  },
];

function oauthFields(answer: HttpAnswer): { code?: string; description?: string } {
  const json = answer.json as Record<string, unknown> | undefined;
  if (!json || typeof json !== "object") return {};
  const code = typeof json.error === "string" ? json.error : typeof json.errorCode === "string" ? json.errorCode : undefined;
  const description = typeof json.error_description === "string" ? json.error_description : typeof json.errorSummary === "string" ? json.errorSummary : undefined;
  return { code, description };
}

/** Maps a failed token answer to its cause and fix; every Okta answer gets one, unknown ones a generic one. */
export function diagnoseTokenAnswer(answer: HttpAnswer, c: DiagnosisContext): Diagnosis {
  if (answer.status >= 300 && answer.status < 400) {
    return {
      said: `HTTP ${answer.status} redirect${answer.location ? ` to ${answer.location.split("?")[0]}` : ""}`,
      cause: "orgURL is not an Okta token endpoint (OpenMetadata's client does not follow redirects for the token request)",
      fix: `set securityConfig.orgURL in ${c.workflowFile} to ${tokenEndpoint(c)}`,
    };
  }
  if (answer.json === undefined || typeof answer.json !== "object") {
    return {
      said: `HTTP ${answer.status} with ${bodyPreview(answer)}, not JSON`,
      cause: "orgURL does not point at an Okta token endpoint; OpenMetadata fails with \"Could not fetch the access token please validate the orgURL & clientId in configuration\"",
      fix: `set securityConfig.orgURL in ${c.workflowFile} to the authorization server's token endpoint: ${tokenEndpoint(c)}`,
    };
  }
  const { code, description } = oauthFields(answer);
  const said = `HTTP ${answer.status} ${code ?? "(no error code)"}${description ? `: ${description}` : ""}`;
  const rule = TOKEN_ERROR_RULES.find(
    (r) => code !== undefined && (typeof r.error === "string" ? r.error === code : r.error.test(code)) && (!r.description || r.description.test(description ?? "")),
  );
  if (rule) return { said, ...rule.diagnose(c) };
  if (code === undefined) {
    return { said, cause: "the answer is JSON but holds neither access_token nor an OAuth error; orgURL is probably not a token endpoint", fix: `set securityConfig.orgURL in ${c.workflowFile} to ${tokenEndpoint(c)}` };
  }
  return { said, cause: `Okta refused the token request (${code})`, fix: "look the error up in Okta's System Log (Reports > System Log, filter on the client id) and compare the service app with `okta-om-setup doctor` object checks" };
}
