// The shipped build (dist/, made by bin/build.mjs, which `npm test`'s pretest and `prepare` run):
// one bundled ESM file per entry point, lazy import() boundaries kept as chunks, source maps for
// --debug. The other e2e tests run bin/ against it; these check its shape.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DIST = join(ROOT, "dist");
const BIN = join(ROOT, "bin", "okta-om-setup.js");

const read = (file: string): string => readFileSync(join(DIST, file), "utf8");

/** The relative modules a dist file imports: static `import … from "./x.js"` or dynamic `import("./x.js")`. */
function importsOf(file: string): { statics: string[]; dynamics: string[] } {
  const text = read(file);
  const statics = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s*"\.\/([^"]+)"/gms), ...text.matchAll(/^import\s*"\.\/([^"]+)"/gm)].map((m) => m[1]!);
  const dynamics = [...text.matchAll(/import\("\.\/([^"]+)"\)/g)].map((m) => m[1]!);
  return { statics, dynamics };
}

/** Every file loaded by loading `file` (static imports only: what starts before any import() runs). */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const next of importsOf(file).statics) staticClosure(next, seen);
  return seen;
}

/** The source files bundled into `files`: esbuild heads each one with a `// path` comment. */
function sourcesIn(files: Iterable<string>): string[] {
  return [...files].flatMap((f) => [...read(f).matchAll(/^\/\/ ((?:src|node_modules)\/\S+)$/gm)].map((m) => m[1]!));
}

/** The chunk that starts the lazy `import()` of a source file, e.g. init-command-XXXX.js. */
function chunkNamed(prefix: string): string {
  const found = readdirSync(DIST).find((f) => f.startsWith(`${prefix}-`) && f.endsWith(".js"));
  if (!found) throw new Error(`no ${prefix}-*.js chunk in dist/`);
  return found;
}

