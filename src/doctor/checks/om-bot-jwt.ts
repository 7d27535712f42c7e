import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from "jose";
import type { Check } from "../check.js";
import { Findings, skipped } from "../findings.js";
import { bodyPreview, httpGet, jsonObject } from "../http.js";
import { decodeJwt } from "../jwt.js";
import { gatherFacts, rerunInit, workflowName } from "../setup-facts.js";
import type { LintData } from "./config-lint.js";
import type { OmVersionData } from "./om-version.js";

/** A bot JWT that expires within this many days gets a warning (issue 9: "doctor warns within 7 days"). */
export const BOT_JWT_WARN_DAYS = 7;
const DAY_MS = 86_400_000;

/**
 * 1.3+ ingests with the ingestion bot's OpenMetadata JWT: it must be signed by OpenMetadata's own key
 * (its JWKS), not expired, and accepted on /api/v1/users/loggedInUser, ingestion's first call.
 */
export const omBotJwt: Check = {
  id: "om-bot-jwt",
  title: "OpenMetadata accepts the ingestion bot's JWT (signature, expiry, users/loggedInUser)",
  needs: ["config-lint", "om-version"],
  async run(ctx, inputs, signal) {
    const lint = inputs["config-lint"] as LintData;
    if (lint.provider !== "openmetadata") return skipped("authProvider okta: ingestion signs in with Okta (live-token and om-token-accepted check it)");
    const { omUrl, features } = inputs["om-version"] as OmVersionData;
    const jwt = (await gatherFacts(ctx)).workflow?.jwtToken;
    const file = workflowName(ctx);
    const init = rerunInit(ctx);
    // With admin credentials init reads the bot's current token from OpenMetadata itself.
    const refresh = `copy the ingestion-bot's token from OpenMetadata (Settings > Bots > ingestion-bot) into securityConfig.jwtToken of ${file}${init ? `, or rerun \`OKTA_OM_OPENMETADATA_TOKEN=<admin token> ${init}\`, which reads it by API` : ""}`;
    const decoded = jwt ? decodeJwt(jwt.reveal()) : undefined;
    if (!jwt || !decoded) return { status: "fail", detail: `securityConfig.jwtToken in ${file} is ${jwt ? "not a JWT" : "missing"}`, fix: refresh };
    const f = new Findings();
    const kid = typeof decoded.header.kid === "string" ? decoded.header.kid : "none";

    const jwksUrl = `${omUrl}${features.jwksPath}`;
    const jwksAnswer = await httpGet(ctx, jwksUrl, signal);
    const jwks = jsonObject(jwksAnswer);
    if (jwksAnswer.status !== 200 || !Array.isArray(jwks?.keys)) {
      f.warn(`OpenMetadata's JWKS (${jwksUrl}) answered HTTP ${jwksAnswer.status} with ${jwks ? "no keys" : bodyPreview(jwksAnswer)}: the signature could not be checked`);
    } else {
      try {
        await compactVerify(jwt.reveal(), createLocalJWKSet(jwks as unknown as JSONWebKeySet));
        f.pass(`signed by OpenMetadata's key (kid ${kid}, ${jwksUrl})`);
      } catch {
        f.fail(`the token is not signed by any key at ${jwksUrl} (kid ${kid}): it comes from another OpenMetadata, or the server's key changed`, refresh);
      }
    }

    const exp = decoded.claims.exp;
    if (typeof exp !== "number") {
      f.pass("does not expire");
    } else {
      const left = exp * 1000 - ctx.now().getTime();
      const when = new Date(exp * 1000).toISOString();
      if (left <= 0) f.fail(`expired at ${when}`, refresh);
      else if (left < BOT_JWT_WARN_DAYS * DAY_MS) f.warn(`expires at ${when}, in ${Math.floor(left / DAY_MS)} days (under ${BOT_JWT_WARN_DAYS})`, `regenerate it (Settings > Bots > ingestion-bot) and ${refresh}`);
      else f.pass(`expires at ${when} (in ${Math.floor(left / DAY_MS)} days)`);
    }

    const url = `${omUrl}/api/v1/users/loggedInUser`;
    const answer = await httpGet(ctx, url, signal, { Authorization: `Bearer ${jwt.reveal()}` });
    const body = jsonObject(answer);
    if (answer.status === 200) f.pass(`OpenMetadata signs it in as ${typeof body?.name === "string" ? body.name : "(unknown)"}`);
    else f.fail(`GET ${url} with the token answered HTTP ${answer.status}${typeof body?.message === "string" ? `: ${body.message}` : ""}`, refresh);
    return f.outcome();
  },
};
