import { parse } from "yaml";
import { BARE_METAL_AUTH_FILE, DOCKER_ENV_FILE, HELM_VALUES_FILE } from "../openmetadata/generated-file.js";
import { substituteEnvDefaults } from "../openmetadata/env-default.js";
import type { DoctorContext } from "./check.js";

/** The authentication settings one server config file gives OpenMetadata. */
export interface ServerAuthView {
  file: string;
  provider?: string;
  authority?: string;
  clientId?: string;
  callbackUrl?: string;
  publicKeyUrls?: string[];
  jwtPrincipalClaims?: string[];
  /** AUTHENTICATION_CLIENT_TYPE / clientType (1.3.2+); absent means public. */
  clientType?: string;
  /** Confidential sign-in: OIDC_CALLBACK, OIDC_CLIENT_AUTH_METHOD, OIDC_DISCOVERY_URI (or the oidcConfiguration keys). */
  oidcCallback?: string;
  oidcAuthMethod?: string;
  oidcDiscoveryUri?: string;
  /** The file could not be read as what it claims to be. */
  problem?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined);

function list(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (typeof value === "string") return parseEnvList(value);
  return undefined;
}

/** OpenMetadata's env list format `[a, b]` (also a bare `a,b`); quotes around items are dropped. */
export function parseEnvList(value: string): string[] {
  const inner = value.trim().replace(/^\[/, "").replace(/\]$/, "");
  return inner
    .split(",")
    .map((item) => item.trim().replace(/^["']|["']$/g, ""))
    .filter(Boolean);
}

/** KEY=value lines of a compose env file (comments and blank lines ignored, surrounding quotes dropped). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match?.[1] || line.trim().startsWith("#")) continue;
    out[match[1]] = (match[2] ?? "").trim().replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1");
  }
  return out;
}

function fromEnv(file: string, text: string): ServerAuthView {
  const env = parseEnvFile(text);
  return {
    file,
    provider: env.AUTHENTICATION_PROVIDER,
    authority: env.AUTHENTICATION_AUTHORITY,
    clientId: env.AUTHENTICATION_CLIENT_ID,
    callbackUrl: env.AUTHENTICATION_CALLBACK_URL,
    publicKeyUrls: env.AUTHENTICATION_PUBLIC_KEYS === undefined ? undefined : parseEnvList(env.AUTHENTICATION_PUBLIC_KEYS),
    jwtPrincipalClaims: env.AUTHENTICATION_JWT_PRINCIPAL_CLAIMS === undefined ? undefined : parseEnvList(env.AUTHENTICATION_JWT_PRINCIPAL_CLAIMS),
    clientType: env.AUTHENTICATION_CLIENT_TYPE,
    oidcCallback: env.OIDC_CALLBACK,
    oidcAuthMethod: env.OIDC_CLIENT_AUTH_METHOD,
    oidcDiscoveryUri: env.OIDC_DISCOVERY_URI,
  };
}

function fromBlock(file: string, block: unknown, keysName: "publicKeyUrls" | "publicKeys"): ServerAuthView {
  if (!isRecord(block)) return { file, problem: "has no authentication block" };
  const oidc = isRecord(block.oidcConfiguration) ? block.oidcConfiguration : {};
  return {
    clientType: str(block.clientType),
    oidcCallback: str(oidc.callbackUrl),
    oidcAuthMethod: str(oidc.clientAuthenticationMethod),
    oidcDiscoveryUri: str(oidc.discoveryUri),
    file,
    provider: str(block.provider),
    authority: str(block.authority),
    clientId: str(block.clientId),
    callbackUrl: str(block.callbackUrl),
    publicKeyUrls: list(block[keysName]),
    jwtPrincipalClaims: list(block.jwtPrincipalClaims),
  };
}

function parseYaml(file: string, text: string): { doc?: unknown; problem?: string } {
  try {
    // Dropwizard substitutes ${VAR:-default} in the raw text before parsing (VAR unset here).
    return { doc: parse(substituteEnvDefaults(text)) as unknown };
  } catch {
    return { problem: `${file} is not valid YAML` };
  }
}

/** Reads one server config file by its out-dir name; unknown names are skipped. */
export function readServerFile(file: string, text: string): ServerAuthView | undefined {
  if (file.endsWith(DOCKER_ENV_FILE) || file.endsWith(".env")) return fromEnv(file, text);
  if (file.endsWith(BARE_METAL_AUTH_FILE) || file.endsWith("openmetadata.yaml")) {
    const { doc, problem } = parseYaml(file, text);
    if (problem) return { file, problem };
    return fromBlock(file, isRecord(doc) ? doc.authenticationConfiguration : undefined, "publicKeyUrls");
  }
  if (file.endsWith(HELM_VALUES_FILE)) {
    const { doc, problem } = parseYaml(file, text);
    if (problem) return { file, problem };
    const root = isRecord(doc) ? doc : {};
    const config = isRecord(root.openmetadata) && isRecord(root.openmetadata.config) ? root.openmetadata.config : undefined;
    const global = isRecord(root.global) ? root.global : undefined;
    return fromBlock(file, config?.authentication ?? global?.authentication, "publicKeys");
  }
  return undefined;
}

/** Every server config file in the context, read. */
export function readServerFiles(ctx: DoctorContext): ServerAuthView[] {
  // Most checks gather the setup's facts, each from the same files (every check's context shares
  // the one serverFiles record): parse them once, not once per check (~20 ms of YAML each time).
  let views = viewsByFiles.get(ctx.serverFiles);
  if (!views) {
    views = Object.entries(ctx.serverFiles).flatMap(([file, text]) => readServerFile(file, text) ?? []);
    viewsByFiles.set(ctx.serverFiles, views);
  }
  return views;
}

const viewsByFiles = new WeakMap<Record<string, string>, ServerAuthView[]>();

/** The first value the files agree on for a field (the files check reports disagreements). */
export function firstServerValue(
  views: ServerAuthView[],
  field: "authority" | "clientId" | "callbackUrl" | "clientType" | "oidcCallback" | "oidcAuthMethod" | "oidcDiscoveryUri",
): string | undefined {
  return views.map((v) => v[field]).find((v): v is string => typeof v === "string" && v !== "");
}
