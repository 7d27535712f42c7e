// One Ajv instance holding the whole derived spec; validators are compiled per JSON pointer on
// first use and cached by Ajv itself.
import { createRequire } from "node:module";
import type { Ajv, ValidateFunction } from "ajv";
import type { FormatsPlugin } from "ajv-formats";
import type { SpecDocument } from "./spec-types.js";

/** The $id the spec document is registered under; refs inside it are "#/schemas/<name>". */
const SPEC_ID = "https://okta-om-setup.invalid/okta-spec.json";

let ajv: Ajv | undefined;

function createAjv(doc: SpecDocument): Ajv {
  // Required on first use rather than imported: Ajv costs ~0.15 s to import, and the sandbox
  // loads this module even when nobody validates.
  const require = createRequire(import.meta.url);
  const AjvClass = (require("ajv") as { Ajv: typeof Ajv }).Ajv;
  const addFormats = require("ajv-formats") as FormatsPlugin;
  const instance = new AjvClass({
    // The spec keeps readOnly/writeOnly/default and OpenAPI leftovers Ajv's strict mode rejects.
    strict: false,
    allErrors: true,
    // verbose adds parentSchema/data to errors, used to word enum and type messages.
    verbose: true,
    // Non-strict mode would otherwise print warnings for unknown formats and keywords.
    logger: false,
    // The document is our own build output; checking it against the meta-schema only costs time.
    validateSchema: false,
  });
  addFormats(instance);
  // Any format the spec names that ajv-formats lacks is a hint, not a constraint.
  for (const format of collectFormats(doc.schemas)) {
    if (instance.formats[format] === undefined) instance.addFormat(format, true);
  }
  instance.addSchema({ ...doc, $id: SPEC_ID });
  return instance;
}

function collectFormats(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) collectFormats(item, out);
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "format" && typeof value === "string") out.add(value);
      else collectFormats(value, out);
    }
  }
  return out;
}

function escapePointerSegment(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, "~0").replace(/\//g, "~1"));
}

/**
 * The validator for the schema at `segments` inside the spec document, e.g.
 * ["schemas", "OpenIdConnectApplication"]. Throws when nothing is there: callers only pass
 * locations they found in the same document.
 */
export function specValidator(doc: SpecDocument, segments: readonly string[]): ValidateFunction {
  ajv ??= createAjv(doc);
  const ref = `${SPEC_ID}#/${segments.map(escapePointerSegment).join("/")}`;
  const validate = ajv.getSchema(ref);
  if (validate === undefined) throw new Error(`no schema at ${ref}`);
  return validate;
}
