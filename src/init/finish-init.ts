import type { CliDeps } from "../deps.js";
import { parseHelmChartVersion } from "../openmetadata/helm-chart.js";
import { CliError, ExitCode } from "../errors.js";
import { compactPrivateJwk } from "../keys/key-files.js";
import { ManifestWriter } from "../manifest/manifest-writer.js";
import { readManifest } from "../manifest/manifest.js";
import { loadOmBotJwt } from "../openmetadata/bot-jwt.js";
import { nextSteps } from "../openmetadata/next-steps.js";
import { deriveOmConfig, type OmConfigInput } from "../openmetadata/om-config-input.js";
import { authenticationSettings, oidcSettings, settingsObject } from "../openmetadata/server-blocks.js";
import { omFeatures, type OmVersion, type OmVersionSource } from "../openmetadata/om-version.js";
import { readClientSecretFile } from "./client-secret-file.js";
import { REMEMBERED_SOURCE, type InitOptions, type ResolvedInit } from "../options/init-options.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { Output } from "../output/output.js";
import { writeOpenMetadataOutputs, type OutputsResult } from "../outputs/write-om-outputs.js";
import type { ProvisionSettings } from "./provision-settings.js";
import type { ProvisionResult } from "./run-init.js";
import { valueOf } from "./resources/find.js";
import type { SandboxSession } from "./sandbox-session.js";
import { printEquivalentCommand } from "./equivalent-command.js";
import { renderedFor, type RenderedAhead } from "./render-ahead.js";

// init-command loads this module while it waits for Okta, and renders ahead through it.
export { renderAhead } from "./render-ahead.js";
import { choicesToRemember } from "./remember-choices.js";
import { runInitDoctor } from "./init-doctor.js";
import { adminRoleProblem } from "../okta/admin-roles.js";
import { applyOpenMetadataSecurity, firstBootNotes, type OmAdminSession, type SecurityStepResult } from "./om-security-step.js";
import { botJwtByApi, settingsLiveInDatabase } from "../openmetadata/om-version.js";
import { HOW_TO_GIVE_CREDENTIALS } from "../openmetadata/api/om-credentials.js";
import { desiredSecurityConfig } from "../openmetadata/api/security-config.js";
import type { Secret } from "../secret.js";
import { outboundFetch } from "../net/outbound-fetch.js";

export interface FinishInput {
  options: InitOptions;
  resolved: ResolvedInit;
  provision: ProvisionResult;
  omVersion: { version: OmVersion; source: OmVersionSource; note?: string };
  settings: ProvisionSettings;
  outDir: string;
  orgUrl: string;
  api: OktaApi;
  session?: SandboxSession;
  out: Output;
  deps: CliDeps;
  confirm?: (question: string) => Promise<boolean>;
  started: number;
  /** Overwriting hand-edited output files was approved before Okta was touched. */
  overwriteApproved?: boolean;
  /** OpenMetadata admin access (checked before the Okta writes), when credentials were given. */
  omAdmin?: OmAdminSession;
  /** The files rendered ahead, while the last Okta round was in flight (render-ahead.ts). */
  renderedAhead?: Promise<RenderedAhead | undefined>;
}

/** What the OpenMetadata files are made from besides the options: what the Okta side recorded. */
export type OktaOutcome = Pick<ProvisionResult, "manifest" | "key"> & { snapshot?: ProvisionResult["snapshot"] };

/** The OpenMetadata side's input; undefined while the Okta side lacks the issuer or the sign-in app. */
export async function omInputFor(input: Omit<FinishInput, "provision">, okta: OktaOutcome): Promise<OmConfigInput | undefined> {
  const { options, outDir, out } = input;
  const manifest = okta.manifest;
  const issuer = manifest.issuer ?? valueOf(okta.snapshot?.authServer)?.issuer;
  const confidential = options.clientType === "confidential";
  // The sign-in app the server names: the web app when confidential, else the SPA.
  const spaClientId = confidential ? manifest.webClientId : manifest.spaClientId;
  const serviceClientId = input.settings.serviceApp ? manifest.serviceClientId : undefined;
  if (!issuer || !spaClientId) return undefined;
  return {
    omUrl: options.omUrl,
    omVersion: input.omVersion.version,
    issuer,
    spaClientId,
    ...(confidential
      ? {
          clientType: "confidential" as const,
          clientSecret: options.plan ? undefined : await readClientSecretFile(outDir),
          // publicKeyUrls must hold the discovery jwks_uri exactly (the 1.10+ validator compares it).
          jwksUri: await discoveryJwksUri(issuer, out),
        }
      : {}),
    redirectUris: options.redirectUris,
    serviceClientId,
    privateKeyJwk: serviceClientId && okta.key ? compactPrivateJwk(okta.key) : undefined,
    botEmail: options.botEmail,
    adminPrincipals: options.adminPrincipals,
    principalDomain: options.principalDomain,
    hasDefaultScope: true,
    scope: options.scope,
    omBotJwt: await ingestionBotJwt(input, serviceClientId),
    deployFiles: options.deployFiles,
    helmChart: options.helmChartVersion
      ? parseHelmChartVersion(options.helmChartVersion, undefined, input.resolved.sources.helmChartVersion === REMEMBERED_SOURCE ? "remembered" : "flag")
      : undefined,
  };
}

