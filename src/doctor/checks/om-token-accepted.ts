import type { Check } from "../check.js";
import { bodyPreview, httpGet, jsonObject } from "../http.js";
import { gatherFacts } from "../setup-facts.js";
import { keysUrlOf } from "../workflow-config.js";
import type { LiveTokenData } from "./live-token.js";
import type { OmVersionData } from "./om-version.js";

const DEFAULT_PRINCIPAL_CLAIMS = ["email", "preferred_username", "sub"];

/** The principal JwtFilter derives: the first present claim of jwtPrincipalClaims, cut at "@", lower-cased (NOTES §5.1). */
export function principalOf(claims: Record<string, unknown>, claimNames: string[] = DEFAULT_PRINCIPAL_CLAIMS): string | undefined {
  const lower = Object.fromEntries(Object.entries(claims).map(([k, v]) => [k.toLowerCase(), v]));
  const value = claimNames.map((c) => lower[c.toLowerCase()]).find((v): v is string => typeof v === "string" && v !== "");
  return value?.split("@")[0]?.toLowerCase();
}

/** GET /api/v1/users/loggedInUser with the minted token: what ingestion's first call will meet. */
export const omTokenAccepted: Check = {
  id: "om-token-accepted",
  title: "OpenMetadata accepts the Okta token (users/loggedInUser)",
  needs: ["live-token", "om-version"],
  async run(ctx, inputs, signal) {
    const token = inputs["live-token"] as LiveTokenData;
    const { omUrl, features } = inputs["om-version"] as OmVersionData;
    const url = `${omUrl}/api/v1/users/loggedInUser`;
    const answer = await httpGet(ctx, url, signal, { Authorization: `Bearer ${token.accessToken.reveal()}` });
    const body = jsonObject(answer);
    const message = typeof body?.message === "string" ? body.message : undefined;
    const principal = /user instance for (\S+) not found/i.exec(message ?? "")?.[1] ?? principalOf(token.claims);
    if (answer.status === 200) {
      const name = typeof body?.name === "string" ? body.name : principal;
      return { status: "pass", detail: `OpenMetadata signed the token in as ${name ?? "(unknown)"}` };
    }
    if (answer.status === 404) {
      const facts = await gatherFacts(ctx);
      const who = principal ?? facts.serviceClientId?.toLowerCase() ?? "<service app client id>";
      const fix = features.ingestionPrincipals
        ? `add ${who} to the ingestion principals (AUTHORIZER_INGESTION_PRINCIPALS=[ingestion-bot, ${who}]) and restart OpenMetadata`
        : `create the bot or user ${who} in OpenMetadata (Settings > Bots > Add Bot, name ${who}), the principal Okta's token resolves to`;
      return { status: "fail", detail: [`OpenMetadata verified the token but has no user or bot ${who} (${message ?? "HTTP 404"})`], fix };
    }
    if (answer.status === 401 || answer.status === 403) {
      const text = message ?? bodyPreview(answer);
      const kid = /No key found in .* with kid (\S*)/i.exec(text);
      if (kid) {
        return {
          status: "fail",
          detail: [`OpenMetadata rejected the token: ${text}`, `the server's publicKeyUrls do not serve the key Okta signed with (kid ${kid[1] ?? "?"})`],
          fix: `add ${keysUrlOf(token.issuer)} to the server's publicKeyUrls (AUTHENTICATION_PUBLIC_KEYS=[${keysUrlOf(token.issuer)}, ${omUrl}${features.jwksPath}]) and restart OpenMetadata`,
        };
      }
      if (/none of the following claims/i.test(text)) {
        return { status: "fail", detail: `OpenMetadata rejected the token: ${text}`, fix: "add sub to AUTHENTICATION_JWT_PRINCIPAL_CLAIMS (e.g. [email, preferred_username, sub]) and restart OpenMetadata" };
      }
      return { status: "fail", detail: `OpenMetadata answered HTTP ${answer.status}: ${text}`, fix: "compare the server's authentication config with the generated one (server-files, om-auth-config) and restart OpenMetadata after changing it" };
    }
    return { status: "fail", detail: `GET ${url} answered HTTP ${answer.status} with ${message ?? bodyPreview(answer)}`, fix: "check that --om-url is OpenMetadata's base URL and that the server is healthy" };
  },
};
