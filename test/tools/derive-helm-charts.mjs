#!/usr/bin/env node
// Derives what the code and tests need from the OpenMetadata Helm chart snapshot in
// shared/reference/openmetadata/helm (every chart tag's values.schema.json and values.yaml, see the
// README there). A fresh clone has no ../shared, so the results are committed. Run from anywhere:
//
//   node test/tools/derive-helm-charts.mjs [path/to/reference/openmetadata/helm]
//
// Writes (deterministic: re-running on the same input gives no git diff):
// - src/openmetadata/helm-chart-table.ts: every chart tag and the OpenMetadata version it ships
//   (charts.tsv), plus chart 2.0.0, which the snapshot lacks (the README: its values are reported
//   identical to 1.13.x, so it maps to the 1.13.1 files here).
// - test/fixtures/helm-charts/: for EVERY chart tag, the schema pruned to what a sign-in values file
//   can touch and the chart's default values for the same subtrees, so the tests can validate the
//   values we write for each chart. Most tags share these, so each distinct pair is stored once
//   (<id>.json, id = a hash of its content) and index.json maps every chart (and the OpenMetadata
//   version it ships) to its pair.
//
// Pruning keeps the semantics for any values file limited to those subtrees: on the path from the
// root to `global.authentication|authorizer` / `openmetadata.config.authentication|authorizer` and
// `extraEnvs`, every object keeps its `additionalProperties` and the *names* of all its properties
// (the others become `true`), so an unknown key fails exactly as it would against the full schema.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const srcDir = process.argv[2] !== undefined ? resolve(process.argv[2]) : resolve(repoRoot, "../shared/reference/openmetadata/helm");
const tableFile = join(repoRoot, "src", "openmetadata", "helm-chart-table.ts");
const fixtureDir = join(repoRoot, "test", "fixtures", "helm-charts");

// Subtrees a sign-in values file may write; everything else is pruned.
const PATHS = [["global", "authentication"], ["global", "authorizer"], ["openmetadata", "config", "authentication"], ["openmetadata", "config", "authorizer"], ["extraEnvs"]];

function fail(message) {
  console.error(`derive-helm-charts: ${message}`);
  process.exit(1);
}

if (!existsSync(join(srcDir, "charts.tsv"))) fail(`charts.tsv not found in ${srcDir}`);

const rows = readFileSync(join(srcDir, "charts.tsv"), "utf8")
  .split("\n")
  .slice(1)
  .filter((line) => line.trim() !== "")
  .map((line) => {
    const [chart, appVersion, schema, values] = line.split("\t");
    return { chart, appVersion, schema, values };
  });
if (rows.length < 100) fail(`charts.tsv has only ${rows.length} rows`);

/** Keeps `node` whole when `rest` is empty, else prunes it to the next path segment(s). */
function prune(node, paths) {
  if (paths.some((p) => p.length === 0)) return node;
  if (node === null || typeof node !== "object" || node.properties === undefined) return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== "properties") out[key] = key === "default" ? undefined : value;
  }
  delete out.default;
  out.properties = {};
  for (const [name, child] of Object.entries(node.properties)) {
    const below = paths.filter((p) => p[0] === name).map((p) => p.slice(1));
    out.properties[name] = below.length > 0 ? prune(child, below) : true;
  }
  return out;
}

function pick(values, paths) {
  const out = {};
  for (const path of paths) {
    let node = values;
    for (const key of path) node = node?.[key];
    if (node === undefined) continue;
    let target = out;
    for (const key of path.slice(0, -1)) target = target[key] ??= {};
    target[path[path.length - 1]] = node;
  }
  return out;
}

rmSync(fixtureDir, { recursive: true, force: true });
mkdirSync(fixtureDir, { recursive: true });
const pairs = new Map();
const index = [];
for (const row of rows) {
  const schema = JSON.parse(readFileSync(join(srcDir, row.schema), "utf8"));
  const values = YAML.parse(readFileSync(join(srcDir, row.values), "utf8"));
  const { $schema: _meta, ...rest } = prune(schema, PATHS);
  const pair = { schema: rest, defaults: pick(values, PATHS) };
  const text = JSON.stringify(pair, null, 2);
  const id = createHash("sha256").update(text).digest("hex").slice(0, 12);
  const known = pairs.get(id) ?? { text, charts: [], sources: new Set() };
  known.charts.push(row.chart);
  known.sources.add(`${row.schema} + ${row.values}`);
  pairs.set(id, known);
  index.push([row.chart, row.appVersion, id]);
}
// Chart 2.0.0 is not in the snapshot; the README's closest copy is 1.13.1.
const closest = index.find(([chart]) => chart === "1.13.1");
if (!closest) fail("chart 1.13.1 is not in charts.tsv");
index.push(["2.0.0", "2.0.0", closest[2]]);
for (const [id, { text, charts, sources }] of pairs) {
  const comment = `Pruned from open-metadata/openmetadata-helm-charts (${[...sources].join(", ")}): the schema and defaults of chart(s) ${charts.join(", ")}; generated by test/tools/derive-helm-charts.mjs.`;
  writeFileSync(join(fixtureDir, `${id}.json`), `${JSON.stringify({ $comment: comment, ...JSON.parse(text) }, null, 2)}\n`);
}
const indexJson = {
  $comment: "Every chart tag: [chart, OpenMetadata version it ships, fixture id (<id>.json here)]; 2.0.0 uses 1.13.1's (not in the snapshot). Generated by test/tools/derive-helm-charts.mjs.",
  charts: index,
};
writeFileSync(join(fixtureDir, "index.json"), `${JSON.stringify(indexJson, null, 1).replace(/\[\n\s+"([^"]+)",\n\s+"([^"]+)",\n\s+"([^"]+)"\n\s+\]/g, '["$1", "$2", "$3"]')}\n`);

const entries = rows.map((r) => `  ["${r.chart}", "${r.appVersion}"],`);
const table = `// GENERATED by test/tools/derive-helm-charts.mjs from the Helm chart snapshot (shared/reference/
// openmetadata/helm/charts.tsv: open-metadata/openmetadata-helm-charts @ 039a208f, every tag from
// openmetadata-0.0.53 to openmetadata-1.13.1). Do not edit by hand.

/** [chart version, OpenMetadata version it ships (appVersion)], oldest first. */
export const HELM_CHARTS: readonly (readonly [string, string])[] = [
${entries.join("\n")}
  // Not in the snapshot: chart 2.0.0 ships OpenMetadata 2.0.0, values reported identical to 1.13.x
  // (mitodl/ol-infrastructure PR #5646, per the snapshot's README).
  ["2.0.0", "2.0.0"],
];
`;
writeFileSync(tableFile, table);
console.log(`derive-helm-charts: ${rows.length + 1} charts in ${tableFile}; ${pairs.size} distinct schema/defaults pairs in ${fixtureDir}`);
