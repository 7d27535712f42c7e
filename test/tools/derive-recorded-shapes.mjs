#!/usr/bin/env node
// Derives test/fixtures/okta-recorded-shapes.json from the go-vcr cassettes of real Okta traffic in
// shared/reference/okta/recordings (see the README there). A fresh clone has no ../shared, so the
// result is committed. Run from anywhere, after test/tools/derive-okta-spec.mjs:
//
//   node test/tools/derive-recorded-shapes.mjs [path/to/reference/okta/recordings]
//
// The cassettes are MPL-2.0 data, so only structural facts are written: which JSON key paths
// exist and what JSON type each holds, which headers and query parameters were present, and the
// status. No values (ids, names, URLs, secrets) are copied. A shape maps a key path to its type:
//   "settings.oauthClient.grant_types[]": "string"   (all elements of an array merged under [])
//   "$": "object"                                    (the body itself)
// A path that held different types in different elements gets them joined: "null|string".
//
// Interactions are matched to operations of src/sandbox/spec/okta-spec.json by method and path
// template. Traffic the CLI never makes (internal APIs, /api/v1/policies, inline hooks, users,
// group owners, app policies) is skipped, except that its error bodies are kept in `otherErrors`
// because Okta's error object is the same on every endpoint. Output is deterministic.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const srcDir = resolve(repoRoot, process.argv[2] ?? "../shared/reference/okta/recordings");
const specFile = join(repoRoot, "src", "sandbox", "spec", "okta-spec.json");
const outFile = join(repoRoot, "test", "fixtures", "okta-recorded-shapes.json");

const SKIP = [
  /^\/api\/v1\/internal\//,
  /^\/\.well-known\/okta-organization$/,
  /^\/api\/v1\/policies/,
  /^\/api\/v1\/inlineHooks/,
  /^\/api\/v1\/users/,
  /^\/api\/v1\/groups\/[^/]+\/owners/,
  /^\/api\/v1\/apps\/[^/]+\/policies\//,
];

function fail(message) {
  console.error(`derive-recorded-shapes: ${message}`);
  process.exit(1);
}

if (!existsSync(srcDir)) fail(`recordings directory not found: ${srcDir}`);
if (!existsSync(specFile)) fail(`${specFile} missing: run test/tools/derive-okta-spec.mjs first`);

const spec = JSON.parse(readFileSync(specFile, "utf8"));
const templates = Object.entries(spec.operations).map(([operationId, op]) => ({
  operationId,
  method: op.method,
  path: op.path,
  segments: op.path.split("/").slice(1).map((s) => (/^\{.+\}$/.test(s) ? null : s)),
}));

/** Same rule as src/sandbox/spec/operation-matcher.ts: literal segments beat parameters. */
function findOperation(method, path) {
  const parts = path.split("/").slice(1);
  let best;
  for (const t of templates) {
    if (t.method !== method || t.segments.length !== parts.length) continue;
    if (!t.segments.every((s, i) => s === null || s === parts[i])) continue;
    if (!best || isMoreSpecific(t, best)) best = t;
  }
  return best;
}

function isMoreSpecific(a, b) {
  for (let i = 0; i < a.segments.length; i += 1) {
    if ((a.segments[i] === null) !== (b.segments[i] === null)) return a.segments[i] !== null;
  }
  return false;
}

/** Replaces id-like segments (Okta ids, role ids) so unmatched paths carry no values. */
function genericPath(path) {
  return path
    .split("/")
    .map((s) => (/^[0-9a-z]{3}[0-9A-Za-z]{17}$/.test(s) || /^[0-9A-Z]{20,}$/.test(s) ? "{id}" : s))
    .join("/");
}

function jsonType(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (Number.isInteger(value)) return "integer";
  return typeof value; // string, number, boolean, object
}

function childPath(parent, key) {
  const safe = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (parent === "$") return safe.startsWith("[") ? `$${safe}` : safe;
  return safe.startsWith("[") ? `${parent}${safe}` : `${parent}.${safe}`;
}

/** key path -> set of JSON types, for every node below `value`. */
function collectShape(value, path, out) {
  const types = out.get(path) ?? new Set();
  types.add(jsonType(value));
  out.set(path, types);
  if (Array.isArray(value)) {
    for (const item of value) collectShape(item, path === "$" ? "$[]" : `${path}[]`, out);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) collectShape(child, childPath(path, key), out);
  }
  return out;
}