beforeAll(() => {
  if (!existsSync(join(DIST, "cli.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does it in pretest)");
});

describe("the bundled build", () => {
  it("bin/ runs dist/fast-path.js and dist/cli.js, and dist/ is flat: bundles and chunks, no per-source-file modules", () => {
    const bin = readFileSync(BIN, "utf8");
    expect(bin).toContain('require("../dist/fast-path.cjs")');
    expect(bin).toContain('import("../dist/cli.js")');
    // CommonJS: --help and --version never start the ES module loader.
    expect(JSON.parse(readFileSync(join(ROOT, "bin", "package.json"), "utf8"))).toEqual({ type: "commonjs" });
    const dirs = readdirSync(DIST, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    // schema/ holds OpenMetadata's JSON schemas (data the doctor reads), not code.
    expect(dirs).toEqual(["schema"]);
  });

  it("top-level --help and --version load one self-contained CommonJS module, not commander", () => {
    // Node built-ins only (node:fs, node:url), no file of ours or of a package.
    expect([...read("fast-path.cjs").matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).filter((r) => !r!.startsWith("node:"))).toEqual([]);
    expect(read("fast-path.cjs")).not.toMatch(/\bimport\(/);
    // bin/ calls guardClosedPipes (re-exported by the fast path) before anything but the fast path's answer.
    expect([...new Set(sourcesIn(["fast-path.cjs"]))].sort()).toEqual(["src/fast-path.ts", "src/output/closed-pipes.ts"]);
    const env = { PATH: process.env.PATH, HOME: ROOT, NO_COLOR: "1" };
    const help = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8", env });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: okta-om-setup \[options\] \[command\]/);
    const version = spawnSync(process.execPath, [BIN, "--version"], { encoding: "utf8", env });
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version);
  });

  it("what a command does not use is not loaded: the lazy import()s are chunks of their own", () => {
    const cli = sourcesIn(staticClosure("cli.js"));
    expect(cli.some((s) => s.startsWith("node_modules/commander/"))).toBe(true);
    // Parsing argv and printing help loads no command's work, no parser and no Okta client.
    // The exceptions: the sandbox's 2 KB table of rate-limit plans, whose names `sandbox --help` lists,
    // and the loader of Okta's spec (init's option limits), which reads the spec only when called.
    const ours = cli.filter((s) => s !== "src/sandbox/rate-limit-plans.ts" && s !== "src/sandbox/spec/spec-document.ts");
    for (const heavy of ["node_modules/zod/", "node_modules/yaml/", "node_modules/jose/", "node_modules/@inquirer/", "node_modules/node-fetch/", "src/sandbox/", "src/doctor/", "src/init/"]) {
      expect(ours.filter((s) => s.startsWith(heavy)), heavy).toEqual([]);
    }
    // init parses its options with zod/mini (not all of zod) and reaches Okta before it loads
    // yaml (the OpenMetadata files), jose (OAuth for Okta), the wizard or the sandbox.
    const init = sourcesIn(staticClosure(chunkNamed("init-command")));
    expect(init).toContain("src/options/init-options.ts");
    expect(init.some((s) => s.startsWith("node_modules/zod/v4/mini/"))).toBe(true);
    expect(init.filter((s) => s.startsWith("node_modules/zod/v4/classic/"))).toEqual([]);
    for (const heavy of ["node_modules/yaml/", "node_modules/jose/", "node_modules/@inquirer/", "src/sandbox/", "src/wizard/init-wizard.ts"]) {
      expect(init.filter((s) => s.startsWith(heavy) && s !== "src/sandbox/spec/spec-document.ts"), heavy).toEqual([]);
    }
    // No command loads all of zod: the manifest is read through zod/mini too (src/zod-mini.ts).
    const everything = sourcesIn(readdirSync(DIST).filter((f) => f.endsWith(".js")));
    expect(everything.filter((s) => s.startsWith("node_modules/zod/v4/classic/"))).toEqual([]);
    // The Okta SDK's executor is bundled without node-fetch's URL polyfill (never used on Node ≥ 10).
    expect(init).toContain("node_modules/@okta/okta-sdk-nodejs/src/default-request-executor.js");
    expect(init.filter((s) => /whatwg-url|tr46/.test(s))).toEqual([]);
    // doctor, config and sandbox are reached only through import().
    const cliImports = importsOf("cli.js").dynamics;
    for (const lazy of ["init-command", "config-command", "doctor-command", "run-sandbox"]) expect(cliImports).toContain(chunkNamed(lazy));
  });

  it("every module has a source map, and with source maps on (bin/ turns them on for --debug) a stack names src/*.ts", () => {
    for (const file of readdirSync(DIST).filter((f) => f.endsWith(".js") || f.endsWith(".cjs"))) {
      expect(read(file), file).toContain(`//# sourceMappingURL=${file}.map`);
      expect(existsSync(join(DIST, `${file}.map`)), file).toBe(true);
    }
    expect(readFileSync(BIN, "utf8")).toMatch(/if \(argv\.includes\("--debug"\)\) process\.setSourceMapsEnabled\(true\);/);
    // An unexpected error inside the CLI (its stdout throws), printed by main() with --debug.
    const script = `
      process.setSourceMapsEnabled(true);
      const { main } = await import(${JSON.stringify(join(DIST, "cli.js"))});
      let err = "";
      const code = await main(["doctor", "--list-checks", "--debug"], {
        stdout: { write() { throw new Error("stdout is gone"); }, isTTY: false },
        stderr: { write(s) { err += s; }, isTTY: false },
      });
      process.stdout.write(JSON.stringify({ code, err }));`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: ROOT, NO_COLOR: "1" } });
    expect(child.status, child.stderr).toBe(0);
    const { code, err } = JSON.parse(child.stdout) as { code: number; err: string };
    expect(code).toBe(1);
    expect(err).toContain("Unexpected error: stdout is gone");
    expect(err).toMatch(/\bsrc\/[\w/-]+\.ts:\d+:\d+/);
  });
});
