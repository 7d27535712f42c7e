import type { CliDeps } from "../deps.js";
import type { SetupSession } from "../day2/setup-session.js";
import type { ManifestWriter } from "../manifest/manifest-writer.js";
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
  changes: RotationChange[];
  /** Printed with the plan and again at the end (what stops working, what else must be updated). */
  warnings: string[];
  /** True when this run resumes a rotation the manifest records as pending. */
  resuming: boolean;
  /** Records the pending rotation (and whatever must survive a crash) before the first change. */
  begin(): Promise<void>;
  /** The Okta half. */
  remote(): Promise<void>;
  /** The local half: key files, generated files, --merge-into targets. */
  local(): Promise<void>;
  /** Clears the pending record. */
  finish(): Promise<void>;
  /** Doctor checks that prove the result (their prerequisites run too). */
  doctorChecks: string[];
  /** For --json: the new credential's public identifier (never a secret). */
  summary: Record<string, unknown>;
}

export interface RotationContext {
  flags: Record<string, unknown>;
  deps: CliDeps;
  out: Output;
  session: SetupSession;
  /** Absolute --merge-into paths. */
  mergeInto: string[];
  /** Every manifest change goes through it (disabled for --plan). */
  writer: ManifestWriter;
  /** --plan: nothing may be generated or written. */
  planOnly: boolean;
}

/**
 * A kind of rotation `rotate-key` can run. Today only the service app's key; another kind (e.g. a
 * client secret) adds an entry with its own flag in rotate-command.ts.
 */
export interface RotationKind {
  kind: string;
  plan(ctx: RotationContext): Promise<PlannedRotation>;
}
