import { DEPLOY_FILES, type DeployFile } from "../openmetadata/om-config-input.js";
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { resolve } from "node:path";
import * as z from "../zod-mini.js";
import { InternalError, MissingInputError, UsageError, type MissingInput } from "../errors.js";
import { Secret } from "../secret.js";
import { confidentialVersionProblem, tryParseOmVersion } from "../openmetadata/om-version.js";
import { checkChartServes, parseHelmChartVersion } from "../openmetadata/helm-chart.js";
import { INIT_FLAGS, envNames } from "./init-flags.js";
import { oktaLimitProblems } from "./okta-limits.js";
import { outDirProblem } from "../fs/out-dir-check.js";
import { checkHttpUrl, checkOrgUrl, type Checked } from "./org-url.js";
import {
  configValues,
  envValues,
  flagFor,
  flagValues,
  parseBoolean,
  readApiTokenFromEnv,
  readConfigFile,
  sourceLabel,
  splitList,
  type RawValue,
  type SourceLayer,
} from "./sources.js";
import { apiTokenProblem } from "./stdin-token.js";
import { scopeNameProblem } from "../okta/scope-name-rules.js";

export { readApiTokenFromEnv };

const URN = "urn:ietf:params:oauth:grant-type:";
/** The grant types an Okta access policy rule accepts. */
export const RULE_GRANT_TYPES = [
  "authorization_code",
  "client_credentials",
  "implicit",
  "password",
  "interaction_code",
  `${URN}device_code`,
  `${URN}token-exchange`,
  `${URN}jwt-bearer`,
  `${URN}saml2-bearer`,
] as const;
export type RuleGrantType = (typeof RULE_GRANT_TYPES)[number];
const GRANT_ALIASES = new Map<string, RuleGrantType>([
  ["device", `${URN}device_code`],
  ["device_code", `${URN}device_code`],
  ["device-code", `${URN}device_code`],
  ["token_exchange", `${URN}token-exchange`],
  ["token-exchange", `${URN}token-exchange`],
  ["jwt_bearer", `${URN}jwt-bearer`],
  ["jwt-bearer", `${URN}jwt-bearer`],
  ["saml2_bearer", `${URN}saml2-bearer`],
  ["saml2-bearer", `${URN}saml2-bearer`],
]);

/** The server config layouts `--deploy-files` can write. */
// One list of server config file kinds, shared with the renderers.
export { DEPLOY_FILES, type DeployFile } from "../openmetadata/om-config-input.js";

/** public: the guide's single-page app (PKCE); confidential: a web app with a client secret (OpenMetadata 1.3.2+). */
export const CLIENT_TYPES = ["public", "confidential"] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

/** Who may sign in to the OpenMetadata app. */
export type Access = { kind: "everyone" } | { kind: "groups"; groupIds: string[] } | { kind: "none" };

/** The bot email a sandbox run uses when none is given. */
export const SANDBOX_BOT_EMAIL = "ingestion-bot@sandbox.example";

/** Plain defaults, as a source would give them (derived ones such as `{om}/callback` are computed after merging). */
export const INIT_DEFAULTS = {
  omUrl: "http://localhost:8585",
  clientType: "public",
  access: "everyone",
  adminPrincipals: ["admin"],
  appName: "OpenMetadata",
  authServer: "OpenMetadata",
  scope: "openmetadata",
  policyName: "OpenMetadata",
  ruleName: "OpenMetadata rule",
  ruleGrantTypes: ["client_credentials", "authorization_code", `${URN}device_code`, `${URN}token-exchange`],
  serviceAppName: "OpenMetadata Ingestion Bot",
  apiScopes: ["okta.users.read", "okta.users.manage", "okta.clients.read"],
  outDir: "./okta-om-setup",
  deployFiles: ["docker", "bare-metal", "helm"],
  plan: false,
  detailedExitcode: false,
  yes: false,
  json: false,
  debug: false,
  sandbox: false,
} satisfies Record<string, RawValue>;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = (problem: string): Checked<never> => ({ ok: false, problem });
const q = (text: string): string => JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);

