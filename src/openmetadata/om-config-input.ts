// The one input every OpenMetadata file is rendered from, its validation, and the values derived
// from it (URLs, class names, which ingestion auth applies). Renderers read only DerivedOmConfig.
import { UsageError } from "../errors.js";
import type { Secret } from "../secret.js";
import { checkChartServes, defaultHelmChart, helmChartFeatures } from "./helm-chart.js";
import type { HelmChart, HelmChartFeatures } from "./helm-chart.js";
import { confidentialVersionProblem, omFeatures } from "./om-version.js";
import type { OmFeatures, OmVersion } from "./om-version.js";

export type DeployFile = "docker" | "bare-metal" | "helm";
export const DEPLOY_FILES: readonly DeployFile[] = ["docker", "bare-metal", "helm"];

export interface OmConfigInput {
  /** The URL users open, e.g. https://om.example.com (no /api). */
  omUrl: string;
  omVersion: OmVersion;
  /** The custom authorization server's issuer, e.g. https://dev-1.okta.com/oauth2/aus1. */
  issuer: string;
  /** Discovery's token_endpoint, when the caller has it; otherwise derived from the issuer. */
  tokenEndpoint?: string;
  /** Discovery's jwks_uri, when the caller has it; otherwise derived from the issuer. */
  jwksUri?: string;
  /** The sign-in app's client id: the SPA's, or the web app's when clientType is confidential. */
  spaClientId: string;
  /** public (default): the SPA signs users in; confidential: the server does, with the web app's secret. */
  clientType?: "public" | "confidential";
  /** The web app's client secret (confidential only): rendered only into the 0600 secret files. */
  clientSecret?: Secret;
  /** The SPA's sign-in redirect URIs; callbackUrl is the one under omUrl (else {omUrl}/callback). */
  redirectUris?: string[];
  /** The ingestion service app; absent when it was skipped. */
  serviceClientId?: string;
  /** The service app's private JWK as compact JSON starting with "{". */
  privateKeyJwk?: Secret;
  botEmail: string;
  /** Name parts of name@domain. */
  adminPrincipals: string[];
  principalDomain: string;
  /** The authorization server has a default scope, so workflowConfig can send `scopes: []`. */
  hasDefaultScope: boolean;
  scope: string;
  /** The ingestion-bot's JWT (OpenMetadata ≥ 1.3, or without a service app). */
  omBotJwt?: Secret;
  deployFiles: DeployFile[];
  /** The Helm chart the values are for (--helm-chart-version); default: the chart shipping omVersion. */
  helmChart?: HelmChart;
}

export interface DerivedOmConfig {
  input: OmConfigInput;
  features: OmFeatures;
  version: string;
  /** omUrl without trailing slashes. */
  omBase: string;
  hostPort: string;
  issuer: string;
  /** {issuer}/v1/token: Okta's token_endpoint, the assertion audience (NOTES §1.3). */
  tokenEndpoint: string;
  oktaKeysUrl: string;
  omJwksUrl: string;
  publicKeyUrls: string[];
  callbackUrl: string;
  /** The Helm chart the values file is for, and the keys it knows. */
  helmChart: HelmChart;
  chart: HelmChartFeatures;
  className: string;
  containerRequestFilter: string;
  /** okta: service app + private key (≤ 1.2.x); openmetadata: the ingestion-bot's JWT. */
  ingestion: "okta" | "openmetadata";
  /** Only before 0.13 (NOTES §3.1). */
  ingestionPrincipals?: string[];
  workflowScopes: string[];
  /** The server-side (confidential) sign-in settings; undefined for the SPA. */
  confidential?: ConfidentialConfig;
}

/** oidcConfiguration of a confidential client (VERSIONS.md: "Confidential"). */
export interface ConfidentialConfig {
  /** {issuer}/.well-known/openid-configuration (OIDC_DISCOVERY_URI). */
  discoveryUri: string;
  /** Exactly {om}/callback, the web app's only sign-in redirect (OIDC_CALLBACK). */
  callbackUrl: string;
  /** The external OpenMetadata URL (OIDC_SERVER_URL). */
  serverUrl: string;
  /** offline_access included: the server's sessions need a refresh token. */
  scope: string;
  clientAuthenticationMethod: "client_secret_post";
}

/** What the server asks Okta for: the OIDC scopes plus offline_access, for refresh tokens. */
export const CONFIDENTIAL_SCOPE = "openid email profile offline_access";

/** The principal OpenMetadata always ships for ingestion (NOTES §3.1). */
export const INGESTION_BOT = "ingestion-bot";
export const JWT_PRINCIPAL_CLAIMS = ["email", "preferred_username", "sub"];

