// OpenMetadata 1.10+ keeps its SSO settings in its database and reads env/yaml/Helm only at first
// boot (VERSIONS.md, "1.10 and later"), so init applies them through the API: read, compare, let
// OpenMetadata's own validator judge, PATCH, confirm. Generic over the desired object, so a
// confidential client (or any other provider) goes through the same path.
import { CliError, ExitCode } from "../../errors.js";
import type { DerivedOmConfig } from "../om-config-input.js";
import type { Secret } from "../../secret.js";
import { authenticationSettings, authorizerSettings, oidcSettings, settingsObject } from "../server-blocks.js";
import { omMessage, type OmClient } from "./om-client.js";

export interface SecurityConfig {
  authenticationConfiguration: Record<string, unknown>;
  authorizerConfiguration: Record<string, unknown>;
}

const KEYS = ["authenticationConfiguration", "authorizerConfiguration"] as const;
const CONFIG_PATH = "/api/v1/system/security/config";

/** How OpenMetadata shows a stored secret on GET (VERSIONS.md "1.10 and later": secrets masked). */
const isMasked = (value: unknown): boolean => typeof value === "string" && /^\*+$/.test(value);

/**
 * The settings the server files carry, as the API takes them; providerName must not be empty (#24404).
 * Confidential: plus oidcConfiguration with the web app's secret, which the API is the only place
 * besides the 0600 files to receive (the server reads it from its database from 1.10).
 */
export function desiredSecurityConfig(d: DerivedOmConfig, clientSecret?: Secret): SecurityConfig {
  const authentication: Record<string, unknown> = settingsObject(authenticationSettings(d));
  if (typeof authentication.providerName !== "string" || authentication.providerName === "") authentication.providerName = "Okta";
  if (d.confidential) {
    const oidc: Record<string, unknown> = settingsObject(oidcSettings(d));
    if (clientSecret) oidc.secret = clientSecret.reveal();
    authentication.oidcConfiguration = oidc;
  }
  return { authenticationConfiguration: authentication, authorizerConfiguration: settingsObject(authorizerSettings(d)) };
}

export interface FieldChange {
  /** e.g. authenticationConfiguration.provider */
  field: string;
  before: unknown;
  after: unknown;
}

export interface SecurityPlan {
  action: "noop" | "update";
  changes: FieldChange[];
  current: SecurityConfig;
  /** What will be stored: the current blocks with the desired keys laid over (ldap/saml blocks kept). */
  target: SecurityConfig;
}

