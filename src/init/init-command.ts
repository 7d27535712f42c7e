import type { CliDeps } from "../deps.js";
import { ExitCode, InternalError, MissingInputError, UsageError, type MissingInput } from "../errors.js";
import { startNewKeyEarly } from "./resources/service-key.js";
import { withPicks } from "./with-picks.js";
import type { OktaOutcome } from "./finish-init.js";
import type { RenderedAhead } from "./render-ahead.js";
import { readManifest } from "../manifest/manifest.js";
import { Output } from "../output/output.js";
import { isInteractive } from "../options/interactivity.js";
import { finalizeInitOptions, REMEMBERED_SOURCE, resolveInitOptions, type InitOptions, type ResolvedInit } from "../options/init-options.js";
import { readTokenFromStdin } from "../options/stdin-token.js";
import { detectOmVersion, type DetectedOmVersion } from "../openmetadata/detect-version.js";
import { confidentialVersionProblem, resolveOmVersion, serviceAppDecision, settingsLiveInDatabase } from "../openmetadata/om-version.js";
import { checkChartServes, parseHelmChartVersion } from "../openmetadata/helm-chart.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { OktaCredentials } from "../okta/transport.js";
import type { Secret } from "../secret.js";
import { buildCredentials } from "./credentials.js";
import { isSandboxOrgUrl, startSandboxSession, type SandboxSession } from "./sandbox-session.js";
import { provisionOkta } from "./run-init.js";
import { readOrg, type OrgSnapshot } from "./read-org.js";
import type { ProvisionSettings } from "./provision-settings.js";
import { preflightOutputs } from "../outputs/preflight-outputs.js";
import { lockOutDir } from "../fs/out-dir-lock.js";
import { toProvisionSettings } from "./settings-from-options.js";
import { createOktaApi } from "./okta-session.js";
import { createPrompter, type Prompter } from "../wizard/prompter.js";
import type { Manifest } from "../manifest/manifest.js";
import type { Change } from "./plan-types.js";

/**
 * The seed's service-app ingestion gets its token from a custom authorization server (custom scope,
 * access policy), which the org authorization server cannot mint (REAL-ORG.md: "Features and plans").
 */
function orgServerNeedsNoServiceApp(omVersion: string, forced: boolean): UsageError {
  const why = forced
    ? "--service-app asks for the ingestion service app, but"
    : `OpenMetadata ${omVersion} ingests with Okta tokens (private_key_jwt) from a custom authorization server, and`;
  return new UsageError(
    `--auth-server org cannot serve ingestion: ${why} the org authorization server takes no custom scopes or access policies. Nothing was changed.`,
    forced
      ? "Drop --service-app (ingestion then uses OpenMetadata's ingestion-bot JWT)."
      : "Add --no-service-app (ingestion then uses OpenMetadata's ingestion-bot JWT), or upgrade to OpenMetadata 1.3+ (no Okta ingestion), or enable API Access Management in Okta and drop --auth-server org.",
  );
}