function shapeOf(value) {
  const map = collectShape(value, "$", new Map());
  return Object.fromEntries(
    [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, types]) => [path, [...types].sort().join("|")]),
  );
}

/** A body string as JSON, form fields, or undefined when empty. */
function parseBody(text, contentType) {
  if (typeof text !== "string" || text.trim() === "") return undefined;
  if (/x-www-form-urlencoded/.test(contentType ?? "")) {
    return Object.fromEntries([...new URLSearchParams(text.trim()).keys()].map((k) => [k, "string"]));
  }
  try {
    return JSON.parse(text);
  } catch {
    return { unparsed: true };
  }
}

function headerValue(headers, name) {
  const entry = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase());
  return entry ? [].concat(entry[1])[0] : undefined;
}

function sortKeys(node) {
  if (Array.isArray(node)) return node.map(sortKeys);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(Object.keys(node).sort().map((key) => [key, sortKeys(node[key])]));
}

function listCassettes(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listCassettes(join(dir, e.name)) : e.name.endsWith(".yaml") ? [join(dir, e.name)] : []))
    .sort();
}

const entries = [];
const otherErrors = [];
const files = [];
for (const file of listCassettes(srcDir)) {
  const rel = relative(srcDir, file).split("\\").join("/");
  const text = readFileSync(file, "utf8");
  files.push({ file: rel, sha256: createHash("sha256").update(text).digest("hex") });
  const cassette = YAML.parse(text);
  (cassette.interactions ?? []).forEach((interaction, index) => {
    const { request, response } = interaction;
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const source = `${rel}#${index}`;
    const responseBody = parseBody(response.body, headerValue(response.headers, "Content-Type"));
    const op = SKIP.some((re) => re.test(url.pathname)) ? undefined : findOperation(method, url.pathname);
    if (!op) {
      if (response.code >= 400 && responseBody !== undefined) {
        otherErrors.push({ method, path: genericPath(url.pathname), status: response.code, responseShape: shapeOf(responseBody), source });
      }
      return;
    }
    const entry = { operationId: op.operationId, method, pathTemplate: op.path, status: response.code };
    const query = [...new Set(url.searchParams.keys())].sort();
    if (query.length > 0) entry.query = query;
    const requestBody = parseBody(request.body, headerValue(request.headers, "Content-Type"));
    if (requestBody !== undefined) entry.requestShape = shapeOf(requestBody);
    entry.responseShape = responseBody === undefined ? {} : shapeOf(responseBody);
    entry.responseHeaders = Object.keys(response.headers ?? {}).sort();
    entry.source = source;
    entries.push(entry);
  });
}

const byKey = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// Repeated calls (five identical GETs while Terraform polls) collapse into one entry: `source` is
// the first occurrence and `alsoSeenIn` lists the others.
const unique = new Map();
for (const entry of entries) {
  const { source, ...facts } = entry;
  const key = JSON.stringify(sortKeys(facts));
  const seen = unique.get(key);
  if (seen) (seen.alsoSeenIn ??= []).push(source);
  else unique.set(key, { ...entry });
}
entries.length = 0;
entries.push(...unique.values());
entries.sort((a, b) => byKey(a.operationId, b.operationId) || a.status - b.status || byKey(a.source, b.source));
otherErrors.sort((a, b) => byKey(a.source, b.source));

const result = {
  "x-derived-from": {
    files,
    license:
      "Structure only (key paths, JSON types, header names, statuses) of MPL-2.0 cassettes from " +
      "okta/terraform-provider-okta test/fixtures/vcr/idaas; no recorded values are included",
    recordings: "shared/reference/okta/recordings",
    script: "test/tools/derive-recorded-shapes.mjs",
  },
  entries: entries.map(sortKeys),
  otherErrors: otherErrors.map(sortKeys),
};
const out = `${JSON.stringify(result, null, 1)}\n`;
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, out);
const ops = new Set(entries.map((e) => `${e.operationId}/${e.status}`));
console.log(
  `derive-recorded-shapes: wrote ${outFile}: ${out.length} bytes, ${entries.length} distinct interactions ` +
    `(${ops.size} operation/status pairs), ${otherErrors.length} other error bodies`,
);
