import { rm } from "node:fs/promises";
import { join } from "node:path";
import { CliError, ExitCode, UsageError } from "../errors.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { activeKeys, mergeServiceApp } from "../init/resources/service-app.js";
import { compactPrivateJwk, readKeyFilesIfPresent, writeKeyFiles } from "../keys/key-files.js";
import { generateServiceKeyPair, loadServiceKeyPair, publicJwkEquals, type ServiceKeyPair } from "../keys/key-pair.js";
import { handEdited, isOktaId } from "../manifest/hand-edited.js";
import { PENDING_PRIVATE_KEY_FILE, PRIVATE_KEY_FILE, PUBLIC_JWKS_FILE } from "../manifest/manifest.js";
import type { OidcApp } from "../okta/okta-types.js";
import { checkMergeTarget, mergeIntoFile } from "../openmetadata/merge-into.js";
import { WORKFLOW_CONFIG_FILE } from "../openmetadata/generated-file.js";
import { omFeatures, tryParseOmVersion } from "../openmetadata/om-version.js";
import { writeOpenMetadataOutputs } from "../outputs/write-om-outputs.js";
import { renderOpenMetadataFiles } from "../openmetadata/render-openmetadata-files.js";
import { planFileWrites } from "../openmetadata/write-files.js";
import type { ManifestWriter } from "../manifest/manifest-writer.js";
import { omInputFromManifest } from "./om-input.js";
import type { PlannedRotation, RotationChange, RotationContext, RotationKind } from "./rotation.js";

export const SERVICE_KEY = "service-key";

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** True when the app's JWKS is exactly `key` (one key, active): OpenMetadata sends no kid. */
function holdsOnly(app: OidcApp, key: ServiceKeyPair): boolean {
  const all = app.settings?.oauthClient?.jwks?.keys ?? [];
  return all.length === 1 && activeKeys(app).length === 1 && publicJwkEquals(all[0]!, key.publicJwk);
}

/** No service app (OpenMetadata 1.3+ setups without one go to the bot-JWT rotation instead). */
function noServiceApp(outDir: string): UsageError {
  return new UsageError(`The setup in ${outDir} has no service app (okta-om-setup.json has no serviceClientId), so there is no Okta key to rotate.`, "Create one with `okta-om-setup init --service-app`.");
}

/** The new key: the pending rotation's (resume), --key-file's, or a fresh RSA-2048 one. */
async function newKey(ctx: RotationContext, pendingKid: string | undefined, current: ServiceKeyPair | undefined): Promise<ServiceKeyPair | undefined> {
  const { outDir } = ctx.session;
  const keyFile = str(ctx.flags.keyFile);
  const kid = str(ctx.flags.kid);
  const given = keyFile ? await loadServiceKeyPair(keyFile, { kid, flag: "--key-file" }) : undefined;
  if (pendingKid) {
    const pendingFile = join(outDir, PENDING_PRIVATE_KEY_FILE);
    const pending = await loadServiceKeyPair(pendingFile, { flag: "--out-dir" }).catch(() => undefined);
    // A crash after the local half left the new key in place of the old one already.
    const key = pending?.kid === pendingKid ? pending : current?.kid === pendingKid ? current : undefined;
    if (!key) {
      throw new CliError(`A rotation to key ${pendingKid} is pending, but its private key is in neither ${PENDING_PRIVATE_KEY_FILE} nor ${PRIVATE_KEY_FILE}.`, {
        exitCode: ExitCode.usage,
        hint: "Restore the file from a backup, or remove pendingRotation from okta-om-setup.json and rotate again (the service app then gets another new key).",
      });
    }
    if (given && !(publicJwkEquals(given.publicJwk, key.publicJwk) && given.kid === key.kid)) {
      throw new UsageError(`--key-file: a rotation to key ${pendingKid} is pending in ${outDir}; nothing was changed.`, "Rerun without --key-file to finish it first, then rotate again.");
    }
    return key;
  }
  if (given) {
    if (current && publicJwkEquals(current.publicJwk, given.publicJwk)) {
      throw new UsageError(`--key-file ${keyFile} is the key already in use (${current.kid}); nothing to rotate.`, "Pass a new private RSA key, or leave --key-file out to generate one.");
    }
    return given;
  }
  // A plan does not generate: the real run's key would differ anyway.
  return ctx.planOnly ? undefined : generateServiceKeyPair({ kid });
}

