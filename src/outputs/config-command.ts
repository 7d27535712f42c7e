import { resolve } from "node:path";
import type { CliDeps } from "../deps.js";
import { ExitCode, UsageError } from "../errors.js";
import { compactPrivateJwk, readKeyFilesIfPresent } from "../keys/key-files.js";
import { ManifestWriter } from "../manifest/manifest-writer.js";
import { readManifest, signInClientId } from "../manifest/manifest.js";
import { readClientSecretFile } from "../init/client-secret-file.js";
import { loadOmBotJwt } from "../openmetadata/bot-jwt.js";
import { detectOmVersion } from "../openmetadata/detect-version.js";
import { nextSteps } from "../openmetadata/next-steps.js";
import { parseHelmChartVersion } from "../openmetadata/helm-chart.js";
import { DEPLOY_FILES, deriveOmConfig, type DeployFile, type OmConfigInput } from "../openmetadata/om-config-input.js";
import { isSandboxOrgUrl } from "../init/sandbox-session.js";
import { resolveOmVersion, settingsLiveInDatabase, type OmVersion } from "../openmetadata/om-version.js";
import { HOW_TO_GIVE_CREDENTIALS } from "../openmetadata/api/om-credentials.js";
import { firstBootNotes, type OmAdminSession } from "../init/om-security-step.js";
import type { Manifest } from "../manifest/manifest.js";
import { readTokenFromStdin } from "../options/stdin-token.js";
import { isInteractive } from "../options/interactivity.js";
import { Output } from "../output/output.js";
import { splitList } from "../options/sources.js";
import { envText } from "../options/empty-values.js";
import { createPrompter } from "../wizard/prompter.js";
import { writeOpenMetadataOutputs } from "./write-om-outputs.js";

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

function deployFiles(raw: string | undefined): DeployFile[] {
  if (!raw) return [...DEPLOY_FILES];
  const items = splitList(raw);
  if (items.length === 1 && items[0] === "none") return [];
  const bad = items.filter((i) => !DEPLOY_FILES.includes(i as DeployFile));
  if (bad.length) throw new UsageError(`--deploy-files: ${bad.join(", ")} ${bad.length > 1 ? "are" : "is"} not one of docker, bare-metal, helm, none.`);
  return items as DeployFile[];
}

/**
 * `okta-om-setup config`: rewrites the OpenMetadata files from the manifest and the local key, without
 * calling Okta (e.g. after upgrading OpenMetadata, or to merge into another connector YAML).
 */
