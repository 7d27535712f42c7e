import { appendFileSync } from "node:fs";
import { redactAuthorization, redactJson, redactParams } from "./redact.js";

/** One served request, with every secret masked. */
export interface RequestLogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  durationMs: number;
  auth?: string;
  requestBody?: unknown;
  /** Set when a fault rule answered instead of the handler. */
  fault?: string;
  retryCount?: string;
  /** Sent by the sandbox itself (the OpenMetadata stand-in's lookups at its org), not by a caller. */
  serverHop?: true;
}

/** Keeps requests in memory for tests and appends them as JSONL when a file is given. */
export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly file?: string) {}

  record(entry: Omit<RequestLogEntry, "seq" | "query" | "auth" | "requestBody"> & { query: URLSearchParams; authorization?: string; body?: Buffer; contentType?: string }): RequestLogEntry {
    const { query, authorization, body, contentType, ...rest } = entry;
    const logged: RequestLogEntry = {
      seq: ++this.seq,
      ...rest,
      query: redactParams(query),
      auth: redactAuthorization(authorization),
      requestBody: body && body.length > 0 ? redactBody(body, contentType) : undefined,
    };
    this.entries.push(logged);
    if (this.file) appendFileSync(this.file, JSON.stringify(logged) + "\n", { mode: 0o600 });
    return logged;
  }

  clear(): void {
    this.entries.length = 0;
  }
}

function redactBody(body: Buffer, contentType = ""): unknown {
  const text = body.toString("utf8");
  if (contentType.includes("application/x-www-form-urlencoded")) return redactParams(new URLSearchParams(text));
  try {
    return redactJson(JSON.parse(text));
  } catch {
    return `<${body.length} bytes, not JSON>`;
  }
}
