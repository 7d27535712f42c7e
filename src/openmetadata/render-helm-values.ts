// helm-values.yaml: the same settings in the layout of the OpenMetadata Helm chart for the version.
import { Document } from "yaml";
import { HELM_VALUES_FILE, standardHeader, yamlWithHeader } from "./generated-file.js";
import type { GeneratedFile } from "./generated-file.js";
import { deriveOmConfig } from "./om-config-input.js";
import type { DerivedOmConfig, OmConfigInput } from "./om-config-input.js";
import { authenticationSettings, authorizerSettings, OIDC_K8S_SECRET, oidcSettings, settingsObject } from "./server-blocks.js";
import type { BlockValue, ServerSetting } from "./server-blocks.js";

// The chart names two keys differently from conf/openmetadata.yaml (NOTES §3.3).
const HELM_KEY: Readonly<Record<string, string>> = { adminPrincipals: "initialAdmins", publicKeyUrls: "publicKeys" };

function helmBlock(settings: readonly ServerSetting[]): Record<string, BlockValue> {
  // Only the settings Okta decides; the chart's defaults already match the rest.
  return Object.fromEntries(settings.filter((s) => s.owned).map((s) => [HELM_KEY[s.key] ?? s.key, s.value]));
}

/** The values tree: `global.*` up to 1.0, `openmetadata.config.*` from 1.1 (NOTES §3.3). */
export function helmValues(d: DerivedOmConfig): Record<string, unknown> {
  const authentication: Record<string, unknown> = helmBlock(authenticationSettings(d));
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
  const blocks = { authorizer: helmBlock(authorizerSettings(d)), authentication };
  return d.features.helmLayout === "global" ? { global: blocks } : { openmetadata: { config: blocks } };
}

/** helm-values.yaml (0644: no secrets). */
export function renderHelmValues(input: OmConfigInput): GeneratedFile {
  const d = deriveOmConfig(input);
  const doc = new Document(helmValues(d));
  const layout = d.features.helmLayout === "global" ? "global.authorizer / global.authentication (charts up to 1.0)" : "openmetadata.config.* (charts from 1.1)";
  const header = standardHeader([
    `OpenMetadata ${d.version} on Kubernetes: Okta sign-in values for the open-metadata/openmetadata chart.`,
    `Layout: ${layout}.`,
    "Where it goes: add it after your own values file, e.g.",
    "  helm upgrade openmetadata open-metadata/openmetadata -f your-values.yaml -f helm-values.yaml",
    `${d.omJwksUrl} must be reachable from the server pod (inside the cluster`,
    `http://openmetadata:8585${d.features.jwksPath} also works). No secrets in this file.`,
    ...(d.confidential ? ["Confidential sign-in: create the client secret first: kubectl apply -f oidc-secrets.yaml"] : []),
  ]);
  return {
    name: HELM_VALUES_FILE,
    content: yamlWithHeader(doc, header),
    secret: false,
    description: `Helm values (${d.features.helmLayout === "global" ? "global.*" : "openmetadata.config.*"})`,
  };
}
