import type { InitOptions } from "../options/init-options.js";
import type { ProvisionSettings } from "./provision-settings.js";

/** The Okta steps' view of the options (they never see raw flags). */
export function toProvisionSettings(options: InitOptions, orgUrl: string, serviceApp: boolean): ProvisionSettings {
  return {
    orgUrl,
    omUrl: options.omUrl,
    clientType: options.clientType,
    appName: options.appName,
    redirectUris: options.redirectUris,
    logoutUris: options.logoutUris,
    baseUris: options.baseUris,
    access: options.access,
    authServer: options.authServer === "default" || options.authServer === "org" ? { kind: options.authServer } : { kind: "create", name: options.authServer },
    scope: options.scope,
    policyName: options.policyName,
    ruleName: options.ruleName,
    ruleGrantTypes: options.ruleGrantTypes,
    serviceApp,
    serviceAppName: options.serviceAppName,
    apiScopes: options.apiScopes,
  };
}
