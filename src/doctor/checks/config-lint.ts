import type { KeyObject } from "node:crypto";
import { isLoopbackHost } from "../../options/org-url.js";
import { BOT_JWT_PLACEHOLDER } from "../../openmetadata/generated-file.js";
import { PRIVATE_KEY_FILE } from "../../manifest/manifest.js";
import type { Check, DoctorContext } from "../check.js";
import { Findings, skipped } from "../findings.js";
import { interpretPrivateKey } from "../private-key.js";
import { gatherFacts, workflowName, type SetupFacts } from "../setup-facts.js";
import { isOrgIssuer, issuerFromOrgUrl, type OktaSecurityConfig, type ParsedWorkflow } from "../workflow-config.js";

/** What config-lint hands to the checks that need it. */
export type LintData =
  | { provider: "openmetadata" }
  | { provider: "okta"; clientId: string; orgURL: string; issuer: string; scopes: string[]; key: KeyObject; publicJwk: { kty: "RSA"; n: string; e: string } };

// Okta refuses OIDC scopes in client_credentials (NOTES §1.3, §4.2 #8).
const OIDC_SCOPES = ["openid", "profile", "email", "offline_access", "address", "phone", "groups"];

function tokenEndpointHint(facts: SetupFacts): string {
  return facts.expectedIssuer ? `${facts.expectedIssuer}/v1/token` : "https://{your org}/oauth2/{authorization server id}/v1/token";
}

function lintOrgUrl(f: Findings, okta: OktaSecurityConfig, facts: SetupFacts, file: string): void {
  const orgURL = okta.orgURL;
  if (orgURL === undefined) return; // the schema reports the missing field
  const fix = `set securityConfig.orgURL in ${file} to the authorization server's token endpoint: ${tokenEndpointHint(facts)}`;
  let url: URL;
  try {
    url = new URL(orgURL);
  } catch {
    f.fail(`orgURL ${JSON.stringify(orgURL)} is not a URL`, fix);
    return;
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    f.fail(`orgURL ${orgURL} must use https (http only for loopback hosts)`, `set securityConfig.orgURL in ${file} to https://${url.host}${url.pathname}`);
  }
  if (url.search || url.hash) f.fail(`orgURL ${orgURL} must not carry a query or fragment`, fix);
  const issuer = issuerFromOrgUrl(orgURL);
  if (!issuer) {
    f.fail(`orgURL ${orgURL} does not end in /v1/token: it must be the token endpoint, not the org URL (OpenMetadata POSTs to it as written)`, fix);
  } else if (isOrgIssuer(issuer)) {
    f.fail(`orgURL ${orgURL} is the org authorization server's token endpoint, which mints only okta.* API scopes; OpenMetadata needs the custom authorization server`, fix);
  } else {
    f.pass(`orgURL is the token endpoint of ${issuer}`);
  }
}

function lintPrivateKey(f: Findings, ctx: DoctorContext, okta: OktaSecurityConfig, file: string): { key: KeyObject; publicJwk: { kty: "RSA"; n: string; e: string } } | undefined {
  const keyFile = ctx.keyFilePath ?? PRIVATE_KEY_FILE;
  const quoteFix = `set privateKey in ${file} to the single private JWK on one line, single-quoted, starting with "{": privateKey: '{"kty":"RSA","n":…,"d":…}' (the JWK in ${keyFile}, not a {"keys": […]} set)`;
  if (!okta.privateKey) {
    if (okta.privateKeyType !== "undefined") f.fail(`privateKey is a YAML ${okta.privateKeyType}, not a string: OpenMetadata needs the JWK as quoted text`, quoteFix);
    return undefined;
  }
  const key = interpretPrivateKey(okta.privateKey);
  if (!key.ok) {
    f.fail(key.problem, quoteFix);
    return undefined;
  }
  if (key.modulusLength < 2048) f.fail(`privateKey is a ${key.modulusLength}-bit RSA key; Okta refuses keys under 2048 bits`, "generate a new RSA-2048 key and register its public half on the service app (okta-om-setup init does both)");
  else f.pass(`privateKey is one private RSA-${key.modulusLength} ${key.format === "jwk" ? "JWK" : "PEM key"}`);
  for (const note of key.notes) f.pass(note);
  return { key: key.key, publicJwk: key.publicJwk };
}

