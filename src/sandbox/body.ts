import { oktaError } from "./okta-errors.js";
import type { SandboxRequest } from "./types.js";

/** Parses a JSON request body; Okta answers E0000003 to anything that isn't well-formed JSON. */
export function readJson(req: SandboxRequest): unknown {
  if (req.body.length === 0) return undefined;
  try {
    return JSON.parse(req.body.toString("utf8")) as unknown;
  } catch {
    throw oktaError("E0000003");
  }
}

/** Like readJson but an object is required (create/replace bodies). */
export function readJsonObject(req: SandboxRequest): Record<string, unknown> {
  const value = readJson(req);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw oktaError("E0000003");
  return value as Record<string, unknown>;
}