export async function runConfigCommand(flags: Record<string, unknown>, deps: CliDeps): Promise<number> {
  const env = deps.env;
  // Set-but-blank env vars are refused like empty flags (commander's hook catches those).
  const fromEnv = (name: string): string | undefined => envText(env, name);
  const out = new Output(deps, { json: flags.json === true, debug: flags.debug === true });
  const outDir = resolve(deps.cwd, str(flags.outDir) ?? fromEnv("OKTA_OM_OUT_DIR") ?? "okta-om-setup");
  const manifest = await readManifest(outDir, { warn: (m) => out.warn(m) });
  const confidential = manifest.clientType === "confidential";
  const signInId = signInClientId(manifest);
  if (!manifest.issuer || !signInId) {
    throw new UsageError(`${outDir} has no completed setup (okta-om-setup.json lacks the issuer or the SPA client id).`, "Run `okta-om-setup init` first, or point --out-dir at the directory it wrote.");
  }
  const omUrl = (str(flags.omUrl) ?? fromEnv("OKTA_OM_OM_URL") ?? manifest.omUrl ?? "http://localhost:8585").replace(/\/+$/, "");
  // Chosen (flag, env, or chosen on an earlier run) > detected > what the files were last made for > 1.2.5.
  const chosenVersion = str(flags.omVersion) ?? fromEnv("OKTA_OM_OM_VERSION") ?? str(manifest.choices?.omVersion);
  const detected = chosenVersion ? undefined : await detectOmVersion(omUrl);
  const lastVersion = chosenVersion || detected?.version ? undefined : manifest.omVersion;
  // Nothing chosen, detected or generated before: exit 2 naming --om-version, except for a sandbox
  // setup, whose OpenMetadata stand-in is ours.
  const omVersion = resolveOmVersion({ flag: chosenVersion ?? lastVersion, detected, fallback: manifest.orgUrl !== undefined && isSandboxOrgUrl(manifest.orgUrl) });
  const chartFlag = str(flags.helmChartVersion) ?? fromEnv("OKTA_OM_HELM_CHART_VERSION");
  const chartChoice = chartFlag ?? str(manifest.choices?.helmChartVersion);
  const helmChart = chartChoice
    ? chartFlag
      ? parseHelmChartVersion(chartChoice)
      : parseHelmChartVersion(chartChoice, "helmChartVersion (remembered in okta-om-setup.json)", "remembered")
    : undefined;
  if (omVersion.note) out.warn(omVersion.note);
  else if (lastVersion) out.info(`OpenMetadata ${lastVersion}: not detected now, so the version the files were last made for.`);
  const botEmail = str(flags.botEmail) ?? fromEnv("OKTA_OM_BOT_EMAIL") ?? manifest.botEmail;
  if (!botEmail) throw new UsageError("--bot-email is required (the manifest does not record one).");
  const key = manifest.serviceClientId ? await readKeyFilesIfPresent(outDir) : undefined;
  if (manifest.serviceClientId && !key) {
    throw new UsageError(`The service app's private key is missing from ${outDir}.`, "Restore service-app.private.jwk.json, or rerun init with --key-file to register a new key.");
  }
  const principalDomain = str(flags.principalDomain) ?? fromEnv("OKTA_OM_PRINCIPAL_DOMAIN") ?? manifest.principalDomain ?? botEmail.split("@")[1] ?? "";
  const input: OmConfigInput = {
    omUrl,
    omVersion: omVersion.version,
    issuer: manifest.issuer,
    spaClientId: signInId,
    // Confidential: the web app's secret from its 0600 file (never from the manifest).
    ...(confidential ? { clientType: "confidential" as const, clientSecret: await readClientSecretFile(outDir) } : {}),
    // Registered for the OpenMetadata URL init was given; when --om-url moves it, callbackUrl moves
    // with it ({om}/callback) and the SPA learns it on the next init.
    redirectUris: manifest.redirectUris,
    serviceClientId: manifest.serviceClientId,
    privateKeyJwk: key ? compactPrivateJwk(key) : undefined,
    botEmail,
    adminPrincipals: str(flags.adminPrincipals) ?? fromEnv("OKTA_OM_ADMIN_PRINCIPALS") ? splitList(str(flags.adminPrincipals) ?? fromEnv("OKTA_OM_ADMIN_PRINCIPALS") ?? "") : (manifest.adminPrincipals ?? ["admin"]),
    principalDomain,
    hasDefaultScope: true,
    scope: manifest.scope ?? "openmetadata",
    omBotJwt: await loadOmBotJwt({ file: str(flags.omBotJwtFile) ?? fromEnv("OKTA_OM_BOT_JWT_FILE"), env }),
    deployFiles: deployFiles(str(flags.deployFiles) ?? fromEnv("OKTA_OM_DEPLOY_FILES") ?? manifest.deployFiles?.join(",")),
    helmChart,
  };
  // --apply: credentials checked and the lock-out guard run before any file is written.
  const om = flags.apply === true ? await startApply(flags, deps, { omUrl, version: omVersion.version, manifest, adminPrincipals: input.adminPrincipals }, out) : undefined;
  if (om && !input.omBotJwt) {
    const { botJwtForConfig } = await import("./config-apply.js");
    input.omBotJwt = await botJwtForConfig(om, input, out);
  }
  const interactive = isInteractive({ flag: undefined, env, stdinIsTTY: deps.stdin.isTTY, stdoutIsTTY: deps.stdout.isTTY }) && flags.json !== true;
  const prompter = interactive ? createPrompter(deps) : undefined;
  const result = await writeOpenMetadataOutputs(
    {
      outDir,
      input,
      manifest,
      yes: flags.yes === true,
      confirm: prompter ? (message) => prompter.confirm({ field: "overwrite", message, default: false }) : undefined,
      mergeInto: str(flags.mergeInto) ? resolve(deps.cwd, str(flags.mergeInto)!) : undefined,
    },
    out,
  );
  const writer = new ManifestWriter(outDir, manifest);
  // What was given here becomes the setup's choice, so the next init or config keeps it.
  const explicit: Record<string, unknown> = {};
  const given = (key: string, raw: string | undefined, value: unknown = raw): void => {
    if (raw !== undefined) explicit[key] = value;
  };
  given("omUrl", str(flags.omUrl) ?? fromEnv("OKTA_OM_OM_URL"), omUrl);
  given("omVersion", str(flags.omVersion) ?? fromEnv("OKTA_OM_OM_VERSION"), omVersion.version.raw);
  given("botEmail", str(flags.botEmail) ?? fromEnv("OKTA_OM_BOT_EMAIL"));
  given("adminPrincipals", str(flags.adminPrincipals) ?? fromEnv("OKTA_OM_ADMIN_PRINCIPALS"), input.adminPrincipals);
  given("principalDomain", str(flags.principalDomain) ?? fromEnv("OKTA_OM_PRINCIPAL_DOMAIN"));
  given("deployFiles", str(flags.deployFiles) ?? fromEnv("OKTA_OM_DEPLOY_FILES"), input.deployFiles);
  given("helmChartVersion", chartFlag, helmChart?.version);
  await writer.update({
    files: result.hashes,
    omVersion: omVersion.version.raw,
    omUrl,
    botEmail,
    adminPrincipals: input.adminPrincipals,
    principalDomain,
    deployFiles: input.deployFiles,
    choices: { ...manifest.choices, ...explicit },
  });
  await writer.flush();
  for (const file of result.files) {
    if (file.action === "unchanged") out.detail(`unchanged ${file.path}`);
    else out.success(`${file.action === "create" ? "wrote" : "updated"} ${file.path}${file.secret ? " (0600)" : ""}`);
  }
  if (result.merged) out.success(`merged into ${result.merged.file}${result.merged.backup ? ` (backup: ${result.merged.backup})` : " (already up to date)"}`);
  const callback = callbackMove(input, manifest.redirectUris);
  const notes = [...result.notes, ...(callback ? [callback] : [])];
  for (const note of notes) out.warn(note);
  const security = om ? await (await import("./config-apply.js")).applyConfigSecurity(om, input, out) : undefined;
  if (!om && settingsLiveInDatabase(omVersion.version)) {
    // 1.10+ without --apply: the files only seed a fresh install.
    for (const note of firstBootNotes(omUrl, `okta-om-setup config --apply; ${HOW_TO_GIVE_CREDENTIALS}`)) out.warn(note);
  }
  if (omVersion.note) notes.unshift(omVersion.note);
  if (flags.json === true) {
    out.data({ ok: true, outDir, omVersion: omVersion.version.raw, helmChartVersion: deriveOmConfig(input).helmChart.version, callbackUrl: deriveOmConfig(input).callbackUrl, files: result.files, merged: result.merged ?? null, notes, ...(om ? { openMetadata: { ...(security ? { securityConfig: security } : {}), requests: om.client.stats.requests, writes: om.client.stats.writes } } : {}) });
  } else {
    out.info("");
    out.info(out.style.bold("Next steps:"));
    for (const line of nextSteps(input, outDir, result.generated, { securitySettings: security !== undefined })) out.info(`  ${line}`);
  }
  return ExitCode.ok;
}

