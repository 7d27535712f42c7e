#!/usr/bin/env node
// Copies the OpenMetadata 0.13.2 JSON Schemas that src/openmetadata/schema-validator.ts needs
// from the shared reference tree into src/openmetadata/schema/, so a fresh clone (which has no
// ../shared) can still validate. Run from anywhere:
//
//   node test/tools/derive-om-schemas.mjs [path/to/reference/openmetadata/schema]
//
// The default source is ../shared/reference/openmetadata/schema relative to the repo root.
// Output is deterministic (no timestamps), so re-running on the same input gives no git diff.
//
// What is copied: the $ref closure of the roots below. Every file is copied byte-for-byte except
// metadataIngestion/workflow.json, which is pruned to definitions.workflowConfig (plus the local
// definitions it references): its other definitions pull in ~100 connector schemas with upstream
// quirks (duplicate $ids, a "#definitions/..." pointer) that Ajv refuses to compile.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
// An explicit argument is taken relative to the cwd, like any CLI path; the default is repo-relative.
const srcDir =
  process.argv[2] !== undefined ? resolve(process.argv[2]) : resolve(repoRoot, "../shared/reference/openmetadata/schema");
const outDir = join(repoRoot, "src", "openmetadata", "schema");

const WORKFLOW = "metadataIngestion/workflow.json";
const WORKFLOW_KEEP = ["workflowConfig"];
const ROOTS = [
  WORKFLOW,
  "configuration/authenticationConfiguration.json",
  "configuration/authorizerConfiguration.json",
  // Referenced by authenticationConfiguration.json anyway; listed so the intent survives edits.
  "auth/ldapConfiguration.json",
];

function fail(message) {
  console.error(`derive-om-schemas: ${message}`);
  process.exit(1);
}

if (!existsSync(srcDir)) fail(`source directory not found: ${srcDir}`);

/** Every "$ref" string anywhere below `node`. */
function collectRefs(node, out = []) {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, out);
  } else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.push(value);
      else collectRefs(value, out);
    }
  }
  return out;
}

/** Splits a $ref into the referenced file (repo-relative posix path, or the referrer) and its fragment. */
function splitRef(ref, fromFile) {
  const hash = ref.indexOf("#");
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? "" : ref.slice(hash + 1);
  const file = filePart === "" ? fromFile : posix.normalize(posix.join(posix.dirname(fromFile), filePart));
  return { file, fragment };
}

