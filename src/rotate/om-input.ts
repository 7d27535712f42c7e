import { UsageError } from "../errors.js";
import { compactPrivateJwk } from "../keys/key-files.js";
import type { ServiceKeyPair } from "../keys/key-pair.js";
import type { Manifest } from "../manifest/manifest.js";
import type { Secret } from "../secret.js";
import { loadOmBotJwt } from "../openmetadata/bot-jwt.js";
import { parseHelmChartVersion } from "../openmetadata/helm-chart.js";
import { DEPLOY_FILES, type DeployFile, type OmConfigInput } from "../openmetadata/om-config-input.js";
import { LAST_OKTA_INGESTION_VERSION, parseOmVersion } from "../openmetadata/om-version.js";

/**
 * The OpenMetadata files' input as the manifest remembers it (what `config` uses without flags),
 * with `key` as the service app's key (none for a bot-JWT setup) and `botJwt` as the ingestion bot's
 * token when a rotation has a new one. Offline: the version is the one the files were made for.
 */
export async function omInputFromManifest(manifest: Manifest, outDir: string, key: ServiceKeyPair | undefined, env: Record<string, string | undefined>, botJwt?: Secret): Promise<OmConfigInput> {
  if (!manifest.issuer || !manifest.spaClientId || !manifest.botEmail) {
    throw new UsageError(`${outDir} has no completed setup (okta-om-setup.json lacks the issuer, the SPA client id or the bot email).`, "Run `okta-om-setup init` to finish the setup first.");
  }
  const botEmail = manifest.botEmail;
  const chart = manifest.choices?.helmChartVersion;
  return {
    omUrl: manifest.omUrl ?? "http://localhost:8585",
    omVersion: parseOmVersion(typeof manifest.choices?.omVersion === "string" ? manifest.choices.omVersion : (manifest.omVersion ?? LAST_OKTA_INGESTION_VERSION), "okta-om-setup.json omVersion"),
    issuer: manifest.issuer,
    spaClientId: manifest.spaClientId,
    redirectUris: manifest.redirectUris,
    serviceClientId: manifest.serviceClientId,
    privateKeyJwk: key ? compactPrivateJwk(key) : undefined,
    botEmail,
    adminPrincipals: manifest.adminPrincipals ?? ["admin"],
    principalDomain: manifest.principalDomain ?? botEmail.split("@")[1] ?? "",
    hasDefaultScope: true,
    scope: manifest.scope ?? "openmetadata",
    omBotJwt: botJwt ?? (await loadOmBotJwt({ file: env.OKTA_OM_BOT_JWT_FILE, env })),
    deployFiles: (manifest.deployFiles ?? [...DEPLOY_FILES]).filter((f): f is DeployFile => (DEPLOY_FILES as readonly string[]).includes(f)),
    // The chart chosen on an earlier run, as `config` keeps it: else helm-values.yaml would change layout.
    helmChart: typeof chart === "string" && chart.trim() !== "" ? parseHelmChartVersion(chart, "helmChartVersion (remembered in okta-om-setup.json)", "remembered") : undefined,
  };
}
