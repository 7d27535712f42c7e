import type { Secret } from "../../secret.js";
import type { Check, DoctorContext, PrefetchedToken } from "../check.js";
import { Findings, skipped } from "../findings.js";
import { NetworkProblem } from "../http.js";
import { claimList, decodeJwt } from "../jwt.js";
import { clockAheadAtLeastSeconds, clockSkewSeconds, requestTokenLikeOpenMetadata } from "../mint-token.js";
import { gatherFacts, rerunInit, workflowName } from "../setup-facts.js";
import { diagnoseTokenAnswer } from "../token-errors.js";
import { keysUrlOf } from "../workflow-config.js";
import type { LintData } from "./config-lint.js";
import { fetchRsaKids } from "./okta-discovery.js";

/** The minted access token for om-token-accepted; a Secret, never printed. */
export interface LiveTokenData {
  accessToken: Secret;
  claims: Record<string, unknown>;
  issuer: string;
}

const CLOCK_FIX = "sync this machine's clock with NTP (e.g. `sudo timedatectl set-ntp true`) on every host that runs ingestion";

/** Which JWKS URLs OpenMetadata will try for the token's kid: the server files' list, else the issuer's keys. */
async function findKid(ctx: DoctorContext, kid: string, urls: string[], signal: AbortSignal): Promise<{ foundAt?: string; problems: string[] }> {
  const problems: string[] = [];
  for (const url of urls) {
    const keys = await fetchRsaKids(ctx, url, signal);
    if ("kids" in keys && keys.kids.includes(kid)) return { foundAt: url, problems };
    if ("problem" in keys) problems.push(keys.problem);
  }
  return { problems };
}

/** Whether the prefetched token was minted from what config-lint hands over (prefetch.ts). */
function sameMintInput(early: PrefetchedToken["input"], lint: Extract<LintData, { provider: "okta" }>): boolean {
  return early.clientId === lint.clientId && early.orgURL === lint.orgURL && early.scopes.join(" ") === lint.scopes.join(" ") && early.publicJwk.n === lint.publicJwk.n && early.publicJwk.e === lint.publicJwk.e;
}