/** Flags → options (wizard fills gaps when interactive) → Okta → OpenMetadata files → doctor. */
export async function runInitCommand(flags: Record<string, unknown>, deps: CliDeps): Promise<number> {
  const out = new Output(deps, { json: flags.json === true, debug: flags.debug === true });
  if (flags.apiTokenStdin === true && flags.omAdminTokenStdin === true) {
    throw new UsageError("--api-token-stdin and --om-admin-token-stdin both read stdin; only one token can be piped.", "Pipe one of them and give the other by env: OKTA_OM_API_TOKEN or OKTA_OM_OPENMETADATA_TOKEN.");
  }
  const stdinToken = flags.apiTokenStdin === true ? await readTokenFromStdin(deps.stdin, { timeoutMs: 10_000 }) : undefined;
  const omStdinToken = flags.omAdminTokenStdin === true ? await readTokenFromStdin(deps.stdin, { timeoutMs: 10_000, flag: "--om-admin-token-stdin" }) : undefined;
  let resolved = await resolveInitOptions({ flags, env: deps.env, cwd: deps.cwd, stdinToken });
  // A rerun starts from the choices the last run made in this out-dir (flags, env and config still win).
  // The remembered choices and the sandbox check share one read; the run reads again under its lock.
  const manifests = new Map<string, Promise<Manifest>>();
  const manifestAt = (dir: string): Promise<Manifest> => {
    if (!manifests.has(dir)) manifests.set(dir, readManifest(dir, { warn: (m) => out.warn(m) }));
    return manifests.get(dir)!;
  };
  const remembered = (await manifestAt(resolved.options.outDir ?? deps.cwd)).choices;
  if (remembered) resolved = await resolveInitOptions({ flags, env: deps.env, cwd: deps.cwd, stdinToken, remembered });
  for (const note of resolved.notes ?? []) out.warn(note);
  // `init --sandbox` is the one-command demo: it asks nothing unless --interactive says so.
  const interactive = isInteractive({
    flag: resolved.options.interactive ?? (resolved.options.sandbox ? false : undefined),
    env: deps.env,
    stdinIsTTY: deps.stdin.isTTY,
    stdoutIsTTY: deps.stdout.isTTY,
  });
  // Tests pass a FakePrompter; with --json the prompts draw on stderr so stdout stays one JSON document.
  const prompter: Prompter | undefined = interactive
    ? ((deps.prompter as Prompter | undefined) ?? createPrompter({ stdin: deps.stdin, stdout: resolved.options.json ? deps.stderr : deps.stdout }))
    : undefined;

  let session: SandboxSession | undefined;
  try {
    if (resolved.options.sandbox) {
      const outDir = resolved.options.outDir ?? deps.cwd;
      const existing = await manifestAt(outDir);
      if (existing.orgUrl && !isSandboxOrgUrl(existing.orgUrl)) {
        throw new UsageError(
          `${outDir} holds the setup of ${existing.orgUrl}; --sandbox would replace it with a throwaway org.`,
          "Give the sandbox its own directory: okta-om-setup init --sandbox --out-dir ./okta-om-setup-sandbox",
        );
      }
      session = await startSandboxSession(outDir, existing);
      out.step(`Sandbox org running at ${session.orgUrl} (in-process; its state is kept in ${outDir})`);
      // The sandbox's OpenMetadata stand-in is the default target, unless the user named a server.
      if (resolved.sources.omUrl?.startsWith("default")) {
        resolved = await resolveInitOptions({ flags: { ...flags, omUrl: session.openMetadataUrl }, env: deps.env, cwd: deps.cwd, stdinToken, remembered });
        // Still a default: the wizard offers it (Enter accepts) and the CI command leaves it to --sandbox.
        resolved.sources.omUrl = "default (--sandbox: its OpenMetadata stand-in)";
      }
    }
    let picks: Partial<Manifest> = {};
    let omTypedToken: Secret | undefined;
    if (prompter) {
      const { runInitWizard } = await import("../wizard/init-wizard.js");
      ({ resolved, facts: { picks, omAdminToken: omTypedToken } } = await runInitWizard(resolved, { prompter, out, deps, session, omStdinToken }));
    }
    // Headless without --om-version: read it from the server, so a failure is listed with the other
    // missing inputs (exit 2) before anything happens in Okta. The sandbox's stand-in always
    // answers; the wizard has asked already.
    const omUrl = resolved.options.omUrl;
    const detect = !prompter && !resolved.options.omVersion && !resolved.options.sandbox && omUrl ? once(() => detectOmVersion(omUrl, { timeoutMs: 2000 })) : undefined;
    let options: InitOptions;
    try {
      options = finalizeInitOptions(resolved);
    } catch (err) {
      const detected = await detect?.();
      if (err instanceof MissingInputError && detected && !detected.version) throw new MissingInputError([...err.missing, missingOmVersion(detected.error)]);
      throw err;
    }
    // Where safe the request goes out with the org's reads (runInitLocked: speculativeReads);
    // otherwise now, while the local work (out-dir lock, manifest, files' pre-flight) goes on.
    if (!isSpeculationSafe(options, await manifestAt(options.outDir), options.orgUrl, { session, prompter })) void detect?.();
    return await runInit(options, resolved, { deps, out, session, prompter, picks, detect, omStdinToken, omTypedToken });
  } finally {
    await session?.close();
  }
}

interface InitRuntime {
  deps: CliDeps;
  out: Output;
  session?: SandboxSession;
  prompter?: Prompter;
  /** Ids the wizard's user picked among same-named objects, laid over the manifest. */
  picks?: Partial<Manifest>;
  /** Headless without --om-version: the version request (made once; it never rejects), maybe already sent. */
  detect?: () => Promise<DetectedOmVersion>;
  /** The OpenMetadata admin token piped to --om-admin-token-stdin. */
  omStdinToken?: Secret;
  /** The OpenMetadata admin token the wizard asked for (masked) and checked live. */
  omTypedToken?: Secret;
}

