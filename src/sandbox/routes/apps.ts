import { readJsonObject } from "../body.js";
import { compileFilter } from "../filter-expression.js";
import { link } from "../links.js";
import { oktaError } from "../okta-errors.js";
import { paginate } from "../pagination.js";
import { oktaTimestamp, type OktaObject, type OrgState } from "../state.js";
import type { Route, SandboxReply } from "../types.js";
import { asObject, requireApp, upsertOidcApp } from "./oidc-app-model.js";
import { routeFactory } from "./route-factory.js";

const APPS_SCOPES = { read: ["okta.apps.read", "okta.apps.manage"], manage: ["okta.apps.manage"] };

/** An app as GET returns it: stored JSON plus `_links`; `client_secret` only right after create/replace. */
export function renderApp(app: OktaObject, origin: string, clientSecret?: string): Record<string, unknown> {
  const base = `/api/v1/apps/${app.id}`;
  const active = app.status === "ACTIVE";
  const credentials = asObject(app.credentials);
  const oauthClient = asObject(credentials.oauthClient);
  const usesJwks = oauthClient.token_endpoint_auth_method === "private_key_jwt";
  return {
    ...app,
    credentials: clientSecret ? { ...credentials, oauthClient: { ...oauthClient, client_secret: clientSecret } } : credentials,
    _links: {
      uploadLogo: link(origin, `${base}/logo`, ["POST"]),
      appLinks: [{ name: "oidc_client_link", href: `${origin}/home/oidc_client/${app.id}/aln177a159h7Zf52X0g8`, type: "text/html" }],
      policies: link(origin, `${base}/policies`, ["PUT"]),
      groups: link(origin, `${base}/groups`),
      logo: [{ name: "medium", href: `${origin}/assets/img/logos/default.png`, type: "image/png" }],
      clientCredentials: [{ name: usesJwks ? "jwks" : "secrets", href: `${origin}${base}/credentials/${usesJwks ? "jwks" : "secrets"}` }],
      users: link(origin, `${base}/users`),
      ...(active ? { deactivate: link(origin, `${base}/lifecycle/deactivate`) } : { activate: link(origin, `${base}/lifecycle/activate`) }),
    },
  };
}

/** `q` is a case-insensitive prefix match on name or label, as Okta documents it. */
function matchesQ(app: OktaObject, q: string): boolean {
  const needle = q.toLowerCase();
  return [app.name, app.label].some((v) => typeof v === "string" && v.toLowerCase().startsWith(needle));
}

const APP_FILTER_ATTRIBUTES = ["id", "status", "name", "label", "credentials.signing.kid", "settings.slo.enabled", "signOnMode"];

export function appRoutes(): Route[] {
  const r = routeFactory("api/v1/apps");
  return [
    r("GET", "/api/v1/apps", "listApplications", APPS_SCOPES.read, (req, ctx) => {
      let apps = Object.values(ctx.state.apps);
      const q = req.query.get("q");
      if (q) apps = apps.filter((app) => matchesQ(app, q));
      const filter = req.query.get("filter");
      if (filter) apps = apps.filter(compileFilter(filter, APP_FILTER_ATTRIBUTES));
      const page = paginate(req, apps, { defaultLimit: -1, maxLimit: 200 });
      return { ...page, json: (page.json as OktaObject[]).map((app) => renderApp(app, req.origin)) };
    }),
    r("POST", "/api/v1/apps", "createApplication", APPS_SCOPES.manage, (req, ctx) => {
      const activate = req.query.get("activate") !== "false";
      const { app, clientSecret } = upsertOidcApp(ctx.state, readJsonObject(req), undefined, ctx.now(), activate);
      return { status: 200, json: renderApp(app, req.origin, clientSecret) };
    }),
    r("GET", "/api/v1/apps/:appId", "getApplication", APPS_SCOPES.read, (req, ctx) => ({
      status: 200,
      json: renderApp(requireApp(ctx.state, req.params.appId!), req.origin),
    })),
    r("PUT", "/api/v1/apps/:appId", "replaceApplication", APPS_SCOPES.manage, (req, ctx) => {
      const existing = requireApp(ctx.state, req.params.appId!);
      const { app, clientSecret } = upsertOidcApp(ctx.state, readJsonObject(req), existing, ctx.now());
      return { status: 200, json: renderApp(app, req.origin, clientSecret) };
    }),
    r("DELETE", "/api/v1/apps/:appId", "deleteApplication", APPS_SCOPES.manage, (req, ctx): SandboxReply => {
      const app = requireApp(ctx.state, req.params.appId!);
      // Okta deletes only inactive apps.
      if (app.status === "ACTIVE") throw oktaError("E0000056");
      deleteAppAndChildren(ctx.state, app.id);
      return { status: 204 };
    }),
    r("POST", "/api/v1/apps/:appId/lifecycle/activate", "activateApplication", APPS_SCOPES.manage, (req, ctx) => {
      const app = requireApp(ctx.state, req.params.appId!);
      if (app.status !== "ACTIVE") {
        app.status = "ACTIVE";
        app.lastUpdated = oktaTimestamp(ctx.now());
      }
      return { status: 200, json: {} };
    }),
    r("POST", "/api/v1/apps/:appId/lifecycle/deactivate", "deactivateApplication", APPS_SCOPES.manage, (req, ctx) => {
      const app = requireApp(ctx.state, req.params.appId!);
      if (app.status !== "INACTIVE") {
        app.status = "INACTIVE";
        app.lastUpdated = oktaTimestamp(ctx.now());
      }
      return { status: 200, json: {} };
    }),
  ];
}

export function deleteAppAndChildren(state: OrgState, appId: string): void {
  delete state.apps[appId];
  delete state.appSecrets[appId];
  delete state.clientSecrets?.[appId];
  delete state.appGroups[appId];
  delete state.grants[appId];
  delete state.clientRoles[appId];
}