/** Mints a token exactly as OpenMetadata's Okta client does (NOTES §1.1) and reads it the way JwtFilter will. */
export const liveToken: Check = {
  id: "live-token",
  title: "Okta issues a token to the request OpenMetadata sends",
  needs: ["config-lint"],
  async run(ctx, inputs, signal) {
    const lint = inputs["config-lint"] as LintData;
    if (lint.provider !== "okta") return skipped("authProvider openmetadata: ingestion uses a bot JWT, so there is no Okta token to mint");
    const facts = await gatherFacts(ctx);
    const file = workflowName(ctx);
    let attempt;
    try {
      // The request sent when doctor started, if it was minted from this same input (prefetch.ts).
      const early = await ctx.prefetchedToken;
      if (early && sameMintInput(early.input, lint)) attempt = await (ctx.waitFor ? ctx.waitFor(early.label, early.attempt) : early.attempt);
      else attempt = await requestTokenLikeOpenMetadata({ clientId: lint.clientId, orgURL: lint.orgURL, key: lint.key, scopes: lint.scopes }, ctx, signal);
    } catch (err) {
      if (!(err instanceof NetworkProblem)) throw err;
      return { status: "fail", detail: `POST ${lint.orgURL}: ${err.message}`, fix: `check securityConfig.orgURL in ${file} and that this machine reaches it` };
    }
    const { answer } = attempt;
    const skew = clockSkewSeconds(answer);
    const skewLine = skew === undefined ? "the token endpoint sent no Date header (clock skew unknown)" : `clock skew: this machine is ${Math.abs(skew)}s ${skew >= 0 ? "ahead of" : "behind"} Okta`;
    if (!attempt.accessToken) {
      const d = diagnoseTokenAnswer(answer, {
        clientId: lint.clientId,
        orgURL: lint.orgURL,
        expectedIssuer: facts.expectedIssuer,
        serviceClientId: ctx.manifest?.serviceClientId,
        scopes: lint.scopes,
        skewSeconds: skew,
        workflowFile: file,
        initCommand: rerunInit(ctx),
      });
      return { status: "fail", detail: [`Okta answered ${d.said}`, `cause: ${d.cause}`, skewLine], fix: d.fix };
    }

    const f = new Findings();
    const jwt = decodeJwt(attempt.accessToken.reveal());
    if (!jwt) return { status: "fail", detail: "Okta returned an access token that is not a JWT; OpenMetadata's JwtFilter can only verify JWTs", fix: "use a custom authorization server (orgURL {issuer}/v1/token), which issues JWT access tokens" };
    const { header, claims } = jwt;
    f.pass(`token issued (${attempt.tokenType ?? "Bearer"}, expires in ${attempt.expiresIn ?? "?"}s)`);
    if (claims.iss === lint.issuer) f.pass(`iss ${String(claims.iss)}`);
    // OpenMetadata's JwtFilter does not check iss; a mismatch only matters for the UI's authority.
    else f.warn(`the token's iss is ${String(claims.iss)}, not ${lint.issuer}`, `set orgURL in ${file} to ${String(claims.iss)}/v1/token`);
    if (claims.cid === lint.clientId) f.pass(`cid ${lint.clientId}`);
    else f.fail(`the token's cid is ${String(claims.cid)}, not clientId ${lint.clientId}`, "report this: Okta issued the token to another client");
    const scp = claimList(claims.scp);
    const missing = lint.scopes.filter((s) => !scp.includes(s));
    if (scp.length === 0) f.fail("the token has no scopes (scp)", "give the authorization server a default scope, or list a custom scope in securityConfig.scopes");
    else if (missing.length > 0) f.fail(`the token lacks the requested scopes ${missing.join(", ")}`, "let the access policy rule cover those scopes");
    else f.pass(`scp ${scp.join(" ")}`);
    const nowSeconds = ctx.now().getTime() / 1000;
    if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) f.fail("the token is already expired by this machine's clock", CLOCK_FIX);
    if (header.alg !== "RS256") f.fail(`the token is signed ${String(header.alg)}; OpenMetadata verifies RS256 only`, "keep the authorization server's signing keys RSA (RS256)");
    const kid = typeof header.kid === "string" ? header.kid : "";
    const listed = [...new Set(facts.servers.flatMap((s) => s.publicKeyUrls ?? []))];
    const urls = listed.length > 0 ? listed : [keysUrlOf(lint.issuer)];
    const found = await findKid(ctx, kid, urls, signal);
    if (found.foundAt) {
      f.pass(`kid ${kid} is served by ${found.foundAt}`);
    } else {
      f.fail(
        `kid ${kid || "(none)"} is not served by any public key URL OpenMetadata uses (${urls.join(", ")})${found.problems.length ? `; ${found.problems.join("; ")}` : ""}`,
        `add ${keysUrlOf(lint.issuer)} to the server's publicKeyUrls (AUTHENTICATION_PUBLIC_KEYS) and restart OpenMetadata`,
      );
    }
    // exp = iat + 3600 on OpenMetadata's side leaves no slack: a clock ahead of Okta's fails every request.
    const ahead = clockAheadAtLeastSeconds(answer);
    if (skew !== undefined && ahead !== undefined && ahead >= 2) f.warn(`${skewLine}: OpenMetadata signs exp = iat + 3600 and Okta refuses anything further ahead, so ingestion from a host with this clock fails`, CLOCK_FIX);
    else if (skew !== undefined && skew <= -60) f.warn(`${skewLine}: tokens look expired early on this host`, CLOCK_FIX);
    else f.pass(skewLine);
    const data: LiveTokenData = { accessToken: attempt.accessToken, claims, issuer: lint.issuer };
    return f.outcome(data);
  },
};
