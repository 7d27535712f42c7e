import { describe, expect, it } from "vitest";
import type { HttpAnswer } from "../../src/doctor/http.js";
import { diagnoseTokenAnswer, type DiagnosisContext } from "../../src/doctor/token-errors.js";
import { ASSERTION_ERRORS } from "../../src/sandbox/oauth/client-assertion.js";
import { DPOP_ERRORS } from "../../src/sandbox/oauth/dpop.js";
import { TOKEN_ERRORS, consentScopesNotAllowed, someScopesDenied, unauthorizedGrantType, unsupportedGrantType } from "../../src/sandbox/oauth/token-endpoint.js";

const c: DiagnosisContext = {
  clientId: "0oaService",
  orgURL: "https://dev-1.okta.com/oauth2/aus1/v1/token",
  expectedIssuer: "https://dev-1.okta.com/oauth2/aus1",
  serviceClientId: "0oaService",
  scopes: [],
  skewSeconds: 4,
  workflowFile: "workflowConfig.yaml",
  initCommand: "okta-om-setup init --out-dir ./okta-om-setup",
};

function answer(status: number, json: unknown, text = JSON.stringify(json)): HttpAnswer {
  const now = new Date();
  return { status, url: c.orgURL, contentType: json === undefined ? "text/html" : "application/json", text, json, sentAt: now, receivedAt: now };
}

const oauth = (status: number, error: string, description: string) => diagnoseTokenAnswer(answer(status, { error, error_description: description }), c);

