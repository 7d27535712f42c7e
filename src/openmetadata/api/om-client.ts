// A small client for OpenMetadata's REST API with an admin's bearer token. Every failure becomes a
// CliError naming the cause and the fix; the token never appears in a message.
import { CliError, ExitCode } from "../../errors.js";
import type { Secret } from "../../secret.js";
import { outboundFetch, type FetchedAnswer, type FetchLike } from "../../net/outbound-fetch.js";
import { jsonBody } from "../../net/json-body.js";

export interface OmAnswer {
  status: number;
  json?: unknown;
}

const TIMEOUT_MS = 15_000;

/** OpenMetadata's error bodies: `{code, message}`, or the validator's `{status: "failed", errors}`. */
export function omMessage(json: unknown): string | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const message = (json as { message?: unknown }).message;
  return typeof message === "string" ? message : undefined;
}

export class OmClient {
  /** Requests sent, and how many of them changed something (PATCH/PUT, or a POST marked as a write). */
  readonly stats = { requests: 0, writes: 0 };
  /** One transport for all of this client's requests, so its keep-alive connection is reused. */
  private readonly send: FetchLike = outboundFetch(process.env);

  constructor(
    readonly baseUrl: string,
    private readonly token: Secret,
    /** How the token was obtained, for messages ("OKTA_OM_OPENMETADATA_TOKEN", "basic login as ..."). */
    readonly credentialSource: string,
  ) {}

  /** One request; `expect` lists the statuses the caller handles itself (others throw). */
  async request(method: string, path: string, options: { body?: unknown; contentType?: string; expect?: number[]; write?: boolean } = {}): Promise<OmAnswer> {
    return omRequest(this.baseUrl, method, path, { ...options, token: this.token, credentialSource: this.credentialSource, stats: this.stats, send: this.send });
  }
}

/** The request and the error mapping, shared by the client and the (unauthenticated) login. */
export async function omRequest(
  baseUrl: string,
  method: string,
  path: string,
  /** `write`: a POST that creates something (PATCH and PUT always count as writes). */
  /** `send`: the transport (the client's own); a one-off request makes its own. */
  options: { body?: unknown; contentType?: string; expect?: number[]; write?: boolean; token?: Secret; credentialSource?: string; stats?: OmClient["stats"]; send?: FetchLike },
): Promise<OmAnswer> {
  const url = `${baseUrl}${path}`;
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.token) headers.Authorization = `Bearer ${options.token.reveal()}`;
  if (options.body !== undefined) headers["Content-Type"] = options.contentType ?? "application/json";
  if (options.stats) {
    options.stats.requests++;
    if (method === "PATCH" || method === "PUT" || options.write === true) options.stats.writes++;
  }
  let res: FetchedAnswer;
  try {
    res = await (options.send ?? outboundFetch(process.env))(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "follow" });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new CliError(`Cannot reach OpenMetadata at ${baseUrl} (${cause === "TimeoutError" ? `no answer in ${TIMEOUT_MS / 1000}s` : cause}).`, {
      exitCode: ExitCode.failure,
      hint: "Check --om-url (OpenMetadata's base URL, reachable from here) and that the server is up; nothing was changed in OpenMetadata.",
    });
  }
  const text = await res.text();
  const json = jsonBody(text);
  if (json === undefined && text.trim() !== "") {
    const html = /^\s*</.test(text);
    throw new CliError(`OpenMetadata at ${baseUrl} answered ${method} ${path} with ${html ? "an HTML page" : "something other than JSON"} (HTTP ${res.status}).`, {
      exitCode: ExitCode.failure,
      hint: "--om-url must be OpenMetadata's own base URL (not a login page, proxy or the UI behind another path).",
    });
  }
  if (options.expect?.includes(res.status) || (res.status >= 200 && res.status < 300)) return { status: res.status, json };
  const said = omMessage(json);
  if (res.status === 401) {
    throw new CliError(`OpenMetadata refused the admin credentials (${options.credentialSource ?? "none"}): HTTP 401${said ? `, "${said}"` : ""}.`, {
      exitCode: ExitCode.auth,
      hint: "The token is wrong or expired: create a new one (Settings > Users > your admin > Access Token, or Settings > Bots), set OKTA_OM_OPENMETADATA_TOKEN, and rerun; or use --om-admin-email with OKTA_OM_OPENMETADATA_PASSWORD while OpenMetadata still uses basic auth.",
    });
  }
  if (res.status === 403) {
    throw new CliError(`The OpenMetadata credentials (${options.credentialSource ?? "none"}) are not an admin's: HTTP 403${said ? `, "${said}"` : ""}.`, {
      exitCode: ExitCode.auth,
      hint: "Use a token of a user with the Admin role (or listed in adminPrincipals), and rerun.",
    });
  }
  throw new CliError(`OpenMetadata answered ${method} ${path} with HTTP ${res.status}${said ? `: ${said}` : ""}.`, {
    exitCode: ExitCode.failure,
    hint: "Check OpenMetadata's server log; nothing else was changed in OpenMetadata, and a rerun resumes.",
  });
}
