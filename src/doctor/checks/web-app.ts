import { firstServerValue } from "../server-config.js";
import type { Check } from "../check.js";
import { Findings, skipped } from "../findings.js";
import { findAppByClientId } from "../okta-lookup.js";
import { gatherFacts, orInit } from "../setup-facts.js";

/** OIDC_CLIENT_AUTH_METHOD's default (VERSIONS.md: "Confidential"). */
const DEFAULT_AUTH_METHOD = "client_secret_post";

/**
 * Confidential sign-in's Okta app: a web app with a secret, authorization code (+ refresh token),
 * the client authentication OpenMetadata's server uses, exactly {om}/callback as sign-in redirect
 * (OIDC_CALLBACK), and assigned to someone.
 */
export const webApp: Check = {
  id: "web-app",
  title: "Okta web app (confidential sign-in)",
  needs: ["admin-token"],
  async run(ctx) {
    const api = ctx.api!;
    const facts = await gatherFacts(ctx);
    if (facts.clientType !== "confidential") return skipped("public sign-in (the SPA): no web app to check");
    const appId = ctx.manifest?.webAppId ?? facts.spaClientId;
    if (!appId) return skipped("no web app id (neither the manifest nor a server config file names it)");
    const app = ctx.manifest?.webAppId ? await api.getApp(appId) : await findAppByClientId(api, appId);
    if (!app) return { status: "fail", detail: `there is no app ${appId} in ${api.orgUrl}`, fix: orInit(ctx, "set OIDC_CLIENT_ID and AUTHENTICATION_CLIENT_ID to the web app's client id") };
    const f = new Findings();
    const client = app.settings?.oauthClient ?? {};
    const creds = app.credentials?.oauthClient ?? {};
    const general = `Okta Admin Console > Applications > ${app.label} > General`;
    const fix = (what: string): string => orInit(ctx, `${general}: ${what}`);
    if (client.application_type !== "web") f.fail(`"${app.label}" is a ${client.application_type ?? "?"} app, not a Web Application with a client secret`, orInit(ctx, "point OIDC_CLIENT_ID at the web app"));
    if (app.status === "ACTIVE") f.pass(`"${app.label}" (${app.id}) is ACTIVE`);
    else f.fail(`"${app.label}" is ${app.status}`, fix("Activate"));

    const wanted = firstServerValue(facts.servers, "oidcAuthMethod") ?? DEFAULT_AUTH_METHOD;
    const method = creds.token_endpoint_auth_method;
    if (method === wanted) f.pass(`client authentication ${method}, as OpenMetadata sends it`);
    else f.fail(`client authentication is ${method ?? "unset"}, but OpenMetadata sends ${wanted} (OIDC_CLIENT_AUTH_METHOD): Okta refuses its token requests`, fix(`Client Credentials > Client authentication: ${wanted === "client_secret_basic" ? "Client secret (Basic)" : "Client secret (Post)"}`));

    const grants = client.grant_types ?? [];
    if (!grants.includes("authorization_code")) f.fail(`grant types (${grants.join(", ") || "none"}) lack Authorization Code, which the server's login uses`, fix("Grant type: check Authorization Code"));
    else if (!grants.includes("refresh_token")) f.fail("grant types lack Refresh Token: the server cannot renew sessions", fix("Grant type: check Refresh Token"));
    else f.pass(`grant types ${grants.join(", ")}`);

    const om = ctx.omUrl?.replace(/\/+$/, "");
    const redirects = client.redirect_uris ?? [];
    const callback = firstServerValue(facts.servers, "oidcCallback") ?? (om ? `${om}/callback` : undefined);
    if (!callback) f.pass("redirect URI not checked: no OpenMetadata URL (pass --om-url)");
    else if (redirects.includes(callback)) f.pass(`sign-in redirect URI ${callback} (OIDC_CALLBACK)`);
    else {
      f.fail(
        `sign-in redirect URIs (${redirects.join(", ") || "none"}) lack ${callback}, where OpenMetadata's server receives the login (Okta answers "redirect_uri is not allowed")`,
        fix(`Sign-in redirect URIs: add ${callback} exactly`),
      );
    }

    const groups = await api.listAppGroups(app.id);
    if (groups.length > 0 || app.settings?.implicitAssignment === true) f.pass(`assigned to ${groups.length} group${groups.length === 1 ? "" : "s"}`);
    else f.fail("no group is assigned: every user gets \"User is not assigned to the client application\"", orInit(ctx, `Applications > ${app.label} > Assignments > Assign > Assign to Groups > Everyone (or your groups)`));
    return f.outcome({ appId: app.id });
  },
};
