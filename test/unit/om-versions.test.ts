import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Ajv as AjvType } from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { chartNote, checkChartServes, defaultHelmChart, parseHelmChartVersion } from "../../src/openmetadata/helm-chart.js";
import type { HelmChart } from "../../src/openmetadata/helm-chart.js";
import { HELM_CHARTS } from "../../src/openmetadata/helm-chart-table.js";
import { deriveOmConfig } from "../../src/openmetadata/om-config-input.js";
import type { OmConfigInput } from "../../src/openmetadata/om-config-input.js";
import { compareOmVersion, formatOmVersion, ingestionPipRequirement, KNOWN_OM_LINES, parseOmVersion } from "../../src/openmetadata/om-version.js";
import { renderOpenMetadataFiles } from "../../src/openmetadata/render-openmetadata-files.js";
import { BOT_JWT, GOLDEN_VERSIONS, ISSUER, ORG_ISSUER, byName, goldenInput, input } from "../helpers/om-golden.js";
import { Secret } from "../../src/secret.js";

const ge = (v: string, min: string): boolean => compareOmVersion(parseOmVersion(v), parseOmVersion(min)) >= 0;
const lt = (v: string, max: string): boolean => !ge(v, max);
const chartOf = (version: string): string => deriveOmConfig(goldenInput(version)).helmChart.version;
const serviceApp = (version: string): boolean => goldenInput(version).serviceClientId !== undefined && lt(version, "1.3.0");

type KeyRule = readonly [file: string, key: string, rule: string, applies: (om: string, chart: string) => boolean];
const always = (): boolean => true;