/** --om-version as a missing input, with why it could not be read (resolveOmVersion's wording). */
function missingOmVersion(error: string | undefined): MissingInput {
  try {
    resolveOmVersion({ detected: { error } });
  } catch (err) {
    if (err instanceof MissingInputError && err.missing[0]) return err.missing[0];
    throw err;
  }
  throw new InternalError("resolveOmVersion accepted an unknown version");
}

async function runInit(options: InitOptions, resolved: ResolvedInit, rt: InitRuntime): Promise<number> {
  // --plan only reads; a real run holds the out-dir for itself.
  const release = options.plan ? undefined : await lockOutDir(options.outDir);
  try {
    return await runInitLocked(options, resolved, rt);
  } finally {
    await release?.();
  }
}

/**
 * The org's reads and, when the admin defaults need it, the Okta admin's user: one round of
 * requests instead of two (GET /users/me used to wait for the Okta side to finish). start() is
 * idempotent: provisionOkta calls it once it has checked --key-file/--kid (bad input must fail
 * before any request), and runInitLocked calls it sooner when there is nothing left to check.
 */
function orgReads(api: OktaApi, userApi: OktaApi | undefined, settings: ProvisionSettings, manifest: Manifest, resolved: ResolvedInit, speculative?: SpeculativeReads) {
  let started: OrgReads | undefined;
  return {
    start() {
      if (speculative) {
        // Made with the service app's reads whatever the version: dropped when it is not wanted,
        // so the snapshot is what readOrg(api, settings, manifest) would have returned.
        started ??= { org: speculative.org.then((s) => (settings.serviceApp ? s : { ...s, service: undefined, grants: undefined, adminRoles: undefined })), adminLogin: speculative.adminLogin };
      }
      if (!started) {
        started = { org: readOrg(api, settings, manifest), adminLogin: needsAdminDefaults(resolved) ? readAdminLogin(userApi) : undefined };
        // Awaited later (provisionOkta, adminDefaults); until then a failure must not count as unhandled.
        started.org.catch(() => undefined);
      }
      return started;
    },
    get adminLogin() {
      return started?.adminLogin;
    },
  };
}

/** `fn` called at most once: every call returns the first call's promise. */
function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= fn());
}

interface OrgReads {
  org: Promise<OrgSnapshot>;
  /** readAdminLogin, when the admin defaults need it. */
  adminLogin?: Promise<string | undefined>;
}

interface SpeculativeReads extends OrgReads {
  api: OktaApi;
}

/**
 * A headless run with nothing left to check offline before a request (no --key-file or --kid), in a
 * fresh out-dir or one already set up for this org: its reads (GETs only) may go out with the
 * version request instead of after it. Should the version then prove unreadable, the run stops with
 * exit 2 having changed nothing: the version is not input that can be checked offline, so waiting
 * for it would only cost every run a round trip.
 */
function isSpeculationSafe(options: InitOptions, manifest: Manifest, orgUrl: string | undefined, rt: Pick<InitRuntime, "session" | "prompter">): boolean {
  return !rt.session && !rt.prompter && !options.keyFile && !options.kid && orgUrl !== undefined && (manifest.orgUrl === undefined || manifest.orgUrl === orgUrl);
}

/**
 * The org's reads (and the Okta admin's user) in the same round as the OpenMetadata version
 * request, so that a rerun takes one round trip, not two. The version decides whether the service
 * app is wanted, so its reads are made either way; orgReads drops them when it is not. If the
 * version then cannot be read, the run stops with exit 2 after these GETs: nothing was changed.
 */
function speculativeReads(api: OktaApi, credentials: OktaCredentials, options: InitOptions, orgUrl: string, manifest: Manifest, resolved: ResolvedInit): SpeculativeReads {
  const org = readOrg(api, toProvisionSettings(options, orgUrl, true), manifest);
  // Awaited by provisionOkta; until then a failure must not count as an unhandled rejection.
  org.catch(() => undefined);
  return { api, org, adminLogin: needsAdminDefaults(resolved) ? readAdminLogin(userApiOf(api, credentials)) : undefined };
}

