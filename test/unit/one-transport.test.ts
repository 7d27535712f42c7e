// Issue 15, item 9: one transport policy for every outgoing request. Node's global fetch ignores
// HTTPS_PROXY/NO_PROXY, so no code outside the sandbox calls it: requests go through
// outboundFetch (src/net/outbound-fetch.ts) or the Okta transport. This keeps a new call from
// slipping past the proxy, as doctor's and the OpenMetadata client's once did.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

// The in-process sandbox itself, and init --sandbox talking to it on loopback (never proxied).
const ALLOWED = [/^sandbox\//, /^sandbox-command\//, /^init\/sandbox-session\.ts$/];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

describe("no request bypasses the transport policy", () => {
  it("nothing outside the sandbox calls the global fetch", () => {
    const offenders: string[] = [];
    for (const file of files(SRC)) {
      const rel = relative(SRC, file).split("\\").join("/");
      if (ALLOWED.some((a) => a.test(rel))) continue;
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          // A bare `fetch(` or `globalThis.fetch`; not a method call (`.fetch(`) or signature (`fetch(request: T)`).
          if (/(^|[^.\w])fetch\((?!\w+\??\s*:)|globalThis\.fetch|\?\? fetch\b/.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
