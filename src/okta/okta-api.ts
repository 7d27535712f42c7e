import { OktaApiError } from "./okta-errors.js";
import type { OktaTransport } from "./transport.js";
import type { AuthServer, ClientRole, ClientSecret, DcrClient, Grant, Group, GroupAssignment, OidcApp, Policy, PolicyRule, Scope, TrustedOrigin } from "./okta-types.js";

const enc = encodeURIComponent;

/**
 * The management calls init and doctor make, one method each, in Okta's wire JSON. Reads that find
 * nothing return undefined (404) or an empty list; every other failure throws OktaApiError.
 */
export class OktaApi {
  constructor(readonly transport: OktaTransport) {}

  get orgUrl(): string {
    return this.transport.orgUrl;
  }

  private async get<T>(path: string): Promise<T | undefined> {
    try {
      return (await this.transport.request<T>("GET", path)).json;
    } catch (err) {
      if (err instanceof OktaApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** A DELETE (or lifecycle POST) that counts 404 as "already gone": false then, true when it did it. */
  private async remove(method: "DELETE" | "POST", path: string): Promise<boolean> {
    try {
      await this.transport.request<unknown>(method, path);
      return true;
    } catch (err) {
      if (err instanceof OktaApiError && err.status === 404) return false;
      throw err;
    }
  }

  private async send<T>(method: "POST" | "PUT", path: string, body?: unknown): Promise<T> {
    return (await this.transport.request<T>(method, path, body)).json;
  }

  // Apps (the SPA, and the service app after DCR created it)
  getApp = (appId: string) => this.get<OidcApp>(`/api/v1/apps/${enc(appId)}`);
  /** `q` is a prefix match on name and label; callers filter for the exact label. */
  findAppsByLabel = async (label: string) =>
    (await this.transport.list<OidcApp>(`/api/v1/apps?q=${enc(label)}&limit=200`)).filter((app) => app.label === label);
  createApp = (app: unknown) => this.send<OidcApp>("POST", "/api/v1/apps?activate=true", app);
  replaceApp = (appId: string, app: unknown) => this.send<OidcApp>("PUT", `/api/v1/apps/${enc(appId)}`, app);
  activateApp = (appId: string) => this.send<unknown>("POST", `/api/v1/apps/${enc(appId)}/lifecycle/activate`);
  /** Okta deletes only INACTIVE apps (403 E0000056 otherwise), so `destroy` deactivates first. */
  deactivateApp = (appId: string) => this.remove("POST", `/api/v1/apps/${enc(appId)}/lifecycle/deactivate`);
  deleteApp = (appId: string) => this.remove("DELETE", `/api/v1/apps/${enc(appId)}`);

  // Groups and assignments
  listBuiltInGroups = () => this.transport.list<Group>(`/api/v1/groups?filter=${enc('type eq "BUILT_IN"')}&limit=200`);
  getGroup = (groupId: string) => this.get<Group>(`/api/v1/groups/${enc(groupId)}`);
  listAppGroups = (appId: string) => this.transport.list<GroupAssignment>(`/api/v1/apps/${enc(appId)}/groups?limit=200`);
  assignGroup = (appId: string, groupId: string) => this.send<GroupAssignment>("PUT", `/api/v1/apps/${enc(appId)}/groups/${enc(groupId)}`, {});
  getAppGroup = (appId: string, groupId: string) => this.get<GroupAssignment>(`/api/v1/apps/${enc(appId)}/groups/${enc(groupId)}`);
  unassignGroup = (appId: string, groupId: string) => this.remove("DELETE", `/api/v1/apps/${enc(appId)}/groups/${enc(groupId)}`);

  // Trusted origins
  getTrustedOrigin = (id: string) => this.get<TrustedOrigin>(`/api/v1/trustedOrigins/${enc(id)}`);
  findTrustedOrigins = (origin: string) => this.transport.list<TrustedOrigin>(`/api/v1/trustedOrigins?filter=${enc(`origin eq "${origin}"`)}&limit=200`);
  createTrustedOrigin = (body: unknown) => this.send<TrustedOrigin>("POST", "/api/v1/trustedOrigins", body);
  replaceTrustedOrigin = (id: string, body: unknown) => this.send<TrustedOrigin>("PUT", `/api/v1/trustedOrigins/${enc(id)}`, body);
  deleteTrustedOrigin = (id: string) => this.remove("DELETE", `/api/v1/trustedOrigins/${enc(id)}`);

  // Dynamic Client Registration (the SDK has no method for it; errors are {error, error_description})
  getClient = (clientId: string) => this.get<DcrClient>(`/oauth2/v1/clients/${enc(clientId)}`);
  findClientsByName = async (name: string) =>
    (await this.transport.list<DcrClient>(`/oauth2/v1/clients?q=${enc(name)}&limit=200`)).filter((c) => c.client_name === name);
  createClient = (body: unknown) => this.send<DcrClient>("POST", "/oauth2/v1/clients", body);

  /** Admin roles assigned to a client app (REAL-ORG.md: "Check GET /oauth2/v1/clients/{clientId}/roles"). */
  listClientRoles = (clientId: string) => this.transport.list<ClientRole>(`/oauth2/v1/clients/${enc(clientId)}/roles`);

  // Okta API scope grants
  listGrants = (appId: string) => this.transport.list<Grant>(`/api/v1/apps/${enc(appId)}/grants`);
  grantScope = (appId: string, scopeId: string) => this.send<Grant>("POST", `/api/v1/apps/${enc(appId)}/grants`, { issuer: this.orgUrl, scopeId });
  getGrant = (appId: string, grantId: string) => this.get<Grant>(`/api/v1/apps/${enc(appId)}/grants/${enc(grantId)}`);
  revokeGrant = (appId: string, grantId: string) => this.remove("DELETE", `/api/v1/apps/${enc(appId)}/grants/${enc(grantId)}`);

  // Authorization servers, scopes, policies, rules
  getAuthServer = (idOrAlias: string) => this.get<AuthServer>(`/api/v1/authorizationServers/${enc(idOrAlias)}`);
  findAuthServersByName = async (name: string) =>
    (await this.transport.list<AuthServer>(`/api/v1/authorizationServers?q=${enc(name)}&limit=200`)).filter((as) => as.name === name);
  createAuthServer = (body: unknown) => this.send<AuthServer>("POST", "/api/v1/authorizationServers", body);
  replaceAuthServer = (id: string, body: unknown) => this.send<AuthServer>("PUT", `/api/v1/authorizationServers/${enc(id)}`, body);
  activateAuthServer = (id: string) => this.send<unknown>("POST", `/api/v1/authorizationServers/${enc(id)}/lifecycle/activate`);
  deactivateAuthServer = (id: string) => this.remove("POST", `/api/v1/authorizationServers/${enc(id)}/lifecycle/deactivate`);
  deleteAuthServer = (id: string) => this.remove("DELETE", `/api/v1/authorizationServers/${enc(id)}`);
  getScope = (asId: string, id: string) => this.get<Scope>(`/api/v1/authorizationServers/${enc(asId)}/scopes/${enc(id)}`);
  deleteScope = (asId: string, id: string) => this.remove("DELETE", `/api/v1/authorizationServers/${enc(asId)}/scopes/${enc(id)}`);
  getPolicy = (asId: string, id: string) => this.get<Policy>(`/api/v1/authorizationServers/${enc(asId)}/policies/${enc(id)}`);
  deletePolicy = (asId: string, id: string) => this.remove("DELETE", `/api/v1/authorizationServers/${enc(asId)}/policies/${enc(id)}`);
  getRule = (asId: string, policyId: string, id: string) =>
    this.get<PolicyRule>(`/api/v1/authorizationServers/${enc(asId)}/policies/${enc(policyId)}/rules/${enc(id)}`);
  deleteRule = (asId: string, policyId: string, id: string) =>
    this.remove("DELETE", `/api/v1/authorizationServers/${enc(asId)}/policies/${enc(policyId)}/rules/${enc(id)}`);
  listScopes = (asId: string) => this.transport.list<Scope>(`/api/v1/authorizationServers/${enc(asId)}/scopes`);
  createScope = (asId: string, body: unknown) => this.send<Scope>("POST", `/api/v1/authorizationServers/${enc(asId)}/scopes`, body);
  replaceScope = (asId: string, id: string, body: unknown) => this.send<Scope>("PUT", `/api/v1/authorizationServers/${enc(asId)}/scopes/${enc(id)}`, body);
  listPolicies = (asId: string) => this.transport.list<Policy>(`/api/v1/authorizationServers/${enc(asId)}/policies`);
  createPolicy = (asId: string, body: unknown) => this.send<Policy>("POST", `/api/v1/authorizationServers/${enc(asId)}/policies`, body);
  replacePolicy = (asId: string, id: string, body: unknown) => this.send<Policy>("PUT", `/api/v1/authorizationServers/${enc(asId)}/policies/${enc(id)}`, body);
  listRules = (asId: string, policyId: string) => this.transport.list<PolicyRule>(`/api/v1/authorizationServers/${enc(asId)}/policies/${enc(policyId)}/rules`);
  createRule = (asId: string, policyId: string, body: unknown) =>
    this.send<PolicyRule>("POST", `/api/v1/authorizationServers/${enc(asId)}/policies/${enc(policyId)}/rules`, body);
  replaceRule = (asId: string, policyId: string, id: string, body: unknown) =>
    this.send<PolicyRule>("PUT", `/api/v1/authorizationServers/${enc(asId)}/policies/${enc(policyId)}/rules/${enc(id)}`, body);

  // The token's own admin user (credential check)
  // Client secrets of a web app (management.yaml: /api/v1/apps/{appId}/credentials/secrets)
  listClientSecrets = async (appId: string) => (await this.transport.request<ClientSecret[]>("GET", `/api/v1/apps/${enc(appId)}/credentials/secrets`)).json;
  /** Okta takes a secret we generated ("bring your own secret"), so the value is on disk before it exists in Okta. */
  createClientSecret = (appId: string, secret: string) => this.send<ClientSecret>("POST", `/api/v1/apps/${enc(appId)}/credentials/secrets`, { client_secret: secret, status: "ACTIVE" });
  deactivateClientSecret = (appId: string, secretId: string) => this.send<ClientSecret>("POST", `/api/v1/apps/${enc(appId)}/credentials/secrets/${enc(secretId)}/lifecycle/deactivate`);
  deleteClientSecret = async (appId: string, secretId: string) => {
    await this.transport.request<unknown>("DELETE", `/api/v1/apps/${enc(appId)}/credentials/secrets/${enc(secretId)}`);
  };

  getCurrentUser = async () => (await this.transport.request<{ id: string; profile?: { login?: string } }>("GET", "/api/v1/users/me")).json;
}
