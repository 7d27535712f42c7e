// Okta's client secret objects of an OAuth app (management.yaml, ApplicationSSOPublicKeys:
// /api/v1/apps/{appId}/credentials/secrets): up to two, each ACTIVE or INACTIVE; only an INACTIVE one
// can be deleted, and the only ACTIVE one cannot be deactivated. Error wording from the spec's examples.
import { createHash } from "node:crypto";
import { readJsonObject } from "../body.js";
import { makeId, randomAlnum } from "../ids.js";
import { link } from "../links.js";
import { oktaError, validationFailed } from "../okta-errors.js";
import { oktaTimestamp, type OktaObject, type OrgState } from "../state.js";
import type { Route, SandboxReply } from "../types.js";
import { asObject, requireApp } from "./oidc-app-model.js";
import { routeFactory } from "./route-factory.js";

const SCOPES = { read: ["okta.apps.read", "okta.apps.manage"], manage: ["okta.apps.manage"] };
const MEDIATED = "OAuth2ClientSecretMediated";
const MAX_SECRETS = 2;

/** spec ErrorMaxNumberOfSecrets, ErrorDeactivateTheOnlyClientSecret, ErrorDeleteActiveSecret, ErrorClientSecretTooShort. */
export const CLIENT_SECRET_ERRORS = {
  tooMany: "You've reached the maximum number of client secrets per client.",
  onlyActive: "You can't deactivate the only active client secret.",
  deleteActive: "You can't delete an active client secret. Deactivate the secret before deleting it.",
  tooShort: "client_secret: 'client_secret' must be at least '14' characters long.",
} as const;

/**
 * The app's secret objects. An app created with a secret has one implicit ACTIVE object (its
 * `appSecrets` entry); it becomes a stored object the first time the secrets API is used.
 */
export function secretObjects(state: OrgState, appId: string, now: Date): OktaObject[] {
  state.clientSecrets ??= {};
  const existing = state.clientSecrets[appId];
  if (existing) return existing;
  const initial = state.appSecrets[appId];
  const created = typeof state.apps[appId]?.created === "string" ? String(state.apps[appId].created) : oktaTimestamp(now);
  const list = initial === undefined ? [] : [secretObject(state, initial, "ACTIVE", created)];
  state.clientSecrets[appId] = list;
  return list;
}

/** The secrets Okta accepts for the app now: every ACTIVE object's, or the app's one secret. */
export function activeClientSecrets(state: OrgState, appId: string): string[] {
  const objects = state.clientSecrets?.[appId];
  if (!objects) return state.appSecrets[appId] === undefined ? [] : [state.appSecrets[appId]];
  return objects.filter((o) => o.status === "ACTIVE").map((o) => String(o.client_secret));
}

function secretObject(state: OrgState, secret: string, status: string, at: string): OktaObject {
  return {
    id: makeId("clientSecret", state.idSuffix),
    status,
    client_secret: secret,
    secret_hash: createHash("sha256").update(secret).digest("base64url").slice(0, 22),
    created: at,
    lastUpdated: at,
  };
}

/** `appSecrets` follows the newest ACTIVE secret (what an app PUT keeps and GET never shows). */
function syncPrimary(state: OrgState, appId: string, objects: OktaObject[]): void {
  const active = objects.filter((o) => o.status === "ACTIVE");
  const newest = active[active.length - 1];
  if (newest) state.appSecrets[appId] = String(newest.client_secret);
}

function render(appId: string, object: OktaObject, origin: string): Record<string, unknown> {
  const base = `/api/v1/apps/${appId}/credentials/secrets/${object.id}`;
  const links =
    object.status === "ACTIVE"
      ? { deactivate: link(origin, `${base}/lifecycle/deactivate`, ["POST"]) }
      : { activate: link(origin, `${base}/lifecycle/activate`, ["POST"]), delete: link(origin, base, ["DELETE"]) };
  return { ...object, _links: links };
}