const text = (what: string) => (v: string): Checked<string> => (v.trim() ? ok(v.trim()) : fail(`is empty; give ${what}`));

function checkGrantType(v: string): Checked<RuleGrantType> {
  const t = v.trim().toLowerCase();
  const known = RULE_GRANT_TYPES.find((g) => g === t) ?? GRANT_ALIASES.get(t);
  if (known) return ok(known);
  return fail(
    `${q(v)} is not a rule grant type; use authorization_code, client_credentials, implicit, password, interaction_code, ` +
      `device_code, token_exchange, jwt_bearer or saml2_bearer (or the ${URN}... URNs)`,
  );
}

function checkAccess(v: string): Checked<Access> {
  const t = v.trim();
  if (/^everyone$/i.test(t)) return ok({ kind: "everyone" });
  if (/^none$/i.test(t)) return ok({ kind: "none" });
  const groups = /^groups?:(.*)$/is.exec(t);
  if (!groups) return fail(`${q(v)} is not everyone, none or groups:<id,...>`);
  const ids = [...new Set(splitList(groups[1] ?? ""))];
  if (ids.length === 0) return fail('"groups:" needs at least one Okta group id, e.g. groups:00g1abcd2EFGH3ijk4l5');
  const bad = ids.filter((id) => !/^[A-Za-z0-9]+$/.test(id));
  if (bad.length > 0) return fail(`${bad.map(q).join(", ")} ${bad.length > 1 ? "are not group ids" : "is not a group id"}; Okta group ids look like 00g1abcd2EFGH3ijk4l5`);
  return ok({ kind: "groups", groupIds: ids });
}

/** Same grammar as the version logic that consumes it, so "1.2.x" or "0.13.2.1" pass both; kept as given (trimmed). */
function checkOmVersion(v: string): Checked<string> {
  if (tryParseOmVersion(v)) return ok(v.trim());
  return fail(`${q(v)} is not an OpenMetadata version; give one like 1.2.5, 0.13.2 or 1.5.0`);
}

function checkClientType(v: string): Checked<ClientType> {
  const t = v.trim().toLowerCase();
  const known = CLIENT_TYPES.find((c) => c === t);
  return known ? ok(known) : fail(`${q(v)} is not a client type; use public (single-page app) or confidential (web app with a client secret, OpenMetadata 1.3.2+)`);
}

function checkHelmChartVersion(v: string): Checked<string> {
  try {
    return ok(parseHelmChartVersion(v).version);
  } catch {
    return fail(`${q(v)} is not a Helm chart version; give the open-metadata/openmetadata chart version you deploy with, e.g. 1.5.0 (helm list shows openmetadata-<version>)`);
  }
}