async function runInitLocked(initial: InitOptions, initialResolved: ResolvedInit, rt: InitRuntime): Promise<number> {
  let options = initial;
  let resolved = initialResolved;
  const { out, session } = rt;
  const outDir = options.outDir;
  // Read again under the out-dir lock: another run may have changed it since the options were resolved.
  const manifest = await readManifest(outDir);
  const orgUrl = session?.orgUrl ?? options.orgUrl;
  if (!orgUrl) throw new UsageError("--org-url is required.");
  if (!session && manifest.orgUrl && manifest.orgUrl !== orgUrl) {
    throw new UsageError(
      `${outDir} holds the setup of another org (${manifest.orgUrl}), not ${orgUrl}.`,
      "Use a separate --out-dir per org, so ids and keys never mix.",
    );
  }
  // Sandbox runs start from the sandbox's own saved org; a manifest from another org is ignored.
  const knownManifest = session && manifest.orgUrl !== orgUrl ? { schemaVersion: 1 as const, files: manifest.files } : manifest;

  const overwriteApproved = await preflightOutputs(
    { outDir, manifest, deployFiles: options.deployFiles, mergeInto: options.mergeInto, yes: options.yes, plan: options.plan, confirm: rt.prompter ? (message) => rt.prompter!.confirm({ field: "overwriteEdited", message, default: false }) : undefined },
    out,
  );
  // A headless run's reads go out with the version request (speculativeReads); only writes wait
  // for the version (an unreadable one is bad input: exit 2 after GETs only).
  const rerun = rt.detect !== undefined && isSpeculationSafe(options, manifest, orgUrl, rt);
  const early = rerun || !rt.detect ? buildCredentials(options, orgUrl, session, out, rt.deps.env) : undefined;
  // Awaited below, after the version; until then a failure must not count as an unhandled rejection.
  early?.catch(() => undefined);
  const speculative = rerun ? speculativeReads(createOktaApi(orgUrl, await early!, options, out, rt.deps.env), await early!, options, orgUrl, knownManifest, resolved) : undefined;
  // Loaded while this run waits for its first answers (not before the requests go out, not after the
  // answers): a rerun's one round is then all it waits for; the OpenMetadata renderers and yaml take
  // tens of ms to load.
  const finishModule = import("./finish-init.js");
  const omSecurityModule = import("./om-security-step.js");
  // Awaited below; a run that stops before then must not leave an unhandled rejection.
  finishModule.catch(() => undefined);
  omSecurityModule.catch(() => undefined);
  const detecting = options.omVersion ? undefined : (rt.detect?.() ?? detectOmVersion(options.omUrl, { timeoutMs: 2000 }));
  // Started once the first requests are on their way, so that generating it (on the thread pool)
  // overlaps the wait for their answers rather than the loading that comes before them.
  const earlyKey = startNewKeyEarly(outDir, options);
  const detected = await detecting;
  if (rt.detect && !detected?.version) throw new MissingInputError([missingOmVersion(detected?.error)]);
  const credentials = await (early ?? buildCredentials(options, orgUrl, session, out, rt.deps.env));
  // Only an explicit version (flag, env, config, wizard, or remembered from one of those) skips detection;
  // only the sandbox, whose stand-in is ours, may fall back to a default.
  const omVersion = resolveOmVersion({ flag: options.omVersion, detected, fallback: session !== undefined });
  const versionSource = resolved.sources.omVersion;
  if (options.clientType === "confidential") {
    // A detected (or defaulted) version is only known here; nothing has been written yet.
    const problem = confidentialVersionProblem(omVersion.version);
    if (problem) throw new UsageError(`--client-type confidential: ${problem}.`, "Pass --om-version with your server's version (1.3.2 or later), or drop --client-type confidential.");
  }
  if (omVersion.note) out.warn(omVersion.note);
  else out.step(`OpenMetadata ${omVersion.version.raw} (${omVersion.source !== "flag" ? "detected" : versionSource === "wizard" ? "answered" : versionSource === REMEMBERED_SOURCE ? "chosen on an earlier run" : "given"})`);
  // A chart too old for the version is bad input: refused before anything happens in Okta.
  if (options.helmChartVersion) {
    const chartSource = resolved.sources.helmChartVersion === REMEMBERED_SOURCE ? "remembered" : "flag";
    checkChartServes(parseHelmChartVersion(options.helmChartVersion, "--helm-chart-version", chartSource), omVersion.version);
  }
  const serviceApp = serviceAppDecision(omVersion.version, options.serviceApp);
  if (options.authServer === "org" && serviceApp.create) throw orgServerNeedsNoServiceApp(omVersion.version.raw, options.serviceApp === true);
  if (!serviceApp.create || omVersion.version.major > 1 || (omVersion.version.major === 1 && omVersion.version.minor >= 3)) out.info(`  ${serviceApp.reason}`);

  const api = speculative?.api ?? createOktaApi(orgUrl, credentials, options, out, rt.deps.env);
  // A client-credentials (OAuth for Okta) token has no user behind it: /users/me is not asked
  // (REAL-ORG.md, "/api/v1/users/me"), and the admin default falls back to the bot's domain.
  const userApi = userApiOf(api, credentials);
  // Headless (no wizard) without --key-file or --kid the settings are final and nothing is left to
  // check before a request: the org's reads go out now, in the same round as the OpenMetadata
  // side's requests below. (The wizard's picks come with a prompter.)
  const headlessReads = !rt.prompter && !options.keyFile && !options.kid ? orgReads(api, userApi, toProvisionSettings(options, orgUrl, serviceApp.create), knownManifest, resolved, speculative) : undefined;
  headlessReads?.start();
  // The 1.10+ lock-out guard needs the real admin principals, so their default (the Okta admin
  // running init) is read first there; elsewhere only after the Okta side (see below).
  if (settingsLiveInDatabase(omVersion.version) && !options.plan) ({ options, resolved } = await adminDefaults(userApi, options, resolved, out, headlessReads?.adminLogin));
  // OpenMetadata admin credentials are checked, the stored settings read (the wizard's plan shows
  // their change) and the lock-out guard run, all before any Okta write.
  const { prepareOpenMetadata } = await omSecurityModule;
  const access = toProvisionSettings(options, orgUrl, serviceApp.create).access;
  const omAdmin = await prepareOpenMetadata({ options, version: omVersion.version, api, access, serviceApp: serviceApp.create, out, env: rt.deps.env, stdinToken: rt.omStdinToken, typedToken: rt.omTypedToken, session });
  let runManifest = knownManifest;
  let confirmedPlan: Change[] | undefined;
  if (rt.prompter && !options.plan) {
    // Interactive: plan, settle existing objects, show the plan and ask before the first write.
    const { reviewPlan } = await import("../wizard/confirm-plan.js");
    const reviewed = await reviewPlan(
      { resolved, picks: rt.picks ?? {}, manifest: knownManifest, api, orgUrl, omVersion: omVersion.version, serviceApp: serviceApp.create, omSecurity: omAdmin?.current },
      { prompter: rt.prompter, out, deps: rt.deps, session },
    );
    ({ options, resolved } = reviewed);
    runManifest = reviewed.manifest;
    confirmedPlan = reviewed.changes;
  } else if (rt.picks) {
    runManifest = withPicks(knownManifest, rt.picks);
  }
  const settings = toProvisionSettings(options, orgUrl, serviceApp.create);
  const reads = headlessReads ?? orgReads(api, userApi, settings, runManifest, resolved, speculative);
  const confirm = rt.prompter ? (question: string) => rt.prompter!.confirm({ field: "confirm", message: question, default: false }) : undefined;
  const started = Date.now();
  out.step(options.plan ? `Planning against ${orgUrl}` : `Setting up ${orgUrl}`);
  const finishBase = { omVersion, settings, outDir, orgUrl, api, session, out, deps: rt.deps, confirm, started, overwriteApproved, omAdmin };
  // The OpenMetadata files are rendered while the policy and rule are written (render-ahead.ts);
  // not where making their input calls out (the sandbox's bot token, OpenMetadata's API, the
  // confidential app's discovery), so that nothing is done twice.
  let renderedAhead: Promise<RenderedAhead | undefined> | undefined;
  // options and resolved are reassigned below (admin defaults): the callback takes them as they are now.
  const aheadOptions = options;
  const aheadResolved = resolved;
  const onOutputsKnown =
    options.plan || session || omAdmin || options.clientType === "confidential"
      ? undefined
      : (okta: OktaOutcome): void => {
          renderedAhead = (async () => {
            const [{ omInputFor, renderAhead }, login] = await Promise.all([finishModule, reads.adminLogin]);
            const chosen = withAdminLogin(aheadOptions, aheadResolved, login) ?? { options: aheadOptions, resolved: aheadResolved };
            return renderAhead(await omInputFor({ ...finishBase, ...chosen }, okta));
          })().catch(() => undefined);
        };
  const provision = await provisionOkta(
    api,
    { settings, outDir, manifest: runManifest, keyFile: options.keyFile, kid: options.kid, earlyKey, plan: options.plan, yes: options.yes, confirm, confirmedPlan, read: () => reads.start().org, onOutputsKnown },
    out,
  );
  const { finishInit } = await finishModule;
  // Used after the Okta side, but read with the org (orgReads): after the key file's check, in one round.
  ({ options, resolved } = await adminDefaults(userApi, options, resolved, out, reads.adminLogin));
  const code = await finishInit({ ...finishBase, options, resolved, provision, renderedAhead });
  if (!rt.prompter || code !== ExitCode.ok || options.plan || options.doctor || options.json) return code;
  const { offerDoctor } = await import("../wizard/offer-doctor.js");
  return (await offerDoctor({ options, resolved, orgUrl, prompter: rt.prompter, out, deps: rt.deps })) ?? code;
}


