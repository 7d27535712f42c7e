// Rotation of the confidential web app's client secret through Okta's client secret objects
// (management.yaml, /api/v1/apps/{appId}/credentials/secrets: at most two, a secret is deleted only
// once INACTIVE, the only ACTIVE one cannot be deactivated). Shaped like rotate-key's rotation kinds
// (plan, then begin / remote / local / retire / finish), so it can become `rotate-key --client-secret`.
//
// Resumable at every step: the new secret is generated here and written 0600 (pending file) before
// Okta sees it (Okta takes a secret we bring), and the manifest records the pending rotation, so a
// rerun after a crash finishes it with the same secret instead of making a third one.
import { randomBytes } from "node:crypto";
import { CliError, ExitCode, UsageError } from "../errors.js";
import type { ManifestWriter } from "../manifest/manifest-writer.js";
import type { Manifest } from "../manifest/manifest.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { ClientSecret } from "../okta/okta-types.js";
import { Secret } from "../secret.js";
import { clearPendingSecret, readPendingSecret, rewriteSecretFiles, writePendingSecret, type SecretFileChange } from "./client-secret-files.js";
import { oktaAcceptsSecret } from "./client-secret-probe.js";

/** One line of the plan; never a secret value, only Okta's secret ids. */
export interface SecretRotationChange {
  resource: string;
  action: "create" | "update" | "delete" | "noop";
  note: string;
}

/** What the manifest records while a rotation is under way (no secret: the value is in the 0600 pending file). */
export type PendingClientSecret = NonNullable<Manifest["pendingClientSecret"]>;

export interface PlannedSecretRotation {
  changes: SecretRotationChange[];
  warnings: string[];
  resuming: boolean;
  begin(): Promise<void>;
  /** Okta gets the new secret (ACTIVE next to the old one, so nothing breaks yet). */
  remote(): Promise<void>;
  /** The 0600 files: secrets env, Kubernetes Secret, then web-app.client-secret itself. */
  local(): Promise<SecretFileChange[]>;
  /** The old secrets are deactivated and deleted: from here only the new one works. */
  retire(): Promise<string[]>;
  finish(): Promise<void>;
  /** For --json: public identifiers only. */
  summary: Record<string, unknown>;
}

export interface SecretRotationContext {
  outDir: string;
  api: OktaApi;
  writer: ManifestWriter;
  now: () => Date;
}

/** Okta's system-generated secrets are 64 characters of [A-Za-z0-9_-]; ours look the same. */
export function generateClientSecret(): Secret {
  return new Secret(randomBytes(48).toString("base64url"));
}

function pendingOf(manifest: Manifest): PendingClientSecret | undefined {
  const raw = manifest.pendingClientSecret;
  return raw && typeof raw === "object" && typeof raw.startedAt === "string" ? raw : undefined;
}

