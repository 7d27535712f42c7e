// Loads okta-spec.json on first use. Read from disk (not imported) so that modules which only
// need the types or the path matcher don't parse ~100 KB of JSON at import time.
import { readFileSync } from "node:fs";
import type { SpecDocument } from "./spec-types.js";

let cached: SpecDocument | undefined;

export function loadSpecDocument(): SpecDocument {
  if (cached !== undefined) return cached;
  const text = readFileSync(new URL("./okta-spec.json", import.meta.url), "utf8");
  const parsed: unknown = JSON.parse(text);
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    !("operations" in parsed) ||
    !("schemas" in parsed) ||
    !("discriminators" in parsed)
  ) {
    throw new Error("okta-spec.json is not a derived Okta spec; re-run test/tools/derive-okta-spec.mjs");
  }
  cached = parsed as SpecDocument;
  return cached;
}
