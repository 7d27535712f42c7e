import type { OktaApi } from "../okta/okta-api.js";
import type { OidcApp } from "../okta/okta-types.js";

/**
 * The app behind an OAuth client id. Okta uses the app id as client id unless one was chosen at
 * creation; for those, the DCR client (by client id) names the app's label.
 */
export async function findAppByClientId(api: OktaApi, clientId: string): Promise<OidcApp | undefined> {
  const byId = await api.getApp(clientId);
  if (byId) return byId;
  const client = await api.getClient(clientId);
  if (!client) return undefined;
  return (await api.findAppsByLabel(client.client_name)).find((app) => app.credentials?.oauthClient?.client_id === clientId);
}
