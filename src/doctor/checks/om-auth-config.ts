import type { Check } from "../check.js";
import { Findings } from "../findings.js";
import { bodyPreview, httpGet, jsonObject } from "../http.js";
import { settingsLiveInDatabase } from "../../openmetadata/om-version.js";
import { gatherFacts, rerunInit, workflowName } from "../setup-facts.js";
import type { OmVersionData } from "./om-version.js";
import { fetchRsaKids } from "./okta-discovery.js";
import { keysUrlOf } from "../workflow-config.js";

const RESTART = "then restart OpenMetadata";

/** What the running server says about its authentication: provider, authority, SPA client id, public key URLs. */
export const omAuthConfig: Check = {
  id: "om-auth-config",
  title: "OpenMetadata's live auth config points at Okta",
  needs: ["om-version"],
  async run(ctx, inputs, signal) {
    const { omUrl, version, features } = inputs["om-version"] as OmVersionData;
    const url = `${omUrl}${features.configAuthPath}`;
    const answer = await httpGet(ctx, url, signal);
    const config = jsonObject(answer);
    if (answer.status !== 200 || !config) {
      return { status: "fail", detail: `GET ${url} answered HTTP ${answer.status} with ${config ? "JSON" : bodyPreview(answer)}`, fix: "check --om-url: it must be OpenMetadata's base URL" };
    }
    const facts = await gatherFacts(ctx);
    const f = new Findings();
    // From 1.10 the server files only seed a fresh install: the fix goes through OpenMetadata's API.
    const init = rerunInit(ctx);
    const viaApi = `OpenMetadata ${version.raw} keeps these settings in its database, so deploying files changes nothing: ${init ? `rerun \`OKTA_OM_OPENMETADATA_TOKEN=<admin token> ${init}\`, which applies them through its API` : "set them through its API (Settings > SSO)"}, or run ./bootstrap/openmetadata-ops.sh remove-security-config --force and restart`;
    const fix = (fileFix: string): string => (settingsLiveInDatabase(version) ? viaApi : fileFix);
    const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
    const provider = str(config.provider);
    const authority = str(config.authority)?.replace(/\/+$/, "");
    const clientId = str(config.clientId);
    if (provider === "okta") f.pass("provider okta");
    else f.fail(`the server's provider is ${JSON.stringify(provider ?? "missing")}, not okta: the deployed config is not the Okta one`, fix(`deploy the generated server config (AUTHENTICATION_PROVIDER=okta …) ${RESTART}`));
    const issuer = facts.expectedIssuer;
    if (issuer && authority !== issuer) f.fail(`the server's authority is ${authority ?? "missing"}, not the issuer ${issuer}`, fix(`set AUTHENTICATION_AUTHORITY (authenticationConfiguration.authority) to ${issuer}, ${RESTART}`));
    else if (authority) f.pass(`authority ${authority}`);
    if (facts.spaClientId) {
      const app = facts.clientType === "confidential" ? "web app" : "SPA";
      if (clientId === facts.spaClientId) f.pass(`clientId ${clientId} (the ${app})`);
      else f.fail(`the server's clientId is ${clientId ?? "missing"}, not the ${app}'s ${facts.spaClientId}`, fix(`set AUTHENTICATION_CLIENT_ID to ${facts.spaClientId}, ${RESTART}`));
    } else if (clientId !== undefined && clientId === facts.okta?.clientId) {
      // Without a manifest doctor cannot tell which side is wrong; live-token and service-app can.
      f.fail(
        `the server's clientId ${clientId} is also the workflowConfig's clientId: the server needs the SPA's, ingestion the service app's`,
        `keep AUTHENTICATION_CLIENT_ID the SPA's client id and set securityConfig.clientId in ${workflowName(ctx)} to the service app's (live-token and service-app show which one ${clientId} is)`,
      );
    } else if (clientId) {
      f.pass(`clientId ${clientId}`);
    }
    const callback = str(config.callbackUrl);
    if (callback !== undefined && callback !== `${omUrl}/callback`) f.warn(`callbackUrl is ${callback}, not ${omUrl}/callback`, fix(`set AUTHENTICATION_CALLBACK_URL to ${omUrl}/callback, ${RESTART}`));

    const keys = Array.isArray(config.publicKeyUrls) ? config.publicKeyUrls.map(String) : undefined;
    if (!keys) {
      // ≥ 1.0 no longer publishes publicKeyUrls (NOTES §5.2); om-token-accepted proves them instead.
      f.pass(`OpenMetadata ${version.raw} does not publish publicKeyUrls (om-token-accepted tests them with a real token)`);
    } else {
      const want = [issuer ? keysUrlOf(issuer) : undefined, `${omUrl}${features.jwksPath}`].filter((u): u is string => u !== undefined);
      const missing = want.filter((u) => !(u.endsWith(features.jwksPath) ? keys.some((k) => k.endsWith(features.jwksPath)) : keys.includes(u)));
      if (missing.length > 0) {
        f.fail(`publicKeyUrls (${keys.join(", ") || "empty"}) lack ${missing.join(" and ")}`, fix(`set AUTHENTICATION_PUBLIC_KEYS to [${[...keys, ...missing].join(", ")}], ${RESTART}`));
      } else {
        f.pass(`publicKeyUrls include ${want.join(" and ")}`);
      }
      for (const key of keys) {
        const served = await fetchRsaKids(ctx, key, signal);
        // The server fetches these itself; from here an internal URL may be unreachable, so only warn.
        if ("problem" in served) f.warn(`public key URL ${served.problem}`, `make sure OpenMetadata itself can reach ${key}`);
      }
    }
    const claims = Array.isArray(config.jwtPrincipalClaims) ? config.jwtPrincipalClaims.map(String) : undefined;
    return f.outcome({ jwtPrincipalClaims: claims });
  },
};