function resolvePointer(doc, fragment) {
  if (fragment === "") return doc;
  if (!fragment.startsWith("/")) return undefined;
  let node = doc;
  for (const raw of fragment.slice(1).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/** workflow.json reduced to the kept definitions and the local definitions they reach. */
function pruneWorkflow(full) {
  const keep = new Set();
  const queue = [...WORKFLOW_KEEP];
  while (queue.length > 0) {
    const name = queue.shift();
    if (keep.has(name)) continue;
    const def = full.definitions?.[name];
    if (def === undefined) fail(`${WORKFLOW}: definitions.${name} not found`);
    keep.add(name);
    for (const ref of collectRefs(def)) {
      const m = /^#\/definitions\/([^/]+)$/.exec(ref);
      if (m) queue.push(m[1]);
    }
  }
  const definitions = {};
  // Keep upstream order so the pruned file reads like the original.
  for (const name of Object.keys(full.definitions)) {
    if (keep.has(name)) definitions[name] = full.definitions[name];
  }
  return {
    $id: full.$id,
    $schema: full.$schema,
    $comment:
      "PRUNED copy of OpenMetadata 0.13.2 metadataIngestion/workflow.json: only definitions " +
      `${[...keep].join(", ")} are kept (see README.md). Not a schema for a whole workflow file.`,
    title: full.title,
    description: full.description,
    definitions,
  };
}

function gitBlobSha1(bytes) {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

// --- collect the closure ---------------------------------------------------------------
const files = new Map(); // rel path -> { bytes, json, pruned, sourceBlob }
const queue = [...ROOTS];
while (queue.length > 0) {
  const rel = queue.shift();
  if (files.has(rel)) continue;
  const path = join(srcDir, rel);
  if (!existsSync(path)) fail(`missing source file ${rel} (looked in ${srcDir})`);
  const original = readFileSync(path);
  let json;
  try {
    json = JSON.parse(original.toString("utf8"));
  } catch (err) {
    fail(`${rel}: not valid JSON (${err.message})`);
  }
  let bytes = original;
  let pruned = false;
  if (rel === WORKFLOW) {
    json = pruneWorkflow(json);
    bytes = Buffer.from(`${JSON.stringify(json, null, 2)}\n`, "utf8");
    pruned = true;
  }
  files.set(rel, { bytes, json, pruned, sourceBlob: gitBlobSha1(original) });
  for (const ref of collectRefs(json)) {
    const { file } = splitRef(ref, rel);
    if (file !== rel) queue.push(file);
  }
}

// --- check every $ref resolves inside the copied set, so the validator can't hit a MissingRef ----
for (const [rel, { json }] of files) {
  for (const ref of collectRefs(json)) {
    const { file, fragment } = splitRef(ref, rel);
    const target = files.get(file);
    if (target === undefined) fail(`${rel}: $ref ${ref} points outside the copied set (${file})`);
    if (resolvePointer(target.json, fragment) === undefined) fail(`${rel}: $ref ${ref} has no target`);
  }
}

// --- write -------------------------------------------------------------------------------
const upstreamReadme = readFileSync(join(srcDir, "README.md"), "utf8");
const commit = /commit\s+`([0-9a-f]{40})`/.exec(upstreamReadme)?.[1];
const mirror = /`([\w.-]+\/[\w.-]+)`,\s*\n?\s*commit\s+`[0-9a-f]{40}`/.exec(upstreamReadme)?.[1];
if (commit === undefined || mirror === undefined) fail("could not find the source repository/commit in the shared README.md");

rmSync(outDir, { recursive: true, force: true });
const sorted = [...files.keys()].sort();
for (const rel of sorted) {
  const target = join(outDir, ...rel.split("/"));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, files.get(rel).bytes);
}

const keptDefinitions = Object.keys(files.get(WORKFLOW).json.definitions)
  .map((name) => `\`definitions.${name}\``)
  .join(" and ");
const rows = sorted.map((rel) => {
  const f = files.get(rel);
  return `| \`${rel}\` | ${f.pruned ? "**pruned** (see below)" : "verbatim"} | \`${f.sourceBlob}\` |`;
});

const readme = `# OpenMetadata JSON Schemas (0.13.2), vendored

**Generated by \`test/tools/derive-om-schemas.mjs\`; do not edit by hand.** Re-run it to refresh:
\`node test/tools/derive-om-schemas.mjs [path/to/reference/openmetadata/schema]\`.

Used by \`src/openmetadata/schema-validator.ts\` to validate the ingestion \`workflowConfig\`
block and the server-side \`authenticationConfiguration\` / \`authorizerConfiguration\`.

## Provenance

* Upstream project: \`open-metadata/OpenMetadata\` (https://github.com/open-metadata/OpenMetadata),
  directory \`openmetadata-spec/src/main/resources/json/schema/\`. Paths here mirror the paths
  below that directory.
* Version: **OpenMetadata 0.13.2**.
* Physical source: \`${mirror}\` commit \`${commit}\`, a single-commit verbatim
  copy of the upstream 0.13.2 tree.
* License: **Apache-2.0** (the OpenMetadata project license).
* Files marked *verbatim* are byte-identical to the source; the last column is the git blob
  SHA-1 of the source file (\`git hash-object\`), for comparison with the upstream tree.

| file | copy | source blob |
| --- | --- | --- |
${rows.join("\n")}

## Changes from upstream

* \`${WORKFLOW}\` is **pruned** to ${keptDefinitions}
  (re-serialised with 2-space indentation, plus a \`$comment\`). Upstream it also describes the
  whole pipeline file (\`source\`, \`sink\`, \`sourceConfig\`, …) and references about 100
  connector schemas that are not vendored; some of those have duplicate \`$id\`s and a
  malformed \`#definitions/...\` pointer that Ajv rejects.
* Nothing else is changed. In particular the declared \`$id\`s are left as upstream wrote them
  even where they do not match the path (\`security/credentials/awsCredentials.json\` lacks
  \`/schema/\`, \`configuration/*.json\` claim \`.../schema/entity/configuration/...\`, \`auth/*.json\`
  claim \`.../schema/api/auth/...\`). The validator registers each file under
  \`https://open-metadata.org/schema/<path>\` instead, which makes every relative \`$ref\` resolve.
* Schemas use non-standard keywords (\`javaType\`, \`mask\`) and formats (\`password\`,
  \`utc-millisec\`), so they must be compiled non-strictly.
`;
writeFileSync(join(outDir, "README.md"), readme);

console.log(`derive-om-schemas: wrote ${sorted.length} schema files + README.md to ${outDir}`);
