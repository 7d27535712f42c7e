import { formatAccess, REMEMBERED_SOURCE, type InitOptions, type ResolvedInit } from "../options/init-options.js";

/** Options that shape the setup and are worth recalling on the next run (no secrets, no run modes). */
const CHOICE_KEYS = [
  "orgUrl",
  "omUrl",
  "omVersion",
  "redirectUris",
  "logoutUris",
  "baseUris",
  "access",
  "adminPrincipals",
  "principalDomain",
  "botEmail",
  "appName",
  "authServer",
  "scope",
  "policyName",
  "ruleName",
  "ruleGrantTypes",
  "serviceApp",
  "serviceAppName",
  "apiScopes",
  "deployFiles",
  "helmChartVersion",
] as const;

/**
 * The explicit choices of this run (flags, env, config file, wizard answers or earlier runs), so a
 * rerun of plain `okta-om-setup init` keeps them instead of falling back to defaults.
 */
export function choicesToRemember(options: InitOptions, resolved: ResolvedInit): Record<string, unknown> {
  const choices: Record<string, unknown> = {};
  for (const key of CHOICE_KEYS) {
    const source = resolved.sources[key];
    const value = options[key];
    if (value === undefined || source === undefined) continue;
    if (source.startsWith("default") && source !== REMEMBERED_SOURCE) continue;
    choices[key] = key === "access" ? formatAccess(options.access) : value;
  }
  return choices;
}