const KEY_RULES: readonly KeyRule[] = [
  ["openmetadata.env", "AUTHORIZER_CLASS_NAME", "all versions (NOTES §3.1; VERSIONS.md: env names stable 0.13 → 2.0)", always],
  ["openmetadata.env", "AUTHORIZER_REQUEST_FILTER", "all versions (NOTES §3.1; VERSIONS.md: env names stable 0.13 → 2.0)", always],
  ["openmetadata.env", "AUTHORIZER_ADMIN_PRINCIPALS", "all versions (NOTES §3.1; VERSIONS.md: env names stable 0.13 → 2.0)", always],
  ["openmetadata.env", "AUTHORIZER_PRINCIPAL_DOMAIN", "all versions (NOTES §3.1; VERSIONS.md: env names stable 0.13 → 2.0)", always],
  ["openmetadata.env", "AUTHENTICATION_CLIENT_TYPE", "OpenMetadata ≥ 1.3.2 (VERSIONS.md: AUTHENTICATION_CLIENT_TYPE exists from 1.3.2)", (om) => ge(om, "1.3.2")],
  ["openmetadata.env", "AUTHENTICATION_PROVIDER", "all versions (VERSIONS.md: env names stable 0.13 → 2.0)", always],
  ["openmetadata.env", "CUSTOM_OIDC_AUTHENTICATION_PROVIDER_NAME", "always Okta (VERSIONS.md: the 1.10+ validator requires a non-empty providerName)", always],
  ["openmetadata.env", "AUTHENTICATION_PUBLIC_KEYS", "all versions (VERSIONS.md: env names stable 0.13 → 2.0)", always],
  ["openmetadata.env", "AUTHENTICATION_TOKEN_VALIDATION_ALGORITHM", "OpenMetadata ≥ 1.6.2 (VERSIONS.md: Added since 1.6)", (om) => ge(om, "1.6.2")],
  ["openmetadata.env", "AUTHENTICATION_AUTHORITY", "all versions (VERSIONS.md: env names stable 0.13 → 2.0)", always],
  ["openmetadata.env", "AUTHENTICATION_CLIENT_ID", "all versions (VERSIONS.md: env names stable 0.13 → 2.0)", always],
  ["openmetadata.env", "AUTHENTICATION_CALLBACK_URL", "all versions (VERSIONS.md: env names stable 0.13 → 2.0)", always],

  ["openmetadata.auth.yaml", "authorizerConfiguration.className", "all versions (NOTES §3.2: conf/openmetadata.yaml)", always],
  ["openmetadata.auth.yaml", "authorizerConfiguration.containerRequestFilter", "all versions (NOTES §3.2)", always],
  ["openmetadata.auth.yaml", "authorizerConfiguration.adminPrincipals", "all versions (NOTES §3.2)", always],
  ["openmetadata.auth.yaml", "authorizerConfiguration.botPrincipals", "before 0.13 only (NOTES §2.2: 0.13 dropped botPrincipals)", (om) => lt(om, "0.13.0")],
  ["openmetadata.auth.yaml", "authorizerConfiguration.allowedEmailRegistrationDomains", "all versions (NOTES §3.2)", always],
  ["openmetadata.auth.yaml", "authorizerConfiguration.principalDomain", "all versions (NOTES §3.2)", always],
  ["openmetadata.auth.yaml", "authorizerConfiguration.enforcePrincipalDomain", "all versions (0.13.2 schema: required)", always],
  ["openmetadata.auth.yaml", "authorizerConfiguration.enableSecureSocketConnection", "all versions (0.13.2 schema: required)", always],
  ["openmetadata.auth.yaml", "authenticationConfiguration.clientType", "OpenMetadata ≥ 1.3.2 (VERSIONS.md: clientType from 1.3.2)", (om) => ge(om, "1.3.2")],
  ["openmetadata.auth.yaml", "authenticationConfiguration.provider", "all versions (NOTES §3.2)", always],
  ["openmetadata.auth.yaml", "authenticationConfiguration.providerName", "always Okta (VERSIONS.md: 1.10+ validator; 0.13.2 schema: required)", always],
  ["openmetadata.auth.yaml", "authenticationConfiguration.publicKeyUrls", "all versions (NOTES §3.2)", always],
  ["openmetadata.auth.yaml", "authenticationConfiguration.tokenValidationAlgorithm", "OpenMetadata ≥ 1.6.2 (VERSIONS.md: Added since 1.6)", (om) => ge(om, "1.6.2")],
  ["openmetadata.auth.yaml", "authenticationConfiguration.authority", "all versions (NOTES §3.2)", always],
  ["openmetadata.auth.yaml", "authenticationConfiguration.clientId", "all versions (NOTES §3.2)", always],
  ["openmetadata.auth.yaml", "authenticationConfiguration.callbackUrl", "all versions (NOTES §3.2)", always],
  ["openmetadata.auth.yaml", "authenticationConfiguration.jwtPrincipalClaims", "all versions (NOTES §3.2)", always],
  ["openmetadata.auth.yaml", "authenticationConfiguration.enableSelfSignup", "all versions (NOTES §3.2)", always],

  ["helm-values.yaml", "global.authorizer.className", "chart < 1.1.0 (VERSIONS.md: Helm table, layout follows the chart)", (_om, chart) => lt(chart, "1.1.0")],
  ["helm-values.yaml", "global.authorizer.containerRequestFilter", "chart < 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => lt(chart, "1.1.0")],
  ["helm-values.yaml", "global.authorizer.initialAdmins", "chart < 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => lt(chart, "1.1.0")],
  ["helm-values.yaml", "global.authorizer.principalDomain", "chart < 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => lt(chart, "1.1.0")],
  ["helm-values.yaml", "global.authentication.provider", "chart < 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => lt(chart, "1.1.0")],
  ["helm-values.yaml", "global.authentication.publicKeys", "chart < 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => lt(chart, "1.1.0")],
  ["helm-values.yaml", "global.authentication.authority", "chart < 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => lt(chart, "1.1.0")],
  ["helm-values.yaml", "global.authentication.clientId", "chart < 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => lt(chart, "1.1.0")],
  ["helm-values.yaml", "global.authentication.callbackUrl", "chart < 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => lt(chart, "1.1.0")],
  ["helm-values.yaml", "openmetadata.config.authorizer.className", "chart ≥ 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => ge(chart, "1.1.0")],
  ["helm-values.yaml", "openmetadata.config.authorizer.containerRequestFilter", "chart ≥ 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => ge(chart, "1.1.0")],
  ["helm-values.yaml", "openmetadata.config.authorizer.initialAdmins", "chart ≥ 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => ge(chart, "1.1.0")],
  ["helm-values.yaml", "openmetadata.config.authorizer.principalDomain", "chart ≥ 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => ge(chart, "1.1.0")],
  ["helm-values.yaml", "openmetadata.config.authentication.clientType", "chart ≥ 1.3.2 and OpenMetadata ≥ 1.3.2 (VERSIONS.md: Helm table, clientType)", (om, chart) => ge(chart, "1.3.2") && ge(om, "1.3.2")],
  ["helm-values.yaml", "openmetadata.config.authentication.provider", "chart ≥ 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => ge(chart, "1.1.0")],
  ["helm-values.yaml", "openmetadata.config.authentication.publicKeys", "chart ≥ 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => ge(chart, "1.1.0")],
  ["helm-values.yaml", "openmetadata.config.authentication.authority", "chart ≥ 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => ge(chart, "1.1.0")],
  ["helm-values.yaml", "openmetadata.config.authentication.clientId", "chart ≥ 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => ge(chart, "1.1.0")],
  ["helm-values.yaml", "openmetadata.config.authentication.callbackUrl", "chart ≥ 1.1.0 (VERSIONS.md: Helm table)", (_om, chart) => ge(chart, "1.1.0")],
  ["helm-values.yaml", "extraEnvs.CUSTOM_OIDC_AUTHENTICATION_PROVIDER_NAME", "always; no chart field for providerName (VERSIONS.md: Helm)", always],
  ["helm-values.yaml", "extraEnvs.AUTHENTICATION_TOKEN_VALIDATION_ALGORITHM", "OpenMetadata ≥ 1.6.2; no chart field (VERSIONS.md: Helm, Added since 1.6)", (om) => ge(om, "1.6.2")],
  ["helm-values.yaml", "extraEnvs.AUTHENTICATION_CLIENT_TYPE", "OpenMetadata ≥ 1.3.2 on a chart < 1.3.2 (VERSIONS.md: Helm table)", (om, chart) => ge(om, "1.3.2") && lt(chart, "1.3.2")],

  ["workflowConfig.yaml", "workflowConfig.openMetadataServerConfig.hostPort", "all versions (NOTES §2.1)", always],
  ["workflowConfig.yaml", "workflowConfig.openMetadataServerConfig.authProvider", "all versions (NOTES §2.1)", always],
  ["workflowConfig.yaml", "workflowConfig.openMetadataServerConfig.securityConfig.clientId", "Okta ingestion: ≤ 1.2.x with a service app (NOTES §2.2, VERSIONS.md: Ingestion)", (om) => serviceApp(om)],
  ["workflowConfig.yaml", "workflowConfig.openMetadataServerConfig.securityConfig.orgURL", "Okta ingestion: ≤ 1.2.x (NOTES §1.3)", (om) => serviceApp(om)],
  ["workflowConfig.yaml", "workflowConfig.openMetadataServerConfig.securityConfig.privateKey", "Okta ingestion: ≤ 1.2.x (NOTES §1.2)", (om) => serviceApp(om)],
  ["workflowConfig.yaml", "workflowConfig.openMetadataServerConfig.securityConfig.email", "Okta ingestion: ≤ 1.2.x (NOTES §1.3: required by the schema)", (om) => serviceApp(om)],
  ["workflowConfig.yaml", "workflowConfig.openMetadataServerConfig.securityConfig.scopes", "Okta ingestion: ≤ 1.2.x (NOTES §1.3)", (om) => serviceApp(om)],
  ["workflowConfig.yaml", "workflowConfig.openMetadataServerConfig.securityConfig.jwtToken", "bot JWT: ≥ 1.3.0 or no service app (VERSIONS.md: 1.3.0 removed Okta ingestion)", (om) => !serviceApp(om)],
];

/** Dotted key paths of a parsed YAML value; lists are leaves, except extraEnvs, keyed by name. */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (prefix === "extraEnvs" && Array.isArray(value)) return value.map((e) => `extraEnvs.${(e as { name: string }).name}`);
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

function fileKeys(name: string, content: string): string[] {
  if (name === "openmetadata.env") {
    return content.split("\n").filter((l) => l !== "" && !l.startsWith("#")).map((l) => l.slice(0, l.indexOf("=")));
  }
  return keyPaths(parse(content));
}

const require = createRequire(import.meta.url);
const AjvClass = (require("ajv") as { Ajv: typeof AjvType }).Ajv;
const ajv = new AjvClass({ strict: false, allErrors: true, logger: false });

interface ChartFixture {
  schema: Record<string, unknown>;
  defaults: Record<string, unknown>;
}

const fixtureUrl = (name: string): URL => new URL(`../fixtures/helm-charts/${name}`, import.meta.url);
/** Every chart tag, the OpenMetadata version it ships and its schema/defaults pair (test/tools/derive-helm-charts.mjs). */
const CHART_INDEX = (JSON.parse(readFileSync(fixtureUrl("index.json"), "utf8")) as { charts: [chart: string, appVersion: string, id: string][] }).charts;

function chartFixture(chart: string): ChartFixture {
  const entry = CHART_INDEX.find(([c]) => c === chart);
  if (!entry) throw new Error(`chart ${chart} is not in test/fixtures/helm-charts/index.json`);
  return JSON.parse(readFileSync(fixtureUrl(`${entry[2]}.json`), "utf8")) as ChartFixture;
}

/** Helm's coalesce: maps merge key by key, anything else (lists included) is replaced. */
function coalesce(base: unknown, over: unknown): unknown {
  if (base && over && typeof base === "object" && typeof over === "object" && !Array.isArray(base) && !Array.isArray(over)) {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(over)) out[k] = coalesce(out[k], v);
    return out;
  }
  return over === undefined ? base : over;
}

/** What `helm install --version <chart> -f helm-values.yaml` validates: the chart defaults with our file on top. */
function helmErrors(chart: string, helmYaml: string): string[] {
  const fixture = chartFixture(chart);
  const validate = ajv.compile(fixture.schema);
  const values = coalesce(fixture.defaults, parse(helmYaml));
  return validate(values) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}

const helmFile = (over: OmConfigInput): string => byName(renderOpenMetadataFiles(over).files, "helm-values.yaml").content;

describe.each(GOLDEN_VERSIONS)("OpenMetadata %s: every key follows its version rule", (version) => {
  const { files } = renderOpenMetadataFiles(goldenInput(version));
  const chart = chartOf(version);

  it.each(["openmetadata.env", "openmetadata.auth.yaml", "helm-values.yaml", "workflowConfig.yaml"])("%s has exactly the keys whose rule applies", (name) => {
    const present = fileKeys(name, byName(files, name).content).sort();
    const rules = KEY_RULES.filter(([file]) => file === name);
    const untraced = present.filter((key) => !rules.some(([, k]) => k === key));
    expect(untraced).toEqual([]);
    const expected = rules.filter(([, , , applies]) => applies(version, chart)).map(([, key]) => key).sort();
    expect(present).toEqual(expected);
  });

  it("lists the Okta keys by the validator's rule, then OpenMetadata's JWKS where the version's docs do (VERSIONS.md: OktaAuthValidator; NOTES §3.1)", () => {
    const issuer = goldenInput(version).issuer;
    const okta = issuer === ORG_ISSUER ? `${ORG_ISSUER}/oauth2/v1/keys` : `${ISSUER}/v1/keys`;
    const jwks = `https://om.example.com${ge(version, "1.0.0") ? "/api/v1/system/config/jwks" : "/api/v1/config/jwks"}`;
    const expected = ge(version, "1.0.0") || !serviceApp(version) ? [okta, jwks] : [okta];
    const auth = parse(byName(files, "openmetadata.auth.yaml").content) as { authenticationConfiguration: { publicKeyUrls: string[]; providerName: string } };
    expect(auth.authenticationConfiguration.publicKeyUrls).toEqual(expected);
    expect(auth.authenticationConfiguration.providerName).toBe("Okta");
    expect(byName(files, "openmetadata.env").content).toContain(`AUTHENTICATION_PUBLIC_KEYS=[${expected.join(", ")}]`);
  });

  it(`validates against the chart's values.schema.json (chart ${chart}, defaults coalesced as helm does)`, () => {
    expect(helmErrors(chart, byName(files, "helm-values.yaml").content)).toEqual([]);
  });

  it("pins the ingestion client as its server requires (VERSIONS.md: exact up to 1.3.x, major.minor after PR #16157)", () => {
    const v = parseOmVersion(version);
    const pin = ingestionPipRequirement(v, serviceApp(version));
    expect(pin).toBe(
      `openmetadata-ingestion${serviceApp(version) ? "[okta]" : ""}==${lt(version, "1.4.0") ? `${v.major}.${v.minor}.${v.patch}.*` : `${v.major}.${v.minor}.*`}`,
    );
    expect(byName(files, "workflowConfig.yaml").content).toContain(`pip install "${pin}"${serviceApp(version) ? ' "okta<2.9.6"' : ""}`);
  });
});

describe("Helm chart version", () => {
  it("defaults to the first chart that ships the version (charts.tsv), else the newest of its line", () => {
    const pick = (v: string) => defaultHelmChart(parseOmVersion(v)).version;
    expect(GOLDEN_VERSIONS.map((v) => [v, pick(v)])).toEqual([
      ["0.13.2", "0.0.54"],
      ["1.0.5", "1.0.6"],
      ["1.1.1", "1.1.1"],
      ["1.2.5", "1.2.8"],
      ["1.3.0", "1.3.0"],
      ["1.5.0", "1.5.0"],
      ["1.6.13", "1.6.13"],
      ["1.9.17", "1.9.17"],
      ["1.10.7", "1.10.7"],
      ["1.13.5", "1.13.1"],
      ["2.0.2", "2.0.0"],
    ]);
    expect(pick("1.6.0")).toBe("1.6.1");
    expect(pick("3.1.0")).toBe("2.0.0");
    expect(HELM_CHARTS).toContainEqual(["1.1.0", "1.0.5"]);
  });

  it("chart 1.1.0 serves OpenMetadata 1.0.5 with the openmetadata.config layout (VERSIONS.md: Helm table)", () => {
    const content = helmFile(input("1.0.5", { helmChart: parseHelmChartVersion("1.1.0") }));
    expect(Object.keys(parse(content) as object)).toEqual(["openmetadata", "extraEnvs"]);
    expect(content).toContain("chosen with --helm-chart-version");
    expect(helmErrors("1.1.0", content)).toEqual([]);
    expect(helmErrors("1.0.6", helmFile(input("1.0.5")))).toEqual([]);
  });

  it("passes clientType through extraEnvs on a chart without the field, which its schema would refuse", () => {
    const on130 = helmFile(input("1.3.2", { helmChart: parseHelmChartVersion("1.3.0") }));
    expect(on130).toContain("name: AUTHENTICATION_CLIENT_TYPE");
    expect(helmErrors("1.3.0", on130)).toEqual([]);
    const on132 = helmFile(input("1.3.2", { helmChart: parseHelmChartVersion("1.3.2") }));
    expect(helmErrors("1.3.2", on132)).toEqual([]);
    expect(helmErrors("1.3.0", on132).join("\n")).toMatch(/additionalProperty.*clientType/);
  });

  it.each(["latest", "1.5", "1.5.0-rc1", "v", "1.2.3.4", ""])("refuses %j naming --helm-chart-version", (raw) => {
    expect(() => parseHelmChartVersion(raw)).toThrow(UsageError);
    expect(() => parseHelmChartVersion(raw)).toThrow(/--helm-chart-version/);
  });

  it("refuses a chart older than the OpenMetadata line it must serve, naming the flag and a chart that fits", () => {
    const serves = (chart: string, om: string) => () => checkChartServes(parseHelmChartVersion(chart), parseOmVersion(om));
    expect(serves("1.1.0", "1.3.0")).toThrow(/--helm-chart-version: chart 1\.1\.0 ships OpenMetadata 1\.0\.5, older than the 1\.3\.0/);
    expect(serves("0.0.40", "0.13.2")).toThrow(/older than any chart this tool knows/);
    expect(serves("1.1.0", "1.0.5")).not.toThrow();
    expect(serves("1.13.1", "1.13.5")).not.toThrow();
    expect(serves("2.0.0", "2.4.0")).not.toThrow();
    expect(() => renderOpenMetadataFiles(input("1.3.0", { helmChart: parseHelmChartVersion("1.2.8") }))).toThrow(/--helm-chart-version: chart 1\.2\.8/);
  });

  it("notes a chart newer than the newest known one", () => {
    const newer: HelmChart = parseHelmChartVersion("2.1.0");
    expect(chartNote(newer)).toMatch(/2\.1\.0 is newer than 2\.0\.0/);
    expect(chartNote(parseHelmChartVersion("1.5.0"))).toBeUndefined();
    const { notes } = renderOpenMetadataFiles(input("2.0.2", { helmChart: newer, omBotJwt: new Secret(BOT_JWT) }));
    expect(notes.join("\n")).toMatch(/chart 2\.1\.0 is newer/);
  });
});

describe("every chart tag (charts.tsv, 0.0.53 → 1.13.1, and 2.0.0)", () => {
  it("is in the fixtures exactly as in the chart table the code uses", () => {
    expect(CHART_INDEX.map(([chart, app]) => [chart, app])).toEqual(HELM_CHARTS.map(([chart, app]) => [chart, app]));
  });

  // The OpenMetadata version the chart ships, and the newest patch of that line (a chart serves its
  // whole line; a newer patch can need keys the chart has no field for, e.g. clientType from 1.3.2).
  const cases = HELM_CHARTS.flatMap(([chart, app]) => {
    const v = parseOmVersion(app);
    const latest = KNOWN_OM_LINES.find((l) => l.line === `${v.major}.${v.minor}`)?.latest;
    return [[chart, app] as const, ...(latest && latest !== formatOmVersion(v) ? [[chart, latest] as const] : [])];
  });
  it.each(cases)("chart %s with OpenMetadata %s: helm-values.yaml validates against that chart's values.schema.json", (chart, om) => {
    const bot = ge(om, "1.3.0") ? { omBotJwt: new Secret(BOT_JWT) } : {};
    const content = helmFile(input(om, { helmChart: parseHelmChartVersion(chart), ...bot }));
    expect(helmErrors(chart, content)).toEqual([]);
    expect(Object.keys(parse(content) as object)[0]).toBe(ge(chart, "1.1.0") ? "openmetadata" : "global");
  });
});

describe("1.10+ advice", () => {
  it("says the files only seed the database, and warns about the 1.10.0–1.10.6 org-server check (VERSIONS.md: 1.10 and later, #24334)", () => {
    const buggy = renderOpenMetadataFiles(input("1.10.3", { issuer: ORG_ISSUER }));
    expect(buggy.notes.join("\n")).toMatch(/1\.10\.0 to 1\.10\.6\) wrongly demands https:\/\/dev-1\.okta\.com\/v1\/keys.*1\.10\.7 fixed it/);
    expect(buggy.notes.join("\n")).toMatch(/remove-security-config --force/);
    expect(byName(buggy.files, "openmetadata.env").content).toContain("AUTHENTICATION_PUBLIC_KEYS=[https://dev-1.okta.com/oauth2/v1/keys, ");
    expect(byName(buggy.files, "helm-values.yaml").content).toMatch(/FIRST boot only/);
    expect(renderOpenMetadataFiles(input("1.10.7", { issuer: ORG_ISSUER })).notes.join("\n")).not.toMatch(/wrongly demands/);
    expect(renderOpenMetadataFiles(input("1.10.3")).notes.join("\n")).not.toMatch(/wrongly demands/);
    expect(renderOpenMetadataFiles(input("1.9.17")).notes.join("\n")).not.toMatch(/database/);
  });

  it("warns that a loopback OpenMetadata JWKS URL may be refused by the URL checks", () => {
    const local = renderOpenMetadataFiles(input("1.10.7", { omUrl: "http://localhost:8585" }));
    expect(local.notes.join("\n")).toMatch(/OPENMETADATA_ALLOW_INTERNAL_URL_TARGETS=true/);
    expect(renderOpenMetadataFiles(input("1.10.7")).notes.join("\n")).not.toMatch(/ALLOW_INTERNAL/);
  });
});
