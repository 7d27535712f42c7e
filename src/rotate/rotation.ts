import type { CliDeps } from "../deps.js";
import type { LocalSetup } from "../day2/setup-session.js";
import type { ManifestWriter } from "../manifest/manifest-writer.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { Output } from "../output/output.js";

/** One line of a rotation plan: what changes (or is already done), and what it breaks. */
export interface RotationChange {
  /** "service-app", "file:workflowConfig.yaml", "merge:/path/connector.yaml". */
  resource: string;
  action: "update" | "noop";
  note: string;
}

/**
 * A rotation planned against the org and the out-dir. Its two halves (Okta, then the local files)
 * each check what is already done, so a rerun after a crash finishes whichever half is missing.
 */
export interface PlannedRotation {
  /** What is rotated where, for the plan's heading (the org URL, or OpenMetadata's). */
  target: string;
  changes: RotationChange[];
  /** Printed with the plan and again at the end (what stops working, what else must be updated). */
  warnings: string[];
  /** True when this run resumes a rotation the manifest records as pending. */
  resuming: boolean;
  /** Records the pending rotation (and whatever must survive a crash) before the first change. */
  begin(): Promise<void>;
  /** The remote half (Okta, or OpenMetadata for the bot's JWT). */
  remote(): Promise<void>;
  /** The local half: key files, generated files, --merge-into targets. */
  local(): Promise<void>;
  /** Clears the pending record. */
  finish(): Promise<void>;
  /** Doctor checks that prove the result (their prerequisites run too). */
  doctorChecks: string[];
  /** A kind's own end-to-end proof after the doctor checks (e.g. OpenMetadata accepting the new JWT). */
  verify?(): Promise<{ ok: boolean; detail: string; fix?: string }>;
  /** For --json: the new credential's public identifier (never a secret). */
  summary: Record<string, unknown>;
}

export interface RotationContext {
  flags: Record<string, unknown>;
  deps: CliDeps;
  out: Output;
  /** The setup; `api` is there when the kind needs Okta (needsOkta). */
  session: LocalSetup & { api?: OktaApi };
  /** Absolute --merge-into paths. */
  mergeInto: string[];
  /** Every manifest change goes through it (disabled for --plan). */
  writer: ManifestWriter;
  /** --plan: nothing may be generated or written. */
  planOnly: boolean;
}

/**
 * A kind of rotation `rotate-key` can run: the service app's key, or (OpenMetadata 1.3+ without a
 * service app) the ingestion-bot's JWT. Another kind (e.g. a client secret) adds an entry with its
 * own flag in rotate-command.ts.
 */
export interface RotationKind {
  kind: string;
  /** False when the rotation never calls Okta (then no Okta API token is needed). */
  needsOkta: boolean;
  plan(ctx: RotationContext): Promise<PlannedRotation>;
}
