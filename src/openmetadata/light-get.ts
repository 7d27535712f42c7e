// A GET over node:http(s) for the OpenMetadata version request, the first request init sends.
// Node's global fetch loads undici on its first use: 20 to 60 ms of start-up on these machines,
// where node:http is loaded anyway (the Okta SDK's node-fetch uses it).
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";

/** What detect-version.ts reads of an answer (a fetch Response fits too). */
export interface SmallResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  /** Drops the body unread. */
  discard(): void;
}

const MAX_REDIRECTS = 5;
// A version answer is a few bytes; a server sending megabytes is not OpenMetadata.
const MAX_BODY_BYTES = 1 << 20;

/** GET `url`, following redirects as fetch does; rejects with Node's network errors (err.code) or an AbortError. */
export function lightGet(url: string, options: { headers: Record<string, string>; signal: AbortSignal }, redirects = 0): Promise<SmallResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(target, { method: "GET", headers: options.headers, signal: options.signal }, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location && redirects < MAX_REDIRECTS) {
        res.resume();
        resolve(lightGet(new URL(location, target).href, options, redirects + 1));
        return;
      }
      resolve({ ok: status >= 200 && status < 300, status, json: () => readJson(res), discard: () => void res.resume() });
    });
    req.on("error", reject);
    req.end();
  });
}

function readJson(res: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) res.destroy(new Error("response too large"));
      else chunks.push(chunk);
    });
    res.on("end", () => {
      ended = true;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    res.on("error", reject);
    // Aborted (timeout) or cut off mid-body: 'end' never comes.
    res.on("close", () => {
      if (!ended) reject(new Error("connection closed before the end of the response"));
    });
  });
}