/** The OpenMetadata side of init, then the summary, the JSON result and (sandbox/--doctor) doctor. */
export async function finishInit(input: FinishInput): Promise<number> {
  const { options, provision, out, outDir, session } = input;
  const manifest = provision.manifest;
  const issuer = manifest.issuer ?? valueOf(provision.snapshot.authServer)?.issuer;
  const confidential = options.clientType === "confidential";
  const serviceClientId = input.settings.serviceApp ? manifest.serviceClientId : undefined;
  let outputs: OutputsResult | undefined;
  const omInput = await omInputFor(input, provision);
  if (omInput) {
    // Rendered while the last Okta round was in flight (render-ahead.ts), when made from this same input.
    const rendered = renderedFor(await input.renderedAhead, omInput);
    try {
      outputs = await writeOpenMetadataOutputs(
        { outDir, input: omInput, rendered, manifest, yes: options.yes || input.overwriteApproved === true, confirm: input.confirm, mergeInto: options.mergeInto, dryRun: options.plan },
        out,
      );
    } catch (err) {
      if (!(err instanceof CliError) || options.plan) throw err;
      // The Okta side is done by now; say so, so nobody "fixes" Okta for a file problem.
      throw new CliError(err.message, {
        exitCode: err.exitCode,
        hint: `${err.hint ? `${err.hint} ` : ""}The Okta side is complete and recorded in ${outDir}; rerunning changes nothing in Okta and writes the files.`,
        cause: err,
      });
    }
    if (!options.plan) {
      const writer = new ManifestWriter(outDir, manifest);
      await writer.update({
        files: outputs.hashes,
        clientType: options.clientType,
        omVersion: input.omVersion.version.raw,
        botEmail: options.botEmail,
        omUrl: options.omUrl,
        scope: options.scope,
        adminPrincipals: options.adminPrincipals,
        principalDomain: options.principalDomain,
        deployFiles: options.deployFiles,
        apiScopes: input.settings.serviceApp ? options.apiScopes : [],
        redirectUris: options.redirectUris,
        choices: choicesToRemember(options, input.resolved),
      });
      await writer.flush();
      for (const file of outputs.files) {
        if (file.action !== "unchanged") out.success(`${file.action === "create" ? "wrote" : "updated"} ${file.path}${file.secret ? " (0600: holds credentials)" : ""}`);
        else out.detail(`unchanged ${file.path}`);
      }
      if (outputs.merged) out.success(`merged into ${outputs.merged.file} (backup: ${outputs.merged.backup})`);
    } else {
      for (const file of outputs.files) out.info(`  ${file.action === "unchanged" ? " " : "+"} file ${file.path} (${file.action})`);
    }
    for (const note of outputs.notes) out.warn(note);
  }

  if (omInput && !input.omAdmin && !omInput.omBotJwt && !omInput.serviceClientId && botJwtByApi(input.omVersion.version)) {
    // Without admin credentials nothing is asked of OpenMetadata: say exactly how to get the real token.
    out.warn(`workflowConfig.yaml holds a placeholder for the ingestion bot's JWT: rerun with OpenMetadata admin credentials (${HOW_TO_GIVE_CREDENTIALS}) and init reads it by API, or pass the token with --om-bot-jwt-file.`);
  }
  const principal = omInput && input.omAdmin && !options.plan ? await ensurePrincipal(input.omAdmin, omInput, out) : undefined;
  // 1.10+: the files only seed a fresh install; the running server's settings go through its API.
  let security: SecurityStepResult | undefined;
  if (omInput && settingsLiveInDatabase(input.omVersion.version)) {
    if (input.omAdmin?.current) {
      // After rotate-key --client-secret the stored (masked) secret is known to be the old one.
      const secretChanged = confidential && manifest.openMetadataSecretStale === true;
      security = await applyOpenMetadataSecurity(input.omAdmin, desiredSecurityConfig(deriveOmConfig(omInput), omInput.clientSecret), { plan: options.plan, out, secretChanged });
      if (security.applied && secretChanged) {
        const writer = new ManifestWriter(outDir, await readManifest(outDir));
        await writer.update({ openMetadataSecretStale: undefined });
        await writer.flush();
      }
    } else {
      security = { action: "skipped", fields: [], applied: false };
      for (const note of firstBootNotes(options.omUrl, HOW_TO_GIVE_CREDENTIALS)) out.warn(note);
    }
  }

  if (options.plan) {
    const pending = provision.pending || (outputs?.files.some((f) => f.action !== "unchanged") ?? false) || security?.action === "update";
    const conflicts = provision.changes.some((c) => c.action === "conflict");
    if (options.json) out.data({ ok: !conflicts, plan: true, pending, orgUrl: input.orgUrl, changes: provision.changes, files: outputs?.files ?? [], ...(security ? { openMetadata: { securityConfig: security } } : {}) });
    // A plan that cannot be applied as is must not look like "nothing to do" to CI.
    if (conflicts) return ExitCode.failure;
    return options.detailedExitcode && pending ? ExitCode.changesPending : ExitCode.ok;
  }

  let doctorFailed = false;
  let doctorResults: unknown;
  if (session && omInput) {
    await session.deployOpenMetadata({
      version: input.omVersion.version.raw,
      // The same authenticationConfiguration block the server files carry.
      authConfig: standInAuthConfig(omInput),
      users: ["admin", "ingestion-bot", ...(serviceClientId ? [serviceClientId.toLowerCase()] : [])],
    });
    out.info(`  Sandbox: "deployed" the server config to the OpenMetadata stand-in${serviceClientId ? ` and created the bot user ${serviceClientId.toLowerCase()}` : ""}.`);
  }
  if (options.doctor) {
    const report = await runInitDoctor({ outDir, omUrl: options.omUrl, api: input.api, omAdmin: input.omAdmin?.client, out, json: options.json });
    doctorFailed = report.failed;
    doctorResults = report.results;
  }

  const seconds = ((Date.now() - input.started) / 1000).toFixed(1);
  const counts = countActions(provision.changes);
  out.info("");
  const done = `Done in ${seconds}s: ${counts}. ${input.api.transport.stats.requests} Okta requests (${input.api.transport.stats.writes} writes)${input.omAdmin ? `, ${input.omAdmin.client.stats.requests} OpenMetadata requests (${input.omAdmin.client.stats.writes} writes)` : ""}.`;
  const adminRoles = provision.adminRoles?.roles ?? [];
  if (adminRoles.length > 0 && serviceClientId) out.warn(`${done} But ${adminRoleProblem(serviceClientId, adminRoles)} (see the warning above; doctor fails until it is fixed).`);
  else out.success(done);
  if (outputs && omInput && !options.json) {
    out.info("");
    out.info(out.style.bold("Next steps:"));
    const done = { securitySettings: security !== undefined && security.action !== "skipped", servicePrincipal: principal?.name };
    for (const line of nextSteps(omInput, outDir, outputs.generated, done)) out.info(`  ${line}`);
    printEquivalentCommand(out, input.resolved, options, input.deps.cwd, input.omAdmin !== undefined && !session);
  }
  if (options.json) {
    out.data({
      ok: !doctorFailed,
      orgUrl: input.orgUrl,
      issuer,
      clientType: options.clientType,
      spaClientId: manifest.spaClientId,
      ...(confidential ? { webClientId: manifest.webClientId } : {}),
      serviceClientId,
      authServerId: manifest.authServerId,
      ...(provision.adminRoles ? { serviceAppAdminRoles: provision.adminRoles.roles } : {}),
      changes: provision.changes,
      files: outputs?.files.map((f) => ({ name: f.name, path: f.path, action: f.action, secret: f.secret })) ?? [],
      ...(security || input.omAdmin ? { openMetadata: { ...(security ? { securityConfig: security } : {}), ...(principal ? { servicePrincipal: principal } : {}), ...(input.omAdmin ? { requests: input.omAdmin.client.stats.requests, writes: input.omAdmin.client.stats.writes } : {}) } } : {}),
      ...(doctorResults ? { doctor: doctorResults } : {}),
    });
  }
  return doctorFailed ? ExitCode.doctorFailed : ExitCode.ok;
}

