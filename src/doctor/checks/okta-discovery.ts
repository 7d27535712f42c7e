import type { Check, DoctorContext } from "../check.js";
import { Findings, skipped } from "../findings.js";
import { bodyPreview, httpGet, jsonObject, NetworkProblem } from "../http.js";
import { gatherFacts, workflowName } from "../setup-facts.js";
import { isOrgIssuer } from "../workflow-config.js";

/** What the discovery check hands on: the issuer's own metadata. */
export interface DiscoveryData {
  issuer: string;
  tokenEndpoint?: string;
  jwksUri?: string;
  kids: string[];
}

/** GET a JWKS URL and list its RSA keys' kids; a problem text instead when it does not serve any. */
export async function fetchRsaKids(ctx: Pick<DoctorContext, "fetch" | "now" | "prefetchedKids">, url: string, signal: AbortSignal): Promise<{ kids: string[] } | { problem: string }> {
  const prefetched = ctx.prefetchedKids?.get(url);
  if (prefetched) return prefetched;
  try {
    const answer = await httpGet(ctx, url, signal);
    const body = jsonObject(answer);
    if (answer.status !== 200 || !body) return { problem: `${url} answered HTTP ${answer.status} with ${body ? "JSON" : bodyPreview(answer)}` };
    const keys = Array.isArray(body.keys) ? (body.keys as Record<string, unknown>[]) : [];
    const rsa = keys.filter((k) => k.kty === "RSA" && typeof k.n === "string" && typeof k.e === "string");
    if (rsa.length === 0) return { problem: `${url} serves no RSA keys` };
    return { kids: rsa.map((k) => (typeof k.kid === "string" ? k.kid : "")) };
  } catch (err) {
    if (err instanceof NetworkProblem) return { problem: `${url}: ${err.message}` };
    throw err;
  }
}

/** `{issuer}/.well-known/openid-configuration`: reachable, token_endpoint = orgURL, RSA keys, issuer = the server's authority. */
export const oktaDiscovery: Check = {
  id: "okta-discovery",
  title: "Okta discovery document matches orgURL and the server's authority",
  async run(ctx, _inputs, signal) {
    const facts = await gatherFacts(ctx);
    const issuer = facts.issuer;
    if (!issuer) return skipped("no issuer known: no orgURL in the workflowConfig and no authority in the server files or manifest");
    const file = workflowName(ctx);
    const url = `${issuer}/.well-known/openid-configuration`;
    const f = new Findings();
    let answer;
    try {
      answer = await httpGet(ctx, url, signal);
    } catch (err) {
      if (!(err instanceof NetworkProblem)) throw err;
      return { status: "fail", detail: `GET ${url}: ${err.message}`, fix: `check the host in securityConfig.orgURL (${file}) and that this machine can reach it (HTTPS_PROXY is not used by doctor's own requests)` };
    }
    const doc = jsonObject(answer);
    if (answer.status === 404) {
      return {
        status: "fail",
        detail: `GET ${url} answered 404: no active authorization server at ${issuer}`,
        fix: `activate the authorization server (Okta Admin Console > Security > API > Authorization Servers > (server) > Activate), or correct orgURL in ${file}`,
      };
    }
    if (answer.status !== 200 || !doc) {
      return { status: "fail", detail: `GET ${url} answered HTTP ${answer.status} with ${doc ? "JSON" : bodyPreview(answer)}: ${issuer} is not an Okta authorization server`, fix: `set orgURL in ${file} to {issuer}/v1/token of the Okta authorization server` };
    }
    const docIssuer = typeof doc.issuer === "string" ? doc.issuer : "";
    const tokenEndpoint = typeof doc.token_endpoint === "string" ? doc.token_endpoint : undefined;
    const jwksUri = typeof doc.jwks_uri === "string" ? doc.jwks_uri : undefined;
    if (docIssuer === issuer) f.pass(`issuer ${docIssuer}`);
    else f.fail(`the discovery document names issuer ${docIssuer || "(none)"}, not ${issuer} (issuer mode Dynamic with another domain?)`, `set orgURL in ${file} to ${docIssuer}/v1/token, or set the authorization server's Issuer to "Okta URL"`);
    const orgURL = facts.okta?.orgURL;
    if (orgURL !== undefined) {
      if (tokenEndpoint === orgURL) f.pass(`token_endpoint equals orgURL`);
      else f.fail(`token_endpoint is ${tokenEndpoint ?? "(none)"}, but orgURL is ${orgURL}; OpenMetadata POSTs to orgURL and uses it as the assertion audience`, `set securityConfig.orgURL in ${file} to ${tokenEndpoint ?? `${issuer}/v1/token`}`);
    }
    if (facts.authority && facts.ingestionIssuer && facts.authority !== docIssuer) {
      const fix = isOrgIssuer(docIssuer)
        ? `set securityConfig.orgURL in ${file} to ${facts.authority}/v1/token (the issuer the server trusts)`
        : `make them one authorization server: set orgURL in ${file} to ${facts.authority}/v1/token, or the server's authority (AUTHENTICATION_AUTHORITY) to ${docIssuer}`;
      f.fail(`ingestion's issuer ${docIssuer} is not the authority the server config names (${facts.authority})`, fix);
    }
    let kids: string[] = [];
    if (!jwksUri) {
      f.fail("the discovery document has no jwks_uri", "check that orgURL belongs to an Okta authorization server");
    } else {
      const keys = await fetchRsaKids(ctx, jwksUri, signal);
      if ("problem" in keys) f.fail(`jwks_uri: ${keys.problem}`, "check the authorization server's signing keys (Security > API > Authorization Servers > (server) > Signing keys)");
      else {
        kids = keys.kids;
        f.pass(`jwks_uri ${jwksUri} serves ${kids.length} RSA key${kids.length === 1 ? "" : "s"}`);
      }
    }
    const data: DiscoveryData = { issuer: docIssuer, tokenEndpoint, jwksUri, kids };
    return f.outcome(data);
  },
};
