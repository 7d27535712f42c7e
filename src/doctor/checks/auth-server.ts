import type { OktaApi } from "../../okta/okta-api.js";
import type { AuthServer, Policy, PolicyRule, Scope } from "../../okta/okta-types.js";
import type { Check, DoctorContext } from "../check.js";
import { Findings, skipped } from "../findings.js";
import { gatherFacts, orInit, workflowName } from "../setup-facts.js";
import { authServerIdFromIssuer, isOrgIssuer } from "../workflow-config.js";

/** ACTIVE objects by ascending priority, ties in list order: the order Okta evaluates them in. */
function byPriority<T extends { status: string; priority?: number }>(items: T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => item.status === "ACTIVE")
    .sort((a, b) => (a.item.priority ?? Infinity) - (b.item.priority ?? Infinity) || a.index - b.index)
    .map(({ item }) => item);
}

const covers = (policy: Policy, clientId: string): boolean => {
  const include = policy.conditions?.clients?.include ?? [];
  return include.includes("ALL_CLIENTS") || include.includes(clientId);
};

const ruleAllows = (rule: PolicyRule, grant: string, scopes: string[]): boolean => {
  const allowed = rule.conditions?.scopes?.include ?? [];
  return (rule.conditions?.grantTypes?.include ?? []).includes(grant) && (allowed.includes("*") || scopes.every((s) => allowed.includes(s)));
};

interface Evaluation {
  policy?: Policy;
  rule?: PolicyRule;
}

/** Okta's access policy evaluation: the first ACTIVE policy covering the client decides; in it the first ACTIVE matching rule. */
async function evaluate(api: OktaApi, asId: string, policies: Policy[], clientId: string, grant: string, scopes: string[]): Promise<Evaluation> {
  const policy = byPriority(policies).find((p) => covers(p, clientId));
  if (!policy) return {};
  const rule = byPriority(await api.listRules(asId, policy.id)).find((r) => ruleAllows(r, grant, scopes));
  return { policy, rule };
}

function scopeFindings(f: Findings, ctx: DoctorContext, as: AuthServer, scopes: Scope[], requested: string[] | undefined): string[] {
  const scopesPath = `Security > API > Authorization Servers > ${as.name} > Scopes`;
  if (requested === undefined || requested.length === 0) {
    const defaults = scopes.filter((s) => s.default === true).map((s) => s.name);
    if (defaults.length === 0) {
      f.fail(
        "scopes is [] (OpenMetadata then sends no scope), and the authorization server has no default scope (\"does not have any configured default scopes\")",
        orInit(ctx, `mark a custom scope as default: ${scopesPath} > (scope) > Edit > "Set as a default scope"; or list the scope in securityConfig.scopes in ${workflowName(ctx)}`),
      );
    } else {
      f.pass(`default scope${defaults.length > 1 ? "s" : ""} ${defaults.join(", ")} (used because scopes is [])`);
    }
    return defaults;
  }
  for (const name of requested) {
    const scope = scopes.find((s) => s.name === name);
    if (!scope) f.fail(`scope ${name} (from securityConfig.scopes) does not exist on ${as.name}`, `create it (${scopesPath} > Add Scope) or change securityConfig.scopes in ${workflowName(ctx)}`);
    else if (scope.consent === "REQUIRED") f.fail(`scope ${name} requires consent, which client_credentials cannot give`, `${scopesPath} > ${name} > Edit > User consent: Implicit`);
    else f.pass(`scope ${name} exists`);
  }
  return requested;
}

async function policyFindings(f: Findings, ctx: DoctorContext, api: OktaApi, as: AuthServer, who: { clientId: string; label: string; grant: string; scopes: string[] }): Promise<void> {
  const policies = await api.listPolicies(as.id);
  const where = `Security > API > Authorization Servers > ${as.name} > Access Policies`;
  const { policy, rule } = await evaluate(api, as.id, policies, who.clientId, who.grant, who.scopes);
  const grantName = who.grant === "client_credentials" ? "Client Credentials" : "Authorization Code";
  if (!policy) {
    const target = policies.find((p) => p.id === ctx.manifest?.policyId) ?? policies[0];
    f.fail(
      `no ACTIVE access policy includes the ${who.label} ${who.clientId} ("Policy evaluation failed")`,
      orInit(ctx, `${where} > ${target ? `"${target.name}"` : "Add Policy"} > Edit > Assign to: The following clients: add ${who.clientId}${target?.status === "INACTIVE" ? ", and activate the policy" : ""}`),
    );
    return;
  }
  if (!rule) {
    f.fail(
      `policy "${policy.name}" (the first that includes the ${who.label}) has no ACTIVE rule allowing ${grantName} for ${who.scopes.join(", ") || "its scopes"}`,
      orInit(ctx, `${where} > "${policy.name}" > edit its rule: grant type ${grantName} checked, scopes "Any scopes" (or ${who.scopes.join(", ")})`),
    );
    return;
  }
  f.pass(`policy "${policy.name}", rule "${rule.name}" allow ${grantName} for the ${who.label}`);
}

