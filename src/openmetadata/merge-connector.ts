// --merge-into for a connector YAML: sets workflowConfig.openMetadataServerConfig's hostPort,
// authProvider and securityConfig, and leaves everything else (source, sink, loggerLevel, comments).
import { isMap, isScalar, Scalar } from "yaml";
import type { Document, YAMLMap } from "yaml";
import { BOT_JWT_PLACEHOLDER } from "./generated-file.js";
import type { DerivedOmConfig } from "./om-config-input.js";
import { workflowServerConfig } from "./render-workflow-config.js";
import { ensureMap, findPair, removeKey, setValue } from "./yaml-edit.js";

const SERVER_PATH = "workflowConfig.openMetadataServerConfig";

export interface MergeResult {
  changedKeys: string[];
  notes: string[];
}

function existingJwt(server: YAMLMap): string | undefined {
  const provider = findPair(server, "authProvider")?.value;
  const security = findPair(server, "securityConfig")?.value;
  if (!isScalar(provider) || provider.value !== "openmetadata" || !isMap(security)) return undefined;
  const token = findPair(security, "jwtToken")?.value;
  if (!isScalar(token) || typeof token.value !== "string") return undefined;
  return token.value.trim() === "" || token.value === BOT_JWT_PLACEHOLDER ? undefined : token.value;
}

/** Applies our keys to a connector document in place. */
export function mergeConnector(doc: Document, d: DerivedOmConfig): MergeResult {
  const changedKeys: string[] = [];
  const notes: string[] = [];
  const root = doc.contents as YAMLMap;
  const workflow = ensureMap(doc, root, "workflowConfig", "workflowConfig", changedKeys);
  const server = ensureMap(doc, workflow, "openMetadataServerConfig", SERVER_PATH, changedKeys);
  const desired = workflowServerConfig(d);

  if (desired.authProvider === "openmetadata" && d.input.omBotJwt === undefined) {
    // Never replace a working token with our placeholder.
    const kept = existingJwt(server);
    if (kept !== undefined) {
      desired.securityConfig = { jwtToken: kept };
      notes.push("Kept the jwtToken already in the file (no --om-bot-jwt-file or OKTA_OM_BOT_JWT given).");
    } else {
      notes.push("securityConfig.jwtToken is a placeholder: paste the ingestion-bot's token from Settings > Bots.");
    }
  }

  if (setValue(doc, server, "hostPort", desired.hostPort)) changedKeys.push(`${SERVER_PATH}.hostPort`);
  if (setValue(doc, server, "authProvider", desired.authProvider)) changedKeys.push(`${SERVER_PATH}.authProvider`);
  const security = ensureMap(doc, server, "securityConfig", `${SERVER_PATH}.securityConfig`, changedKeys);
  for (const [key, value] of Object.entries(desired.securityConfig)) {
    // privateKey starts with "{" and must stay a quoted string; scopes stays `[]`-style.
    const options: { type?: Scalar.Type; flow?: boolean } =
      key === "privateKey" ? { type: Scalar.QUOTE_SINGLE } : key === "jwtToken" ? { type: Scalar.QUOTE_DOUBLE } : key === "scopes" ? { flow: true } : {};
    if (setValue(doc, security, key, value, options)) changedKeys.push(`${SERVER_PATH}.securityConfig.${key}`);
  }
  // The client configs are additionalProperties: false, so leftovers of another provider (e.g. a
  // jwtToken next to Okta's keys) would make the file invalid.
  const stale = security.items
    .map((pair) => (isScalar(pair.key) ? pair.key.value : pair.key))
    .filter((key): key is string => typeof key === "string" && !(key in desired.securityConfig));
  for (const key of stale) {
    if (removeKey(security, key)) changedKeys.push(`${SERVER_PATH}.securityConfig.${key} (removed)`);
  }
  return { changedKeys, notes };
}