function isDomainDefault(resolved: ResolvedInit): boolean {
  return resolved.sources.principalDomain === undefined || resolved.sources.principalDomain.startsWith("default (the bot");
}

/** True when the admin principals or their domain still wait for a default from the Okta admin. */
function needsAdminDefaults(resolved: ResolvedInit): boolean {
  return resolved.sources.adminPrincipals === "default" || isDomainDefault(resolved);
}

/** The API to ask for the admin's user: none for a client-credentials token, which has no user. */
function userApiOf(api: OktaApi, credentials: OktaCredentials): OktaApi | undefined {
  return credentials.kind === "oauth" ? undefined : api;
}

/** The login of the Okta admin behind the credentials, lower-cased; undefined when it cannot be read. */
async function readAdminLogin(api: OktaApi | undefined): Promise<string | undefined> {
  if (!api) return undefined;
  return (await api.getCurrentUser().catch(() => undefined))?.profile?.login?.trim().toLowerCase();
}

/**
 * Source label of the admin defaults taken from the Okta admin running init. Not a "default (...)"
 * label on purpose: the choice is remembered and repeated, so a rerun by another admin keeps it.
 */
export const OKTA_ADMIN_SOURCE = "the Okta admin running init (GET /api/v1/users/me)";

/**
 * OpenMetadata's own default admin "admin" makes nobody an admin unless someone's email starts with
 * admin@. Unless given, the admin is the Okta admin running init (GET /api/v1/users/me: the login's
 * name part) and the principal domain that login's domain; the bot email's domain stays the fallback
 * when the credentials cannot read the user (e.g. OAuth for Okta without okta.users.read).
 */
