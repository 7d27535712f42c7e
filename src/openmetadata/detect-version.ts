// Asks a running OpenMetadata server for its version. Best effort: the caller falls back to the
// wizard or the default, so every failure becomes an `error` string, never an exception.
import { tryParseOmVersion } from "./om-version.js";
import { outboundFetch, type FetchedAnswer, type FetchLike } from "../net/outbound-fetch.js";

const DEFAULT_TIMEOUT_MS = 2_000;

// 1.0 moved the endpoint under /system (NOTES §5.2), so the newer path is tried first.
const VERSION_PATHS = ["/api/v1/system/version", "/api/v1/version"] as const;

export interface DetectedOmVersion {
  version?: string;
  /** The URL that answered. */
  source?: string;
  error?: string;
}

/** The OpenMetadata version from {om}/api/v1/system/version, then {om}/api/v1/version; never throws. */
export async function detectOmVersion(
  omUrl: string,
  options: { timeoutMs?: number; fetch?: FetchLike } = {},
): Promise<DetectedOmVersion> {
  let base: URL;
  try {
    base = new URL(omUrl);
  } catch {
    return { error: `${JSON.stringify(omUrl)} is not a URL` };
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    return { error: `${displayUrl(base)} is not an http(s) URL` };
  }
  const doFetch = options.fetch ?? outboundFetch(process.env);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const prefix = base.href.replace(/\/+$/, "");
  const failures: string[] = [];
  for (const path of VERSION_PATHS) {
    const url = `${prefix}${path}`;
    const shown = displayUrl(new URL(url));
    let response: FetchedAnswer;
    try {
      response = await doFetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
    } catch (err) {
      // Unreachable or timed out: the other path lives on the same server, so trying it only doubles the wait.
      return { error: `OpenMetadata is not reachable at ${shown}: ${networkReason(err, timeoutMs)}` };
    }
    const outcome = await readVersion(response);
    if (outcome.version !== undefined) return { version: outcome.version, source: shown };
    failures.push(`${shown}: ${outcome.error}`);
  }
  return { error: `no version from OpenMetadata (${failures.join("; ")})` };
}

async function readVersion(response: FetchedAnswer): Promise<{ version?: string; error: string }> {
  if (!response.ok) {
    return { error: `HTTP ${response.status}` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { error: "response is not JSON" };
  }
  const version = typeof body === "object" && body !== null ? (body as { version?: unknown }).version : undefined;
  if (typeof version !== "string") return { error: "JSON has no string 'version'" };
  if (!tryParseOmVersion(version)) return { error: `unrecognised version ${JSON.stringify(version.slice(0, 40))}` };
  return { version: version.trim(), error: "" };
}

function networkReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) return `no answer within ${timeoutMs} ms`;
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === "string") return cause.code;
  return err instanceof Error ? err.message : String(err);
}

// A URL with user:password@ must not put the password into a message.
function displayUrl(url: URL): string {
  if (url.username === "" && url.password === "") return url.href;
  const copy = new URL(url.href);
  copy.username = "***";
  copy.password = "";
  return copy.href;
}
