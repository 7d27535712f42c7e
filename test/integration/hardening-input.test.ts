// Issue 15, items 2 and 3: the manifest and config files are input too, and empty means missing.
// Each case below is a class (every manifest field, every option of every command), not one example.
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli.js";
import { captureDeps } from "../helpers/capture.js";
import { ManifestSchema } from "../../src/manifest/manifest-schema.js";
import { INIT_FLAGS } from "../../src/options/init-flags.js";
import { flagName } from "../../src/options/sources.js";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { runCli, tempDir } from "../helpers/run-cli.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

/** A completed setup as `config` needs it (no service app, so no key file), version pinned: no network. */
function manifestDir(patch: Record<string, unknown> = {}): { dir: string; file: string } {
  const dir = tempDir("okta-om-manifest-");
  const file = join(dir, "okta-om-setup.json");
  const manifest = {
    schemaVersion: 1,
    orgUrl: sandbox.orgUrl,
    issuer: `${sandbox.orgUrl}/oauth2/aus1`,
    spaClientId: "0oa1spa",
    omUrl: "http://localhost:8585",
    botEmail: "bot@example.com",
    choices: { omVersion: "1.2.5" },
    deployFiles: ["docker"],
    ...patch,
  };
  writeFileSync(file, JSON.stringify(manifest));
  return { dir, file };
}

const DROPPABLE = new Set(["updatedAt", "files", "choices"]);
// Every field of the one schema, so a field added later is covered without touching this test.
const FIELDS = Object.keys(ManifestSchema.shape).filter((k) => k !== "schemaVersion");

describe("item 2: a hand-edited manifest is checked field by field at load time", () => {
  it("covers every field of the manifest schema", () => {
    expect(FIELDS).toEqual(expect.arrayContaining(["deployFiles", "redirectUris", "adminPrincipals", "spaClientId", "trustedOriginIds", "files", "choices"]));
  });

  it.each(FIELDS.flatMap((field) => [[field, 42], [field, field.endsWith("s") || field === "choices" ? "a string" : ["a", "list"]]] as [string, unknown][]))(
    "%s = %j: config names the file and the field (exit 2), or drops a safe field with a warning",
    async (field, value) => {
      const { dir, file } = manifestDir({ [field]: value });
      const before = readFileSync(file, "utf8");
      const run = await runCli(["config", "--out-dir", dir, "--yes"], {});
      expect(run.stderr).not.toContain("Unexpected error");
      expect(run.stderr).not.toContain("please report");
      if (DROPPABLE.has(field)) {
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toContain(`ignoring ${field}`);
        expect(run.stderr).toContain(file);
      } else {
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toContain(file);
        expect(run.stderr).toMatch(new RegExp(`${field}(\\.|\\[|:)`));
        expect(readFileSync(file, "utf8")).toBe(before);
        expect(readdirSync(dir)).toEqual(["okta-om-setup.json"]);
      }
    },
  );

  it("the issue's examples: deployFiles and redirectUris as strings, a number for adminPrincipals, all listed at once", async () => {
    const { dir, file } = manifestDir({ deployFiles: "docker", redirectUris: "http://x/callback", adminPrincipals: 7 });
    const run = await runCli(["config", "--out-dir", dir], {});
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`${file} has 3 bad fields`);
    for (const field of ["deployFiles", "redirectUris", "adminPrincipals"]) expect(run.stderr).toContain(`${field}:`);
  });

  it("fields a newer version adds (e.g. provenance) are kept as written", async () => {
    const { dir, file } = manifestDir({ provenance: { spaAppId: "created" } });
    const run = await runCli(["config", "--out-dir", dir, "--yes"], {});
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ provenance: { spaAppId: "created" } });
  });

  it("init and doctor read the manifest through the same schema", async () => {
    const { dir, file } = manifestDir({ spaAppId: ["x"] });
    const init = await runCli(["init", "--org-url", sandbox.orgUrl, "--bot-email", "b@example.com", "--no-interactive", "--yes", "--out-dir", dir], { sandbox });
    expect(init.code, init.stderr).toBe(2);
    expect(init.stderr).toContain(`${file}: spaAppId: must be an Okta id`);
    const doctor = await runCli(["doctor", "--out-dir", dir], {});
    expect(doctor.code, doctor.stderr).toBe(2);
    expect(doctor.stderr).toContain(`${file}: spaAppId`);
  });
});