export interface FieldVerdict {
  field: string;
  error: string;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** GET the stored settings (404: the server is older than 1.10, so the files decide). */
export async function readSecurityConfig(client: OmClient): Promise<SecurityConfig> {
  const answer = await client.request("GET", CONFIG_PATH, { expect: [404] });
  const body = answer.json as Partial<SecurityConfig> | undefined;
  if (answer.status === 404 || !body || typeof body.authenticationConfiguration !== "object" || typeof body.authorizerConfiguration !== "object") {
    throw new CliError(`OpenMetadata at ${client.baseUrl} has no security settings API (GET ${CONFIG_PATH} answered HTTP ${answer.status}).`, {
      exitCode: ExitCode.failure,
      hint: "It is older than 1.10: pass its real version with --om-version; before 1.10 the server files decide and a restart applies them.",
    });
  }
  return { authenticationConfiguration: body.authenticationConfiguration ?? {}, authorizerConfiguration: body.authorizerConfiguration ?? {} };
}

const asRecord = (value: unknown): Record<string, unknown> => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/**
 * oidcConfiguration is merged key by key (the server's other OIDC keys are kept). Its secret comes
 * back masked, so it cannot be compared: a masked secret counts as unchanged (a rerun does not
 * rewrite it) unless another key of the block changes, and the secret is never shown in a change.
 */
function oidcChange(current: unknown, desired: unknown, secretChanged: boolean): { merged: Record<string, unknown>; change?: FieldChange } {
  const before = asRecord(current);
  const merged = { ...before, ...asRecord(desired) };
  const { secret: oldSecret, ...oldRest } = before;
  const { secret: newSecret, ...newRest } = merged;
  const secretSame = !secretChanged && (oldSecret === newSecret || isMasked(oldSecret));
  if (current !== undefined && secretSame && same(oldRest, newRest)) return { merged };
  const shown = (block: Record<string, unknown>) => (block.secret === undefined ? block : { ...block, secret: "[secret]" });
  return { merged, change: { field: "authenticationConfiguration.oidcConfiguration", before: current === undefined ? undefined : shown(before), after: shown(merged) } };
}

/**
 * Field-by-field difference between the stored settings and the desired ones. `secretChanged`: the
 * client secret was rotated since OpenMetadata last got it, so the masked one is known to be stale.
 */
export function planSecurityConfig(current: SecurityConfig, desired: SecurityConfig, options: { secretChanged?: boolean } = {}): SecurityPlan {
  const changes: FieldChange[] = [];
  const target = {} as SecurityConfig;
  for (const key of KEYS) {
    target[key] = { ...current[key], ...desired[key] };
    for (const [field, after] of Object.entries(desired[key])) {
      if (key === "authenticationConfiguration" && field === "oidcConfiguration") {
        const { merged, change } = oidcChange(current[key][field], after, options.secretChanged === true);
        target[key][field] = merged;
        if (change) changes.push(change);
      } else if (!same(current[key][field], after)) {
        changes.push({ field: `${key}.${field}`, before: current[key][field], after });
      }
    }
  }
  return { action: changes.length ? "update" : "noop", changes, current, target };
}

/** OpenMetadata's fix for each field it may reject, in terms of what init controls. */
export function fixFor(field: string): string {
  if (field.endsWith(".providerName")) return "providerName must not be empty (OpenMetadata issue #24404)";
  if (field.endsWith(".publicKeyUrls")) return "publicKeyUrls must list {issuer}/v1/keys (custom server) or {org}/oauth2/v1/keys (org server), and OpenMetadata must reach every URL";
  if (field.endsWith(".authority")) return "OpenMetadata must reach {authority}/.well-known/openid-configuration; check the issuer and OpenMetadata's outbound network";
  if (field.endsWith(".oidcConfiguration.secret")) return "the secret in web-app.client-secret must be the web app's current one in Okta (rotate-key --client-secret makes a new one)";
  if (field.endsWith(".clientId")) return "the SPA must exist and be active in Okta, and OpenMetadata must reach Okta's introspection endpoint";
  if (field.endsWith(".adminPrincipals")) return "pass --admin-principals";
  if (field.endsWith(".principalDomain")) return "pass --principal-domain";
  return "compare with the generated server files";
}

/** One line per rejected field: OpenMetadata's own words, then what to change. */
export function describeVerdicts(verdicts: FieldVerdict[]): string[] {
  return verdicts.map((v) => `${v.field}: ${v.error} (fix: ${fixFor(v.field)})`);
}

export function rejected(verdicts: FieldVerdict[], what: string): CliError {
  return new CliError(`OpenMetadata's validator rejected the Okta settings (${what}); nothing was changed in OpenMetadata.`, {
    exitCode: ExitCode.failure,
    hint: describeVerdicts(verdicts).join("\n  ") + "\n  Then rerun the same command.",
  });
}

function verdictsOf(json: unknown): FieldVerdict[] {
  const errors = (json as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [{ field: "(whole config)", error: omMessage(json) ?? "rejected without details" }];
  return errors.map((e: { field?: unknown; error?: unknown }) => ({ field: typeof e.field === "string" ? e.field : "(unknown field)", error: typeof e.error === "string" ? e.error : "rejected" }));
}

/** `POST /system/security/validate`: OpenMetadata's dry run. [] when accepted. */
export async function validateSecurityConfig(client: OmClient, config: SecurityConfig): Promise<FieldVerdict[]> {
  const answer = await client.request("POST", "/api/v1/system/security/validate", { body: config, expect: [400] });
  const status = (answer.json as { status?: unknown } | undefined)?.status;
  if (answer.status === 400 || status === "failed") return verdictsOf(answer.json);
  return [];
}

/** 409 and 412 each get their own explanation (VERSIONS.md: 2.1's SECURITY_CONFIG_SOURCE and compare-and-set). */
function conflict(status: number): CliError {
  if (status === 409) {
    return new CliError("OpenMetadata's security settings are managed by its environment (SECURITY_CONFIG_SOURCE=ENV, HTTP 409): its API cannot change them; nothing was changed.", {
      exitCode: ExitCode.failure,
      hint: "Deploy the generated server files and restart OpenMetadata (with ENV they are read at every start), or set SECURITY_CONFIG_SOURCE=AUTO and rerun.",
    });
  }
  return new CliError("OpenMetadata's security settings changed while init was applying them (HTTP 412); nothing was changed.", {
    exitCode: ExitCode.failure,
    hint: "Someone saved them at the same moment: rerun the same command, which reads them again and shows the new difference.",
  });
}

/**
 * Validates (unless the caller just did and showed the verdict), then PATCHes (one `replace` per block, so ops under oidcConfiguration are never dropped),
 * then confirms with the public `/system/config/auth`. Nothing is written when the validator refuses.
 */
export async function applySecurityConfig(client: OmClient, plan: SecurityPlan, options: { validated?: boolean } = {}): Promise<void> {
  if (!options.validated) {
    const verdicts = await validateSecurityConfig(client, plan.target);
    if (verdicts.length) throw rejected(verdicts, "validate");
  }
  const ops = KEYS.map((key) => ({ op: "replace", path: `/${key}`, value: plan.target[key] }));
  const answer = await client.request("PATCH", CONFIG_PATH, { body: ops, contentType: "application/json-patch+json", expect: [400, 409, 412] });
  if (answer.status === 409 || answer.status === 412) throw conflict(answer.status);
  if (answer.status === 400) throw rejected(verdictsOf(answer.json), "PATCH");
  await confirmApplied(client, plan.target);
}

/** The effective config OpenMetadata serves must now show the applied provider, authority and client. */
export async function confirmApplied(client: OmClient, target: SecurityConfig): Promise<void> {
  const live = (await client.request("GET", "/api/v1/system/config/auth")).json as Record<string, unknown> | undefined;
  const wrong = ["provider", "authority", "clientId", "callbackUrl"].filter((k) => target.authenticationConfiguration[k] !== undefined && !same(live?.[k], target.authenticationConfiguration[k]));
  if (wrong.length) {
    throw new CliError(`OpenMetadata accepted the settings but GET /api/v1/system/config/auth still shows other ${wrong.join(", ")}.`, {
      exitCode: ExitCode.failure,
      hint: "Another OpenMetadata instance may serve that URL, or a reload failed: check the server log and rerun (the rerun compares again).",
    });
  }
}

/** One line per changed field, like the Okta plan: `~ field: before → after`. */
export function describeSecurityChanges(plan: SecurityPlan): string[] {
  const show = (v: unknown): string => (v === undefined ? "(unset)" : JSON.stringify(v));
  return plan.changes.map((c) => `~ ${c.field}: ${show(c.before)} → ${show(c.after)}`);
}
