// The OpenMetadata side of init that goes through its API: admin credentials, the lock-out guard
// (before any write), the ingestion bot's JWT, and on 1.10+ the security settings themselves.
import { CliError } from "../errors.js";
import type { Access, InitOptions } from "../options/init-options.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { Output } from "../output/output.js";
import type { Secret } from "../secret.js";
import { botJwtByApi, omFeatures, settingsLiveInDatabase, type OmVersion } from "../openmetadata/om-version.js";
import type { OmClient } from "../openmetadata/api/om-client.js";
import type { SecurityConfig, SecurityPlan } from "../openmetadata/api/security-config.js";
import type { SandboxSession } from "./sandbox-session.js";

export interface OmAdminSession {
  client: OmClient;
  user: string;
  /** 1.10+: the stored settings, read before any write. */
  current?: SecurityConfig;
}

/** What to say on 1.10+ without credentials: the first-boot rule and both ways forward. */
export function firstBootNotes(omUrl: string, how: string): string[] {
  return [
    `OpenMetadata 1.10+ keeps SSO settings in its database: the files written here only seed a fresh install at its first boot; on a running server they change nothing, even after a restart.`,
    `To switch ${omUrl} to Okta, either rerun this command with OpenMetadata admin credentials (${how}), which applies the settings through OpenMetadata's API after its own validation,`,
    `or deploy the files, run ./bootstrap/openmetadata-ops.sh remove-security-config --force on the server, and restart OpenMetadata.`,
  ];
}

/**
 * Connects with the OpenMetadata admin credentials when this version needs them (bot JWT from 1.0
 * when ingestion uses it, settings from 1.10), reads the stored settings and runs the lock-out
 * guard: all before the first Okta write, so bad credentials leave nothing half-done.
 */
export async function prepareOpenMetadata(input: {
  options: InitOptions;
  version: OmVersion;
  api: OktaApi;
  access: Access;
  out: Output;
  env: Record<string, string | undefined>;
  stdinToken?: Secret;
  session?: SandboxSession;
}): Promise<OmAdminSession | undefined> {
  const { options, version, session } = input;
  const wantsBotJwt = botJwtByApi(version) && !omFeatures(version).oktaIngestion;
  const inDatabase = settingsLiveInDatabase(version);
  if (session) await session.deployOpenMetadata({ version: version.raw });
  if (!wantsBotJwt && !inDatabase) return undefined;
  const { connectOpenMetadata } = await import("../openmetadata/api/om-credentials.js");
  const connected = await connectOpenMetadata({
    omUrl: options.omUrl,
    stdinToken: input.stdinToken,
    adminEmail: options.omAdminEmail,
    env: input.env,
    sandboxToken: session ? await session.openMetadataAdminToken() : undefined,
  });
  if (!connected) return undefined;
  input.out.step(`OpenMetadata admin: ${connected.user} (${connected.client.credentialSource})`);
  if (!inDatabase) return connected;
  const { readSecurityConfig } = await import("../openmetadata/api/security-config.js");
  const current = await readSecurityConfig(connected.client);
  if (!options.plan) {
    const { guardAgainstLockOut } = await import("./om-lockout.js");
    await guardAgainstLockOut({ api: input.api, adminPrincipals: options.adminPrincipals, access: input.access, current, yes: options.yes, out: input.out });
  }
  return { ...connected, current };
}

export interface SecurityStepResult {
  action: "noop" | "update" | "skipped";
  fields: string[];
  applied: boolean;
}

/**
 * 1.10+: compare, show, and (unless --plan) validate, PATCH and confirm. Prints the plan like the
 * Okta one (`~` changed, ` ` unchanged); a validator rejection stops before the write.
 */
export async function applyOpenMetadataSecurity(om: OmAdminSession, desired: SecurityConfig, options: { plan: boolean; out: Output; secretChanged?: boolean }): Promise<SecurityStepResult> {
  const { applySecurityConfig, describeSecurityChanges, planSecurityConfig } = await import("../openmetadata/api/security-config.js");
  const plan: SecurityPlan = planSecurityConfig(om.current!, desired, { secretChanged: options.secretChanged });
  const { out } = options;
  const fields = plan.changes.map((c) => c.field);
  if (plan.action === "noop") {
    out.info(`  ${out.style.dim("  OpenMetadata security settings (already on Okta; no write)")}`);
    return { action: "noop", fields, applied: false };
  }
  out.info(`  ~ OpenMetadata security settings (${plan.changes.length} field${plan.changes.length > 1 ? "s" : ""}):`);
  for (const line of describeSecurityChanges(plan)) out.detail(line);
  if (options.plan) return { action: "update", fields, applied: false };
  try {
    await applySecurityConfig(om.client, plan);
  } catch (err) {
    if (err instanceof CliError) {
      throw new CliError(err.message, { exitCode: err.exitCode, hint: `${err.hint ? `${err.hint} ` : ""}The Okta side and the files are done; rerunning changes nothing there and applies OpenMetadata's settings.`, cause: err });
    }
    throw err;
  }
  out.success("applied OpenMetadata's security settings (validated by OpenMetadata, confirmed on /api/v1/system/config/auth)");
  return { action: "update", fields, applied: true };
}