// Okta rejects OIDC scopes on client_credentials (NOTES §1.3, §4.2 #8).
const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access", "address", "phone", "groups"]);
const PRIVATE_RSA_MEMBERS = ["n", "e", "d", "p", "q", "dp", "dq", "qi"];
// Values end up unquoted in an env file and in YAML flow lists: no separators, quotes, `$` (compose
// interpolation), `#` (comments) or whitespace.
const SAFE_TOKEN = /^[A-Za-z0-9._~@+-]+$/;

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, "");
}

function checkUrl(value: string, flag: string, problems: string[]): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${flag}: ${JSON.stringify(value)} is not a URL`);
    return;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") problems.push(`${flag}: must be an http(s) URL`);
  if (url.username !== "" || url.password !== "") problems.push(`${flag}: must not contain credentials`);
  if (url.search !== "" || url.hash !== "") problems.push(`${flag}: must not have a query or fragment`);
  if (/[\s,[\]$#"'{}]/.test(value)) problems.push(`${flag}: contains characters OpenMetadata's config lists cannot hold`);
}

function checkPrivateJwk(secret: Secret, problems: string[]): void {
  const text = secret.reveal();
  // The messages below never quote the text: it is the private key.
  if (!text.startsWith("{")) {
    problems.push("private key: must be one JWK as compact JSON starting with '{' (okta-sdk-python reads anything else as PEM)");
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push("private key: is not valid JSON");
    return;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    problems.push("private key: is not a JWK object");
    return;
  }
  const jwk = parsed as Record<string, unknown>;
  if ("keys" in jwk) problems.push("private key: is a JWK Set; OpenMetadata needs the single private JWK");
  else if (jwk.kty !== "RSA") problems.push("private key: is not an RSA JWK");
  else if (PRIVATE_RSA_MEMBERS.some((m) => typeof jwk[m] !== "string")) problems.push("private key: lacks the private RSA members (d, p, q, dp, dq, qi)");
  if (/\n/.test(text)) problems.push("private key: must be on one line");
}

