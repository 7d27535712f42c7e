// Builds the CLI: esbuild bundles src/ into one ESM file per entry point in dist/ (the top-level
// --help/--version fast path, and the CLI), keeping every lazy import() boundary as a code-split
// chunk so that a command loads only what it uses. `prepare` runs this, so a fresh `npm install`
// builds it. esbuild only strips types: `npm run typecheck` is what checks them.
// `node bin/build.mjs --meta` also writes dist/meta.json (what went into which chunk).
import { build } from "esbuild";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = `${root}dist`;

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

/** The "type" of the package.json nearest to `file`: "module" for an ES module package. */
function packageType(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).type ?? "commonjs";
    } catch {
      // no package.json here: look one folder up
    }
  }
  return "commonjs";
}

/**
 * A CommonJS package loaded with import() becomes a chunk with only a default export, so
 * `const { x } = await import("pkg")` would get undefined at run time in the bundle (and only
 * there: src/ under vitest works). Fail the build instead; re-export it statically from a small
 * module of ours and import() that (src/yaml-parser.ts).
 */
const noDynamicCommonJs = {
  name: "no-dynamic-import-of-commonjs",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== "dynamic-import" || args.pluginData === "inner") return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "inner" });
      if (resolved.errors.length > 0 || resolved.external || !resolved.path) return resolved;
      const esm = resolved.path.endsWith(".mjs") || (!resolved.path.endsWith(".cjs") && packageType(resolved.path) === "module");
      if (esm) return resolved;
      return { errors: [{ text: `import("${args.path}") loads a CommonJS package: its named exports are lost in the bundle. Re-export what you need from a small src/ module and import() that.` }] };
    });
  },
};

/**
 * node-fetch 2 (the Okta SDK's transport, bundled through src/okta/sdk-executor.ts) requires
 * whatwg-url at load time but uses it only where Node has no url.URL (`Url.URL || whatwgUrl.URL`),
 * which every Node ≥ 10 has. Loading it parsed a 260 KB Unicode table (tr46) on every run.
 */
const noUrlPolyfill = {
  name: "no-whatwg-url-for-node-fetch",
  setup(b) {
    b.onResolve({ filter: /^whatwg-url$/ }, (args) => (/[\\/]node_modules[\\/]node-fetch[\\/]/.test(args.importer) ? { path: "whatwg-url", namespace: "unused-polyfill" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "unused-polyfill" }, () => ({ contents: "module.exports = {};", loader: "js" }));
  },
};

const common = {
  absWorkingDir: root,
  outdir: "dist",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Linked maps without the sources: bin/ turns them on for --debug, so its stack traces name
  // src/*.ts lines, and they cost nothing otherwise (Node reads them only when enabled).
  sourcemap: "linked",
  sourcesContent: false,
  logLevel: "warning",
};
const failed = () => {
  // esbuild has printed the errors with their source lines; its stack trace adds nothing.
  process.exit(1);
};

// The top-level --help/--version answer (bin/ tries it first): one self-contained file, no chunks,
// so that `okta-om-setup --help` loads a single small module, as close to a bare `node` as it gets.
// CommonJS (.cjs), so that bin/, CommonJS too, loads it without starting the ES module loader.
await build({
  ...common,
  entryPoints: ["src/fast-path.ts"],
  format: "cjs",
  outExtension: { ".js": ".cjs" },
  // src/ reads ../package.json relative to import.meta.url, which CommonJS does not have.
  define: { "import.meta.url": "__fastPathUrl" },
  banner: { js: 'const __fastPathUrl = require("node:url").pathToFileURL(__filename).href;' },
}).catch(failed);

const result = await build({
  ...common,
  entryPoints: ["src/cli.ts"],
  splitting: true,
  // Every chunk sits in dist/ itself: src/ reads package.json and its JSON assets relative to
  // import.meta.url, and a flat dist/ keeps "../package.json" right, as from any src/ file one
  // folder deep. The assets are copied below to the names the chunks look for.
  chunkNames: "[name]-[hash]",
  // Bundled CommonJS dependencies (commander) call require() for Node built-ins, which an ES
  // module does not have: give every chunk one (esbuild renames our own `require` consts).
  banner: { js: 'import { createRequire as __bundleCreateRequire } from "node:module"; const require = __bundleCreateRequire(import.meta.url);' },
  plugins: [noDynamicCommonJs, noUrlPolyfill],
  metafile: true,
}).catch(failed);

// Read at run time through new URL("./…", import.meta.url) (src/sandbox/spec/spec-document.ts,
// src/openmetadata/schema-validator.ts): the sandbox's pruned Okta spec and OpenMetadata's schemas.
cpSync(`${root}src/sandbox/spec/okta-spec.json`, `${dist}/okta-spec.json`);
cpSync(`${root}src/openmetadata/schema`, `${dist}/schema`, { recursive: true });

if (process.argv.includes("--meta")) writeFileSync(`${dist}/meta.json`, JSON.stringify(result.metafile));
