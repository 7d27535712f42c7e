// openmetadata.auth.yaml: the two blocks a bare-metal install merges into conf/openmetadata.yaml.
import { Document } from "yaml";
import type { Scalar, YAMLMap } from "yaml";
import { BARE_METAL_AUTH_FILE, standardHeader, yamlWithHeader } from "./generated-file.js";
import type { GeneratedFile } from "./generated-file.js";
import { deriveOmConfig } from "./om-config-input.js";
import type { DerivedOmConfig, OmConfigInput } from "./om-config-input.js";
import { authenticationSettings, authorizerSettings, firstBootCaveat, OIDC_SECRET_ENV, oidcSettings, settingsObject } from "./server-blocks.js";
import type { BlockValue } from "./server-blocks.js";

/** The two blocks as plain data (what the schema validates). */
export function bareMetalBlocks(d: DerivedOmConfig): {
  authorizerConfiguration: Record<string, BlockValue>;
  authenticationConfiguration: Record<string, BlockValue | Record<string, BlockValue>>;
} {
  const authentication: Record<string, BlockValue | Record<string, BlockValue>> = settingsObject(authenticationSettings(d));
  if (d.confidential) {
    // The secret stays out of this 0644 file: Dropwizard substitutes ${OIDC_CLIENT_SECRET} from the
    // environment (openmetadata.secrets.env, 0600).
    authentication.oidcConfiguration = { ...settingsObject(oidcSettings(d)), secret: `\${${OIDC_SECRET_ENV}}` };
  }
  return { authorizerConfiguration: settingsObject(authorizerSettings(d)), authenticationConfiguration: authentication };
}

/** openmetadata.auth.yaml (0644: no secrets). */
export function renderBareMetalAuth(input: OmConfigInput): GeneratedFile {
  const d = deriveOmConfig(input);
  const doc = new Document(bareMetalBlocks(d));
  // Literal values, as in OpenMetadata's bare-metal docs: copying these blocks over the conf's
  // ${VAR:-default} lines fixes the values; --merge-into keeps the ${VAR:-...} form instead.
  const auth = doc.get("authenticationConfiguration") as YAMLMap<Scalar<string>, unknown>;
  const keys = auth.items.find((pair) => pair.key.value === "publicKeyUrls");
  if (keys && d.publicKeyUrls.includes(d.omJwksUrl)) {
    keys.key.commentBefore = ` the server itself must reach ${d.omJwksUrl} (it verifies bot JWTs); if it cannot, put a URL it can reach there`;
  }
  const header = standardHeader([
    `OpenMetadata ${d.version} server (bare metal): Okta sign-in settings.`,
    "Where it goes: MERGE these keys into the authorizerConfiguration and authenticationConfiguration",
    "blocks of conf/openmetadata.yaml; never paste them over the whole blocks, which would drop the keys",
    "this file does not set (samlConfiguration, ldapConfiguration, oidcConfiguration and the ${VAR:-default}",
    "lines). `okta-om-setup config --merge-into conf/openmetadata.yaml` does the merge and keeps your",
    "comments. Then restart the server. No secrets in this file.",
    ...(d.confidential
      ? ["Confidential sign-in: export the secret before starting the server, e.g.", "  set -a; . ./openmetadata.secrets.env; set +a"]
      : []),
    ...firstBootCaveat(d),
  ]);
  return {
    name: BARE_METAL_AUTH_FILE,
    content: yamlWithHeader(doc, header),
    secret: false,
    description: "bare-metal blocks for conf/openmetadata.yaml",
  };
}
