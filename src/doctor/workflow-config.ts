import { Secret } from "../secret.js";
import type { DoctorContext } from "./check.js";

/** The Okta `securityConfig` as OpenMetadata's Python client reads it; privateKey stays a Secret. */
export interface OktaSecurityConfig {
  clientId?: string;
  orgURL?: string;
  /** Only set when the value is a string (a YAML map or list is reported by config-lint). */
  privateKey?: Secret;
  /** typeof the raw privateKey value ("string", "object", "undefined", …) for messages. */
  privateKeyType: string;
  email?: unknown;
  /** The raw `scopes` value (config-lint checks its shape); `scopeList` is the usable part. */
  scopes?: unknown;
  scopeList: string[];
}

/** What doctor needs from a workflowConfig / connector YAML. */
export interface ParsedWorkflow {
  path: string;
  /** The whole document, for schema validation only: it holds the private key, never print it. */
  doc: unknown;
  hostPort?: string;
  authProvider?: string;
  okta?: OktaSecurityConfig;
  /** authProvider openmetadata: the bot JWT (a Secret) and whether it is still init's placeholder. */
  jwtToken?: Secret;
}

export type WorkflowLoad = { ok: true; value: ParsedWorkflow } | { ok: false; problem: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * Parses the workflowConfig text. YAML errors are reported by position only: the parser's own
 * message quotes the offending line, which may be the private key.
 */
export function parseWorkflowConfig(text: string, path: string): Promise<WorkflowLoad> {
  // doctor's loading and most checks parse the same text: once is enough (the result is only read).
  if (lastParse?.text !== text || lastParse.path !== path) lastParse = { text, path, load: parseOnce(text, path) };
  return lastParse.load;
}

let lastParse: { text: string; path: string; load: Promise<WorkflowLoad> } | undefined;

async function parseOnce(text: string, path: string): Promise<WorkflowLoad> {
  const { parseDocument } = await import("../yaml-parser.js");
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const at = first.linePos?.[0];
    const where = at ? ` at line ${at.line}, column ${at.col}` : "";
    return { ok: false, problem: `${path} is not valid YAML${where} (${first.code})` };
  }
  let doc: unknown;
  try {
    doc = document.toJS({ maxAliasCount: 100 });
  } catch {
    // An alias bomb: refused by the parser, reported as a problem with the file, not a crash.
    return { ok: false, problem: `${path} cannot be read as YAML (too many alias expansions)` };
  }
  const workflow = isRecord(doc) ? doc.workflowConfig : undefined;
  const server = isRecord(workflow) ? workflow.openMetadataServerConfig : undefined;
  const parsed: ParsedWorkflow = { path, doc };
  if (!isRecord(server)) return { ok: true, value: parsed };
  parsed.hostPort = str(server.hostPort);
  parsed.authProvider = str(server.authProvider);
  const security = server.securityConfig;
  if (isRecord(security)) {
    if (parsed.authProvider === "openmetadata" && typeof security.jwtToken === "string") parsed.jwtToken = new Secret(security.jwtToken);
    if (parsed.authProvider === "okta" || "orgURL" in security || "privateKey" in security) {
      const raw = security.privateKey;
      parsed.okta = {
        clientId: str(security.clientId),
        orgURL: str(security.orgURL),
        privateKey: typeof raw === "string" ? new Secret(raw) : undefined,
        privateKeyType: raw === null ? "null" : Array.isArray(raw) ? "array" : typeof raw,
        email: security.email,
        scopes: security.scopes,
        scopeList: Array.isArray(security.scopes) ? security.scopes.filter((s): s is string => typeof s === "string") : [],
      };
    }
  }
  return { ok: true, value: parsed };
}

/** Reads and parses the context's workflowConfig; undefined when the context has none. */
export async function loadWorkflow(ctx: DoctorContext): Promise<WorkflowLoad | undefined> {
  if (ctx.workflowConfigText === undefined) return undefined;
  return parseWorkflowConfig(ctx.workflowConfigText, ctx.workflowConfigPath ?? "workflowConfig.yaml");
}

/** The authorization server issuer an Okta `orgURL` belongs to: the token endpoint minus `/v1/token`. */
export function issuerFromOrgUrl(orgURL: string): string | undefined {
  const match = /^(.*)\/v1\/token\/?$/.exec(orgURL.trim());
  const base = match?.[1];
  if (!base) return undefined;
  // The org authorization server's issuer is the org itself; its endpoints live under /oauth2/v1.
  return /^https?:\/\/[^/]+\/oauth2$/i.test(base) ? base.slice(0, -"/oauth2".length) : base;
}

/** True when an issuer is the org authorization server (no `/oauth2/{id}` path). */
/**
 * The JWKS URL of an issuer: `{issuer}/v1/keys` for a custom server, `{org}/oauth2/v1/keys` for the
 * org authorization server (REAL-ORG.md: "Features and plans"; OpenMetadata #24334).
 */
export function keysUrlOf(issuer: string): string {
  const base = issuer.replace(/\/+$/, "");
  return isOrgIssuer(base) ? `${new URL(base).origin}/oauth2/v1/keys` : `${base}/v1/keys`;
}

export function isOrgIssuer(issuer: string): boolean {
  try {
    const path = new URL(issuer).pathname.replace(/\/+$/, "");
    return path === "" || path === "/oauth2";
  } catch {
    return false;
  }
}

/** The custom authorization server id (or `default`) in an issuer URL `…/oauth2/{id}`. */
export function authServerIdFromIssuer(issuer: string): string | undefined {
  try {
    return /\/oauth2\/([^/]+)\/?$/.exec(new URL(issuer).pathname)?.[1];
  } catch {
    return undefined;
  }
}

/** OpenMetadata's base URL from hostPort (`https://om.example.com/api` → `https://om.example.com`). */
export function omUrlFromHostPort(hostPort: string): string | undefined {
  const trimmed = hostPort.trim().replace(/\/+$/, "");
  if (!/^https?:\/\//i.test(trimmed)) return undefined;
  return trimmed.replace(/\/api$/, "");
}
