import { createHash } from "node:crypto";
import { UsageError } from "../errors.js";
import type { ManifestWriter } from "../manifest/manifest-writer.js";
import type { Manifest } from "../manifest/manifest.js";
import type { BotJwt } from "../openmetadata/api/bot-token.js";
import { HOW_TO_GIVE_CREDENTIALS, OM_TOKEN_ENV } from "../openmetadata/api/om-credentials.js";
import { omRequest } from "../openmetadata/api/om-client.js";
import { WORKFLOW_CONFIG_FILE } from "../openmetadata/generated-file.js";
import { checkMergeTarget, mergeIntoFile } from "../openmetadata/merge-into.js";
import { INGESTION_BOT } from "../openmetadata/om-config-input.js";
import { omFeatures, tryParseOmVersion, type OmVersion } from "../openmetadata/om-version.js";
import { renderOpenMetadataFiles } from "../openmetadata/render-openmetadata-files.js";
import { planFileWrites } from "../openmetadata/write-files.js";
import { envText } from "../options/empty-values.js";
import { normalizeHttpUrl } from "../options/org-url.js";
import { readTokenFromStdin } from "../options/stdin-token.js";
import { writeOpenMetadataOutputs } from "../outputs/write-om-outputs.js";
import { Secret } from "../secret.js";
import { omInputFromManifest } from "./om-input.js";
import type { PlannedRotation, RotationChange, RotationContext, RotationKind } from "./rotation.js";

export const BOT_JWT = "bot-jwt";

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** The version the setup's files were made for (what `config` and omInputFromManifest use). */
export function setupOmVersion(manifest: Manifest): OmVersion | undefined {
  const raw = typeof manifest.choices?.omVersion === "string" ? manifest.choices.omVersion : manifest.omVersion;
  return raw ? tryParseOmVersion(raw) : undefined;
}

/** True for a setup whose ingestion uses the bot's OpenMetadata JWT (1.3+ without a service app). */
export function usesBotJwt(manifest: Manifest): boolean {
  const version = setupOmVersion(manifest);
  return !manifest.serviceClientId && version !== undefined && !omFeatures(version).oktaIngestion;
}

/**
 * A fingerprint of a token, stored in the manifest while a rotation is pending: enough to tell the
 * old token from a new one on a rerun, useless as a credential.
 */
const fingerprint = (jwt: Secret | undefined): string => (jwt ? createHash("sha256").update(jwt.reveal()).digest("hex").slice(0, 16) : "none");

/** GET /users/loggedInUser with `jwt`: the status OpenMetadata answers (what ingestion's first call meets). */
async function statusWith(omUrl: string, jwt: Secret): Promise<number> {
  return (await omRequest(omUrl, "GET", "/api/v1/users/loggedInUser", { token: jwt, expect: [401, 403, 404] })).status;
}

/**
 * OpenMetadata 1.3+ ingests with the ingestion-bot's JWT: there is no Okta key. With OpenMetadata
 * admin credentials this regenerates the bot's JWT (the old one stops working at once) and rewrites
 * workflowConfig.yaml and the --merge-into connectors; without them it says how to do it by hand.
 * A rerun after a crash finds the new token in OpenMetadata instead of making a third.
 */