/** Throws one UsageError listing every problem with the input (flags named, secrets never quoted). */
export function validateOmConfigInput(input: OmConfigInput): void {
  const problems: string[] = [];
  checkUrl(input.omUrl, "--om-url", problems);
  checkUrl(input.issuer, "issuer", problems);
  if (input.tokenEndpoint !== undefined) checkUrl(input.tokenEndpoint, "token_endpoint", problems);
  if (input.jwksUri !== undefined) checkUrl(input.jwksUri, "jwks_uri", problems);
  if (!SAFE_TOKEN.test(input.spaClientId)) problems.push("SPA client id: is empty or has unexpected characters");
  if (input.serviceClientId !== undefined && !SAFE_TOKEN.test(input.serviceClientId)) {
    problems.push("service app client id: is empty or has unexpected characters");
  }
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.botEmail)) problems.push(`--bot-email: ${JSON.stringify(input.botEmail)} is not an email address`);
  if (input.adminPrincipals.length === 0) problems.push("--admin-principals: name at least one admin");
  for (const name of input.adminPrincipals) {
    if (name.includes("@")) problems.push(`--admin-principals: use the name part of ${JSON.stringify(name)} (OpenMetadata cuts principals at '@')`);
    else if (!SAFE_TOKEN.test(name)) problems.push(`--admin-principals: ${JSON.stringify(name)} is not a valid principal name`);
  }
  if (new Set(input.adminPrincipals).size !== input.adminPrincipals.length) problems.push("--admin-principals: lists a name twice");
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(input.principalDomain)) {
    problems.push(`--principal-domain: ${JSON.stringify(input.principalDomain)} is not a domain`);
  }
  if (!input.hasDefaultScope) {
    if (!SAFE_TOKEN.test(input.scope)) problems.push("--scope: a scope is needed when the authorization server has no default scope");
    else if (OIDC_SCOPES.has(input.scope)) problems.push(`--scope: Okta refuses '${input.scope}' on client_credentials; use a custom scope`);
  }
  if (input.privateKeyJwk !== undefined) checkPrivateJwk(input.privateKeyJwk, problems);
  if (input.clientType === "confidential") {
    const problem = confidentialVersionProblem(input.omVersion);
    if (problem) problems.push(`--client-type confidential: ${problem}`);
    // Never quoted: it is the secret. Okta's secrets are URL-safe characters.
    if (input.clientSecret !== undefined && !/^[A-Za-z0-9._~+/=-]+$/.test(input.clientSecret.reveal())) {
      problems.push("client secret: has characters an env file or a Kubernetes Secret cannot hold unquoted");
    }
  }
  if (input.omBotJwt !== undefined && !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(input.omBotJwt.reveal())) {
    problems.push("bot JWT: is not a JWT (three base64url parts separated by dots)");
  }
  if (input.helmChart !== undefined) {
    try {
      checkChartServes(input.helmChart, input.omVersion);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      problems.push(`${err.message}${err.hint ? ` ${err.hint}` : ""}`);
    }
  }
  for (const file of input.deployFiles) {
    if (!DEPLOY_FILES.includes(file)) problems.push(`--deploy-files: unknown ${JSON.stringify(file)} (use ${DEPLOY_FILES.join(", ")} or none)`);
  }
  if (problems.length > 0) {
    throw new UsageError(`Cannot generate the OpenMetadata configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** The org authorization server's issuer is the org URL itself (no path); custom servers are {org}/oauth2/{id}. */
export function isOrgAuthorizationServer(authority: string): boolean {
  return new URL(authority).pathname.replace(/\/+$/, "") === "";
}

/** {authority}/v1/<endpoint> for a custom authorization server; the org server serves them under {org}/oauth2/v1. */
function oktaEndpoint(authority: string, endpoint: "token" | "keys"): string {
  return `${authority}${isOrgAuthorizationServer(authority) ? "/oauth2" : ""}/v1/${endpoint}`;
}

/**
 * publicKeyUrls as OpenMetadata's validator expects them (VERSIONS: OktaAuthValidator): one entry
 * equal to {authority}/v1/keys for a custom server, {org}/oauth2/v1/keys for the org server, first;
 * then OpenMetadata's own JWKS (bot JWTs) where the version's docs list it (from 1.0), or on 0.13 when
 * ingestion uses the bot's JWT, which only that JWKS verifies.
 */
export function publicKeyUrlsFor(authority: string, omJwksUrl: string, features: OmFeatures, botJwtIngestion: boolean): string[] {
  const okta = oktaEndpoint(authority, "keys");
  return features.omJwksDocumented || botJwtIngestion ? [okta, omJwksUrl] : [okta];
}

/**
 * The server's callbackUrl: a registered redirect URI under the OpenMetadata URL (Okta refuses any
 * other), preferring one ending in /callback; else {om}/callback, e.g. after `config --om-url` moved
 * OpenMetadata and the SPA has not been updated yet.
 */
export function callbackUrlFor(omBase: string, redirectUris: readonly string[] | undefined): string {
  const underOm = (redirectUris ?? []).filter((u) => u.startsWith(`${omBase}/`));
  return underOm.find((u) => u.endsWith("/callback")) ?? underOm[0] ?? `${omBase}/callback`;
}

/** Every value the renderers share, computed once from the input and the version's features. */
export function deriveOmConfig(input: OmConfigInput): DerivedOmConfig {
  const features = omFeatures(input.omVersion);
  const omBase = trimSlashes(input.omUrl);
  const issuer = trimSlashes(input.issuer);
  // The validator compares publicKeyUrls with the rule, not with discovery's jwks_uri (the same URL on Okta).
  const oktaKeysUrl = oktaEndpoint(issuer, "keys");
  const omJwksUrl = `${omBase}${features.jwksPath}`;
  const okta = features.oktaIngestion && input.serviceClientId !== undefined && input.privateKeyJwk !== undefined;
  const helmChart = input.helmChart ?? defaultHelmChart(input.omVersion);
  return {
    input,
    features,
    version: input.omVersion.raw,
    omBase,
    hostPort: `${omBase}/api`,
    issuer,
    tokenEndpoint: input.tokenEndpoint ?? oktaEndpoint(issuer, "token"),
    oktaKeysUrl,
    omJwksUrl,
    // Okta's keys verify user ID tokens and (≤ 1.2.x) ingestion access tokens; OpenMetadata's own
    // JWKS verifies bot JWTs. JwtFilter tries each URL for the token's kid (NOTES §5.1).
    publicKeyUrls: publicKeyUrlsFor(issuer, omJwksUrl, features, !okta),
    // Must be a registered redirect URI, or Okta refuses the sign-in redirect.
    // Confidential: exactly {om}/callback, the web app's one redirect URI.
    callbackUrl: input.clientType === "confidential" ? `${omBase}/callback` : callbackUrlFor(omBase, input.redirectUris),
    helmChart,
    chart: helmChartFeatures(helmChart),
    className: `${features.classPackage}.DefaultAuthorizer`,
    containerRequestFilter: `${features.classPackage}.JwtFilter`,
    ingestion: okta ? "okta" : "openmetadata",
    ingestionPrincipals: features.ingestionPrincipals
      ? [INGESTION_BOT, ...(input.serviceClientId !== undefined ? [input.serviceClientId] : [])]
      : undefined,
    workflowScopes: input.hasDefaultScope ? [] : [input.scope],
    confidential:
      input.clientType === "confidential"
        ? {
            discoveryUri: `${issuer}/.well-known/openid-configuration`,
            callbackUrl: `${omBase}/callback`,
            serverUrl: omBase,
            scope: CONFIDENTIAL_SCOPE,
            clientAuthenticationMethod: "client_secret_post",
          }
        : undefined,
  };
}