describe("item 2: a YAML --config the parser refuses is a problem with that file", () => {
  it("an alias bomb: exit 2 naming the file, no unexpected error, nothing created", async () => {
    const dir = tempDir();
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    writeFileSync(join(dir, "bomb.yaml"), lines.join("\n") + "\n");
    const run = await runCli(["init", "--config", "bomb.yaml", "--no-interactive", "--out-dir", "out"], { cwd: dir, sandbox });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain("config file bomb.yaml");
    expect(run.stderr).toContain("too many alias expansions");
    expect(run.stderr).not.toContain("Unexpected error");
    expect(existsSync(join(dir, "out"))).toBe(false);
    expect(sandbox.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });
});

/** Every option that takes a value, per command, straight from the registered program. */
function valueOptions(): [string, string][] {
  const program = buildProgram(captureDeps(), { exitCode: 0, debug: false, json: false });
  return program.commands.flatMap((cmd) => cmd.options.filter((o) => o.required || o.optional).map((o) => [cmd.name(), o.long!] as [string, string]));
}

describe("item 3: an explicitly empty value is an error naming it (exit 2), never the default", () => {
  it.each(valueOptions())("%s %s \"\"", async (command, flag) => {
    const cwd = tempDir();
    sandbox.requests.length = 0;
    const run = await runCli([command, flag, ""], { cwd, sandbox });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`${flag} was given an empty value`);
    expect(readdirSync(cwd)).toEqual([]);
    expect(sandbox.requests).toEqual([]);
  });

  it("whitespace only counts as empty too (--scope \"  \")", async () => {
    const run = await runCli(["init", "--sandbox", "--scope", "  "], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--scope was given an empty value");
  });

  const envTwins = INIT_FLAGS.flatMap((spec) => (spec.env ?? []).map((name) => [name, flagName(spec)] as [string, string]));
  it.each(envTwins)("init with %s set but empty (the env twin of %s)", async (name) => {
    const cwd = tempDir();
    sandbox.requests.length = 0;
    const run = await runCli(["init", "--org-url", sandbox.orgUrl, "--bot-email", "b@example.com", "--no-interactive", "--out-dir", "out"], { cwd, sandbox, env: { [name]: "" } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`${name}: is set but empty`);
    expect(readdirSync(cwd)).toEqual([]);
    expect(sandbox.requests).toEqual([]);
  });

  it.each(["OKTA_OM_OUT_DIR", "OKTA_OM_OM_URL", "OKTA_OM_OM_VERSION", "OKTA_OM_BOT_EMAIL", "OKTA_OM_ADMIN_PRINCIPALS", "OKTA_OM_PRINCIPAL_DOMAIN", "OKTA_OM_DEPLOY_FILES", "OKTA_OM_BOT_JWT_FILE"])(
    "config with %s set but empty",
    async (name) => {
      const { dir } = manifestDir();
      const run = await runCli(["config", ...(name === "OKTA_OM_OUT_DIR" ? [] : ["--out-dir", dir])], { cwd: dir, env: { [name]: "  " } });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(`${name} was given an empty value`);
      expect(readdirSync(dir)).toEqual(["okta-om-setup.json"]);
    },
  );

  it.each(["OKTA_OM_OUT_DIR", "OKTA_OM_OM_URL"])("doctor with %s set but empty", async (name) => {
    const { dir } = manifestDir();
    const run = await runCli(["doctor", ...(name === "OKTA_OM_OUT_DIR" ? [] : ["--out-dir", dir])], { cwd: dir, env: { [name]: "" } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`${name} was given an empty value`);
  });

  // Flag-only options (config, the stdin readers) are refused in a config file whatever their value.
  const configKeys = INIT_FLAGS.filter((f) => !["config", "apiTokenStdin", "omAdminTokenStdin"].includes(f.key));
  it.each(configKeys.map((f) => [f.key, flagName(f)]))("a config file with %s: \"\"", async (key, flag) => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "c"));
    writeFileSync(join(cwd, "c", "init.yaml"), `${key}: ""\n`);
    sandbox.requests.length = 0;
    const run = await runCli(["init", "--config", "c/init.yaml", "--org-url", sandbox.orgUrl, "--bot-email", "b@example.com", "--no-interactive", ...(key === "outDir" ? [] : ["--out-dir", "out"])], { cwd, sandbox });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`config file c/init.yaml (${flag.slice(2)})`);
    expect(readdirSync(cwd)).toEqual(["c"]);
    expect(sandbox.requests).toEqual([]);
  });

  it("the issue's example: --key-file \"\" on a setup with a key neither generates nor replaces one", async () => {
    const out = join(tempDir(), "out");
    expect((await runCli(["init", "--org-url", sandbox.orgUrl, "--bot-email", "b@example.com", "--om-version", "1.2.5", "--no-interactive", "--yes", "--out-dir", out], { sandbox })).code).toBe(0);
    const key = readFileSync(join(out, "service-app.private.jwk.json"), "utf8");
    sandbox.requests.length = 0;
    const run = await runCli(["init", "--org-url", sandbox.orgUrl, "--bot-email", "b@example.com", "--om-version", "1.2.5", "--no-interactive", "--yes", "--out-dir", out, "--key-file", ""], { sandbox });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--key-file was given an empty value");
    expect(readFileSync(join(out, "service-app.private.jwk.json"), "utf8")).toBe(key);
    expect(sandbox.requests).toEqual([]);
  });
});
