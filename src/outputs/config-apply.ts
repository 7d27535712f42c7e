// `config --apply`: what init does on OpenMetadata's side, from the manifest and offline from Okta.
// 1.10+ keeps its SSO settings in its database (VERSIONS.md, "1.10 and later"), so they go through
// its API; from 1.3 the ingestion bot's JWT is read by API ("Bot JWT by API").
import { UsageError } from "../errors.js";
import type { Manifest } from "../manifest/manifest.js";
import { deriveOmConfig, type OmConfigInput } from "../openmetadata/om-config-input.js";
import { botJwtByApi, omFeatures, settingsLiveInDatabase, type OmVersion } from "../openmetadata/om-version.js";
import { connectOpenMetadata, HOW_TO_GIVE_CREDENTIALS } from "../openmetadata/api/om-credentials.js";
import { desiredSecurityConfig } from "../openmetadata/api/security-config.js";
import type { Output } from "../output/output.js";
import type { Secret } from "../secret.js";
import { changesAdminAccess } from "../init/om-lockout.js";
import { applyOpenMetadataSecurity, type OmAdminSession, type SecurityStepResult } from "../init/om-security-step.js";

const lower = (names: string[] | undefined): string => JSON.stringify((names ?? []).map((n) => n.toLowerCase()).sort());

/**
 * Connects with the admin credentials (checked live), reads the stored settings on 1.10+ and runs
 * the offline lock-out guard, all before any file is written. Without Okta, the admins init checked
 * against Okta (the manifest's) are the ones known to sign in; others need --yes.
 */
export async function prepareConfigApply(input: {
  omUrl: string;
  version: OmVersion;
  manifest: Manifest;
  adminPrincipals: string[];
  adminEmail?: string;
  stdinToken?: Secret;
  env: Record<string, string | undefined>;
  yes: boolean;
  out: Output;
}): Promise<OmAdminSession> {
  const connected = await connectOpenMetadata({ omUrl: input.omUrl, stdinToken: input.stdinToken, adminEmail: input.adminEmail, env: input.env });
  if (!connected) throw new UsageError("--apply needs OpenMetadata admin credentials.", `${HOW_TO_GIVE_CREDENTIALS[0]!.toUpperCase()}${HOW_TO_GIVE_CREDENTIALS.slice(1)}.`);
  const { client, user } = connected;
  input.out.step(`OpenMetadata admin: ${user} (${client.credentialSource})`);
  if (!settingsLiveInDatabase(input.version)) return { client, user };
  const { readSecurityConfig } = await import("../openmetadata/api/security-config.js");
  const current = await readSecurityConfig(client);
  if (changesAdminAccess(current, input.adminPrincipals) && lower(input.adminPrincipals) !== lower(input.manifest.adminPrincipals)) {
    const message = `Turning on Okta sign-in could lock every admin out of OpenMetadata: basic login stops, and the admin principals (${input.adminPrincipals.join(", ")}) are not the ones init checked against Okta (${(input.manifest.adminPrincipals ?? []).join(", ") || "none"}).`;
    if (!input.yes) throw new UsageError(`${message} Nothing was changed.`, "Rerun init with these --admin-principals (it checks them against Okta), or config --apply --yes if one of them can sign in to the app with Okta.");
    input.out.warn(`${message} Continuing because of --yes.`);
  }
  return { client, user, current };
}

/** The bot's JWT by API when ingestion uses it (1.3+, or no service app). */
export async function botJwtForConfig(om: OmAdminSession, input: OmConfigInput, out: Output): Promise<Secret | undefined> {
  if (!botJwtByApi(input.omVersion) || (input.serviceClientId && omFeatures(input.omVersion).oktaIngestion)) return undefined;
  const { fetchBotJwt } = await import("../openmetadata/api/bot-token.js");
  const bot = await fetchBotJwt(om.client);
  out.info(`  ingestion-bot JWT read from OpenMetadata${bot.expiresAt ? `, expires ${bot.expiresAt.toISOString()}` : ", does not expire"}`);
  return bot.jwt;
}

/** After the files: validate, PATCH and confirm on 1.10+ (a rerun with nothing to change writes nothing). */
export async function applyConfigSecurity(om: OmAdminSession, input: OmConfigInput, out: Output): Promise<SecurityStepResult | undefined> {
  if (!om.current) return undefined;
  return applyOpenMetadataSecurity(om, desiredSecurityConfig(deriveOmConfig(input)), { plan: false, out, done: "The files are written" });
}
