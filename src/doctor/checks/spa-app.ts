import { firstServerValue, readServerFiles } from "../server-config.js";
import type { Check } from "../check.js";
import { Findings, skipped } from "../findings.js";
import { findAppByClientId } from "../okta-lookup.js";
import { gatherFacts, orInit } from "../setup-facts.js";

/** The OpenMetadata UI's sign-in app: redirect URIs, grants, PKCE, consent, issuer, assignment, trusted origin. */
export const spaApp: Check = {
  id: "spa-app",
  title: "Okta SPA (OpenMetadata sign-in app)",
  needs: ["admin-token"],
  async run(ctx) {
    const api = ctx.api!;
    const facts = await gatherFacts(ctx);
    if (facts.clientType === "confidential") return skipped("confidential sign-in: the server signs users in through the web app (web-app checks it)");
    const appId = ctx.manifest?.spaAppId ?? facts.spaClientId;
    if (!appId) return skipped("no SPA id (neither the manifest nor a server config file names the SPA's client id)");
    const app = ctx.manifest?.spaAppId ? await api.getApp(appId) : await findAppByClientId(api, appId);
    if (!app) return { status: "fail", detail: `there is no app ${appId} in ${api.orgUrl}`, fix: orInit(ctx, "set the server's clientId (AUTHENTICATION_CLIENT_ID) to the SPA's client id") };
    const f = new Findings();
    const client = app.settings?.oauthClient ?? {};
    const creds = app.credentials?.oauthClient ?? {};
    const general = `Okta Admin Console > Applications > ${app.label} > General`;
    const fix = (what: string): string => orInit(ctx, `${general}: ${what}`);
    if (client.application_type !== "browser") f.fail(`"${app.label}" is a ${client.application_type ?? "?"} app, not a Single-Page Application`, orInit(ctx, "point the server's clientId at the SPA"));
    if (app.status === "ACTIVE") f.pass(`"${app.label}" (${appId}) is ACTIVE`);
    else f.fail(`"${app.label}" is ${app.status}`, fix("Activate"));

    const om = ctx.omUrl?.replace(/\/+$/, "");
    if (om) {
      const redirects = client.redirect_uris ?? [];
      // What init registered (custom --redirect-uri values included), else the guide's two URIs.
      const expected = ctx.manifest?.redirectUris?.length ? ctx.manifest.redirectUris : [`${om}/callback`, `${om}/silent-callback`];
      const missing = expected.filter((u) => !redirects.includes(u));
      if (missing.length > 0) f.fail(`sign-in redirect URIs lack ${missing.join(" and ")} (login and silent token renewal fail)`, fix(`add ${missing.join(" and ")} to Sign-in redirect URIs`));
      else f.pass(`redirect URIs include ${expected.join(" and ")}`);
      // The server sends users back to its callbackUrl: Okta only redirects to registered URIs.
      const callbackUrl = firstServerValue(readServerFiles(ctx), "callbackUrl");
      if (callbackUrl && !redirects.includes(callbackUrl)) {
        f.fail(`the server's callbackUrl ${callbackUrl} is not a sign-in redirect URI of the app`, fix(`add ${callbackUrl} to Sign-in redirect URIs, or set AUTHENTICATION_CALLBACK_URL to one of them`));
      }
    } else {
      f.pass("redirect URIs not checked: no OpenMetadata URL (pass --om-url)");
    }
    const grants = client.grant_types ?? [];
    if (!grants.includes("authorization_code")) f.fail(`grant types (${grants.join(", ") || "none"}) lack Authorization Code, which OpenMetadata's login uses`, fix("check Authorization Code"));
    else if (!grants.includes("refresh_token")) f.warn("grant types lack Refresh Token: users are signed out when the hour-long token expires", fix("check Refresh Token"));
    else f.pass(`grant types ${grants.join(", ")}`);
    if (creds.token_endpoint_auth_method !== "none" || creds.pkce_required !== true) {
      f.fail(`client authentication is ${creds.token_endpoint_auth_method ?? "unset"} with PKCE ${creds.pkce_required === true ? "required" : "not required"}; the browser app must be public with PKCE`, fix("Client authentication: None, and \"Require PKCE as additional verification\""));
    } else {
      f.pass("public client with PKCE");
    }
    if (client.consent_method === "REQUIRED") f.warn("user consent is required: every user sees a consent screen at first login", fix("clear \"Require consent\" (consent_method TRUSTED)"));
    if (client.issuer_mode !== undefined && client.issuer_mode !== "ORG_URL") f.warn(`ID token issuer mode is ${client.issuer_mode}, not Okta URL`, fix("OpenID Connect ID Token > Issuer: Okta URL"));

    const groups = await api.listAppGroups(app.id);
    if (groups.length > 0 || app.settings?.implicitAssignment === true) f.pass(`assigned to ${groups.length} group${groups.length === 1 ? "" : "s"}${app.settings?.implicitAssignment === true ? " (Federation Broker Mode)" : ""}`);
    else f.fail("no group is assigned: every user gets \"User is not assigned to the client application\"", orInit(ctx, `Applications > ${app.label} > Assignments > Assign > Assign to Groups > Everyone (or your groups)`));

    if (om) {
      const origin = new URL(om).origin;
      const origins = (await api.findTrustedOrigins(origin)).filter((o) => o.origin === origin && o.status === "ACTIVE");
      const types = new Set(origins.flatMap((o) => o.scopes.map((s) => s.type)));
      if (!types.has("CORS")) f.fail(`no ACTIVE trusted origin for ${origin} with CORS: the browser cannot call Okta from OpenMetadata's pages`, orInit(ctx, `Security > API > Trusted Origins > Add Origin: ${origin}, types CORS and Redirect`));
      else if (!types.has("REDIRECT")) f.warn(`the trusted origin ${origin} lacks Redirect: sign-out cannot return to OpenMetadata`, `Security > API > Trusted Origins > ${origin} > Edit: check Redirect`);
      else f.pass(`trusted origin ${origin} (CORS, Redirect)`);
    }
    return f.outcome({ appId: app.id });
  },
};
