import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { inspect } from "node:util";
import { fc, test as propTest } from "@fast-check/vitest";
import { Command } from "commander";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { registerFlags } from "../../src/commands/register-flags.js";
import { MissingInputError, UsageError } from "../../src/errors.js";
import { INIT_FLAGS } from "../../src/options/init-flags.js";
import {
  checkInitValue,
  finalizeInitOptions,
  formatAccess,
  INIT_DEFAULTS,
  readApiTokenFromEnv,
  resolveInitOptions,
  type ResolveInput,
} from "../../src/options/init-options.js";
import { isLoopbackHost, normalizeHttpUrl, normalizeOrgUrl } from "../../src/options/org-url.js";
import { readConfigFile } from "../../src/options/sources.js";
import { apiTokenProblem, readTokenFromStdin } from "../../src/options/stdin-token.js";
import { Secret } from "../../src/secret.js";

const TOKEN = "00abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_12"; // 42 characters, the SSWS shape
const CANARY = "CANARY7f3e";
const DEVICE = "urn:ietf:params:oauth:grant-type:device_code";
const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "okta-om-options-"));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const input = (over: Partial<ResolveInput> = {}): ResolveInput => ({ flags: {}, env: {}, cwd, ...over });
const writeConfig = (text: string, name = "okta-om.yaml"): string => {
  writeFileSync(join(cwd, name), text);
  return name;
};

