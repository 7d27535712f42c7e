import { OktaApiError } from "../../okta/okta-errors.js";
import type { Check } from "../check.js";

const TOKEN_FIX = "set OKTA_OM_API_TOKEN (or pipe a token to --api-token-stdin) to run the Okta object checks; create one under Okta Admin Console > Security > API > Tokens";

/** The admin token itself: GET /api/v1/users/me answers 200. Every Okta object check needs it. */
export const adminToken: Check = {
  id: "admin-token",
  title: "Okta admin API token is valid",
  async run(ctx) {
    if (!ctx.api) return { status: "skip", detail: ctx.apiMissingReason ?? "no Okta admin token", fix: TOKEN_FIX };
    try {
      const me = await ctx.api.getCurrentUser();
      return { status: "pass", detail: `the token works for ${me.profile?.login ?? me.id} at ${ctx.api.orgUrl}`, data: { userId: me.id } };
    } catch (err) {
      if (err instanceof OktaApiError && err.status === 401) {
        return {
          status: "fail",
          detail: `Okta rejected the API token at ${ctx.api.orgUrl} (${err.errorCode ?? "401"} ${err.errorSummary ?? ""})`.trim(),
          fix: `create a new token (Okta Admin Console > Security > API > Tokens > Create token) and export OKTA_OM_API_TOKEN; check that --org-url ${ctx.api.orgUrl} is the token's org`,
        };
      }
      throw err;
    }
  },
};