/**
 * Rotates the service app's key the way OpenMetadata needs it (it signs without a kid, so the app
 * holds exactly one key): Okta's JWKS becomes only the new public key, then the key files,
 * workflowConfig.yaml and every --merge-into connector get the new private key.
 */
export const serviceKeyRotation: RotationKind = {
  kind: SERVICE_KEY,
  needsOkta: true,
  async plan(ctx: RotationContext): Promise<PlannedRotation> {
    const { session, out } = ctx;
    const { outDir, api } = session;
    if (!api) throw new Error("the service-key rotation needs the Okta client");
    const writer: ManifestWriter = ctx.writer;
    const manifest = writer.manifest;
    const clientId = manifest.serviceClientId;
    if (!clientId) throw noServiceApp(outDir);
    if (!isOktaId(clientId)) throw handEdited("serviceClientId", "is not an Okta id");
    const pendingKid = manifest.pendingRotation?.kind === SERVICE_KEY ? manifest.pendingRotation.kid : undefined;
    if (manifest.pendingRotation && !pendingKid) {
      throw new UsageError(`A ${manifest.pendingRotation.kind} rotation is pending in ${outDir}; finish it first.`, `Rerun rotate-key with the flag of that rotation.`);
    }
    // Checked before anything is generated or read from Okta: bad targets change nothing.
    for (const file of ctx.mergeInto) {
      if ((await checkMergeTarget(file)) !== "connector") {
        throw new UsageError(`--merge-into ${file}: is an openmetadata.yaml, which holds no ingestion key; nothing was changed.`, "Point it at connector YAMLs (with a workflowConfig block).");
      }
    }
    const current = await readKeyFilesIfPresent(outDir).catch(() => undefined);
    const [key, app] = await Promise.all([newKey(ctx, pendingKid, current), api.getApp(clientId)]);
    if (!app) {
      throw new CliError(`The service app ${clientId} no longer exists in ${session.orgUrl}; nothing was changed.`, { exitCode: ExitCode.failure, hint: "Run `okta-om-setup init` to create it again (with a new key)." });
    }
    // Validated now, so a setup that cannot render its files fails before Okta changes.
    const input = key ? await omInputFromManifest(manifest, outDir, key, ctx.deps.env) : undefined;
    if (input && ctx.flags.yes !== true) {
      // An edited output file would stop the local half after Okta changed: refuse it up front.
      const edited = (await planFileWrites(outDir, renderOpenMetadataFiles(input).files, manifest.files ?? {})).filter((f) => f.action === "overwrite-user-edits");
      if (edited.length > 0) {
        throw new UsageError(`${edited.map((f) => f.path).join(", ")} ${edited.length > 1 ? "hold" : "holds"} changes okta-om-setup did not make; nothing was changed.`, "Rerun with --yes to overwrite (the new key must go there), or restore the file.");
      }
    }
    const oktaDone = key !== undefined && holdsOnly(app, key);
    const localDone = key !== undefined && current !== undefined && current.kid === key.kid && publicJwkEquals(current.publicJwk, key.publicJwk);
    const oldKids = activeKeys(app).filter((k) => !key || !publicJwkEquals(k, key.publicJwk)).map((k) => k.kid ?? "no kid");
    const kid = key?.kid ?? str(ctx.flags.kid) ?? "(a new key, generated when applied)";
    const changes: RotationChange[] = [
      {
        resource: "service-app",
        action: oktaDone ? "noop" : "update",
        note: oktaDone ? `already holds only the new key ${kid}` : `JWKS replaced by only the new key ${kid}; the old key${oldKids.length === 1 ? "" : "s"} (${oldKids.join(", ") || "none"}) stop${oldKids.length === 1 ? "s" : ""} working at that moment`,
      },
      { resource: `file:${PRIVATE_KEY_FILE}`, action: localDone ? "noop" : "update", note: "the new private key (0600)" },
      { resource: `file:${PUBLIC_JWKS_FILE}`, action: localDone ? "noop" : "update", note: "its public half" },
      { resource: `file:${WORKFLOW_CONFIG_FILE}`, action: "update", note: "privateKey replaced (0600)" },
      ...ctx.mergeInto.map((file): RotationChange => ({ resource: `merge:${file}`, action: "update", note: "privateKey replaced (FILE.bak keeps the old one)" })),
    ];
    const warnings = [
      `The old key stops working the moment Okta holds the new one: every copy of ${WORKFLOW_CONFIG_FILE} (connector YAMLs, Airflow or pipeline configs) must get the new privateKey${ctx.mergeInto.length ? "; the --merge-into files are updated in this run" : "; --merge-into FILE (repeatable) updates them in the same run"}.`,
    ];
    const version = manifest.omVersion ? tryParseOmVersion(manifest.omVersion) : undefined;
    if (version && !omFeatures(version).oktaIngestion) {
      warnings.push(`OpenMetadata ${version.raw} does not use this service app for ingestion any more; \`okta-om-setup destroy --only service-app\` removes it (and its Okta API grants).`);
    }
    const pendingFile = join(outDir, PENDING_PRIVATE_KEY_FILE);
    const need = (): ServiceKeyPair => {
      if (!key) throw new Error("rotation applied without a key");
      return key;
    };
    return {
      target: `key of service app ${clientId} in ${session.orgUrl}`,
      changes,
      warnings,
      resuming: pendingKid !== undefined,
      doctorChecks: ["service-app", "live-token"],
      summary: { serviceClientId: clientId, kid: key?.kid ?? null, replacedKids: oldKids },
      async begin() {
        if (pendingKid) return;
        // The new private key is on disk before Okta sees its public half: a crash never loses it.
        await writeFileAtomic(pendingFile, `${compactPrivateJwk(need()).reveal()}\n`, { secret: true });
        await writer.update({ pendingRotation: { kind: SERVICE_KEY, kid: need().kid, startedAt: new Date().toISOString() } });
        await writer.flush();
      },
      async remote() {
        if (oktaDone) return;
        // Read again: the PUT sends the whole app back, so it must be the current one.
        const fresh = (await api.getApp(clientId)) ?? app;
        if (holdsOnly(fresh, need())) return;
        await api.replaceApp(clientId, mergeServiceApp(fresh, need().publicJwk));
        // REAL-ORG.md leaves open whether a PUT may drop an ACTIVE key: check what Okta holds now.
        const after = await api.getApp(clientId);
        if (!after || !holdsOnly(after, need())) {
          const kids = (after?.settings?.oauthClient?.jwks?.keys ?? []).map((k) => `${k.kid ?? "no kid"} (${k.status ?? "ACTIVE"})`);
          throw new CliError(`Okta accepted the new key for service app ${clientId} but does not hold only it: ${kids.join(", ") || "no keys"}.`, {
            exitCode: ExitCode.failure,
            hint: `In the Admin Console (Applications > the app > General > Public Keys), deactivate and delete every key but ${need().kid}.`,
          });
        }
        out.success(`service app ${clientId} now holds only key ${need().kid}`);
      },
      async local() {
        const pair = need();
        await writeKeyFiles(outDir, pair);
        await writer.update({ kid: pair.kid });
        const result = await writeOpenMetadataOutputs({ outDir, input: input!, manifest: writer.manifest, yes: ctx.flags.yes === true }, out);
        await writer.update({ files: result.hashes });
        await writer.flush();
        out.success(`wrote the new key to ${join(outDir, PRIVATE_KEY_FILE)} and ${join(outDir, WORKFLOW_CONFIG_FILE)} (0600)`);
        for (const file of ctx.mergeInto) {
          const merged = await mergeIntoFile(file, input!);
          out.success(merged.backup ? `merged the new key into ${file} (backup: ${merged.backup})` : `${file} already has the new key`);
        }
      },
      async finish() {
        await writer.update({ pendingRotation: undefined });
        await writer.flush();
        await rm(pendingFile, { force: true });
      },
    };
  },
};