/** Resolves and returns the single UsageError it must throw. */
async function usageError(over: Partial<ResolveInput>): Promise<UsageError> {
  const err: unknown = await resolveInitOptions(input(over)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  const usage = err as UsageError;
  expect(usage.exitCode).toBe(2);
  return usage;
}

const complete = { orgUrl: "https://dev-123.okta.com", botEmail: "bot@example.com" };
const tokenEnv = { OKTA_OM_API_TOKEN: TOKEN };

describe("precedence: default < config < env < flags", () => {
  const cases: { key: string; configKey: string; config: string; env: [string, string]; flag: [string, unknown]; flagSource: string; want: unknown[] }[] = [
    {
      key: "appName",
      flagSource: "--app-name",
      configKey: "app-name",
      config: "From Config",
      env: ["OKTA_OM_APP_NAME", "From Env"],
      flag: ["appName", "From Flag"],
      want: ["OpenMetadata", "From Config", "From Env", "From Flag"],
    },
    {
      key: "apiScopes",
      flagSource: "--api-scopes",
      configKey: "apiScopes",
      config: "[okta.apps.read]",
      env: ["OKTA_OM_API_SCOPES", "okta.groups.read, okta.users.read"],
      flag: ["apiScopes", "okta.clients.manage"],
      want: [INIT_DEFAULTS.apiScopes, ["okta.apps.read"], ["okta.groups.read", "okta.users.read"], ["okta.clients.manage"]],
    },
    {
      key: "omUrl",
      flagSource: "--om-url",
      configKey: "om-url",
      config: "https://config.example.com/",
      env: ["OKTA_OM_OM_URL", "https://env.example.com"],
      flag: ["omUrl", "https://flag.example.com//"],
      want: ["http://localhost:8585", "https://config.example.com", "https://env.example.com", "https://flag.example.com"],
    },
    {
      key: "ruleGrantTypes",
      flagSource: "--rule-grant-types",
      configKey: "rule-grant-types",
      config: "implicit",
      env: ["OKTA_OM_RULE_GRANT_TYPES", "device token-exchange"],
      flag: ["ruleGrantTypes", "client_credentials"],
      want: [INIT_DEFAULTS.ruleGrantTypes, ["implicit"], [DEVICE, EXCHANGE], ["client_credentials"]],
    },
    {
      key: "redirectUris",
      flagSource: "--redirect-uri",
      configKey: "redirect-uri",
      config: "[https://c.example.com/callback]",
      env: ["OKTA_OM_REDIRECT_URIS", "https://e.example.com/a,https://e.example.com/b"],
      // commander stores the repeatable --redirect-uri under its own camelCase name
      flag: ["redirectUri", ["https://f.example.com/callback"]],
      want: [
        ["http://localhost:8585/callback", "http://localhost:8585/silent-callback"],
        ["https://c.example.com/callback"],
        ["https://e.example.com/a", "https://e.example.com/b"],
        ["https://f.example.com/callback"],
      ],
    },
  ];

  test.each(cases)("$key", async ({ key, configKey, config, env, flag, flagSource, want }) => {
    const file = writeConfig(`${configKey}: ${config}\n`);
    const layers: Partial<ResolveInput>[] = [
      {},
      { flags: { config: file } },
      { flags: { config: file }, env: { [env[0]]: env[1] } },
      { flags: { config: file, [flag[0]]: flag[1] }, env: { [env[0]]: env[1] } },
    ];
    const sources = ["default", `config file ${file}`, env[0], flagSource];
    for (const [i, layer] of layers.entries()) {
      const { options, sources: got } = await resolveInitOptions(input(layer));
      expect(options[key as keyof typeof options], `layer ${i}`).toEqual(want[i]);
      expect(got[key]?.startsWith(sources[i] ?? "?"), `source ${got[key]}`).toBe(true);
    }
  });

  test("the org URL falls back from OKTA_OM_ORG_URL to OKTA_CLIENT_ORGURL, and the flag wins", async () => {
    const fallback = await resolveInitOptions(input({ env: { OKTA_CLIENT_ORGURL: "https://sdk.okta.com/" } }));
    expect(fallback.options.orgUrl).toBe("https://sdk.okta.com");
    expect(fallback.sources.orgUrl).toBe("OKTA_CLIENT_ORGURL");
    const both = await resolveInitOptions(input({ env: { OKTA_CLIENT_ORGURL: "https://sdk.okta.com", OKTA_OM_ORG_URL: "https://om.okta.com" } }));
    expect(both.sources.orgUrl).toBe("OKTA_OM_ORG_URL");
    const flag = await resolveInitOptions(input({ flags: { orgUrl: "https://flag.okta.com" }, env: { OKTA_OM_ORG_URL: "https://om.okta.com" } }));
    expect([flag.options.orgUrl, flag.sources.orgUrl]).toEqual(["https://flag.okta.com", "--org-url"]);
  });

  test("the API token: OKTA_OM_API_TOKEN, then OKTA_CLIENT_TOKEN, then OKTA_API_TOKEN; stdin beats all", async () => {
    expect(readApiTokenFromEnv({ OKTA_API_TOKEN: ` ${TOKEN}\n` }).source).toBe("OKTA_API_TOKEN");
    expect(readApiTokenFromEnv({ OKTA_API_TOKEN: "x", OKTA_CLIENT_TOKEN: TOKEN }).source).toBe("OKTA_CLIENT_TOKEN");
    const env = { OKTA_API_TOKEN: "x", OKTA_CLIENT_TOKEN: "y", OKTA_OM_API_TOKEN: TOKEN };
    expect(readApiTokenFromEnv(env).token?.reveal()).toBe(TOKEN);
    expect(readApiTokenFromEnv({ OKTA_OM_API_TOKEN: "  " })).toEqual({});
    const stdin = `${TOKEN.slice(0, -2)}zz`;
    const r = await resolveInitOptions(input({ flags: { apiTokenStdin: true }, env, stdinToken: `${stdin}\n` }));
    expect(r.options.apiToken?.reveal()).toBe(stdin);
    expect(r.sources.apiToken).toBe("--api-token-stdin");
  });

  test("booleans and negations: config yes/no, --no-interactive, --no-service-app", async () => {
    const file = writeConfig("plan: yes\nyes: 'true'\njson: 0\ninteractive: true\n");
    const r = await resolveInitOptions(input({ flags: { config: file, interactive: false, serviceApp: false } }));
    expect(r.options).toMatchObject({ plan: true, yes: true, json: false, interactive: false, serviceApp: false });
    expect(r.sources.interactive).toBe("--no-interactive");
    expect(r.sources.serviceApp).toBe("--no-service-app");
    const undecided = await resolveInitOptions(input());
    expect(undecided.options.interactive).toBeUndefined();
    expect(undecided.options.serviceApp).toBeUndefined();
  });

  test("config keys may be camelCase or flag names; scalars stay strings; paths resolve against the cwd", async () => {
    const file = writeConfig("orgUrl: https://dev-1.okta.com\nom-version: 1.10\nout-dir: out\nadmin-principals: alice, bob\ncfgunused:\n", "c.yml");
    await expect(resolveInitOptions(input({ flags: { config: file } }))).rejects.toThrow(/unknown key cfgunused/);
    writeConfig("orgUrl: https://dev-1.okta.com\nom-version: 1.10\nout-dir: out\nadmin-principals: alice, bob\n", "c.yml");
    const r = await resolveInitOptions(input({ env: { OKTA_OM_CONFIG: file } }));
    expect(r.options).toMatchObject({ orgUrl: "https://dev-1.okta.com", omVersion: "1.10", outDir: join(cwd, "out"), adminPrincipals: ["alice", "bob"] });
    expect(r.options.config).toBe(join(cwd, file));
    expect(r.sources.omVersion).toBe("config file c.yml");
  });
});

describe("derived defaults", () => {
  test("redirect, logout and base URIs follow --om-url (after merging)", async () => {
    const r = await resolveInitOptions(input({ env: { OKTA_OM_OM_URL: "https://data.example.com/om/" } }));
    expect(r.options).toMatchObject({
      omUrl: "https://data.example.com/om",
      redirectUris: ["https://data.example.com/om/callback", "https://data.example.com/om/silent-callback"],
      logoutUris: ["https://data.example.com/om"],
      baseUris: ["https://data.example.com"],
    });
    expect(r.sources.redirectUris).toMatch(/^default/);
  });

  test("explicit URIs are kept as given; principal domain comes from the bot email", async () => {
    const r = await resolveInitOptions(
      input({ flags: { redirectUri: ["https://om.example.com/callback?x=1"], logoutUri: ["https://om.example.com"], baseUri: ["https://om.example.com/"], botEmail: "Bot@Example.COM" } }),
    );
    expect(r.options.redirectUris).toEqual(["https://om.example.com/callback?x=1"]);
    expect(r.options.logoutUris).toEqual(["https://om.example.com"]);
    expect(r.options.baseUris).toEqual(["https://om.example.com"]);
    expect(r.options.principalDomain).toBe("example.com");
    expect(r.options.outDir).toBe(join(cwd, "okta-om-setup"));
  });

  test("access parses into a tagged value and formats back", async () => {
    const r = await resolveInitOptions(input({ flags: { access: "groups:00g1,00g2 00g1" } }));
    expect(r.options.access).toEqual({ kind: "groups", groupIds: ["00g1", "00g2"] });
    expect(formatAccess(r.options.access!)).toBe("groups:00g1,00g2");
    expect((await resolveInitOptions(input())).options.access).toEqual({ kind: "everyone" });
  });

  test("om version: the grammar of src/openmetadata/om-version.ts, kept as given", async () => {
    for (const v of ["1.2.5", "v1.3.0-SNAPSHOT", "0.13.2.1", "1.2.x"]) {
      expect((await resolveInitOptions(input({ flags: { omVersion: ` ${v} ` } }))).options.omVersion).toBe(v);
    }
  });

  test("deploy files: a subset, or none", async () => {
    expect((await resolveInitOptions(input({ flags: { deployFiles: "helm,docker" } }))).options.deployFiles).toEqual(["docker", "helm"]);
    expect((await resolveInitOptions(input({ flags: { deployFiles: "none" } }))).options.deployFiles).toEqual([]);
  });

  test("grant-type aliases map to Okta's values", async () => {
    const r = await resolveInitOptions(input({ flags: { ruleGrantTypes: `device_code,device,token_exchange,token-exchange,${EXCHANGE},jwt-bearer,authorization_code` } }));
    expect(r.options.ruleGrantTypes).toEqual([DEVICE, EXCHANGE, "urn:ietf:params:oauth:grant-type:jwt-bearer", "authorization_code"]);
    expect(checkInitValue("ruleGrantTypes", "device")).toEqual({ ok: true, value: [DEVICE] });
  });
});

describe("missing input", () => {
  test("a headless run with nothing given lists the org URL, credentials and bot email at once", async () => {
    const resolved = await resolveInitOptions(input());
    expect(resolved.missing.map((m) => m.field)).toEqual(["orgUrl", "apiToken", "botEmail"]);
    const err = (() => {
      try {
        finalizeInitOptions(resolved);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(MissingInputError);
    const missing = err as MissingInputError;
    expect(missing.exitCode).toBe(2);
    for (const text of ["--org-url", "OKTA_OM_ORG_URL", "--api-token-stdin", "OKTA_OM_API_TOKEN", "--mgmt-client-id", "--bot-email", "OKTA_OM_BOT_EMAIL"]) {
      expect(missing.message).toContain(text);
    }
  });

  test("OAuth for Okta counts as credentials; wizard answers are re-checked on finalize", async () => {
    writeFileSync(join(cwd, "mgmt.pem"), "key");
    const resolved = await resolveInitOptions(input({ flags: { ...complete, botEmail: undefined, mgmtClientId: "0oa1", mgmtPrivateKey: "mgmt.pem" } }));
    expect(resolved.missing.map((m) => m.field)).toEqual(["botEmail"]);
    resolved.options.botEmail = "bot@corp.example";
    const options = finalizeInitOptions(resolved);
    expect(options.principalDomain).toBe("corp.example");
    expect(options.mgmtPrivateKey).toBe(join(cwd, "mgmt.pem"));
  });

  test("--sandbox makes the org URL and credentials optional and defaults the bot email", async () => {
    const resolved = await resolveInitOptions(input({ flags: { sandbox: true } }));
    expect(resolved.missing).toEqual([]);
    const options = finalizeInitOptions(resolved);
    expect(options).toMatchObject({ sandbox: true, botEmail: "ingestion-bot@sandbox.example", principalDomain: "sandbox.example", doctor: true });
    expect(options.orgUrl).toBeUndefined();
  });

  test("--sandbox ignores ambient env credentials with a note", async () => {
    const r = await resolveInitOptions(input({ flags: { sandbox: true }, env: { OKTA_OM_ORG_URL: "https://dev-1.okta.com", OKTA_CLIENT_TOKEN: TOKEN } }));
    expect(r.options.orgUrl).toBeUndefined();
    expect(r.options.apiToken).toBeUndefined();
    expect(r.notes?.join("\n")).toMatch(/OKTA_OM_ORG_URL[\s\S]*OKTA_CLIENT_TOKEN/);
  });
});

describe("bad input: exit 2, naming the flag or env var", () => {
  const cases: { name: string; over: Partial<ResolveInput>; want: RegExp[] }[] = [
    { name: "org URL that is not a URL", over: { flags: { orgUrl: "not a url" } }, want: [/^--org-url: /, /not a URL/] },
    { name: "org URL without a scheme", over: { flags: { orgUrl: "dev-1.okta.com" } }, want: [/--org-url: .*use https:\/\/dev-1\.okta\.com$/] },
    { name: "-admin host", over: { env: { OKTA_OM_ORG_URL: "https://dev-123-admin.okta.com/admin/dashboard" } }, want: [/^OKTA_OM_ORG_URL: /, /Admin Console/, /use https:\/\/dev-123\.okta\.com$/] },
    { name: "http on a non-loopback host", over: { env: { OKTA_CLIENT_ORGURL: "http://dev-1.okta.com" } }, want: [/^OKTA_CLIENT_ORGURL: must use https/, /https:\/\/dev-1\.okta\.com/] },
    { name: "authorization server URL", over: { flags: { orgUrl: "https://dev-1.okta.com/oauth2/default" } }, want: [/authorization server URL/, /use https:\/\/dev-1\.okta\.com$/] },
    { name: "short token", over: { env: { OKTA_OM_API_TOKEN: "00short" } }, want: [/^OKTA_OM_API_TOKEN: the API token is 7 characters long/] },
    { name: "token with a bad character", over: { env: { OKTA_CLIENT_TOKEN: `${TOKEN}"` } }, want: [/^OKTA_CLIENT_TOKEN: .*characters an Okta API token never has \(43 characters read\)/] },
    { name: "token with the SSWS prefix", over: { env: { OKTA_API_TOKEN: `SSWS ${TOKEN}` } }, want: [/^OKTA_API_TOKEN: .*SSWS prefix/] },
    { name: "invalid redirect URI", over: { flags: { redirectUri: ["/callback"] } }, want: [/^--redirect-uri: "\/callback" is not an absolute URL/] },
    { name: "redirect URI with a fragment", over: { env: { OKTA_OM_REDIRECT_URIS: "https://om.example.com/cb#x" } }, want: [/^OKTA_OM_REDIRECT_URIS: .*fragment/] },
    { name: "base URI with a path", over: { flags: { baseUri: ["https://om.example.com/app"] } }, want: [/^--base-uri: .*without a path; use https:\/\/om\.example\.com$/] },
    { name: "om URL that is not http(s)", over: { flags: { omUrl: "ftp://om.example.com" } }, want: [/^--om-url: /] },
    { name: "missing key file", over: { flags: { keyFile: "nope.pem" } }, want: [/^--key-file: "nope.pem" does not exist/] },
    { name: "key file that is a directory", over: { flags: { keyFile: "." } }, want: [/^--key-file: "." is a directory/] },
    { name: "garbage om version", over: { flags: { omVersion: "latest" } }, want: [/^--om-version: "latest" is not an OpenMetadata version/] },
    { name: "bad bot email", over: { env: { OKTA_OM_BOT_EMAIL: "bot" } }, want: [/^OKTA_OM_BOT_EMAIL: "bot" is not a valid email/] },
    { name: "admin principal with a domain", over: { flags: { adminPrincipals: "admin,alice@example.com" } }, want: [/^--admin-principals: .*give the name part only \(alice\)/] },
    { name: "bad api scope", over: { flags: { apiScopes: "okta.users.read users.manage" } }, want: [/^--api-scopes: "users.manage" is not an Okta API scope/] },
    { name: "unknown grant type", over: { flags: { ruleGrantTypes: "refresh_token,constructor" } }, want: [/--rule-grant-types: "refresh_token" is not a rule grant type/, /--rule-grant-types: "constructor" is not/] },
    { name: "bad deploy file", over: { flags: { deployFiles: "docker,k8s" } }, want: [/^--deploy-files: "k8s": choose from docker, bare-metal, helm/] },
    { name: "none with others", over: { flags: { deployFiles: "none,helm" } }, want: [/^--deploy-files: "none" cannot be combined/] },
    { name: "bad access", over: { flags: { access: "some" } }, want: [/^--access: "some" is not everyone, none or groups/] },
    { name: "reserved scope name", over: { flags: { scope: "okta.custom" } }, want: [/^--scope: /] },
    // Okta's scope name rules (REAL-ORG.md "Management API validation"), refused offline.
    { name: "okta: scope name", over: { flags: { scope: "okta:custom" } }, want: [/^--scope: "okta:custom": Scope names starting with 'okta\.' or 'okta:' are reserved\. Choose another name/] },
    { name: "scope named okta", over: { flags: { scope: "okta" } }, want: [/^--scope: "okta": The scope name 'okta' is reserved\./] },
    { name: "scope named *", over: { flags: { scope: "*" } }, want: [/^--scope: "\*": The scope name '\*' is reserved\./] },
    { name: "scope name with a quote", over: { flags: { scope: 'open"metadata' } }, want: [/^--scope: .*cannot contain whitespace, double quotes or backslashes/] },
    { name: "scope name with a backslash", over: { flags: { scope: "open\\metadata" } }, want: [/^--scope: .*cannot contain whitespace, double quotes or backslashes/] },
    { name: "token and OAuth for Okta", over: { env: tokenEnv, flags: { mgmtClientId: "0oa1" } }, want: [/OKTA_OM_API_TOKEN and --mgmt-client-id: give either an API token or OAuth for Okta/] },
    { name: "client id without key", over: { flags: { mgmtClientId: "0oa1" } }, want: [/^--mgmt-client-id: OAuth for Okta also needs --mgmt-private-key/] },
    { name: "key without client id", over: { env: { OKTA_OM_MGMT_PRIVATE_KEY: "k.pem" } }, want: [/OKTA_OM_MGMT_PRIVATE_KEY: OAuth for Okta also needs --mgmt-client-id/] },
    { name: "--detailed-exitcode without --plan", over: { flags: { detailedExitcode: true } }, want: [/^--detailed-exitcode: only works with --plan/] },
    { name: "--org-url with --sandbox", over: { flags: { sandbox: true, orgUrl: "https://dev-1.okta.com" } }, want: [/^--org-url: cannot be combined with --sandbox/] },
    { name: "--api-token-stdin with --sandbox", over: { flags: { sandbox: true }, stdinToken: TOKEN }, want: [/^--api-token-stdin: cannot be combined with --sandbox/] },
    { name: "missing config file", over: { flags: { config: "missing.yaml" } }, want: [/^config file missing.yaml: not found/] },
  ];

  test.each(cases)("$name", async ({ over, want }) => {
    const err = await usageError(over);
    for (const re of want) expect(err.message).toMatch(re);
  });

  // An unreadable key file: test/e2e/unreadable-inputs.test.ts (as nobody, since CI is root).

  test("every problem is listed in one error", async () => {
    const err = await usageError({ flags: { orgUrl: "https://x-admin.okta.com", omVersion: "x", deployFiles: "k8s" }, env: { OKTA_OM_BOT_EMAIL: "nope" } });
    expect(err.message).toMatch(/^Invalid input \(4 problems\):/);
    for (const name of ["--org-url", "--om-version", "--deploy-files", "OKTA_OM_BOT_EMAIL"]) expect(err.message).toContain(`  - ${name}: `);
    expect(err.hint).toMatch(/Fix the values above/);
  });

  test("a config file with a syntax error names file:line:col", async () => {
    const file = writeConfig("orgUrl: https://dev-1.okta.com\nredirectUris: [https://a.example.com/cb,\nappName: x\n", "broken.yaml");
    const err = await usageError({ flags: { config: file } });
    expect(err.message).toMatch(/^config file broken\.yaml:\d+:\d+: /);
    const dup = writeConfig("appName: a\nappName: b\n", "dup.yaml");
    expect((await usageError({ flags: { config: dup } })).message).toMatch(/^config file dup\.yaml:2:1: Map keys must be unique/);
  });

  test("unknown config keys are listed with the known keys; values of the wrong type name the key", async () => {
    const file = writeConfig("orgUrll: x\nfoo: 1\n");
    const err = await usageError({ flags: { config: file } });
    expect(err.message).toMatch(/unknown keys orgUrll, foo; known keys \(camelCase or flag names\): orgUrl, mgmtClientId/);
    const typed = writeConfig("appName: [a, b]\nplan: maybe\n", "typed.yaml");
    const typedErr = await usageError({ flags: { config: typed } });
    expect(typedErr.message).toContain(`config file typed.yaml (app-name): must be a single value, not a list`);
    expect(typedErr.message).toContain(`config file typed.yaml (plan): must be true or false`);
    expect((await usageError({ flags: { config: writeConfig("- a\n", "list.yaml") } })).message).toMatch(/must be a mapping/);
  });

  test("a config file must not hold the API token", async () => {
    for (const key of ["apiToken", "token", "api-token", "OKTA_OM_API_TOKEN"]) {
      const file = writeConfig(`${key}: ${CANARY}${TOKEN}\n`);
      const err = await usageError({ flags: { config: file } });
      expect(err.message).toMatch(/must not hold the API token.*OKTA_OM_API_TOKEN.*--api-token-stdin/);
      expect(err.message).not.toContain(CANARY);
    }
    await expect(readConfigFile(join(cwd, writeConfig("api-token-stdin: true\n")))).rejects.toThrow(/command-line flag only/);
  });
});

describe("the token never appears in messages", () => {
  const canaries = [`00${CANARY}`, `00${CANARY} ${TOKEN}`, `${CANARY}${TOKEN}${TOKEN}${TOKEN}${TOKEN}${TOKEN}`, `${TOKEN}${CANARY}!`, `SSWS ${CANARY}${TOKEN}`];

  test.each(canaries.map((c, i) => [i, c] as const))("malformed token #%i", async (_i, token) => {
    for (const over of [{ env: { OKTA_OM_API_TOKEN: token } }, { stdinToken: token, flags: { apiTokenStdin: true } }]) {
      const err = await usageError(over);
      expect(`${err.message}\n${err.hint ?? ""}\n${inspect(err)}`).not.toContain(CANARY);
      expect(err.message).toMatch(/\d+ characters/);
    }
  });

  test("a valid token is a Secret in the resolved options", async () => {
    const token = `00${CANARY}${TOKEN.slice(12)}`;
    const r = await resolveInitOptions(input({ flags: complete, env: { OKTA_OM_API_TOKEN: token } }));
    expect(r.options.apiToken?.reveal()).toBe(token);
    expect(JSON.stringify(r)).not.toContain(CANARY);
    expect(inspect(r, { depth: 5 })).not.toContain(CANARY);
    expect(finalizeInitOptions(r).orgUrl).toBe("https://dev-123.okta.com");
  });

  test("apiTokenProblem accepts the SSWS shape and other tokens of that alphabet", () => {
    expect(apiTokenProblem(new Secret(TOKEN))).toBeUndefined();
    expect(apiTokenProblem(new Secret("abc_DEF-ghi_JKL-mno_PQR"))).toBeUndefined();
    expect(apiTokenProblem(new Secret(""))).toMatch(/empty/);
  });
});

describe("normalizeOrgUrl", () => {
  test.each([
    ["https://dev-1.okta.com", "https://dev-1.okta.com"],
    ["  https://dev-1.okta.com///  ", "https://dev-1.okta.com"],
    ["https://DEV-1.Okta.com:443/", "https://dev-1.okta.com"],
    ["https://acme.oktapreview.com:8443", "https://acme.oktapreview.com:8443"],
    ["http://127.0.0.1:1234", "http://127.0.0.1:1234"],
    ["http://127.1.2.3:1234/", "http://127.1.2.3:1234"],
    ["http://localhost", "http://localhost"],
    ["http://okta.localhost:8080", "http://okta.localhost:8080"],
    ["http://[::1]:9000/", "http://[::1]:9000"],
  ])("%s → %s", (raw, want) => {
    expect(normalizeOrgUrl(raw, "--org-url")).toBe(want);
  });

  test.each([
    ["https://dev-123-admin.okta.com", "https://dev-123.okta.com"],
    ["https://acme-admin.oktapreview.com/", "https://acme.oktapreview.com"],
    ["https://acme-admin.okta-emea.com/admin/apps", "https://acme.okta-emea.com"],
    ["http://acme-admin.okta.com", "https://acme.okta.com"],
  ])("refuses the admin host %s, suggesting %s", (raw, suggestion) => {
    expect(() => normalizeOrgUrl(raw, "OKTA_OM_ORG_URL")).toThrow(new RegExp(`^OKTA_OM_ORG_URL: .*Admin Console.*use ${suggestion.replace(/\./g, "\\.")}$`));
  });

  test.each([
    ["ftp://dev-1.okta.com", /must be an https:\/\/ URL/],
    ["https://user:pw@dev-1.okta.com", /user name or password; use https:\/\/dev-1\.okta\.com$/],
    ["https://dev-1.okta.com/?x=1", /without a path, query or fragment/],
    ["https://dev-1.okta.com/#frag", /without a path, query or fragment/],
    ["http://10.0.0.1:8080", /must use https.*use https:\/\/10\.0\.0\.1:8080$/],
    ["http://128.0.0.1", /must use https/],
    ["", /is empty/],
  ])("refuses %s", (raw, want) => {
    let message = "";
    try {
      normalizeOrgUrl(raw, "--org-url");
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).exitCode).toBe(2);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^--org-url: /);
    expect(message).toMatch(want);
    expect(message).not.toContain("pw");
  });

  test("isLoopbackHost", () => {
    for (const host of ["localhost", "LOCALHOST", "a.localhost", "127.0.0.1", "127.255.0.9", "[::1]", "::1"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["localhost.example.com", "127.0.0.256", "128.0.0.1", "10.0.0.1", "[::2]", "example.com"]) expect(isLoopbackHost(host), host).toBe(false);
  });

  const host = fc.domain();
  const candidates = fc.oneof(
    fc.tuple(fc.constantFrom("https://", "http://", "HTTPS://"), host, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), fc.constantFrom("", "/", "//", "/x")).map(
      ([scheme, h, port, path]) => `${scheme}${h}${port === undefined ? "" : `:${port}`}${path}`,
    ),
    fc.tuple(fc.constantFrom("localhost", "127.0.0.1", "[::1]", "dev.localhost"), fc.integer({ min: 1, max: 65535 })).map(([h, port]) => `http://${h}:${port}/`),
    fc.webUrl(),
    fc.string(),
  );

  propTest.prop([candidates])("is idempotent and never ends with a slash", (raw) => {
    let once: string;
    try {
      once = normalizeOrgUrl(raw, "--org-url");
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      return;
    }
    expect(once.endsWith("/")).toBe(false);
    expect(normalizeOrgUrl(once, "--org-url")).toBe(once);
  });
});

describe("normalizeHttpUrl", () => {
  test("om-url keeps its path without trailing slashes; base URIs must be origins", () => {
    expect(normalizeHttpUrl("https://om.example.com/data/", "--om-url", { allowPath: true, stripTrailingSlash: true })).toBe("https://om.example.com/data");
    expect(normalizeHttpUrl("http://om.internal:8585", "--om-url", { allowPath: true, stripTrailingSlash: true })).toBe("http://om.internal:8585");
    expect(normalizeHttpUrl("https://om.example.com/", "--base-uri", { allowPath: false })).toBe("https://om.example.com");
    expect(() => normalizeHttpUrl("https://om.example.com/x", "--base-uri", { allowPath: false })).toThrow(/^--base-uri: .*use https:\/\/om\.example\.com$/);
    expect(() => normalizeHttpUrl("https://om.example.com/?q", "--om-url", { allowPath: true })).toThrow(/^--om-url: .*query/);
  });
});

describe("readTokenFromStdin", () => {
  test("reads until EOF and drops one trailing newline", async () => {
    const token = await readTokenFromStdin(Readable.from([Buffer.from(TOKEN.slice(0, 10)), `${TOKEN.slice(10)}\n`]), { timeoutMs: 1000 });
    expect(token.reveal()).toBe(TOKEN);
    expect(String(token)).toBe("[redacted]");
  });

  test("refuses a terminal, an empty pipe and a pipe that never closes", async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    await expect(readTokenFromStdin(tty, { timeoutMs: 1000 })).rejects.toThrow(/--api-token-stdin needs the token piped in: `printf %s "\$TOKEN" \| okta-om-setup init --api-token-stdin/);
    await expect(readTokenFromStdin(Readable.from(["\n"]), { timeoutMs: 1000 })).rejects.toThrow(/stdin was empty/);
    const open = new PassThrough();
    await expect(readTokenFromStdin(open, { timeoutMs: 50 })).rejects.toThrow(/no end of input on stdin after 50ms/);
    open.destroy();
  });
});

test("checkInitValue validates wizard answers with the same rules", () => {
  expect(checkInitValue("orgUrl", "https://dev-1-admin.okta.com")).toMatchObject({ ok: false, problem: expect.stringMatching(/use https:\/\/dev-1\.okta\.com/) as unknown });
  expect(checkInitValue("botEmail", " bot@example.com ")).toEqual({ ok: true, value: "bot@example.com" });
  expect(checkInitValue("apiToken", "short")).toMatchObject({ ok: false });
});

test("commander's parsed flags map onto options (repeatables, lists, negations, -y)", async () => {
  const command = new Command("init").exitOverride();
  registerFlags(command, INIT_FLAGS);
  command.parse(
    ["--redirect-uri", "https://a.example.com/cb", "--redirect-uri", "https://b.example.com/cb", "-y", "--no-interactive", "--api-scopes", "okta.apps.read okta.users.read", "--no-doctor"],
    { from: "user" },
  );
  const r = await resolveInitOptions(input({ flags: command.opts() }));
  expect(r.options).toMatchObject({
    redirectUris: ["https://a.example.com/cb", "https://b.example.com/cb"],
    yes: true,
    interactive: false,
    apiScopes: ["okta.apps.read", "okta.users.read"],
    doctor: false,
  });
  expect([r.sources.redirectUris, r.sources.yes, r.sources.doctor]).toEqual(["--redirect-uri", "--yes", "--no-doctor"]);
});

test("out-dir that is a file is refused", async () => {
  mkdirSync(join(cwd, "sub"));
  writeFileSync(join(cwd, "sub", "file"), "");
  expect((await usageError({ flags: { outDir: "sub/file" } })).message).toMatch(/^--out-dir: "sub\/file" exists and is not a directory/);
});
