// --merge-into FILE: update a user's connector YAML or conf/openmetadata.yaml in place, changing only
// our keys (yaml Document API: comments, key order and other keys survive), after writing FILE.bak.
import { parse } from "yaml";
import { InternalError, UsageError } from "../errors.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { substituteEnvDefaults } from "./env-default.js";
import { YAML_OPTIONS } from "./generated-file.js";
import { mergeConnector } from "./merge-connector.js";
import { mergeServerConfig } from "./merge-server-config.js";
import { deriveOmConfig, validateOmConfigInput } from "./om-config-input.js";
import type { DerivedOmConfig, OmConfigInput } from "./om-config-input.js";
import { workflowServerConfig } from "./render-workflow-config.js";
import { authenticationSettings, authorizerSettings } from "./server-blocks.js";
import { findPair, sameValue } from "./yaml-edit.js";
import { loadYamlTarget } from "./yaml-target.js";
import type { YamlTarget } from "./yaml-target.js";

export type MergeKind = "connector" | "server";

export interface MergeIntoResult {
  kind: MergeKind;
  /** The backup's path; "" when nothing changed (no backup, file untouched). */
  backup: string;
  changedKeys: string[];
  notes: string[];
}

const CONNECTOR_KEYS = ["workflowConfig", "source"];
const SERVER_KEYS = ["authenticationConfiguration", "authorizerConfiguration", "server", "database"];

function detectKind(target: YamlTarget, file: string): MergeKind {
  const has = (keys: string[]) => keys.some((key) => findPair(target.root, key) !== undefined);
  const connector = has(CONNECTOR_KEYS);
  const server = has(SERVER_KEYS);
  if (connector && !server) return "connector";
  if (server && !connector) return "server";
  throw new UsageError(
    `--merge-into ${file}: ${connector ? "has keys of both a connector YAML and openmetadata.yaml" : "is neither a connector YAML (workflowConfig/source) nor an openmetadata.yaml (authenticationConfiguration/server/database)"}. Nothing was written.`,
    "Point it at an ingestion connector YAML or the server's conf/openmetadata.yaml.",
  );
}

// Re-reads what we are about to write and checks that OpenMetadata would see our values; guards
// against a serialisation surprise (e.g. a default that came out quoted) ever reaching the disk.
function verifyMerged(kind: MergeKind, text: string, original: string, d: DerivedOmConfig): void {
  const fail = (what: string) => {
    throw new InternalError(`--merge-into produced a file where ${what} does not read back as intended; nothing was written.`);
  };
  if (kind === "connector") {
    const parsed = parse(text) as { workflowConfig?: { openMetadataServerConfig?: Record<string, unknown> } };
    const server = parsed.workflowConfig?.openMetadataServerConfig ?? {};
    const desired = workflowServerConfig(d);
    if (server.hostPort !== desired.hostPort || server.authProvider !== desired.authProvider) fail("openMetadataServerConfig");
    const security = (server.securityConfig ?? {}) as Record<string, unknown>;
    if (desired.authProvider === "okta" && !sameValue(security, desired.securityConfig)) fail("securityConfig");
    return;
  }
  let parsed: Record<string, Record<string, unknown> | undefined>;
  try {
    parsed = parse(substituteEnvDefaults(text)) as typeof parsed;
  } catch {
    // Some other ${VAR:-...} in the user's file may not survive default substitution; only our
    // edit is to blame if the original survived it.
    if (parsesAfterSubstitution(original)) fail("the file");
    return;
  }
  for (const [block, settings] of [
    ["authorizerConfiguration", authorizerSettings(d)],
    ["authenticationConfiguration", authenticationSettings(d)],
  ] as const) {
    for (const s of settings.filter((x) => x.owned)) {
      if (!sameValue(parsed[block]?.[s.key], s.value)) fail(`${block}.${s.key}`);
    }
  }
}

function parsesAfterSubstitution(text: string): boolean {
  try {
    parse(substituteEnvDefaults(text));
    return true;
  } catch {
    return false;
  }
}

/** Merges our keys into a connector YAML or openmetadata.yaml in place, writing FILE.bak first. */
/** Checks a --merge-into target up front (readable YAML of a kind we can merge), before any change. */
export async function checkMergeTarget(file: string): Promise<MergeKind> {
  return detectKind(await loadYamlTarget(file), file);
}

export async function mergeIntoFile(file: string, input: OmConfigInput): Promise<MergeIntoResult> {
  validateOmConfigInput(input);
  const d = deriveOmConfig(input);
  const target = await loadYamlTarget(file);
  const kind = detectKind(target, file);
  const result = kind === "connector" ? mergeConnector(target.doc, d) : mergeServerConfig(target.doc, d);
  if (result.changedKeys.length === 0) {
    return { kind, backup: "", changedKeys: [], notes: [...result.notes, `${file} already has these values; left untouched.`] };
  }
  const lf = target.doc.toString(YAML_OPTIONS);
  verifyMerged(kind, lf, target.text, d);
  // A CRLF file (edited on Windows) stays CRLF.
  const text = target.eol === "\r\n" ? lf.replace(/\n/g, "\r\n") : lf;

  const backup = `${target.path}.bak`;
  // The backup holds whatever the file held (maybe an older key), so it is 0600 like any secret.
  await writeFileAtomic(backup, target.text, { secret: true });
  // A connector now holds a private key or bot token; a server config keeps 0600 if it had it.
  const secret = kind === "connector" || (target.mode & 0o077) === 0;
  await writeFileAtomic(target.path, text, { secret });
  const notes = [...result.notes];
  if (kind === "connector" && (target.mode & 0o077) !== 0) notes.push(`${file} now holds credentials: its mode was narrowed to 0600.`);
  return { kind, backup, changedKeys: result.changedKeys, notes };
}
