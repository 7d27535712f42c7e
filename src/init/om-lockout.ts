// Once OpenMetadata signs in with Okta, basic login stops: if no admin principal can sign in with
// Okta, nobody can administer OpenMetadata any more. Refuse that before anything is written.
import { UsageError } from "../errors.js";
import type { Access } from "../options/init-options.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { Output } from "../output/output.js";
import type { SecurityConfig } from "../openmetadata/api/security-config.js";

export interface LockOutInput {
  api: OktaApi;
  adminPrincipals: string[];
  access: Access;
  current: SecurityConfig;
  yes: boolean;
  out: Output;
}

const lower = (values: unknown): string[] => (Array.isArray(values) ? values.map((v) => String(v).toLowerCase()).sort() : []);

/** Whether applying changes who can get in: SSO switched on, or a different set of admins. */
export function changesAdminAccess(current: SecurityConfig, adminPrincipals: string[]): boolean {
  return current.authenticationConfiguration.provider !== "okta" || JSON.stringify(lower(current.authorizerConfiguration.adminPrincipals)) !== JSON.stringify(lower(adminPrincipals));
}

/**
 * Needs one admin principal that is an Okta user able to sign in to the SPA: the Okta admin running
 * init (`/api/v1/users/me`) is the natural one. Refuses with exit 2 unless --yes, which warns.
 */
export async function guardAgainstLockOut(input: LockOutInput): Promise<void> {
  if (!changesAdminAccess(input.current, input.adminPrincipals)) return;
  const principals = input.adminPrincipals.map((p) => p.toLowerCase());
  let login: string | undefined;
  try {
    login = (await input.api.getCurrentUser())?.profile?.login;
  } catch {
    login = undefined;
  }
  const me = login?.split("@")[0]?.toLowerCase();
  let problem: string | undefined;
  if (input.access.kind === "none") problem = "--access none lets nobody sign in to the OpenMetadata app";
  else if (!me) problem = "the Okta user behind these credentials is unknown (OAuth for Okta has no user), so no admin principal is known to be an Okta user";
  else if (!principals.includes(me)) problem = `you (${login}) sign in as "${me}", which is not among the admin principals (${principals.join(", ")})`;
  if (!problem) {
    if (input.access.kind === "groups") input.out.warn(`Make sure ${login} is in one of the groups allowed to sign in (${input.access.groupIds.join(", ")}): it is the admin who can still get in once basic login stops.`);
    return;
  }
  const message = `Turning on Okta sign-in could lock every admin out of OpenMetadata: basic login stops, and ${problem}.`;
  if (input.yes) {
    input.out.warn(`${message} Continuing because of --yes.`);
    return;
  }
  const suggestion = me ? `--admin-principals ${[me, ...principals.filter((p) => p !== me)].join(",")}` : "--admin-principals <your Okta login's name>";
  throw new UsageError(`${message} Nothing was changed.`, `Rerun with ${suggestion}, or with --yes if one of ${principals.join(", ")} can sign in to the app with Okta.`);
}