function requireSecret(objects: OktaObject[], secretId: string): OktaObject {
  const found = objects.find((o) => o.id === secretId);
  if (!found) throw oktaError("E0000007", [secretId, "OAuth2ClientSecret"]);
  return found;
}

function setStatus(state: OrgState, appId: string, secretId: string, status: "ACTIVE" | "INACTIVE", now: Date): OktaObject {
  const objects = secretObjects(state, appId, now);
  const object = requireSecret(objects, secretId);
  if (status === "INACTIVE" && object.status === "ACTIVE" && objects.filter((o) => o.status === "ACTIVE").length === 1) {
    throw validationFailed(MEDIATED, [CLIENT_SECRET_ERRORS.onlyActive]);
  }
  if (object.status !== status) {
    object.status = status;
    object.lastUpdated = oktaTimestamp(now);
  }
  syncPrimary(state, appId, objects);
  return object;
}

export function clientSecretRoutes(): Route[] {
  const r = routeFactory("api/v1/apps");
  const base = "/api/v1/apps/:appId/credentials/secrets";
  return [
    r("GET", base, "listOAuth2ClientSecrets", SCOPES.read, (req, ctx) => {
      const appId = requireApp(ctx.state, req.params.appId!).id;
      return { status: 200, json: secretObjects(ctx.state, appId, ctx.now()).map((o) => render(appId, o, req.origin)) };
    }),
    r("POST", base, "createOAuth2ClientSecret", SCOPES.manage, (req, ctx) => {
      const appId = requireApp(ctx.state, req.params.appId!).id;
      const objects = secretObjects(ctx.state, appId, ctx.now());
      if (objects.length >= MAX_SECRETS) throw validationFailed(MEDIATED, [CLIENT_SECRET_ERRORS.tooMany]);
      const body = req.body.length ? asObject(readJsonObject(req)) : {};
      const sent = typeof body.client_secret === "string" ? body.client_secret : undefined;
      if (sent !== undefined && sent.length < 14) throw validationFailed("client_secret", [CLIENT_SECRET_ERRORS.tooShort]);
      const status = body.status === "INACTIVE" ? "INACTIVE" : "ACTIVE";
      const object = secretObject(ctx.state, sent ?? randomAlnum(64), status, oktaTimestamp(ctx.now()));
      objects.push(object);
      syncPrimary(ctx.state, appId, objects);
      return { status: 201, json: render(appId, object, req.origin) };
    }),
    r("GET", `${base}/:secretId`, "getOAuth2ClientSecret", SCOPES.read, (req, ctx) => {
      const appId = requireApp(ctx.state, req.params.appId!).id;
      return { status: 200, json: render(appId, requireSecret(secretObjects(ctx.state, appId, ctx.now()), req.params.secretId!), req.origin) };
    }),
    r("DELETE", `${base}/:secretId`, "deleteOAuth2ClientSecret", SCOPES.manage, (req, ctx): SandboxReply => {
      const appId = requireApp(ctx.state, req.params.appId!).id;
      const objects = secretObjects(ctx.state, appId, ctx.now());
      const object = requireSecret(objects, req.params.secretId!);
      if (object.status === "ACTIVE") throw validationFailed(MEDIATED, [CLIENT_SECRET_ERRORS.deleteActive]);
      objects.splice(objects.indexOf(object), 1);
      return { status: 204 };
    }),
    r("POST", `${base}/:secretId/lifecycle/activate`, "activateOAuth2ClientSecret", SCOPES.manage, (req, ctx) => {
      const appId = requireApp(ctx.state, req.params.appId!).id;
      return { status: 200, json: render(appId, setStatus(ctx.state, appId, req.params.secretId!, "ACTIVE", ctx.now()), req.origin) };
    }),
    r("POST", `${base}/:secretId/lifecycle/deactivate`, "deactivateOAuth2ClientSecret", SCOPES.manage, (req, ctx) => {
      const appId = requireApp(ctx.state, req.params.appId!).id;
      return { status: 200, json: render(appId, setStatus(ctx.state, appId, req.params.secretId!, "INACTIVE", ctx.now()), req.origin) };
    }),
  ];
}
