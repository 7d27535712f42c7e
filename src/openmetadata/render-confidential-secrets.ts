// The two places the web app's client secret goes besides its own 0600 file: an env file for Docker
// and bare metal, and the Kubernetes Secret the Helm chart's oidcConfiguration reads. Both 0600.
import { Document } from "yaml";
import { HELM_OIDC_SECRET_FILE, SECRETS_ENV_FILE, standardHeader, yamlWithHeader } from "./generated-file.js";
import type { GeneratedFile } from "./generated-file.js";
import { deriveOmConfig } from "./om-config-input.js";
import type { OmConfigInput } from "./om-config-input.js";
import { OIDC_K8S_SECRET, OIDC_SECRET_ENV } from "./server-blocks.js";

/** openmetadata.secrets.env: OIDC_CLIENT_SECRET only (0600); undefined without a secret. */
export function renderSecretsEnv(input: OmConfigInput): GeneratedFile | undefined {
  const d = deriveOmConfig(input);
  if (!d.confidential || !input.clientSecret) return undefined;
  const header = standardHeader([
    `OpenMetadata ${d.version} server: the Okta web app's client secret (confidential sign-in). Keep it 0600.`,
    "Docker: docker compose --env-file openmetadata.env --env-file openmetadata.secrets.env up -d",
    "Bare metal: set -a; . ./openmetadata.secrets.env; set +a   (before starting the server)",
  ]);
  const lines = header.map((line) => (line === "" ? "#" : `# ${line}`));
  return {
    name: SECRETS_ENV_FILE,
    content: `${lines.join("\n")}\n\n${OIDC_SECRET_ENV}=${input.clientSecret.reveal()}\n`,
    secret: true,
    description: "client secret for Docker / bare metal (0600)",
  };
}

/** oidc-secrets.yaml: the Secret the chart's oidcConfiguration.clientId/clientSecret refer to (0600). */
export function renderOidcK8sSecret(input: OmConfigInput): GeneratedFile | undefined {
  const d = deriveOmConfig(input);
  if (!d.confidential || !input.clientSecret) return undefined;
  const doc = new Document({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: OIDC_K8S_SECRET.name },
    type: "Opaque",
    stringData: { [OIDC_K8S_SECRET.idKey]: input.spaClientId, [OIDC_K8S_SECRET.secretKey]: input.clientSecret.reveal() },
  });
  const header = standardHeader([
    `OpenMetadata ${d.version} on Kubernetes: the Okta web app's client id and secret for the chart's oidcConfiguration.`,
    "Where it goes: kubectl apply -n <your namespace> -f oidc-secrets.yaml, before helm upgrade. Keep it 0600;",
    "do not commit it.",
  ]);
  return { name: HELM_OIDC_SECRET_FILE, content: yamlWithHeader(doc, header), secret: true, description: "Kubernetes Secret oidc-secrets (0600)" };
}
