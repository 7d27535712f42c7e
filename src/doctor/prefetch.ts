// doctor's Okta checks read their objects one after another (the server, then its scopes, then its
// policies, then their rules; the SPA, then its groups, then the trusted origin), and all of them
// wait for admin-token's GET /users/me first: about six round trips of reads. The manifest names
// every id, so these GETs can all go out when doctor starts, with /users/me: one round. The same
// goes for the issuer's keys, OpenMetadata's auth config and live-token's token request itself, so
// that doctor takes two rounds: all of these, then OpenMetadata shown the token (issue 12).
import type { Manifest } from "../manifest/manifest.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { DoctorContext, PrefetchedToken } from "./check.js";
import { lintDataWithoutSchema } from "./checks/config-lint.js";
import { fetchRsaKids } from "./checks/okta-discovery.js";
import { requestTokenLikeOpenMetadata } from "./mint-token.js";
import { keysUrlOf } from "./workflow-config.js";
import { httpGet } from "./http.js";
import { omFeatures, tryParseOmVersion } from "../openmetadata/om-version.js";

/** The reads the object checks make; each is answered once per doctor run, whoever asks first. */
const MEMOIZED = ["getCurrentUser", "getApp", "listAppGroups", "findTrustedOrigins", "listGrants", "listClientRoles", "getAuthServer", "listScopes", "listPolicies", "listRules"] as const;
type Memoized = (typeof MEMOIZED)[number];

/**
 * `api` with its reads memoized (a check asking again, or later, gets the same answer), and the
 * reads the selected checks will make with the manifest's ids started now. Only GETs: a token
 * that turns out invalid fails them all at once, and admin-token reports it as before.
 */
export function prefetchingApi(api: OktaApi, input: { manifest?: Manifest; omUrl?: string; runs: (checkId: string) => boolean }): OktaApi {
  const answers = new Map<string, Promise<unknown>>();
  const memo: Partial<Record<Memoized, (...args: never[]) => Promise<unknown>>> = {};
  for (const name of MEMOIZED) {
    const read = api[name] as (...args: unknown[]) => Promise<unknown>;
    memo[name] = (...args: unknown[]) => {
      const key = `${name} ${JSON.stringify(args)}`;
      let answer = answers.get(key);
      if (!answer) {
        answer = read(...args);
        // Maybe nobody asks (the check was skipped): its failure must not count as unhandled.
        answer.catch(() => undefined);
        answers.set(key, answer);
      }
      return answer;
    };
  }
  // Inherits orgUrl, transport and the writes; the reads are the memoized ones.
  const wrapped = Object.assign(Object.create(api) as OktaApi, memo);
  const m = input.manifest;
  void wrapped.getCurrentUser();
  if (m?.spaAppId && input.runs("spa-app")) {
    void wrapped.getApp(m.spaAppId);
    void wrapped.listAppGroups(m.spaAppId);
    const origin = originOf(input.omUrl);
    if (origin) void wrapped.findTrustedOrigins(origin);
  }
  if (m?.serviceClientId && input.runs("service-app")) {
    // DCR apps' client id is their app id (okta-lookup.ts tries it first).
    void wrapped.getApp(m.serviceClientId);
    void wrapped.listGrants(m.serviceClientId);
  }
  if (m?.serviceClientId && input.runs("service-app-roles")) void wrapped.listClientRoles(m.serviceClientId);
  if (m?.authServerId && input.runs("auth-server")) {
    void wrapped.getAuthServer(m.authServerId);
    void wrapped.listScopes(m.authServerId);
    void wrapped.listPolicies(m.authServerId);
    if (m.policyId) void wrapped.listRules(m.authServerId, m.policyId);
  }
  return wrapped;
}

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined; // spa-app reports a bad OpenMetadata URL itself
  }
}

/**
 * The issuer's JWKS, which live-token needs right after the token it mints (and om-auth-config too):
 * requested now, in the first round, with the token request instead of after it. Not under any
 * check's signal (a check's requests are cancelled when it finishes), but under the run's `signal`.
 */
export function prefetchIssuerKids(ctx: DoctorContext, signal: AbortSignal): DoctorContext["prefetchedKids"] {
  const issuer = ctx.manifest?.issuer;
  if (!issuer) return undefined;
  const url = keysUrlOf(issuer);
  const kids = fetchRsaKids({ fetch: ctx.fetch, now: ctx.now }, url, signal);
  // Maybe nobody asks (the checks were skipped): its failure must not count as unhandled.
  kids.catch(() => undefined);
  return new Map([[url, kids]]);
}

/**
 * live-token's token request, sent now with the first round instead of after config-lint (which
 * first loads OpenMetadata's schema validator, ~150 ms of CPU): minted from the workflowConfig's
 * fields once they pass config-lint's own field checks, under the run's `signal`. live-token uses the
 * answer when config-lint hands it the same input; a config the schema then refuses only cost one
 * token request, as a doctor run always sends.
 */
export function prefetchToken(ctx: DoctorContext, signal: AbortSignal): Promise<PrefetchedToken | undefined> {
  const prefetched = lintDataWithoutSchema(ctx).then((lint) => {
    if (lint?.provider !== "okta") return undefined;
    const attempt = requestTokenLikeOpenMetadata({ clientId: lint.clientId, orgURL: lint.orgURL, key: lint.key, scopes: lint.scopes }, ctx, signal);
    // Maybe nobody asks (live-token was skipped): its failure must not count as unhandled.
    attempt.catch(() => undefined);
    return { input: { clientId: lint.clientId, orgURL: lint.orgURL, scopes: lint.scopes, publicJwk: lint.publicJwk }, label: `POST ${lint.orgURL.split("?")[0]}`, attempt };
  });
  prefetched.catch(() => undefined);
  return prefetched;
}

/**
 * OpenMetadata's live auth config, which om-auth-config reads once om-version has said where it is
 * (the path moved in 1.0): requested now at the path of the version the files were generated for.
 * When the server turns out to run a version with the other path, om-auth-config asks that one.
 */
export function prefetchOmGets(ctx: DoctorContext, signal: AbortSignal): DoctorContext["prefetchedGets"] {
  const om = ctx.omUrl?.replace(/\/+$/, "");
  const version = ctx.manifest?.omVersion ? tryParseOmVersion(ctx.manifest.omVersion) : undefined;
  if (!om || !version) return undefined;
  const url = `${om}${omFeatures(version).configAuthPath}`;
  const answer = httpGet(ctx, url, signal);
  // Maybe nobody asks (om-version failed): its failure must not count as unhandled.
  answer.catch(() => undefined);
  return new Map([[url, answer]]);
}