/**
 * The authenticationConfiguration the stand-in gets: the server files' block, plus (confidential)
 * the oidcConfiguration without its secret, which never leaves the 0600 files.
 */
function standInAuthConfig(omInput: OmConfigInput): Record<string, unknown> {
  const d = deriveOmConfig(omInput);
  const block: Record<string, unknown> = settingsObject(authenticationSettings(d));
  if (d.confidential) block.oidcConfiguration = settingsObject(oidcSettings(d));
  return block;
}

/** The discovery document's jwks_uri; undefined (derived from the issuer instead) when it cannot be read. */
async function discoveryJwksUri(issuer: string, out: Output): Promise<string | undefined> {
  const url = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  try {
    const res = await outboundFetch(process.env)(url, { signal: AbortSignal.timeout(10_000) });
    const doc = res.ok ? ((await res.json()) as { jwks_uri?: unknown }) : undefined;
    if (typeof doc?.jwks_uri === "string") return doc.jwks_uri;
    out.warn(`${url} answered HTTP ${res.status} without a jwks_uri; publicKeyUrls uses ${issuer}/v1/keys.`);
  } catch (err) {
    out.warn(`Could not read ${url} (${(err as Error).message}); publicKeyUrls uses ${issuer}/v1/keys.`);
  }
  return undefined;
}

