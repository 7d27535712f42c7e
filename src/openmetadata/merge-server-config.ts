// --merge-into for a server's conf/openmetadata.yaml: sets our keys in authorizerConfiguration and
// authenticationConfiguration, keeping comments, key order, other keys and the `${VAR:-default}` form.
//
// Why keep `${VAR:-default}` and replace only the default: the docker image, Helm chart and systemd
// units all configure OpenMetadata through those variables, and this file is OpenMetadata's own
// template, so it stays diffable against upstream on upgrades and an operator can still override a
// value from the environment. The cost: a variable already set in the server's environment (e.g.
// AUTHENTICATION_PROVIDER=basic) still wins over our default, so the result lists the variables.
import { isScalar, Scalar } from "yaml";
import type { Document, YAMLMap } from "yaml";
import { envDefaultValue, envFormWithDefault, parseEnvForm } from "./env-default.js";
import type { DerivedOmConfig } from "./om-config-input.js";
import { authenticationSettings, authorizerSettings } from "./server-blocks.js";
import type { ServerSetting } from "./server-blocks.js";
import { ensureMap, findPair, plainValue, sameValue, setValue } from "./yaml-edit.js";
import type { MergeResult } from "./merge-connector.js";

export interface ServerMergeResult extends MergeResult {
  /** Env vars that still override our values when set in the server's environment. */
  envOverrides: string[];
}

function usesEnvForm(map: YAMLMap): boolean {
  return map.items.some((pair) => isScalar(pair.value) && typeof pair.value.value === "string" && parseEnvForm(pair.value.value) !== undefined);
}

function mergeSetting(doc: Document, map: YAMLMap, setting: ServerSetting, later: string[], envStyle: boolean, envOverrides: string[]): boolean {
  const pair = findPair(map, setting.key);
  if (pair !== undefined && !setting.owned) return false; // a default the user may have chosen differently
  const current = pair?.value;
  const text = isScalar(current) && typeof current.value === "string" ? current.value : undefined;
  const form = text === undefined ? undefined : parseEnvForm(text);
  if (form !== undefined || (pair === undefined && envStyle)) {
    // Keep the file's own variable name when it differs from the one OpenMetadata ships.
    const name = form?.name ?? setting.env;
    envOverrides.push(name);
    // Same value, other spelling (`"okta"` vs `okta`): leave the user's text alone.
    if (text !== undefined && form?.fallback !== undefined && sameValue(envDefaultValue(text), setting.value)) return false;
    // Plain, never quoted: Dropwizard substitutes before parsing, so quotes would turn a list into a string.
    return setValue(doc, map, setting.key, envFormWithDefault(name, setting.value), { type: Scalar.PLAIN, before: later });
  }
  if (pair !== undefined && sameValue(plainValue(current), setting.value)) return false;
  return setValue(doc, map, setting.key, setting.value, { before: later });
}

function mergeBlock(doc: Document, block: string, settings: ServerSetting[], result: ServerMergeResult): void {
  const map = ensureMap(doc, doc.contents as YAMLMap, block, block, result.changedKeys);
  const envStyle = usesEnvForm(map);
  settings.forEach((setting, i) => {
    const later = settings.slice(i + 1).map((s) => s.key);
    if (mergeSetting(doc, map, setting, later, envStyle, result.envOverrides)) result.changedKeys.push(`${block}.${setting.key}`);
  });
}

/** Applies our keys to an openmetadata.yaml document in place. */
export function mergeServerConfig(doc: Document, d: DerivedOmConfig): ServerMergeResult {
  const result: ServerMergeResult = { changedKeys: [], notes: [], envOverrides: [] };
  mergeBlock(doc, "authorizerConfiguration", authorizerSettings(d), result);
  mergeBlock(doc, "authenticationConfiguration", authenticationSettings(d), result);
  if (result.envOverrides.length > 0) {
    result.notes.push(
      `Kept the \${VAR:-default} form and set our values as the defaults; if the server's environment sets ${result.envOverrides.join(", ")}, those still win.`,
    );
  }
  return result;
}