async function adminDefaults(api: OktaApi | undefined, options: InitOptions, resolved: ResolvedInit, out: Output, loginRead?: Promise<string | undefined>): Promise<{ options: InitOptions; resolved: ResolvedInit }> {
  if (!needsAdminDefaults(resolved)) return { options, resolved };
  const login = await (loginRead ?? readAdminLogin(api));
  const next = withAdminLogin(options, resolved, login);
  if (!next) {
    if (resolved.sources.adminPrincipals === "default") out.warn(`No admin given and the Okta user behind the credentials could not be read: OpenMetadata's admin is "admin", which matches only admin@${options.principalDomain}. Pass --admin-principals.`);
    return { options, resolved };
  }
  const chosen = next.options;
  out.info(`  OpenMetadata admin: ${chosen.adminPrincipals.map((a) => `${a}@${chosen.principalDomain}`).join(", ")} (${resolved.sources.adminPrincipals === "default" ? "you, the Okta admin running init" : "given"}; --admin-principals to change)`);
  return next;
}

/** adminDefaults' choice without a word said: undefined when the login gives none (or none is needed). */
function withAdminLogin(options: InitOptions, resolved: ResolvedInit, login: string | undefined): { options: InitOptions; resolved: ResolvedInit } | undefined {
  if (!needsAdminDefaults(resolved)) return undefined;
  const adminDefault = resolved.sources.adminPrincipals === "default";
  const domainDefault = isDomainDefault(resolved);
  const at = login?.lastIndexOf("@") ?? -1;
  if (!login || at <= 0) return undefined;
  const next = { ...options };
  const sources = { ...resolved.sources };
  if (adminDefault) {
    next.adminPrincipals = [login.slice(0, at)];
    sources.adminPrincipals = OKTA_ADMIN_SOURCE;
  }
  if (domainDefault) {
    next.principalDomain = login.slice(at + 1);
    sources.principalDomain = OKTA_ADMIN_SOURCE;
  }
  return { options: next, resolved: { ...resolved, options: next, sources } };
}