/**
 * The ingestion bot's JWT: --om-bot-jwt-file or OKTA_OM_BOT_JWT first; else, with OpenMetadata admin
 * credentials, from OpenMetadata's bots API; else (sandbox) the stand-in's; else the placeholder.
 */
async function ingestionBotJwt(input: Omit<FinishInput, "provision">, serviceClientId: string | undefined): Promise<Secret | undefined> {
  const given = await loadOmBotJwt({ file: input.options.omBotJwtFile, env: input.deps.env });
  if (given) return given;
  const usesBotJwt = !serviceClientId || !omFeaturesOf(input).oktaIngestion;
  if (input.omAdmin && usesBotJwt && botJwtByApi(input.omVersion.version)) {
    const { fetchBotJwt } = await import("../openmetadata/api/bot-token.js");
    const bot = await fetchBotJwt(input.omAdmin.client);
    const days = bot.expiresAt ? Math.floor((bot.expiresAt.getTime() - Date.now()) / 86_400_000) : undefined;
    input.out.info(`  ingestion-bot JWT read from OpenMetadata${bot.expiresAt ? `, expires ${bot.expiresAt.toISOString()} (in ${days} days)` : ", does not expire"}`);
    if (days !== undefined && days < 7) input.out.warn(`The ingestion-bot JWT expires within 7 days: regenerate it in Settings > Bots > ingestion-bot and rerun.`);
    return bot.jwt;
  }
  // The sandbox plays the part of the user copying the ingestion-bot's token from OpenMetadata.
  return input.session && !serviceClientId ? await input.session.botToken() : undefined;
}

/**
 * Up to 1.2 (Okta ingestion, no ingestion-principals list): the OpenMetadata user named as the token's
 * `sub` resolves (next-steps.ts says the same for a run without credentials), with the Ingestion Bot role.
 */
async function ensurePrincipal(om: OmAdminSession, omInput: OmConfigInput, out: Output): Promise<{ name: string; action: string } | undefined> {
  const d = deriveOmConfig(omInput);
  if (d.ingestion !== "okta" || !omInput.serviceClientId || d.ingestionPrincipals) return undefined;
  const name = d.features.lowercasesPrincipal ? omInput.serviceClientId.toLowerCase() : omInput.serviceClientId;
  const { ensureServicePrincipal } = await import("../openmetadata/api/service-principal.js");
  const action = await ensureServicePrincipal(om.client, name, `${name.toLowerCase()}@${omInput.principalDomain}`);
  if (action === "noop") out.detail(`OpenMetadata user ${name} has the Ingestion Bot role (no change)`);
  else out.success(`${action === "create" ? "created" : "gave the Ingestion Bot role to"} OpenMetadata user ${name} (the service app's principal)`);
  return { name, action };
}

function omFeaturesOf(input: Pick<FinishInput, "omVersion">) {
  return omFeatures(input.omVersion.version);
}

function countActions(changes: ProvisionResult["changes"]): string {
  const count = (action: string): number => changes.filter((c) => c.action === action).length;
  const parts = [`${count("create")} created`, `${count("update")} updated`, `${count("adopt")} adopted`, `${count("noop")} unchanged`];
  return parts.join(", ");
}
