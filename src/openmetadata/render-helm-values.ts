// helm-values.yaml: the same settings in the layout of the OpenMetadata Helm chart version they are
// for. The layout and the keys follow the chart, not the OpenMetadata version (VERSIONS: Helm table),
// and the chart's values.schema.json rejects unknown keys: a setting the chart has no field for goes
// through the chart's top-level extraEnvs as the env var OpenMetadata's conf reads.
import { Document } from "yaml";
import { HELM_VALUES_FILE, standardHeader, yamlWithHeader } from "./generated-file.js";
import type { GeneratedFile } from "./generated-file.js";
import { deriveOmConfig } from "./om-config-input.js";
import type { DerivedOmConfig, OmConfigInput } from "./om-config-input.js";
import { authenticationSettings, authorizerSettings, envFormat, firstBootCaveat, OIDC_K8S_SECRET, oidcSettings, settingsObject } from "./server-blocks.js";
import type { BlockValue, ServerSetting } from "./server-blocks.js";
import type { HelmChartFeatures } from "./helm-chart.js";

// The chart names two keys differently from conf/openmetadata.yaml (NOTES §3.3).
const HELM_KEY: Readonly<Record<string, string>> = { adminPrincipals: "initialAdmins", publicKeyUrls: "publicKeys" };

// The keys every chart from 0.0.53 to 1.13.1 (and 2.0.0) has in its schema, in conf terms; the
// ones that appeared later are added by chartKeys().
const AUTHORIZER_KEYS = ["className", "containerRequestFilter", "adminPrincipals", "allowedEmailRegistrationDomains", "principalDomain", "enforcePrincipalDomain", "enableSecureSocketConnection"];
const AUTHENTICATION_KEYS = ["provider", "publicKeyUrls", "authority", "clientId", "callbackUrl", "jwtPrincipalClaims", "enableSelfSignup"];

function chartKeys(chart: HelmChartFeatures): Set<string> {
  return new Set([...AUTHORIZER_KEYS, ...AUTHENTICATION_KEYS, ...(chart.clientType ? ["clientType"] : [])]);
}

export interface HelmValuesPlan {
  values: Record<string, unknown>;
  /** Settings without a chart field, passed as env vars through extraEnvs. */
  extraEnvs: { name: string; value: string }[];
}

/** The values tree for the chart version: `global.*` before chart 1.1.0, `openmetadata.config.*` from it. */
export function helmValues(d: DerivedOmConfig): HelmValuesPlan {
  const known = chartKeys(d.chart);
  const extraEnvs: { name: string; value: string }[] = [];
  // Only the settings Okta decides; the chart's defaults already match the rest.
  const block = (settings: readonly ServerSetting[]): Record<string, BlockValue> => {
    const out: Record<string, BlockValue> = {};
    for (const s of settings.filter((x) => x.owned)) {
      if (known.has(s.key)) out[HELM_KEY[s.key] ?? s.key] = s.value;
      else extraEnvs.push({ name: s.env, value: envFormat(s.value) });
    }
    return out;
  };
  const authentication: Record<string, unknown> = block(authenticationSettings(d));
  if (d.confidential) {
    // The chart renders OIDC_* only with clientType confidential and oidcConfiguration.enabled
    // (VERSIONS.md, Helm); id and secret come from the oidc-secrets Secret (oidc-secrets.yaml).
    const { id: _id, type, ...rest } = settingsObject(oidcSettings(d));
    authentication.oidcConfiguration = {
      enabled: true,
      oidcType: type,
      clientId: { secretRef: OIDC_K8S_SECRET.name, secretKey: OIDC_K8S_SECRET.idKey },
      clientSecret: { secretRef: OIDC_K8S_SECRET.name, secretKey: OIDC_K8S_SECRET.secretKey },
      ...rest,
    };
  }
  const blocks = { authorizer: block(authorizerSettings(d)), authentication };
  const values: Record<string, unknown> = d.chart.layout === "global" ? { global: blocks } : { openmetadata: { config: blocks } };
  if (extraEnvs.length > 0) values.extraEnvs = extraEnvs;
  return { values, extraEnvs };
}

function header(d: DerivedOmConfig, plan: HelmValuesPlan): string[] {
  const layout = d.chart.layout === "global" ? "global.authorizer / global.authentication (charts before 1.1.0)" : "openmetadata.config.* (charts from 1.1.0)";
  const chart = d.helmChart;
  const lines = [
    `OpenMetadata ${d.version} on Kubernetes: Okta sign-in values for the open-metadata/openmetadata chart ${chart.version}.`,
    `Layout: ${layout}. The layout follows the chart version, not OpenMetadata's: ${
      chart.source === "default" ? "this is the chart that ships it; if you deploy with another chart, rerun with --helm-chart-version." : `chosen with --helm-chart-version${chart.source === "remembered" ? " on an earlier run" : ""}.`
    }`,
    "Where it goes: add it after your own values file, e.g.",
    `  helm upgrade openmetadata open-metadata/openmetadata --version ${chart.version} -f your-values.yaml -f helm-values.yaml`,
  ];
  if (plan.extraEnvs.length > 0) {
    lines.push(
      `extraEnvs carries ${plan.extraEnvs.map((e) => e.name).join(", ")}: the chart has no field for ${plan.extraEnvs.length > 1 ? "them" : "it"}.`,
      "Helm replaces lists instead of merging them: if your own values set extraEnvs, copy these entries there.",
    );
  }
  if (d.publicKeyUrls.includes(d.omJwksUrl)) {
    lines.push(
      `publicKeys: the server pod must reach ${d.omJwksUrl} (it verifies bot JWTs); if it cannot reach`,
      `${d.omBase} from inside the cluster, use the in-cluster URL instead, e.g. http://openmetadata:8585${d.features.jwksPath}.`,
    );
  }
  if (d.confidential) lines.push("Confidential sign-in: create the client secret first: kubectl apply -f oidc-secrets.yaml");
  lines.push(...firstBootCaveat(d), "No secrets in this file.");
  return standardHeader(lines);
}

/** helm-values.yaml (0644: no secrets). */
export function renderHelmValues(input: OmConfigInput): GeneratedFile {
  const d = deriveOmConfig(input);
  const plan = helmValues(d);
  const doc = new Document(plan.values);
  return {
    name: HELM_VALUES_FILE,
    content: yamlWithHeader(doc, header(d, plan)),
    secret: false,
    description: `Helm values for chart ${d.helmChart.version} (${d.chart.layout === "global" ? "global.*" : "openmetadata.config.*"})`,
  };
}