/**
 * Confidential sign-in keeps sessions alive with refresh tokens, which Okta issues only when the
 * rule allows the offline_access scope (VERSIONS.md: "Include offline_access in the scopes").
 */
async function offlineAccessFindings(f: Findings, ctx: DoctorContext, api: OktaApi, as: AuthServer, clientId: string): Promise<void> {
  const policies = await api.listPolicies(as.id);
  const { policy, rule } = await evaluate(api, as.id, policies, clientId, "authorization_code", ["openid", "offline_access"]);
  if (rule) {
    f.pass(`rule "${rule.name}" allows offline_access (refresh tokens for the server's sessions)`);
    return;
  }
  const where = `Security > API > Authorization Servers > ${as.name} > Access Policies > "${policy?.name ?? "(policy)"}"`;
  f.fail(
    `no rule of policy "${policy?.name ?? "?"}" allows the offline_access scope for the web app: Okta issues no refresh token, so OpenMetadata's sessions end when the access token expires`,
    orInit(ctx, `${where} > edit the rule: Scopes requested: "Any scopes" (or add offline_access)`),
  );
}

/** The custom authorization server: ACTIVE, issuer mode, audience, default scope, policy and rule. */
export const authServer: Check = {
  id: "auth-server",
  title: "Okta authorization server, scope, policy and rule",
  needs: ["admin-token"],
  async run(ctx) {
    const api = ctx.api!;
    const facts = await gatherFacts(ctx);
    if (facts.issuer && isOrgIssuer(facts.issuer) && !ctx.manifest?.authServerId) return skipped(`the issuer ${facts.issuer} is the org authorization server, which has no policies to check (config-lint explains)`);
    const asId = ctx.manifest?.authServerId ?? (facts.issuer ? authServerIdFromIssuer(facts.issuer) : undefined);
    if (!asId) return skipped("no authorization server id (neither the manifest nor an issuer URL names one)");
    const as = await api.getAuthServer(asId);
    if (!as) return { status: "fail", detail: `there is no authorization server ${asId} in ${api.orgUrl}`, fix: orInit(ctx, `correct orgURL in ${workflowName(ctx)} to an existing authorization server's {issuer}/v1/token`) };
    const f = new Findings();
    if (as.status === "ACTIVE") f.pass(`"${as.name}" (${as.id}) is ACTIVE`);
    else f.fail(`"${as.name}" is ${as.status}: its discovery, keys and token endpoints answer 404`, orInit(ctx, `activate it: Security > API > Authorization Servers > ${as.name} > Activate (API: POST /api/v1/authorizationServers/${as.id}/lifecycle/activate)`));
    if (facts.ingestionIssuer && as.issuer.replace(/\/+$/, "") !== facts.ingestionIssuer && as.default !== true) {
      f.fail(`its issuer is ${as.issuer}, but orgURL belongs to ${facts.ingestionIssuer}`, `set securityConfig.orgURL in ${workflowName(ctx)} to ${as.issuer}/v1/token`);
    }
    if (as.issuerMode === "ORG_URL") f.pass("issuer mode Okta URL (ORG_URL)");
    else f.warn(`issuer mode is ${as.issuerMode ?? "unset"}: the issuer then follows the domain a request uses, which must match authority on every host`, `Security > API > Authorization Servers > ${as.name} > Edit > Issuer: Okta URL`);
    const spa = facts.spaClientId;
    const confidential = facts.clientType === "confidential";
    const appLabel = confidential ? "web app" : "SPA";
    if (spa && !as.audiences.includes(spa)) {
      f.warn(`audience is ${as.audiences.join(", ") || "empty"}, not the ${appLabel}'s client id ${spa} (OpenMetadata's guide sets it; the server does not check it)`, `Security > API > Authorization Servers > ${as.name} > Edit > Audience: ${spa}`);
    } else if (spa) {
      f.pass(`audience is the ${appLabel}'s client id ${spa}`);
    }
    // With a bot JWT (authProvider openmetadata) ingestion never asks this server for a token.
    if (facts.workflow?.authProvider !== "openmetadata") {
      const scopes = scopeFindings(f, ctx, as, await api.listScopes(as.id), facts.okta?.scopeList);
      if (facts.serviceClientId) await policyFindings(f, ctx, api, as, { clientId: facts.serviceClientId, label: "service app", grant: "client_credentials", scopes });
    }
    if (spa) {
      const before = f.failed;
      await policyFindings(f, ctx, api, as, { clientId: spa, label: appLabel, grant: "authorization_code", scopes: ["openid"] });
      if (confidential && !before && !f.failed) await offlineAccessFindings(f, ctx, api, as, spa);
    }
    return f.outcome({ authServerId: as.id });
  },
};
