// The OpenMetadata side of init that goes through its API: admin credentials, the lock-out guard
// (before any write), the ingestion bot's JWT, and on 1.10+ the security settings themselves.
import { CliError } from "../errors.js";
import type { Access, InitOptions } from "../options/init-options.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { Output } from "../output/output.js";
import type { Secret } from "../secret.js";
import { botJwtByApi, omFeatures, settingsLiveInDatabase, type OmVersion } from "../openmetadata/om-version.js";
import type { OmClient } from "../openmetadata/api/om-client.js";
// Static (this module itself is loaded while init waits for its first answers): loaded on demand, it
// cost a headless run ~5 ms between its first and second round.
import { connectOpenMetadata } from "../openmetadata/api/om-credentials.js";
import type { FieldVerdict, SecurityConfig, SecurityPlan } from "../openmetadata/api/security-config.js";
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
  /** Whether init creates the Okta service app (its principal is an OpenMetadata user up to 1.2). */
  serviceApp: boolean;
  out: Output;
  env: Record<string, string | undefined>;
  stdinToken?: Secret;
  /** The admin token the wizard asked for and checked (typed, or from its basic login). */
  typedToken?: Secret;
  session?: SandboxSession;
}): Promise<OmAdminSession | undefined> {
  const { options, version, session } = input;
  const wantsBotJwt = botJwtByApi(version) && !omFeatures(version).oktaIngestion;
  const inDatabase = settingsLiveInDatabase(version);
  // Up to 1.2 the service app's principal is an OpenMetadata user init can create, given credentials.
  const wantsPrincipal = input.serviceApp && omFeatures(version).oktaIngestion;
  if (session) await session.deployOpenMetadata({ version: version.raw });
  if (!wantsBotJwt && !inDatabase && !wantsPrincipal) return undefined;
  const connected = await connectOpenMetadata({
    omUrl: options.omUrl,
    stdinToken: input.stdinToken,
    typed: input.typedToken ? { token: input.typedToken } : undefined,
    adminEmail: options.omAdminEmail,
    env: input.env,
    // The sandbox "deploys" the principal itself up to 1.2, so its token is used only for the rest.
    sandboxToken: session && (wantsBotJwt || inDatabase) ? await session.openMetadataAdminToken() : undefined,
  });
  if (!connected) return undefined;
  const { client, user } = connected;
  input.out.step(`OpenMetadata admin: ${user} (${client.credentialSource})`);
  if (!inDatabase) return { client, user };
  const { readSecurityConfig } = await import("../openmetadata/api/security-config.js");
  const current = await readSecurityConfig(client);
  if (!options.plan) {
    const { guardAgainstLockOut } = await import("./om-lockout.js");
    await guardAgainstLockOut({ api: input.api, adminPrincipals: options.adminPrincipals, access: input.access, current, yes: options.yes, out: input.out });
  }
  return { client, user, current };
}

/** The settings' plan lines, like the Okta plan's: ` ` unchanged, `~` changed, one line per field. */
export function printSecurityPlan(out: Output, plan: SecurityPlan, lines: string[]): void {
  if (plan.action === "noop") {
    out.info(`  ${out.style.dim("  OpenMetadata security settings (already on Okta; no write)")}`);
    return;
  }
  out.info(`  ~ OpenMetadata security settings (${plan.changes.length} field${plan.changes.length > 1 ? "s" : ""}):`);
  for (const line of lines) out.detail(line);
}

export interface SecurityStepResult {
  action: "noop" | "update" | "skipped";
  fields: string[];
  applied: boolean;
  /** OpenMetadata's own verdict (POST /system/security/validate), when it was asked. */
  validator?: { accepted: boolean; errors: FieldVerdict[] };
}

/**
 * 1.10+: compare, show, and (unless --plan) validate, PATCH and confirm. Prints the plan like the
 * Okta one (`~` changed, ` ` unchanged); a validator rejection stops before the write.
 */
export async function applyOpenMetadataSecurity(om: OmAdminSession, desired: SecurityConfig, options: { plan: boolean; out: Output; done?: string; secretChanged?: boolean }): Promise<SecurityStepResult> {
  // What is already done when OpenMetadata refuses: said so nobody redoes it.
  const done = options.done ?? "The Okta side and the files are done";
  const { applySecurityConfig, describeSecurityChanges, describeVerdicts, planSecurityConfig, rejected, validateSecurityConfig } = await import("../openmetadata/api/security-config.js");
  const plan: SecurityPlan = planSecurityConfig(om.current!, desired, { secretChanged: options.secretChanged });
  const { out } = options;
  const fields = plan.changes.map((c) => c.field);
  printSecurityPlan(out, plan, describeSecurityChanges(plan));
  if (plan.action === "noop") return { action: "noop", fields, applied: false };
  if (options.plan) return { action: "update", fields, applied: false };
  // OpenMetadata's verdict, field by field, before the write: a rejection writes nothing.
  const errors = await validateSecurityConfig(om.client, plan.target);
  if (errors.length) {
    out.error("OpenMetadata's validator (POST /api/v1/system/security/validate) rejected:");
    for (const line of describeVerdicts(errors)) out.detail(`✗ ${line}`);
    const refused = rejected(errors, "validate");
    throw new CliError(refused.message, { exitCode: refused.exitCode, hint: `${refused.hint ?? ""} ${done}; the rerun only applies OpenMetadata's settings.`, cause: refused });
  }
  out.info("  OpenMetadata's validator (POST /api/v1/system/security/validate) accepted the whole config, the changed fields being:");
  for (const field of fields) out.detail(`✓ ${field}`);
  const validator = { accepted: true, errors };
  try {
    await applySecurityConfig(om.client, plan, { validated: true });
  } catch (err) {
    if (err instanceof CliError) {
      throw new CliError(err.message, { exitCode: err.exitCode, hint: `${err.hint ? `${err.hint} ` : ""}${done}; rerunning changes nothing there and applies OpenMetadata's settings.`, cause: err });
    }
    throw err;
  }
  out.success("applied OpenMetadata's security settings (validated by OpenMetadata, confirmed on /api/v1/system/config/auth)");
  return { action: "update", fields, applied: true, validator };
}