/** Reads the setup and Okta's secret objects and lays out the rotation; changes nothing. */
export async function planClientSecretRotation(ctx: SecretRotationContext): Promise<PlannedSecretRotation> {
  const manifest = ctx.writer.manifest;
  if (manifest.clientType !== "confidential" || !manifest.webAppId || !manifest.webClientId) {
    throw new UsageError(
      `${ctx.outDir} has no confidential sign-in (okta-om-setup.json lacks clientType "confidential" or the web app's id): there is no client secret to rotate.`,
      "Point --out-dir at a setup made with `init --client-type confidential`.",
    );
  }
  if (!manifest.issuer) throw new UsageError(`${ctx.outDir}/okta-om-setup.json lacks the issuer.`, "Rerun `okta-om-setup init` for this out-dir first.");
  const appId = manifest.webAppId;
  const clientId = manifest.webClientId;
  const issuer = manifest.issuer;
  const app = await ctx.api.getApp(appId);
  if (!app) {
    throw new UsageError(`The web app ${appId} (webAppId in okta-om-setup.json) does not exist in ${ctx.api.orgUrl}.`, "Rerun `okta-om-setup init --client-type confidential` to create it (with a new secret).");
  }
  const method = app.credentials?.oauthClient?.token_endpoint_auth_method;
  if (method !== "client_secret_post" && method !== "client_secret_basic") {
    throw new UsageError(`The web app ${appId} authenticates with ${String(method)}, not a client secret.`, "Rerun `okta-om-setup init --client-type confidential`, which sets client_secret_post.");
  }

  const pending = pendingOf(manifest);
  const resuming = pending !== undefined;
  const secrets = await ctx.api.listClientSecrets(appId);
  let secretId = pending?.secretId;
  if (resuming && !secretId) {
    // Interrupted between Okta's answer and the manifest write: Okta may hold the pending secret.
    const value = await readPendingSecret(ctx.outDir);
    if (value && (await oktaAcceptsSecret(issuer, clientId, value))) secretId = newestActive(secrets, value)?.id;
  }
  const others = secrets.filter((s) => s.id !== secretId);
  const ours = secretId ? secrets.find((s) => s.id === secretId) : undefined;
  const inactive = others.filter((s) => s.status === "INACTIVE");
  const active = others.filter((s) => s.status === "ACTIVE");
  // Okta keeps two secret objects at most: room for the new one, unless both are in use.
  if (!ours && active.length >= 2) {
    throw new UsageError(
      `The web app ${appId} already has two ACTIVE client secrets (${active.map((s) => s.id).join(", ")}); Okta allows two, and this tool cannot tell which one OpenMetadata uses.`,
      "In the Okta Admin Console (Applications > the web app > General > Client Credentials) deactivate and delete the one not in web-app.client-secret, then rerun.",
    );
  }

  const changes: SecretRotationChange[] = [];
  if (!ours && secrets.length >= 2) for (const s of inactive) changes.push({ resource: `client-secret:${s.id}`, action: "delete", note: "INACTIVE: deleted first, to make room (Okta keeps two)" });
  changes.push(
    ours
      ? { resource: `client-secret:${ours.id}`, action: "noop", note: "the new secret is already in Okta (resuming)" }
      : { resource: "client-secret:(new)", action: "create", note: "a new ACTIVE secret, generated here and kept only in 0600 files" },
  );
  for (const name of ["openmetadata.secrets.env", "oidc-secrets.yaml", "web-app.client-secret"]) changes.push({ resource: `file:${name}`, action: "update", note: "the new secret (0600)" });
  for (const s of others) {
    if (!ours && secrets.length >= 2 && s.status === "INACTIVE") continue;
    changes.push({ resource: `client-secret:${s.id}`, action: "delete", note: `${s.status === "ACTIVE" ? "deactivated, then " : ""}deleted once the files hold the new secret` });
  }
  const warnings = [
    "OpenMetadata signs users in with the old secret until it gets the new one, and the old one stops working at the end of this run:",
    "  Docker/bare metal: restart with the new openmetadata.secrets.env; Kubernetes: kubectl apply -f oidc-secrets.yaml, then restart the server pod;",
    "  OpenMetadata 1.10+ (the server reads it from its database): rerun init with OpenMetadata admin credentials, which applies it through the API, or enter it in Settings > SSO.",
  ];

  let value: Secret | undefined;
  const summary: Record<string, unknown> = { appId, clientId };
  return {
    changes,
    warnings,
    resuming,
    summary,
    async begin() {
      // A pending file from an interrupted run is reused: the same secret, never a third one.
      value = await readPendingSecret(ctx.outDir);
      if (!value) {
        value = generateClientSecret();
        await writePendingSecret(ctx.outDir, value);
      }
      await ctx.writer.update({ pendingClientSecret: { startedAt: pending?.startedAt ?? ctx.now().toISOString(), ...(secretId ? { secretId } : {}) } });
      await ctx.writer.flush();
    },
    async remote() {
      if (!value) throw new Error("begin() first");
      if (!secretId) {
        // A crash between Okta's answer and the manifest write leaves Okta holding it already.
        if (await oktaAcceptsSecret(issuer, clientId, value)) {
          secretId = newestActive(await ctx.api.listClientSecrets(appId), value)?.id;
        } else {
          if (secrets.length >= 2) for (const s of inactive) await ctx.api.deleteClientSecret(appId, s.id);
          secretId = (await ctx.api.createClientSecret(appId, value.reveal())).id;
        }
        if (!secretId) throw new CliError(`Okta accepts the new secret of ${appId} but does not list it.`, { exitCode: ExitCode.failure, hint: "Rerun the same command to finish." });
        await ctx.writer.update({ pendingClientSecret: { startedAt: pending?.startedAt ?? ctx.now().toISOString(), secretId } });
        await ctx.writer.flush();
      }
      summary.secretId = secretId;
    },
    async local() {
      if (!value) throw new Error("begin() first");
      const { changed, files } = await rewriteSecretFiles(ctx.outDir, value, ctx.writer.manifest.files ?? {});
      // OpenMetadata 1.10+ keeps the secret in its database: the next init with admin credentials re-applies it.
      await ctx.writer.update({ files: { ...(ctx.writer.manifest.files ?? {}), ...files }, openMetadataSecretStale: true });
      await ctx.writer.flush();
      return changed;
    },
    async retire() {
      const retired: string[] = [];
      for (const s of await ctx.api.listClientSecrets(appId)) {
        if (s.id === secretId) continue;
        if (s.status === "ACTIVE") await ctx.api.deactivateClientSecret(appId, s.id);
        await ctx.api.deleteClientSecret(appId, s.id);
        retired.push(s.id);
      }
      summary.retiredSecretIds = retired;
      return retired;
    },
    async finish() {
      await ctx.writer.update({ pendingClientSecret: undefined });
      await ctx.writer.flush();
      await clearPendingSecret(ctx.outDir);
    },
  };
}

/** The secret object holding `value` when Okta lists values, else the newest ACTIVE one. */
function newestActive(secrets: ClientSecret[], value: Secret): ClientSecret | undefined {
  const byValue = secrets.find((s) => s.client_secret === value.reveal());
  if (byValue) return byValue;
  return secrets.filter((s) => s.status === "ACTIVE").sort((a, b) => String(b.created).localeCompare(String(a.created)))[0];
}