/** --apply's connection: the token by stdin or env, or --om-admin-email with the password env. */
async function startApply(flags: Record<string, unknown>, deps: CliDeps, given: { omUrl: string; version: OmVersion; manifest: Manifest; adminPrincipals: string[] }, out: Output): Promise<OmAdminSession> {
  const stdinToken = flags.omAdminTokenStdin === true ? await readTokenFromStdin(deps.stdin, { timeoutMs: 10_000, flag: "--om-admin-token-stdin" }) : undefined;
  const { prepareConfigApply } = await import("./config-apply.js");
  return prepareConfigApply({ ...given, adminEmail: str(flags.omAdminEmail) ?? str(deps.env.OKTA_OM_OPENMETADATA_ADMIN_EMAIL), stdinToken, env: deps.env, yes: flags.yes === true, out });
}

/**
 * When the OpenMetadata URL moved, the server's callbackUrl moved with it, but the SPA in Okta still
 * lists the old redirect URIs until init runs: say so, with the command.
 */
function callbackMove(input: OmConfigInput, registered: string[] | undefined): string | undefined {
  const callbackUrl = deriveOmConfig(input).callbackUrl;
  if (registered === undefined || registered.includes(callbackUrl)) return undefined;
  return (
    `callbackUrl is now ${callbackUrl}, which the Okta SPA does not list as a sign-in redirect URI yet: its redirect URIs change only ` +
    `when init runs. Run: okta-om-setup init --om-url ${input.omUrl} (with your Okta credentials), or sign-in will fail with a redirect_uri error.`
  );
}