export const botJwtRotation: RotationKind = {
  kind: BOT_JWT,
  needsOkta: false,
  async plan(ctx: RotationContext): Promise<PlannedRotation> {
    const { session, out, flags, deps } = ctx;
    const { outDir } = session;
    const writer: ManifestWriter = ctx.writer;
    const manifest = writer.manifest;
    const version = setupOmVersion(manifest);
    const pending = manifest.pendingRotation;
    if (pending && pending.kind !== BOT_JWT) throw new UsageError(`A ${pending.kind} rotation is pending in ${outDir}; finish it first.`, "Rerun rotate-key with the flag of that rotation.");
    if (str(flags.keyFile) || str(flags.kid)) {
      throw new UsageError(`--key-file/--kid: OpenMetadata ${version?.raw ?? "1.3+"} ingests with the ingestion-bot's JWT, so the setup in ${outDir} has no Okta key; nothing was changed.`, "Drop --key-file and --kid.");
    }
    for (const file of ctx.mergeInto) {
      if ((await checkMergeTarget(file)) !== "connector") {
        throw new UsageError(`--merge-into ${file}: is an openmetadata.yaml, which holds no ingestion token; nothing was changed.`, "Point it at connector YAMLs (with a workflowConfig block).");
      }
    }
    let stdinToken = flags.omAdminTokenStdin === true ? await readTokenFromStdin(deps.stdin, { timeoutMs: 10_000, flag: "--om-admin-token-stdin" }) : undefined;
    const adminEmail = str(flags.omAdminEmail) ?? envText(deps.env, "OKTA_OM_OPENMETADATA_ADMIN_EMAIL");
    if (!stdinToken && !adminEmail && !str(deps.env[OM_TOKEN_ENV]) && session.prompter) {
      // In a terminal, offer the regeneration: an admin token typed in (masked, never echoed).
      out.info(`OpenMetadata ${version?.raw ?? "1.3+"} ingests with the ${INGESTION_BOT}'s JWT: there is no Okta key, but OpenMetadata can regenerate that JWT.`);
      const typed = await session.prompter.password({ field: "omAdminToken", message: "OpenMetadata admin token to regenerate it (empty to stop):" });
      if (typed.reveal().trim() !== "") stdinToken = new Secret(typed.reveal().trim());
    }
    if (!stdinToken && !adminEmail && !str(deps.env[OM_TOKEN_ENV])) {
      throw new UsageError(
        `OpenMetadata ${version?.raw ?? "1.3+"} ingests with the ingestion-bot's JWT, not an Okta key: there is no Okta key to rotate in ${outDir}.`,
        `To regenerate the bot's JWT with this command, ${HOW_TO_GIVE_CREDENTIALS}, and rerun. By hand: OpenMetadata > Settings > Bots > ${INGESTION_BOT} > Revoke and regenerate the token, then \`okta-om-setup config --om-bot-jwt-file <file>\` to rewrite ${WORKFLOW_CONFIG_FILE}.`,
      );
    }
    // An admin token goes to this URL: checked like any input first.
    const rawOmUrl = str(flags.omUrl) ?? manifest.omUrl;
    if (!rawOmUrl) throw new UsageError(`okta-om-setup.json in ${outDir} records no OpenMetadata URL.`, "Pass --om-url (OpenMetadata's base URL).");
    const omUrl = normalizeHttpUrl(rawOmUrl, str(flags.omUrl) ? "--om-url" : "okta-om-setup.json omUrl", { allowPath: true, stripTrailingSlash: true });
    const [{ connectOpenMetadata }, { readBotJwt, regenerateBotJwt }] = await Promise.all([import("../openmetadata/api/om-credentials.js"), import("../openmetadata/api/bot-token.js")]);
    const connected = await connectOpenMetadata({ omUrl, stdinToken, stdinSource: flags.omAdminTokenStdin === true ? undefined : "the token typed in", adminEmail, env: deps.env });
    if (!connected) throw new Error("OpenMetadata credentials were checked above");
    out.step(`OpenMetadata admin: ${connected.user} (${connected.client.credentialSource})`);
    const state = await readBotJwt(connected.client);
    // Pending and OpenMetadata no longer holds the token it replaces: the regeneration went through.
    const remoteDone = pending !== undefined && pending.replaces !== fingerprint(state.current?.jwt);
    const old = remoteDone ? undefined : state.current;
    let fresh: BotJwt | undefined = remoteDone ? state.current : undefined;

    if (flags.yes !== true) {
      // An edited output file would stop the local half after the token changed: refuse it up front.
      const input = await omInputFromManifest(manifest, outDir, undefined, deps.env, state.current?.jwt);
      const edited = (await planFileWrites(outDir, renderOpenMetadataFiles(input).files, manifest.files ?? {})).filter((f) => f.action === "overwrite-user-edits");
      if (edited.length > 0) {
        throw new UsageError(`${edited.map((f) => f.path).join(", ")} ${edited.length > 1 ? "hold" : "holds"} changes okta-om-setup did not make; nothing was changed.`, "Rerun with --yes to overwrite (the new token must go there), or restore the file.");
      }
    }
    const changes: RotationChange[] = [
      {
        resource: `openmetadata:${INGESTION_BOT}`,
        action: remoteDone ? "noop" : "update",
        note: remoteDone
          ? "OpenMetadata already holds the new JWT"
          : `JWT regenerated by OpenMetadata (expiry setting ${state.expiry ?? "Unlimited"}); the old token stops working at that moment`,
      },
      { resource: `file:${WORKFLOW_CONFIG_FILE}`, action: "update", note: "jwtToken replaced (0600)" },
      ...ctx.mergeInto.map((file): RotationChange => ({ resource: `merge:${file}`, action: "update", note: "jwtToken replaced (FILE.bak keeps the old one)" })),
    ];
    const warnings = [
      `The old ${INGESTION_BOT} JWT stops working the moment OpenMetadata makes the new one: every copy of ${WORKFLOW_CONFIG_FILE} (connector YAMLs, Airflow or pipeline configs) must get the new jwtToken${ctx.mergeInto.length ? "; the --merge-into files are updated in this run" : "; --merge-into FILE (repeatable) updates them in the same run"}.`,
    ];
    const need = (): BotJwt => {
      if (!fresh) throw new Error("bot JWT rotation applied without a new token");
      return fresh;
    };
    return {
      target: `${INGESTION_BOT}'s JWT in OpenMetadata at ${omUrl}`,
      changes,
      warnings,
      resuming: pending !== undefined,
      doctorChecks: ["config-lint", "key-file-modes", "om-bot-jwt"],
      summary: { bot: INGESTION_BOT, omUrl, expiry: state.expiry ?? null },
      async begin() {
        if (pending) return;
        await writer.update({ pendingRotation: { kind: BOT_JWT, replaces: fingerprint(old?.jwt), startedAt: new Date().toISOString() } });
        await writer.flush();
      },
      async remote() {
        if (fresh) return;
        fresh = await regenerateBotJwt(connected.client, state.expiry);
        out.success(`OpenMetadata made a new JWT for ${INGESTION_BOT}${fresh.expiresAt ? ` (expires ${fresh.expiresAt.toISOString()})` : " (does not expire)"}`);
      },
      async local() {
        const input = await omInputFromManifest(writer.manifest, outDir, undefined, deps.env, need().jwt);
        const result = await writeOpenMetadataOutputs({ outDir, input, manifest: writer.manifest, yes: flags.yes === true }, out);
        await writer.update({ files: result.hashes });
        await writer.flush();
        out.success(`wrote the new JWT to ${WORKFLOW_CONFIG_FILE} (0600)`);
        for (const file of ctx.mergeInto) {
          const merged = await mergeIntoFile(file, input);
          out.success(merged.backup ? `merged the new JWT into ${file} (backup: ${merged.backup})` : `${file} already has the new JWT`);
        }
      },
      async finish() {
        await writer.update({ pendingRotation: undefined });
        await writer.flush();
      },
      async verify() {
        const now = await statusWith(omUrl, need().jwt);
        if (now !== 200) {
          return { ok: false, detail: `OpenMetadata answered HTTP ${now} to the new ${INGESTION_BOT} JWT on /api/v1/users/loggedInUser`, fix: `check Settings > Bots > ${INGESTION_BOT} in OpenMetadata, then rerun rotate-key` };
        }
        const before = old ? await statusWith(omUrl, old.jwt) : undefined;
        return { ok: true, detail: `OpenMetadata signs the new JWT in as ${INGESTION_BOT}${before === undefined ? "" : before === 200 ? "; the old JWT still works too" : `; the old JWT is refused (HTTP ${before})`}` };
      },
    };
  },
};
