/**
 * The slice of init's options the Okta steps need. Steps take this, never raw flags, so the wizard
 * and CI fill the same object.
 */
export interface ProvisionSettings {
  orgUrl: string;
  omUrl: string;
  /** public: the SPA; confidential: a web app with a client secret (OpenMetadata 1.3.2+). */
  clientType: "public" | "confidential";
  appName: string;
  redirectUris: string[];
  logoutUris: string[];
  baseUris: string[];
  access: { kind: "everyone" } | { kind: "groups"; groupIds: string[] } | { kind: "none" };
  /**
   * `default` adopts the org's default server and leaves its name and audience alone; `org` uses the
   * org authorization server (issuer = the org URL), so no server, scope, policy or rule is managed.
   */
  authServer: { kind: "create"; name: string } | { kind: "default" } | { kind: "org" };
  scope: string;
  policyName: string;
  ruleName: string;
  ruleGrantTypes: string[];
  /** False for OpenMetadata 1.3+ (no Okta ingestion) unless --service-app. */
  serviceApp: boolean;
  serviceAppName: string;
  apiScopes: string[];
}

/** Parses `everyone`, `none` or `groups:<id,...>`. */
export function parseAccess(raw: string): ProvisionSettings["access"] | undefined {
  if (raw === "everyone") return { kind: "everyone" };
  if (raw === "none") return { kind: "none" };
  const match = /^groups:(.+)$/.exec(raw);
  if (!match?.[1]) return undefined;
  const groupIds = match[1].split(",").map((s) => s.trim()).filter(Boolean);
  return groupIds.length ? { kind: "groups", groupIds } : undefined;
}
