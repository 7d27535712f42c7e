// Every OpenMetadata file for one input, plus the notes that explain version-driven choices.
import type { GeneratedFile } from "./generated-file.js";
import { chartNote } from "./helm-chart.js";
import { deriveOmConfig, isOrgAuthorizationServer, validateOmConfigInput } from "./om-config-input.js";
import { clampToKnown, formatOmVersion, ingestionPipRequirement, OKTA_SDK_PIN } from "./om-version.js";
import type { DerivedOmConfig, OmConfigInput } from "./om-config-input.js";
import { renderBareMetalAuth } from "./render-bare-metal-auth.js";
import { renderOidcK8sSecret, renderSecretsEnv } from "./render-confidential-secrets.js";
import { renderDockerEnv } from "./render-docker-env.js";
import { renderHelmValues } from "./render-helm-values.js";
import { renderWorkflowConfig } from "./render-workflow-config.js";

export type { GeneratedFile } from "./generated-file.js";

/** The loopback and private-network hosts the newer URL checks refuse (VERSIONS: OktaAuthValidator). */
function isInternalHost(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host === "::1" || !host.includes(".")) return true;
  return /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)/.test(host);
}

function versionNotes(d: DerivedOmConfig): string[] {
  const { input, features, version } = d;
  const v = input.omVersion;
  const notes: string[] = [];
  const clamped = clampToKnown(v).note;
  if (clamped) notes.push(clamped);
  if (!features.oktaIngestion) {
    notes.push(
      `OpenMetadata ${version} has no Okta ingestion (removed in 1.3.0): workflowConfig uses authProvider openmetadata with the ingestion bot's JWT.`,
    );
    if (input.serviceClientId !== undefined) {
      notes.push(`The service app ${input.serviceClientId} exists, but OpenMetadata ${version} cannot use it for ingestion.`);
    }
  } else if (d.ingestion === "openmetadata") {
    notes.push("No service app: workflowConfig uses authProvider openmetadata with the ingestion bot's JWT instead of Okta.");
  } else {
    // NOTES §1.2: okta-sdk-python 2.9.6 dropped the `jwt` name OpenMetadata imports; VERSIONS: up to
    // 1.3.x the client must equal the server at major.minor.patch.
    notes.push(
      `Okta ingestion: pip install "${ingestionPipRequirement(v, true)}" "${OKTA_SDK_PIN}" (the pip package "okta" is okta-sdk-python; 2.9.6 removed what OpenMetadata imports, and the client must match the server ${formatOmVersion(v)} exactly).`,
    );
    if (v.major === 1 && v.minor === 2) {
      // NOTES §2.2, §5.3: 1.2 removed SSO bots, and 1.3 removes Okta ingestion altogether.
      notes.push("OpenMetadata 1.2 no longer has SSO bots, and 1.3 removes Okta ingestion: plan to move ingestion to the bot's JWT.");
    } else if (v.major === 1) {
      notes.push(`OpenMetadata ${version} prefers JWT bots; Okta service accounts still work on 1.x up to 1.2.`);
    }
  }
  if (d.ingestion === "openmetadata" && input.omBotJwt === undefined) {
    notes.push(
      "workflowConfig.yaml holds a placeholder jwtToken: copy the token from Settings > Bots > ingestion-bot, or rerun with --om-bot-jwt-file (or OKTA_OM_BOT_JWT).",
    );
  }
  if (features.ingestionPrincipals) {
    notes.push(`OpenMetadata ${version} (before 0.13) lists ingestion principals: ${d.ingestionPrincipals?.join(", ")}.`);
  }
  if (features.classPackage === "org.openmetadata.catalog.security") {
    // NOTES §2.2/§3.1: ≤ 0.12.0 also configured Airflow's Okta client through env vars holding the private key.
    notes.push(
      `OpenMetadata ${version} (before 0.12.1) also needs the Airflow OM_AUTH_AIRFLOW_OKTA_* settings for server-deployed pipelines; they are not generated because they would put the private key into a server file.`,
    );
  }
  if (features.securityConfigInDatabase) {
    // VERSIONS "1.10 and later": the yaml/env/Helm values only seed the database at the first boot.
    notes.push(
      `OpenMetadata ${version} keeps its SSO settings in its database: these files configure a new install only. On a running one, changing env, yaml or Helm values changes nothing; apply them in Settings > SSO (or the /api/v1/system/security/config API), or reset with ./bootstrap/openmetadata-ops.sh remove-security-config --force and restart.`,
    );
    if (isInternalHost(d.omJwksUrl) && d.publicKeyUrls.includes(d.omJwksUrl)) {
      notes.push(
        `${d.omJwksUrl} is a loopback or private address: newer servers refuse such publicKeyUrls unless OPENMETADATA_ALLOW_INTERNAL_URL_TARGETS=true is set on the server.`,
      );
    }
  }
  if (features.orgServerKeysBug && isOrgAuthorizationServer(d.issuer)) {
    notes.push(
      `OpenMetadata ${version} (1.10.0 to 1.10.6) wrongly demands ${d.issuer}/v1/keys for the org authorization server (issue #24334), so saving these settings in its UI or API fails; 1.10.7 fixed it. The files list the right ${d.oktaKeysUrl}.`,
    );
  }
  const chart = chartNote(d.helmChart);
  if (chart && input.deployFiles.includes("helm")) notes.push(chart);
  return notes;
}

/** Renders workflowConfig.yaml and the deploy files the input asks for; validates the input first. */
export function renderOpenMetadataFiles(input: OmConfigInput): { files: GeneratedFile[]; notes: string[] } {
  validateOmConfigInput(input);
  const d = deriveOmConfig(input);
  const files: GeneratedFile[] = [renderWorkflowConfig(input)];
  if (input.deployFiles.includes("docker")) files.push(renderDockerEnv(input));
  if (input.deployFiles.includes("bare-metal")) files.push(renderBareMetalAuth(input));
  if (input.deployFiles.includes("helm")) files.push(renderHelmValues(input));
  const notes = versionNotes(d);
  if (d.confidential) {
    const secretsEnv = input.deployFiles.some((f) => f === "docker" || f === "bare-metal") ? renderSecretsEnv(input) : undefined;
    const k8sSecret = input.deployFiles.includes("helm") ? renderOidcK8sSecret(input) : undefined;
    for (const file of [secretsEnv, k8sSecret]) if (file) files.push(file);
    if (!input.clientSecret && input.deployFiles.length > 0) {
      notes.push(
        "The web app's client secret is not in the out-dir (web-app.client-secret), so openmetadata.secrets.env and oidc-secrets.yaml were not written: generate a new secret in Okta (Applications > the web app > General > Client Credentials) and save it there (0600), then rerun.",
      );
    }
  }
  return { files, notes };
}