function checkApiScope(v: string): Checked<string> {
  if (/^okta\.[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/.test(v)) return ok(v);
  return fail(`${q(v)} is not an Okta API scope; they look like okta.<resource>.<action>, e.g. okta.users.read`);
}

function checkPrincipal(v: string): Checked<string> {
  const at = v.indexOf("@");
  if (at >= 0) return fail(`${q(v)} includes a domain; give the name part only (${v.slice(0, at) || "admin"}) and the domain with --principal-domain`);
  return ok(v);
}

function checkDomain(v: string): Checked<string> {
  const t = v.trim().toLowerCase();
  if (t.includes("@")) return fail(`${q(v)} is an email; give the domain only, e.g. ${t.slice(t.lastIndexOf("@") + 1) || "example.com"}`);
  const label = "[a-z0-9](?:[a-z0-9-]*[a-z0-9])?";
  if (!new RegExp(`^${label}(?:\\.${label})*$`).test(t)) return fail(`${q(v)} is not a domain; e.g. example.com`);
  return ok(t);
}

function checkEmail(v: string): Checked<string> {
  const t = v.trim();
  return z.email().safeParse(t).success ? ok(t) : fail(`${q(v)} is not a valid email address; e.g. ingestion-bot@example.com`);
}

function checkScopeName(v: string): Checked<string> {
  const t = v.trim();
  if (!t) return fail("is empty; give a scope name, e.g. openmetadata");
  if (/\s/.test(t)) return fail(`${q(v)} contains whitespace; a scope name is one word, e.g. openmetadata`);
  if (/^okta\./i.test(t)) return fail(`${q(v)}: okta.* scopes belong to the Okta API and cannot be custom scopes; e.g. openmetadata`);
  // The rest of Okta's rules, so such a name fails here rather than at Okta (exit 2, no request).
  const problem = scopeNameProblem(t);
  if (problem) return fail(`${q(v)}: ${problem} Choose another name, e.g. openmetadata`);
  if (["openid", "profile", "email", "address", "phone", "offline_access", "device_sso"].includes(t)) {
    return fail(`${q(v)} is a built-in OpenID Connect scope; choose another name, e.g. openmetadata`);
  }
  return ok(t);
}

function checkDeployFiles(items: string[]): Checked<DeployFile[]> {
  const names = items.map((i) => i.toLowerCase());
  if (names.includes("none")) return names.length === 1 ? ok([]) : fail('"none" cannot be combined with other files');
  const bad = names.filter((n) => !DEPLOY_FILES.some((d) => d === n));
  if (bad.length > 0) return fail(`${bad.map(q).join(", ")}: choose from docker, bare-metal, helm (or none)`);
  return ok(DEPLOY_FILES.filter((d) => names.includes(d)));
}

const checkClientId = (v: string): Checked<string> =>
  /^[A-Za-z0-9_-]{1,100}$/.test(v.trim()) ? ok(v.trim()) : fail(`${q(v)} is not an Okta client id; they look like 0oa1b2c3d4e5f6g7h8i9`);
const checkKid = (v: string): Checked<string> =>
  /^[\x21-\x7e]{1,200}$/.test(v.trim()) ? ok(v.trim()) : fail("must be 1 to 200 printable characters without spaces");


function field<T>(check: (v: string) => Checked<T>) {
  return z.pipe(
    z.string({ error: "must be text" }),
    z.transform((v: string, ctx): T => {
      const r = check(v);
      if (r.ok) return r.value;
      ctx.issues.push({ code: "custom", message: r.problem, input: v });
      return z.NEVER;
    }),
  );
}

/** A list whose entries are each checked (every bad entry reported), deduplicated, and never empty. */
function listField<T>(check: (v: string) => Checked<T>, what: string, options: { allowNone?: boolean } = {}) {
  return z.pipe(
    z.array(z.string(), { error: "must be a list" }),
    z.transform((items: string[], ctx): T[] => {
      // `none` alone is an explicit empty list (e.g. --api-scopes none: grant no Okta API scopes).
      if (options.allowNone && items.length === 1 && items[0]?.trim().toLowerCase() === "none") return [];
      const out: T[] = [];
      for (const item of items) {
        const r = check(item);
        if (!r.ok) ctx.issues.push({ code: "custom", message: r.problem, input: item });
        else if (!out.some((o) => JSON.stringify(o) === JSON.stringify(r.value))) out.push(r.value);
      }
      if (items.length === 0) ctx.issues.push({ code: "custom", message: `is empty; give at least one ${what}`, input: items });
      return out;
    }),
  );
}

const redirectUri = (v: string): Checked<string> => checkHttpUrl(v, { allowPath: true, allowQuery: true });

/** Every `init` option after validation; path fields are absolute (resolved against the cwd). */
export const InitOptionsSchema = z.object({
  /** Absent only with --sandbox, which starts its own org. */
  orgUrl: z.optional(field(checkOrgUrl)),
  apiToken: z.optional(
    z.instanceof(Secret).check(
      z.superRefine((token: Secret, ctx) => {
        const problem = apiTokenProblem(token);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    ),
  ),
  mgmtClientId: z.optional(field(checkClientId)),
  mgmtPrivateKey: z.optional(field(text("the private key file (JWK or PEM)"))),
  omUrl: field((v) => checkHttpUrl(v, { allowPath: true, stripTrailingSlash: true })),
  omVersion: z.optional(field(checkOmVersion)),
  clientType: field(checkClientType),
  redirectUris: listField(redirectUri, "redirect URI"),
  logoutUris: listField(redirectUri, "sign-out redirect URI"),
  baseUris: listField((v) => checkHttpUrl(v, { allowPath: false }), "base URI"),
  access: field(checkAccess),
  adminPrincipals: listField(checkPrincipal, "admin name"),
  principalDomain: field(checkDomain),
  botEmail: field(checkEmail),
  appName: field(text("the app label, e.g. OpenMetadata")),
  // "org" is the org authorization server (orgs without API Access Management): no custom server at all.
  authServer: field((v) => (/^(default|org)$/i.test(v.trim()) ? ok(v.trim().toLowerCase()) : text('a server name, "default" or "org"')(v))),
  scope: field(checkScopeName),
  policyName: field(text("a policy name")),
  ruleName: field(text("a rule name")),
  ruleGrantTypes: listField(checkGrantType, "grant type"),
  /** Undefined: decided by the OpenMetadata version (on up to 1.2.x). */
  serviceApp: z.optional(z.boolean()),
  serviceAppName: field(text("the service app label")),
  apiScopes: listField(checkApiScope, "okta.* scope (or none)", { allowNone: true }),
  keyFile: z.optional(field(text("a key file"))),
  kid: z.optional(field(checkKid)),
  outDir: field(text("a directory")),
  deployFiles: z.pipe(
    z.array(z.string()),
    z.transform((items: string[], ctx): DeployFile[] => {
      const r = checkDeployFiles(items);
      if (r.ok) return r.value;
      ctx.issues.push({ code: "custom", message: r.problem, input: items });
      return z.NEVER;
    }),
  ),
  helmChartVersion: z.optional(field(checkHelmChartVersion)),
  omBotJwtFile: z.optional(field(text("a file"))),
  omAdminEmail: z.optional(field(checkEmail)),
  omAdminTokenStdin: z.optional(z.boolean()),
  mergeInto: z.optional(field(text("a file"))),
  config: z.optional(field(text("a file"))),
  plan: z.boolean(),
  detailedExitcode: z.boolean(),
  yes: z.boolean(),
  /** Undefined: decided from the terminal and CI. */
  interactive: z.optional(z.boolean()),
  doctor: z.boolean(),
  json: z.boolean(),
  debug: z.boolean(),
  sandbox: z.boolean(),
});
export type InitOptions = z.infer<typeof InitOptionsSchema>;
type Key = keyof InitOptions;
const SHAPE: Record<string, z.ZodMiniType> = InitOptionsSchema.shape;

export interface ResolveInput {
  flags: Record<string, unknown>;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The token already read by the caller when --api-token-stdin was given. */
  stdinToken?: string | Secret;
  /** Choices a previous run recorded in the manifest: above defaults, below config file, env and flags. */
  remembered?: Record<string, unknown>;
}

/**
 * Source label of values recalled from the manifest. It starts with "default" on purpose: the
 * wizard still asks (offering them), and the CI command leaves them to the manifest.
 */
export const REMEMBERED_SOURCE = "default (remembered in okta-om-setup.json)";

export interface ResolvedInit {
  options: Partial<InitOptions>;
  /** Key → where its value came from: a flag, an env var, `config file <path>`, or `default ...`. */
  sources: Record<string, string>;
  missing: MissingInput[];
  /** Worth telling the user, but not errors (env values ignored under --sandbox); always set by resolveInitOptions. */
  notes?: string[];
}

/**
 * Merges defaults < remembered choices < config file < env < flags, validates everything given (throwing one UsageError
 * that lists every problem), computes the derived defaults and lists what is still missing.
 */
export async function resolveInitOptions(input: ResolveInput): Promise<ResolvedInit> {
  const problems: string[] = [];
  const notes: string[] = [];
  const flags = flagValues(input.flags);
  const env = envValues(input.env);
  const config = await loadConfig(flags.values.config ?? env.values.config, input.cwd, problems);
  const raw: Record<string, RawValue | Secret> = {};
  const sources: Record<string, string> = {};
  const remembered = input.remembered ? configValues(input.remembered, "") : undefined;
  if (remembered) for (const key of Object.keys(remembered.sources)) remembered.sources[key] = REMEMBERED_SOURCE;
  for (const layer of [defaultsLayer(), ...(remembered ? [remembered] : []), config, env, flags]) {
    Object.assign(raw, layer.values);
    Object.assign(sources, layer.sources);
    problems.push(...layer.problems);
  }
  const token = tokenInput(input, raw.apiTokenStdin === true);
  if (token) {
    raw.apiToken = token.token;
    sources.apiToken = token.source;
  }
  if (raw.sandbox === true) dropForSandbox(raw, sources, problems, notes);

  const options: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(SHAPE)) {
    if (raw[key] === undefined) continue;
    const result = schema.safeParse(raw[key]);
    if (result.success) options[key] = result.data;
    else problems.push(...result.error.issues.map((issue) => `${label(sources, key)}: ${issue.message}`));
  }
  crossCheck(raw, sources, problems);
  deriveDefaults(options, raw, sources);
  await checkPaths(options, sources, input.cwd, problems);
  if (problems.length > 0) throw invalidInput(problems);
  const resolved = options as Partial<InitOptions>;
  return { options: resolved, sources, missing: listMissing(resolved), notes };
}

/** The complete options, or a MissingInputError listing every input still missing (wizard answers included). */
export function finalizeInitOptions(resolved: ResolvedInit): InitOptions {
  const options: Partial<InitOptions> = { ...resolved.options };
  if (options.principalDomain === undefined && options.botEmail !== undefined) options.principalDomain = domainOf(options.botEmail);
  const missing = listMissing(options);
  if (missing.length > 0) throw new MissingInputError(missing);
  const absent = Object.keys(SHAPE).filter((k) => options[k as Key] === undefined && !SHAPE[k]?.safeParse(undefined).success);
  if (absent.length > 0) throw new InternalError(`init options are incomplete after resolving: ${absent.join(", ")}`);
  // After the wizard too, so a typed answer meets Okta's limits before the first write.
  const beyond = oktaLimitProblems(options as InitOptions);
  if (beyond.length > 0) throw invalidInput(beyond.map(({ key, problem }) => `${label(resolved.sources, key)}: ${problem}`));
  return options as InitOptions;
}

/** What a run still needs: the org URL and credentials (unless --sandbox) and the bot email. */
export function listMissing(options: Partial<InitOptions>): MissingInput[] {
  const missing: MissingInput[] = [];
  if (!options.sandbox) {
    if (!options.orgUrl) {
      missing.push({ field: "orgUrl", flag: "--org-url", env: envNames("orgUrl")[0], why: "your Okta org URL, e.g. https://dev-123.okta.com" });
    }
    if (!options.apiToken && !(options.mgmtClientId && options.mgmtPrivateKey)) {
      missing.push({
        field: "apiToken",
        flag: "--api-token-stdin",
        env: "OKTA_OM_API_TOKEN",
        why: "an Okta API token, or OAuth for Okta with --mgmt-client-id and --mgmt-private-key",
      });
    }
  }
  if (!options.botEmail) {
    missing.push({ field: "botEmail", flag: "--bot-email", env: envNames("botEmail")[0], why: "the ingestion bot's email, e.g. ingestion-bot@example.com" });
  }
  return missing;
}

/** Checks one typed answer for `key` (lists comma or space separated), for the wizard's validate callbacks; paths are not resolved. */
export function checkInitValue<K extends Key>(key: K, answer: string): Checked<InitOptions[K]> {
  const spec = INIT_FLAGS.find((f) => f.key === key);
  const schema = SHAPE[key];
  if (!schema) return fail(`unknown option ${key}`);
  const raw =
    key === "apiToken" ? new Secret(answer.trim()) : spec?.repeatable || spec?.list ? splitList(answer) : spec?.boolean ? parseBoolean(answer) : answer;
  const result = schema.safeParse(raw);
  return result.success ? ok(result.data as InitOptions[K]) : fail(result.error.issues.map((i) => i.message).join("; "));
}

/** Renders access back into its flag form (`groups:a,b`), for the "equivalent command" printer. */
export function formatAccess(value: Access): string {
  return value.kind === "groups" ? `groups:${value.groupIds.join(",")}` : value.kind;
}

function label(sources: Record<string, string>, key: string): string {
  return sourceLabel(sources[key] ?? flagFor(key), key);
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

function defaultsLayer(): SourceLayer {
  const values: Record<string, RawValue> = { ...INIT_DEFAULTS };
  return { values, sources: Object.fromEntries(Object.keys(values).map((k) => [k, "default"])), problems: [] };
}

async function loadConfig(given: RawValue | undefined, cwd: string, problems: string[]): Promise<SourceLayer> {
  const empty: SourceLayer = { values: {}, sources: {}, problems: [] };
  if (typeof given !== "string") return empty;
  try {
    return configValues(await readConfigFile(resolve(cwd, given), given), given);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    problems.push(err.message);
    return empty;
  }
}

function tokenInput(input: ResolveInput, stdinFlag: boolean): { token: Secret; source: string } | undefined {
  if (input.stdinToken !== undefined) {
    const value = typeof input.stdinToken === "string" ? input.stdinToken : input.stdinToken.reveal();
    return { token: new Secret(value.trim()), source: "--api-token-stdin" };
  }
  if (stdinFlag) throw new InternalError("--api-token-stdin was given, but stdin was not read before resolving options");
  const { token, source } = readApiTokenFromEnv(input.env);
  return token && source ? { token, source } : undefined;
}

/** The sandbox brings its own org and credentials: ambient env values are ignored, explicit ones refused. */
function dropForSandbox(raw: Record<string, unknown>, sources: Record<string, string>, problems: string[], notes: string[]): void {
  for (const key of ["orgUrl", "apiToken", "mgmtClientId", "mgmtPrivateKey"]) {
    const source = sources[key];
    if (raw[key] === undefined || source === undefined) continue;
    if (source === REMEMBERED_SOURCE) {
      // The last run targeted a real org; the sandbox brings its own.
      delete raw[key];
      delete sources[key];
    } else if (/^[A-Z][A-Z0-9_]*$/.test(source)) {
      delete raw[key];
      delete sources[key];
      notes.push(`Ignoring ${source}: --sandbox provides its own org and credentials.`);
    } else {
      problems.push(`${label(sources, key)}: cannot be combined with --sandbox, which provides its own org and credentials; drop one of them`);
    }
  }
}

function crossCheck(raw: Record<string, unknown>, sources: Record<string, string>, problems: string[]): void {
  const has = (key: string): boolean => raw[key] !== undefined;
  if (has("apiToken") && (has("mgmtClientId") || has("mgmtPrivateKey"))) {
    const oauth = has("mgmtClientId") ? "mgmtClientId" : "mgmtPrivateKey";
    problems.push(
      `${label(sources, "apiToken")} and ${label(sources, oauth)}: give either an API token or OAuth for Okta ` +
        "(--mgmt-client-id with --mgmt-private-key), not both",
    );
  } else if (has("mgmtClientId") !== has("mgmtPrivateKey")) {
    const [given, needed] = has("mgmtClientId") ? ["mgmtClientId", "mgmtPrivateKey"] : ["mgmtPrivateKey", "mgmtClientId"];
    problems.push(`${label(sources, given)}: OAuth for Okta also needs ${flagFor(needed)} (env ${envNames(needed)[0] ?? "-"})`);
  }
  const om = typeof raw.omVersion === "string" ? tryParseOmVersion(raw.omVersion) : undefined;
  if (typeof raw.clientType === "string" && raw.clientType.trim().toLowerCase() === "confidential" && om) {
    const problem = confidentialVersionProblem(om);
    if (problem) problems.push(`${label(sources, "clientType")} with ${label(sources, "omVersion")} ${om.raw}: ${problem}`);
  }
  // A chart older than the OpenMetadata line it must serve (when both are known now; a detected
  // version is checked again before the first Okta request).
  const rememberedChart = sources.helmChartVersion === REMEMBERED_SOURCE;
  const chart =
    typeof raw.helmChartVersion === "string" && checkHelmChartVersion(raw.helmChartVersion).ok
      ? parseHelmChartVersion(raw.helmChartVersion, "--helm-chart-version", rememberedChart ? "remembered" : "flag")
      : undefined;
  if (om && chart) {
    try {
      checkChartServes(chart, om, rememberedChart ? "--helm-chart-version" : label(sources, "helmChartVersion"));
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      problems.push(`${err.message}${err.hint ? ` ${err.hint}` : ""}`);
    }
  }
  if (raw.detailedExitcode === true && raw.plan !== true) {
    problems.push(`${label(sources, "detailedExitcode")}: only works with --plan; add --plan or drop --detailed-exitcode`);
  }
}

function deriveDefaults(options: Record<string, unknown>, raw: Record<string, unknown>, sources: Record<string, string>): void {
  const derive = (key: Key, value: unknown, source: string): void => {
    if (raw[key] !== undefined) return;
    options[key] = value;
    sources[key] = source;
  };
  const om = options.omUrl;
  if (typeof om === "string") {
    derive("redirectUris", [`${om}/callback`, `${om}/silent-callback`], "default ({om}/callback, {om}/silent-callback)");
    derive("logoutUris", [om], "default ({om})");
    derive("baseUris", [new URL(om).origin], "default (the origin of {om})");
  }
  if (options.sandbox === true) derive("botEmail", SANDBOX_BOT_EMAIL, "default (--sandbox)");
  if (typeof options.botEmail === "string") derive("principalDomain", domainOf(options.botEmail), "default (the bot email's domain)");
  derive("doctor", options.sandbox === true, "default (on with --sandbox)");
}

/** Resolves path options against the cwd; input files must be readable, --merge-into also writable. */
async function checkPaths(options: Record<string, unknown>, sources: Record<string, string>, cwd: string, problems: string[]): Promise<void> {
  for (const key of ["keyFile", "mgmtPrivateKey", "omBotJwtFile", "mergeInto", "outDir", "config"] as const) {
    const given = options[key];
    if (typeof given !== "string") continue;
    const path = resolve(cwd, given);
    options[key] = path;
    if (key === "config") continue;
    const problem = key === "outDir" ? await outDirProblem(path) : await fileProblem(path, key === "mergeInto");
    if (problem) problems.push(`${label(sources, key)}: ${q(given)} ${problem}`);
  }
}

async function fileProblem(path: string, write: boolean): Promise<string | undefined> {
  try {
    if ((await stat(path)).isDirectory()) return "is a directory, not a file";
    await access(path, write ? constants.R_OK | constants.W_OK : constants.R_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return `does not exist (looked for ${path})`;
    if (code === "EACCES" || code === "EPERM") return `is not ${write ? "readable and writable" : "readable"} (permission denied)`;
    return `cannot be read (${code ?? String(err)})`;
  }
}

function invalidInput(problems: string[]): UsageError {
  const hint = "Fix the values above (flags, OKTA_OM_* env vars or the --config file) and run again.";
  if (problems.length === 1) return new UsageError(problems[0] ?? "", hint);
  const list = problems.map((p) => `  - ${p.replace(/\n/g, "\n    ")}`).join("\n");
  return new UsageError(`Invalid input (${problems.length} problems):\n${list}`, hint);
}
