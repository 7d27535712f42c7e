import { readJsonObject } from "../body.js";
import { oauthError, oktaError, SandboxHttpError } from "../okta-errors.js";
import { paginate } from "../pagination.js";
import type { OktaObject, OrgState } from "../state.js";
import type { Route, SandboxRequest } from "../types.js";
import { deleteAppAndChildren } from "./apps.js";
import { asObject, asStrings, clientIdOf, findAppByClientId, upsertOidcApp } from "./oidc-app-model.js";
import { routeFactory } from "./route-factory.js";

const REGISTER = ["okta.clients.register", "okta.clients.manage"];
const READ = ["okta.clients.read", "okta.clients.manage"];
const MANAGE = ["okta.clients.manage"];

/** An app in Dynamic Client Registration form (RFC 7591 names); DCR and the Apps API share one store. */
export function renderClient(app: OktaObject, clientSecret?: string): Record<string, unknown> {
  const oauth = asObject(asObject(app.settings).oauthClient);
  const creds = asObject(asObject(app.credentials).oauthClient);
  const jwks = asObject(oauth.jwks);
  return {
    client_id: clientIdOf(app),
    client_id_issued_at: Math.floor(Date.parse(String(app.created)) / 1000),
    client_name: app.label,
    client_uri: oauth.client_uri ?? null,
    logo_uri: oauth.logo_uri ?? null,
    redirect_uris: asStrings(oauth.redirect_uris),
    ...(oauth.post_logout_redirect_uris ? { post_logout_redirect_uris: oauth.post_logout_redirect_uris } : {}),
    response_types: oauth.response_types,
    grant_types: oauth.grant_types,
    token_endpoint_auth_method: creds.token_endpoint_auth_method,
    application_type: oauth.application_type,
    ...(clientSecret ? { client_secret: clientSecret, client_secret_expires_at: 0 } : {}),
    ...(Array.isArray(jwks.keys)
      ? { jwks: { keys: (jwks.keys as Record<string, unknown>[]).map(({ id: _id, status: _s, ...key }) => ({ ...key, use: key.use ?? null })) } }
      : {}),
    ...(typeof oauth.jwks_uri === "string" ? { jwks_uri: oauth.jwks_uri } : {}),
    ...(typeof oauth.initiate_login_uri === "string" ? { initiate_login_uri: oauth.initiate_login_uri } : {}),
  };
}

/** Translates an RFC 7591 body into the Apps API shape the shared model understands. */
function toAppBody(body: Record<string, unknown>, existing?: OktaObject): Record<string, unknown> {
  const appType = typeof body.application_type === "string" ? body.application_type : "web";
  const previous = asObject(asObject(existing?.settings).oauthClient);
  return {
    name: "oidc_client",
    label: body.client_name,
    signOnMode: "OPENID_CONNECT",
    credentials: { oauthClient: { token_endpoint_auth_method: body.token_endpoint_auth_method ?? (appType === "browser" ? "none" : "client_secret_basic") } },
    settings: {
      oauthClient: {
        application_type: appType,
        grant_types: body.grant_types ?? ["authorization_code"],
        response_types: body.response_types ?? ["code"],
        redirect_uris: body.redirect_uris ?? [],
        ...(body.post_logout_redirect_uris !== undefined ? { post_logout_redirect_uris: body.post_logout_redirect_uris } : {}),
        ...(body.jwks !== undefined ? { jwks: body.jwks } : {}),
        ...(body.jwks_uri !== undefined ? { jwks_uri: body.jwks_uri } : {}),
        ...(body.client_uri !== undefined ? { client_uri: body.client_uri } : {}),
        ...(body.logo_uri !== undefined ? { logo_uri: body.logo_uri } : {}),
        ...(body.initiate_login_uri !== undefined ? { initiate_login_uri: body.initiate_login_uri } : {}),
        // DCR clients default to REQUIRED consent; settings DCR cannot express are kept on replace.
        consent_method: previous.consent_method ?? "REQUIRED",
        issuer_mode: previous.issuer_mode ?? "DYNAMIC",
        dpop_bound_access_tokens: previous.dpop_bound_access_tokens ?? false,
      },
    },
  };
}

/** DCR answers `{error: "invalid_client_metadata", error_description}` where the Apps API uses E0000001. */
function asClientMetadataError(err: unknown): unknown {
  if (!(err instanceof SandboxHttpError)) return err;
  const json = asObject(err.reply.json);
  if (json.errorCode !== "E0000001") return err;
  const cause = asObject((json.errorCauses as unknown[] | undefined)?.[0]);
  const text = String(cause.errorSummary ?? json.errorSummary);
  const colon = text.indexOf(": ");
  const description = colon > 0 && !text.slice(0, colon).includes(" ") ? `\`${text.slice(0, colon)}\`: ${text.slice(colon + 2)}` : text;
  return oauthError(400, "invalid_client_metadata", description);
}

/** Only set, not unique: a real org registers two clients with one name (REAL-ORG.md "Names are not unique": OKTA-215049). */
function checkClientName(body: Record<string, unknown>): void {
  if (typeof body.client_name !== "string" || body.client_name.trim() === "") {
    throw oauthError(400, "invalid_client_metadata", "`client_name`: The field can't be left blank.");
  }
}

function requireClient(state: OrgState, req: SandboxRequest): OktaObject {
  const app = findAppByClientId(state, req.params.clientId!);
  if (!app) throw oktaError("E0000007", [req.params.clientId!, "Client"]);
  return app;
}

export function dcrClientRoutes(): Route[] {
  const r = routeFactory("oauth2/v1/clients");
  return [
    r("GET", "/oauth2/v1/clients", "listClients", READ, (req, ctx) => {
      let apps = Object.values(ctx.state.apps).filter((app) => app.signOnMode === "OPENID_CONNECT");
      const q = req.query.get("q")?.toLowerCase();
      if (q) apps = apps.filter((app) => String(app.label).toLowerCase().startsWith(q));
      const page = paginate(req, apps, { defaultLimit: 20, maxLimit: 200 });
      return { ...page, json: (page.json as OktaObject[]).map((app) => renderClient(app)) };
    }),
    r("POST", "/oauth2/v1/clients", "createClient", REGISTER, (req, ctx) => {
      const body = readJsonObject(req);
      checkClientName(body);
      try {
        const { app, clientSecret } = upsertOidcApp(ctx.state, toAppBody(body), undefined, ctx.now());
        return { status: 201, json: renderClient(app, clientSecret) };
      } catch (err) {
        throw asClientMetadataError(err);
      }
    }),
    r("GET", "/oauth2/v1/clients/:clientId", "getClient", READ, (req, ctx) => ({ status: 200, json: renderClient(requireClient(ctx.state, req)) })),
    r("PUT", "/oauth2/v1/clients/:clientId", "replaceClient", MANAGE, (req, ctx) => {
      const existing = requireClient(ctx.state, req);
      const body = readJsonObject(req);
      checkClientName(body);
      try {
        const { app, clientSecret } = upsertOidcApp(ctx.state, toAppBody(body, existing), existing, ctx.now());
        return { status: 200, json: renderClient(app, clientSecret) };
      } catch (err) {
        throw asClientMetadataError(err);
      }
    }),
    r("DELETE", "/oauth2/v1/clients/:clientId", "deleteClient", MANAGE, (req, ctx) => {
      const app = requireClient(ctx.state, req);
      deleteAppAndChildren(ctx.state, app.id);
      return { status: 204 };
    }),
  ];
}
