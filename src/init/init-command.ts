import type { CliDeps } from "../deps.js";
import { ExitCode, UsageError } from "../errors.js";
import { readManifest } from "../manifest/manifest.js";
import { Output } from "../output/output.js";
import { isInteractive } from "../options/interactivity.js";
import { finalizeInitOptions, REMEMBERED_SOURCE, resolveInitOptions, type InitOptions, type ResolvedInit } from "../options/init-options.js";
import { readTokenFromStdin } from "../options/stdin-token.js";
import { detectOmVersion } from "../openmetadata/detect-version.js";
import { confidentialVersionProblem, resolveOmVersion, serviceAppDecision } from "../openmetadata/om-version.js";
import { buildCredentials } from "./credentials.js";
import { isSandboxOrgUrl, startSandboxSession, type SandboxSession } from "./sandbox-session.js";
import { provisionOkta } from "./run-init.js";
import { preflightOutputs } from "../outputs/preflight-outputs.js";
import { lockOutDir } from "../fs/out-dir-lock.js";
import { toProvisionSettings } from "./settings-from-options.js";
import { createOktaApi } from "./okta-session.js";
import { createPrompter, type Prompter } from "../wizard/prompter.js";
import type { Manifest } from "../manifest/manifest.js";
import type { Change } from "./plan-types.js";

/** Flags → options (wizard fills gaps when interactive) → Okta → OpenMetadata files → doctor. */
export async function runInitCommand(flags: Record<string, unknown>, deps: CliDeps): Promise<number> {
  const out = new Output(deps, { json: flags.json === true, debug: flags.debug === true });
  const stdinToken = flags.apiTokenStdin === true ? await readTokenFromStdin(deps.stdin, { timeoutMs: 10_000 }) : undefined;
  let resolved = await resolveInitOptions({ flags, env: deps.env, cwd: deps.cwd, stdinToken });
  // A rerun starts from the choices the last run made in this out-dir (flags, env and config still win).
  // The remembered choices and the sandbox check share one read; the run reads again under its lock.
  const manifests = new Map<string, Promise<Manifest>>();
  const manifestAt = (dir: string): Promise<Manifest> => {
    if (!manifests.has(dir)) manifests.set(dir, readManifest(dir));
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
    if (prompter) {
      const { runInitWizard } = await import("../wizard/init-wizard.js");
      ({ resolved, facts: { picks } } = await runInitWizard(resolved, { prompter, out, deps, session }));
    }
    const options = finalizeInitOptions(resolved);
    return await runInit(options, resolved, { deps, out, session, prompter, picks });
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
  const versionPromise = options.omVersion
    ? Promise.resolve(undefined)
    : detectOmVersion(options.omUrl, { timeoutMs: 2000 });
  const [credentials, detected] = await Promise.all([buildCredentials(options, orgUrl, session, out, rt.deps.env), versionPromise]);
  // Only an explicit version (flag, env, config, wizard, or remembered from one of those) skips detection.
  const omVersion = resolveOmVersion({ flag: options.omVersion, detected });
  const versionSource = resolved.sources.omVersion;
  if (options.clientType === "confidential") {
    // A detected (or defaulted) version is only known here; nothing has been written yet.
    const problem = confidentialVersionProblem(omVersion.version);
    if (problem) throw new UsageError(`--client-type confidential: ${problem}.`, "Pass --om-version with your server's version (1.3.2 or later), or drop --client-type confidential.");
  }
  if (omVersion.note) out.warn(omVersion.note);
  else out.step(`OpenMetadata ${omVersion.version.raw} (${omVersion.source !== "flag" ? "detected" : versionSource === "wizard" ? "answered" : versionSource === REMEMBERED_SOURCE ? "chosen on an earlier run" : "given"})`);
  const serviceApp = serviceAppDecision(omVersion.version, options.serviceApp);
  if (!serviceApp.create || omVersion.version.major > 1 || (omVersion.version.major === 1 && omVersion.version.minor >= 3)) out.info(`  ${serviceApp.reason}`);

  const api = createOktaApi(orgUrl, credentials, options, out, rt.deps.env);
  let runManifest = knownManifest;
  let confirmedPlan: Change[] | undefined;
  if (rt.prompter && !options.plan) {
    // Interactive: plan, settle existing objects, show the plan and ask before the first write.
    const { reviewPlan } = await import("../wizard/confirm-plan.js");
    const reviewed = await reviewPlan(
      { resolved, picks: rt.picks ?? {}, manifest: knownManifest, api, orgUrl, omVersion: omVersion.version, serviceApp: serviceApp.create },
      { prompter: rt.prompter, out, deps: rt.deps, session },
    );
    ({ options, resolved } = reviewed);
    runManifest = reviewed.manifest;
    confirmedPlan = reviewed.changes;
  } else if (rt.picks) {
    const { withPicks } = await import("../wizard/confirm-plan.js");
    runManifest = withPicks(knownManifest, rt.picks);
  }
  const settings = toProvisionSettings(options, orgUrl, serviceApp.create);
  const confirm = rt.prompter ? (question: string) => rt.prompter!.confirm({ field: "confirm", message: question, default: false }) : undefined;
  const started = Date.now();
  out.step(options.plan ? `Planning against ${orgUrl}` : `Setting up ${orgUrl}`);
  // Loaded while the Okta reads are in flight: it pulls in the OpenMetadata renderers and yaml.
  const finishModule = import("./finish-init.js");
  const provision = await provisionOkta(
    api,
    { settings, outDir, manifest: runManifest, keyFile: options.keyFile, kid: options.kid, plan: options.plan, yes: options.yes, confirm, confirmedPlan },
    out,
  );
  const { finishInit } = await finishModule;
  const code = await finishInit({ options, resolved, provision, omVersion, settings, outDir, orgUrl, api, session, out, deps: rt.deps, confirm, started, overwriteApproved });
  if (!rt.prompter || code !== ExitCode.ok || options.plan || options.doctor || options.json) return code;
  const { offerDoctor } = await import("../wizard/offer-doctor.js");
  return (await offerDoctor({ options, resolved, orgUrl, prompter: rt.prompter, out, deps: rt.deps })) ?? code;
}

