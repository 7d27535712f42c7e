// workflowConfig.yaml: how ingestion (the `metadata` CLI, Airflow) authenticates to OpenMetadata.
import { Document, Scalar } from "yaml";
import type { YAMLMap } from "yaml";
import { BOT_JWT_PLACEHOLDER, WORKFLOW_CONFIG_FILE, standardHeader, yamlWithHeader } from "./generated-file.js";
import type { GeneratedFile } from "./generated-file.js";
import { deriveOmConfig } from "./om-config-input.js";
import { formatOmVersion, ingestionPipRequirement, OKTA_SDK_PIN } from "./om-version.js";
import type { DerivedOmConfig, OmConfigInput } from "./om-config-input.js";

/** The `securityConfig` and `authProvider` for the version (plain data; values revealed). */
export function workflowServerConfig(d: DerivedOmConfig): { hostPort: string; authProvider: "okta" | "openmetadata"; securityConfig: Record<string, unknown> } {
  if (d.ingestion === "okta") {
    const { serviceClientId, privateKeyJwk, botEmail } = d.input;
    if (serviceClientId === undefined || privateKeyJwk === undefined) throw new Error("okta ingestion without a service app");
    return {
      hostPort: d.hostPort,
      authProvider: "okta",
      securityConfig: {
        // The service app, not the SPA: it is the assertion's iss/sub (NOTES §1.3).
        clientId: serviceClientId,
        // Not the org URL: the token endpoint, which is also the assertion's aud (NOTES §1.3).
        orgURL: d.tokenEndpoint,
        privateKey: privateKeyJwk.reveal(),
        // Required by the schema, unused by the Okta flow (NOTES §1.3).
        email: botEmail,
        scopes: d.workflowScopes,
      },
    };
  }
  return {
    hostPort: d.hostPort,
    authProvider: "openmetadata",
    securityConfig: { jwtToken: d.input.omBotJwt?.reveal() ?? BOT_JWT_PLACEHOLDER },
  };
}

/** A YAML scalar that is always quoted: a private JWK starts with "{" and would otherwise parse as a map. */
export function quotedScalar(value: string, type: Scalar.Type = Scalar.QUOTE_SINGLE): Scalar<string> {
  const node = new Scalar(value);
  node.type = type;
  return node;
}

/** The `openMetadataServerConfig` node for a YAML document, with quoting and comments applied. */
export function workflowServerConfigNode(doc: Document, d: DerivedOmConfig): YAMLMap {
  const plain = workflowServerConfig(d);
  const node = doc.createNode(plain) as YAMLMap;
  const security = node.get("securityConfig") as YAMLMap;
  if (plain.authProvider === "okta") {
    security.set("privateKey", quotedScalar(String(plain.securityConfig.privateKey)));
    const scopes = doc.createNode(plain.securityConfig.scopes, { flow: true });
    // [] sends no scope parameter, so Okta grants the authorization server's default scopes (NOTES §1.3).
    if (d.workflowScopes.length === 0) scopes.comment = " empty: the authorization server's default scope applies";
    security.set("scopes", scopes);
  } else {
    const jwt = quotedScalar(String(plain.securityConfig.jwtToken), Scalar.QUOTE_DOUBLE);
    if (d.input.omBotJwt === undefined) {
      jwt.comment = " placeholder: paste the ingestion-bot's token";
    }
    security.set("jwtToken", jwt);
  }
  return node;
}

function header(d: DerivedOmConfig): string[] {
  const lines = [
    `OpenMetadata ingestion credentials for OpenMetadata ${d.version} at ${d.omBase}.`,
    "Where it goes: the `workflowConfig` block belongs in every connector YAML, next to `source` and",
    "`sink` (or run `okta-om-setup config --merge-into <connector.yaml>`), then `metadata ingest -c <connector.yaml>`.",
  ];
  if (d.ingestion === "okta") {
    lines.push(
      "Authenticates with Okta: the service app's private key signs a client assertion for",
      `${d.tokenEndpoint}.`,
      `Install: pip install "${ingestionPipRequirement(d.input.omVersion, true)}" "${OKTA_SDK_PIN}"`,
      `(the client must match the server at ${formatOmVersion(d.input.omVersion)}; the pip package "okta" is okta-sdk-python, whose 2.9.6 broke OpenMetadata's import).`,
    );
  } else if (d.features.oktaIngestion) {
    lines.push("Authenticates with the ingestion-bot's OpenMetadata JWT (no Okta service app was set up).");
  } else {
    lines.push(
      `Authenticates with the ingestion-bot's OpenMetadata JWT: OpenMetadata ${d.version} has no Okta ingestion (removed in 1.3.0).`,
    );
  }
  if (d.ingestion !== "okta") {
    const exact = d.features.exactIngestionPin;
    lines.push(`Install: pip install "${ingestionPipRequirement(d.input.omVersion, false)}" (the client must match the server at ${exact ? "major.minor.patch" : "major.minor"}).`);
  }
  lines.push("SECRET: keep this file 0600 and out of version control.");
  return standardHeader(lines);
}

/** workflowConfig.yaml for the input's version (0600: it holds a private key or a bot token). */
export function renderWorkflowConfig(input: OmConfigInput): GeneratedFile {
  const d = deriveOmConfig(input);
  const doc = new Document({});
  const root = doc.contents as YAMLMap;
  const workflow = doc.createNode({}) as YAMLMap;
  workflow.set("openMetadataServerConfig", workflowServerConfigNode(doc, d));
  root.set("workflowConfig", workflow);
  return {
    name: WORKFLOW_CONFIG_FILE,
    content: yamlWithHeader(doc, header(d)),
    secret: true,
    description:
      d.ingestion === "okta"
        ? "ingestion credentials (authProvider okta, service app private key)"
        : "ingestion credentials (authProvider openmetadata, ingestion-bot JWT)",
  };
}