/** workflowConfig.yaml: schema, the Okta securityConfig fields, and the traps NOTES §1 and §4 list. */
export const configLint: Check = {
  id: "config-lint",
  title: "workflowConfig is valid for OpenMetadata's Okta ingestion",
  async run(ctx) {
    if (ctx.workflowConfigText === undefined) return skipped("no workflowConfig: pass --out-dir with a workflowConfig.yaml, or --workflow-config FILE");
    const file = workflowName(ctx);
    const facts = await gatherFacts(ctx);
    if (!facts.workflow) return { status: "fail", detail: facts.workflowProblem ?? `${file} cannot be read`, fix: `fix the YAML syntax of ${file} at that position` };
    const f = new Findings();
    const { validateWorkflowConfig } = await import("../../openmetadata/schema-validator.js");
    const issues = validateWorkflowConfig(facts.workflow.doc);
    for (const issue of issues) f.fail(`${issue.path}: ${issue.message}`, `edit ${file} so it matches OpenMetadata's workflowConfig schema (the fields named above)`);
    if (issues.length === 0) f.pass("matches OpenMetadata's workflowConfig schema");
    const data = lintFields(f, ctx, facts, facts.workflow);
    return f.outcome(f.failed ? undefined : data);
  },
};

/**
 * What the workflowConfig would hand live-token if it passes the schema too: the field checks alone,
 * without OpenMetadata's schema (whose validator takes ~150 ms to load). doctor sends its token
 * request with this when it starts (prefetch.ts), and never when these checks fail: an orgURL that
 * is not https, say, must not receive a client assertion.
 */
export async function lintDataWithoutSchema(ctx: DoctorContext): Promise<LintData | undefined> {
  if (ctx.workflowConfigText === undefined) return undefined;
  const facts = await gatherFacts(ctx);
  if (!facts.workflow) return undefined;
  const f = new Findings();
  const data = lintFields(f, ctx, facts, facts.workflow);
  return f.failed ? undefined : data;
}

/** Every check of config-lint but the schema: its findings go to `f`; the data when nothing failed that it needs. */
function lintFields(f: Findings, ctx: DoctorContext, facts: SetupFacts, wf: ParsedWorkflow): LintData | undefined {
  const file = workflowName(ctx);
  if (wf.hostPort !== undefined) {
    if (/\/api\/?$/.test(wf.hostPort)) f.pass(`hostPort ${wf.hostPort} ends in /api`);
    else f.fail(`hostPort ${wf.hostPort} does not end in /api`, `set hostPort in ${file} to ${wf.hostPort.replace(/\/+$/, "")}/api`);
  }
  if (wf.authProvider === "openmetadata") {
    if (wf.jwtToken?.reveal().includes(BOT_JWT_PLACEHOLDER.slice(0, 20))) {
      f.fail("securityConfig.jwtToken is still the placeholder", `paste the ingestion-bot's token into ${file} (OpenMetadata: Settings > Bots > ingestion-bot > copy the token)`);
    } else {
      f.pass("authProvider openmetadata: ingestion authenticates with a bot JWT, not Okta");
    }
    return { provider: "openmetadata" };
  }
  const okta = wf.okta;
  if (wf.authProvider !== "okta" || !okta) {
    f.fail(`authProvider is ${JSON.stringify(wf.authProvider ?? "missing")} with ${okta ? "an Okta" : "no Okta"} securityConfig; Okta ingestion needs authProvider: okta`, `set openMetadataServerConfig.authProvider: okta in ${file}, with securityConfig {clientId, orgURL, privateKey, email, scopes}`);
    return undefined;
  }

  lintOrgUrl(f, okta, facts, file);
  const key = lintPrivateKey(f, ctx, okta, file);
  if (okta.clientId !== undefined) {
    if (facts.spaClientId !== undefined && okta.clientId === facts.spaClientId) {
      const service = ctx.manifest?.serviceClientId;
      f.fail(
        `clientId ${okta.clientId} is the SPA's client id (the sign-in app); OpenMetadata signs the assertion as the service app`,
        `set securityConfig.clientId in ${file} to the ingestion service app's client id${service ? ` (${service})` : ""}`,
      );
    } else {
      f.pass(`clientId ${okta.clientId} is not the SPA's`);
    }
  }
  const oidc = okta.scopeList.filter((s) => OIDC_SCOPES.includes(s));
  if (oidc.length > 0) {
    f.fail(`scopes lists ${oidc.join(", ")}: Okta refuses OIDC scopes in the client_credentials grant`, `remove ${oidc.join(", ")} from securityConfig.scopes in ${file} (use a custom scope, or [] with a default scope)`);
  } else if (Array.isArray(okta.scopes)) {
    f.pass(okta.scopeList.length === 0 ? "scopes is [] (the authorization server's default scope applies)" : `scopes: ${okta.scopeList.join(", ")}`);
  }
  if (!key || !okta.clientId || !okta.orgURL) return undefined;
  return {
    provider: "okta",
    clientId: okta.clientId,
    orgURL: okta.orgURL,
    issuer: issuerFromOrgUrl(okta.orgURL) ?? okta.orgURL,
    scopes: okta.scopeList,
    key: key.key,
    publicJwk: key.publicJwk,
  };
}
