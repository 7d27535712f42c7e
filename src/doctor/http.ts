import type { DoctorContext } from "./check.js";
import { jsonBody } from "../net/json-body.js";
import type { FetchedAnswer } from "../net/outbound-fetch.js";

/** One HTTP answer as checks read it. `json` is undefined when the body is not JSON. */
export interface HttpAnswer {
  status: number;
  url: string;
  /** The Location header of a redirect (only seen with `redirect: "manual"`). */
  location?: string;
  contentType: string;
  text: string;
  json?: unknown;
  /** The server's Date header (for clock skew). */
  date?: Date;
  sentAt: Date;
  receivedAt: Date;
}

/** A request that never got an answer: refused, unresolvable host, TLS failure, reset. */
export class NetworkProblem extends Error {
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(message);
    this.name = "NetworkProblem";
  }
}

/** Sends one request; network failures become NetworkProblem, an abort (the check's timeout) propagates. */
export async function httpRequest(
  ctx: Pick<DoctorContext, "fetch" | "now">,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; signal: AbortSignal; redirect?: "follow" | "manual" },
): Promise<HttpAnswer> {
  const sentAt = ctx.now();
  let res: FetchedAnswer;
  try {
    res = await ctx.fetch(url, { method: init.method ?? "GET", headers: { Accept: "application/json", ...init.headers }, body: init.body, signal: init.signal, redirect: init.redirect ?? "follow" });
  } catch (err) {
    if (init.signal.aborted) throw err;
    throw new NetworkProblem(url, describeFetchError(err, url));
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    if (init.signal.aborted) throw err;
    throw new NetworkProblem(url, `the connection to ${originOf(url)} broke while reading the answer`);
  }
  const receivedAt = ctx.now();
  const contentType = res.headers.get("content-type") ?? "";
  const json = jsonBody(text);
  const dateHeader = res.headers.get("date");
  const date = dateHeader ? new Date(dateHeader) : undefined;
  const location = res.headers.get("location") ?? undefined;
  return { status: res.status, url, location, contentType, text, json, date: date && !Number.isNaN(date.getTime()) ? date : undefined, sentAt, receivedAt };
}

/** GET with `Accept: application/json`; the answer of the same GET sent when doctor started (prefetch.ts), if there is one. */
export function httpGet(ctx: Pick<DoctorContext, "fetch" | "now" | "prefetchedGets">, url: string, signal: AbortSignal, headers?: Record<string, string>): Promise<HttpAnswer> {
  const early = headers === undefined ? ctx.prefetchedGets?.get(url) : undefined;
  return early ?? httpRequest(ctx, url, { signal, headers });
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Why fetch failed, from undici's `cause.code`, without echoing anything but the URL's origin. */
export function describeFetchError(err: unknown, url: string): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? "";
  const where = originOf(url);
  if (code === "ECONNREFUSED") return `could not connect to ${where} (connection refused)`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `could not resolve the host of ${where}`;
  if (code === "ECONNRESET") return `${where} closed the connection`;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) return `the TLS certificate of ${where} is not trusted (${code})`;
  if (code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT") return `connecting to ${where} timed out`;
  if (err instanceof TypeError && /invalid url|failed to parse url/i.test(String(cause?.message ?? err.message))) return `${JSON.stringify(url)} is not a valid URL`;
  // A query string may hold the client assertion: never let one through.
  const why = code || (cause?.message ?? "").replace(/\?\S*/g, "?…").slice(0, 80);
  return `request to ${where} failed${why ? ` (${why})` : ""}`;
}

/** A short, single-line preview of a non-JSON body (HTML title or first words) for messages. */
export function bodyPreview(answer: HttpAnswer): string {
  const title = /<title>([^<]{1,80})<\/title>/i.exec(answer.text)?.[1];
  if (title) return `an HTML page titled ${JSON.stringify(title.trim())}`;
  const text = answer.text.replace(/\s+/g, " ").trim();
  if (text === "") return "an empty body";
  return `${answer.contentType || "text"} starting ${JSON.stringify(text.slice(0, 40))}`;
}

/** The JSON body as an object, or undefined. */
export function jsonObject(answer: HttpAnswer): Record<string, unknown> | undefined {
  const json = answer.json;
  return typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
}
