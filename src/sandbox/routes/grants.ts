import { readJsonObject } from "../body.js";
import { makeId } from "../ids.js";
import { link } from "../links.js";
import { oktaError, validationFailed } from "../okta-errors.js";
import { oktaTimestamp, type OktaObject } from "../state.js";
import type { Route } from "../types.js";
import { OKTA_API_SCOPES } from "./okta-api-scopes.js";
import { clientIdOf, requireApp } from "./oidc-app-model.js";
import { asString } from "../json-values.js";
import { routeFactory } from "./route-factory.js";
import { afterScopeGranted } from "../org-features.js";

const READ = ["okta.appGrants.read", "okta.appGrants.manage"];
const MANAGE = ["okta.appGrants.manage"];

function render(grant: OktaObject, app: OktaObject, origin: string, embedScope: boolean): Record<string, unknown> {
  const title = asString(app.label) ?? "";
  return {
    ...grant,
    ...(embedScope ? { _embedded: { scope: { id: grant.scopeId } } } : {}),
    _links: {
      app: link(origin, `/api/v1/apps/${app.id}`, undefined, { title }),
      self: link(origin, `/api/v1/apps/${app.id}/grants/${grant.id}`, ["GET", "DELETE"]),
      client: link(origin, `/oauth2/v1/clients/${clientIdOf(app)}`, undefined, { title }),
    },
  };
}

/** Okta API scope grants of an app (issuer = the org URL). Revoking removes the grant. */
export function grantRoutes(): Route[] {
  const r = routeFactory("api/v1/apps");
  return [
    r("GET", "/api/v1/apps/:appId/grants", "listScopeConsentGrants", READ, (req, ctx) => {
      const app = requireApp(ctx.state, req.params.appId!);
      const expand = req.query.get("expand") === "scope";
      // Recorded: the grants list is a bare array without a Link header.
      return { status: 200, json: Object.values(ctx.state.grants[app.id] ?? {}).map((g) => render(g, app, req.origin, expand)) };
    }),
    r("POST", "/api/v1/apps/:appId/grants", "grantConsentToScope", MANAGE, (req, ctx) => {
      const app = requireApp(ctx.state, req.params.appId!);
      const body = readJsonObject(req);
      const scopeId = asString(body.scopeId) ?? "";
      const issuer = asString(body.issuer) ?? "";
      if (issuer !== req.origin) throw validationFailed("issuer", [`issuer: The issuer '${issuer}' does not match the org URL '${req.origin}'.`]);
      if (!OKTA_API_SCOPES.includes(scopeId)) throw validationFailed("scopeId", [`scopeId: The scope '${scopeId}' is not a valid Okta API scope.`]);
      const grants = (ctx.state.grants[app.id] ??= {});
      const existing = Object.values(grants).find((g) => g.scopeId === scopeId && g.status === "ACTIVE");
      if (existing) throw validationFailed("scopeId", [`scopeId: The scope '${scopeId}' has already been granted to this app.`]);
      const ts = oktaTimestamp(ctx.now());
      const grant: OktaObject = {
        id: makeId("grant", ctx.state.idSuffix),
        status: "ACTIVE",
        created: ts,
        createdBy: { id: ctx.principal?.userId ?? ctx.state.adminUserId, type: "User" },
        lastUpdated: ts,
        issuer,
        clientId: clientIdOf(app),
        scopeId,
        source: "ADMIN",
      };
      grants[grant.id] = grant;
      afterScopeGranted(ctx.state, app, ctx.features, ctx.now());
      // Recorded: live Okta answers 200 here (the spec says 201), with `_embedded.scope`.
      return { status: 200, json: render(grant, app, req.origin, true) };
    }),
    r("GET", "/api/v1/apps/:appId/grants/:grantId", "getScopeConsentGrant", READ, (req, ctx) => {
      const app = requireApp(ctx.state, req.params.appId!);
      const grant = ctx.state.grants[app.id]?.[req.params.grantId!];
      if (!grant) throw oktaError("E0000007", [req.params.grantId!, "OAuth2ScopeConsentGrant"]);
      return { status: 200, json: render(grant, app, req.origin, req.query.get("expand") === "scope") };
    }),
    r("DELETE", "/api/v1/apps/:appId/grants/:grantId", "revokeScopeConsentGrant", MANAGE, (req, ctx) => {
      const app = requireApp(ctx.state, req.params.appId!);
      const grants = ctx.state.grants[app.id];
      if (!grants?.[req.params.grantId!]) throw oktaError("E0000007", [req.params.grantId!, "OAuth2ScopeConsentGrant"]);
      delete grants[req.params.grantId!];
      return { status: 204 };
    }),
  ];
}