// Every error_description of REAL-ORG.md's token endpoint table (verbatim, through the sandbox's
// constants) maps to its own cause and fix.
describe("Okta token errors → cause and fix", () => {
  it.each([
    ["iat in the future (clock skew)", 401, "invalid_client", ASSERTION_ERRORS.issuedInFuture, /iat is in the future.*clock skew.*4s ahead of Okta/, /sync this machine's clock/],
    ["issuer not the client id", 401, "invalid_client", ASSERTION_ERRORS.issuer, /issuer or subject is not the client id/, /securityConfig.clientId.*\(0oaService\)/],
    ["subject not the client id", 401, "invalid_client", ASSERTION_ERRORS.subject, /issuer or subject is not the client id/, /securityConfig.clientId/],
    ["unparsable assertion", 401, "invalid_client", ASSERTION_ERRORS.malformed, /could not parse the client assertion/, /whole private JWK/],
    ["wrong algorithm", 401, "invalid_client", ASSERTION_ERRORS.algorithm, /algorithm that does not fit/, /RSA private key/],
    ["no exp", 401, "invalid_client", ASSERTION_ERRORS.expMissing, /no exp claim/, /exp/],
    ["no JWKS", 401, "invalid_client", ASSERTION_ERRORS.noJwks, /no public key registered/, /Public Keys > Add key/],
    ["scopes refused by the rule (all)", 400, "access_denied", TOKEN_ERRORS.allScopesRejected, /rule .* matched .* does not allow the requested scopes.*the policy itself is fine/, /add the scope under "Scopes requested"/],
    ["scopes refused by the rule (some)", 400, "access_denied", someScopesDenied(["om.write"]), /does not allow the requested scopes/, /Scopes requested/],
    ["consent required", 400, "consent_required", consentScopesNotAllowed(["x"]), /requires user consent/, /Implicit/],
    ["feature not enabled", 400, "access_denied", TOKEN_ERRORS.featureNotEnabled, /no API Access Management/, /--auth-server org/],
    ["unknown authorization server id", 400, "invalid_request", TOKEN_ERRORS.unknownServer, /does not exist or is not active/, /activate the authorization server/],
    ["several credentials", 401, "invalid_request", TOKEN_ERRORS.multipleCredentials, /more than one client credential/, /proxy/],
    ["grant type not on the server", 400, "unsupported_grant_type", unsupportedGrantType(["authorization_code"]), /does not serve the client_credentials grant/, /Client Credentials/],
    ["expiry too far ahead", 401, "invalid_client", ASSERTION_ERRORS.expTooFar, /exactly 3600 s.*4s ahead of Okta/, /sync this machine's clock/],
    ["expired assertion", 401, "invalid_client", ASSERTION_ERRORS.expired, /times do not fit/, /sync this machine's clock/],
    ["kid (several keys)", 401, "invalid_client", ASSERTION_ERRORS.kid, /without a kid.*exactly one active public key/, /keep exactly one public key.*or rerun `okta-om-setup init/],
    ["signature (wrong key)", 401, "invalid_client", ASSERTION_ERRORS.signature, /not the private half/, /register the public half of privateKey/],
    ["audience", 401, "invalid_client", ASSERTION_ERRORS.audience, /aud is orgURL as written/, /token_endpoint, exactly: https:\/\/dev-1.okta.com\/oauth2\/aus1\/v1\/token/],
    ["SPA client id", 401, "invalid_client", TOKEN_ERRORS.clientAuthFailed, /does not authenticate with private_key_jwt/, /set securityConfig.clientId/],
    ["org AS with a secret client", 401, "invalid_client", TOKEN_ERRORS.orgRequiresPrivateKeyJwt, /private_key_jwt/, /set securityConfig.clientId/],
    ["replayed jti", 401, "invalid_client", ASSERTION_ERRORS.replayed, /replay/, /run doctor again/],
    ["no default scopes", 400, "invalid_scope", TOKEN_ERRORS.noDefaultScopes, /no default scope/, /Set as a default scope/],
    ["unknown scope", 400, "invalid_scope", TOKEN_ERRORS.unknownScope, /does not exist on the authorization server/, /create the scope/],
    ["OIDC scope", 400, "invalid_scope", TOKEN_ERRORS.openidScope, /refuses OIDC scopes/, /remove the OIDC scopes/],
    ["org AS, no scope", 400, "invalid_scope", TOKEN_ERRORS.noScopes, /org authorization server/, /aus1\/v1\/token/],
    ["org AS, custom scope", 400, "invalid_scope", TOKEN_ERRORS.customScopesOnOrg, /org authorization server/, /aus1\/v1\/token/],
    ["policy evaluation failed", 401, "access_denied", TOKEN_ERRORS.policyFailed, /no access policy/, /Assign to: The following clients/],
    ["grant not allowed", 400, "unauthorized_client", unauthorizedGrantType(["authorization_code"]), /may not use the client_credentials grant/, /enable Client Credentials/],
    ["DPoP proof missing", 400, "invalid_dpop_proof", DPOP_ERRORS.missing, /requires DPoP-bound tokens/, /turn DPoP off/],
    ["DPoP nonce", 400, "use_dpop_nonce", DPOP_ERRORS.nonce, /requires DPoP-bound tokens/, /turn DPoP off/],
  ])("%s", (_name, status, error, description, cause, fix) => {
    const d = oauth(status, error, description);
    expect(d.said).toBe(`HTTP ${status} ${error}: ${description}`);
    expect(d.cause).toMatch(cause);
    expect(d.fix).toMatch(fix);
  });

  it("an unknown client (Okta's management-shaped invalid_client)", () => {
    const d = diagnoseTokenAnswer(answer(401, { errorCode: "invalid_client", errorSummary: "Invalid value for 'client_id' parameter.", errorCauses: [] }), c);
    expect(d.cause).toContain("no active app with client id 0oaService");
    expect(d.fix).toContain("activate the app");
  });

  it("an inactive or unknown authorization server (404 E0000007)", () => {
    const d = diagnoseTokenAnswer(answer(404, { errorCode: "E0000007", errorSummary: "Not found: Resource not found: aus1 (AuthorizationServer)" }), c);
    expect(d.cause).toContain("does not exist or is not active");
    expect(d.fix).toContain("activate the authorization server");
  });

  it("a non-JSON answer means orgURL is wrong, in OpenMetadata's own words", () => {
    const d = diagnoseTokenAnswer(answer(200, undefined, "<html><head><title>Sign In</title></head></html>"), c);
    expect(d.said).toBe('HTTP 200 with an HTML page titled "Sign In", not JSON');
    expect(d.cause).toContain("Could not fetch the access token please validate the orgURL & clientId in configuration");
    expect(d.fix).toBe("set securityConfig.orgURL in workflowConfig.yaml to the authorization server's token endpoint: https://dev-1.okta.com/oauth2/aus1/v1/token");
  });

  it("a redirect, which OpenMetadata's client does not follow", () => {
    const d = diagnoseTokenAnswer({ ...answer(302, undefined, ""), location: "https://dev-1.okta.com/login?x=1" }, c);
    expect(d.said).toBe("HTTP 302 redirect to https://dev-1.okta.com/login");
    expect(d.fix).toContain("aus1/v1/token");
  });

  it("an unknown OAuth error still gets a cause and a fix", () => {
    const d = oauth(400, "invalid_request", "something new");
    expect(d.cause).toContain("invalid_request");
    expect(d.fix).toContain("System Log");
  });
});
