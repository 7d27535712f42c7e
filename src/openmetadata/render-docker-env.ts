// openmetadata.env: the variables OpenMetadata's docker-compose.yml substitutes into the server's
// conf/openmetadata.yaml (`docker compose --env-file openmetadata.env up -d`, NOTES §3.1).
import { DOCKER_ENV_FILE, standardHeader } from "./generated-file.js";
import type { GeneratedFile } from "./generated-file.js";
import { deriveOmConfig } from "./om-config-input.js";
import type { DerivedOmConfig, OmConfigInput } from "./om-config-input.js";
import { authenticationSettings, authorizerSettings, envFormat, firstBootCaveat, oidcSettings } from "./server-blocks.js";
import type { ServerSetting } from "./server-blocks.js";

/** The KEY=value pairs, in the order of OpenMetadata's docs (authorizer first, then authentication). */
export function dockerEnvEntries(d: DerivedOmConfig): [string, string][] {
  // Only what the Okta setup decides: the required defaults (enforcePrincipalDomain, ...) already
  // have the same values in docker-compose.yml.
  const owned = (settings: ServerSetting[]) => settings.filter((s) => s.owned);
  const entries: [string, string][] = [];
  // Confidential: the OIDC_* settings too, except the secret (openmetadata.secrets.env, 0600).
  for (const s of [...owned(authorizerSettings(d)), ...owned(authenticationSettings(d)), ...owned(oidcSettings(d))]) {
    entries.push([s.env, envFormat(s.value)]);
  }
  return entries;
}

function assertEnvSafe(key: string, value: string): void {
  // Compose reads unquoted values literally except for `$` interpolation and ` #` comments; the
  // input validation keeps both out, this only guards against a future renderer bug.
  if (/[\n\r$]|\s#/.test(value)) throw new Error(`env value for ${key} cannot be written unquoted`);
}

/** openmetadata.env for `docker compose --env-file` (0644: no secrets). */
export function renderDockerEnv(input: OmConfigInput): GeneratedFile {
  const d = deriveOmConfig(input);
  const start = d.confidential
    ? ["  docker compose --env-file openmetadata.env --env-file openmetadata.secrets.env up -d", "(openmetadata.secrets.env, 0600, holds OIDC_CLIENT_SECRET)."]
    : ["  docker compose --env-file openmetadata.env up -d"];
  const header = standardHeader([
    `OpenMetadata ${d.version} server: Okta sign-in settings for the Docker deployment${d.confidential ? " (confidential: the server signs users in)" : ""}.`,
    "Where it goes: start OpenMetadata from the directory holding its docker-compose.yml with",
    ...start,
    "Lists use OpenMetadata's own format, [a, b]. No secrets in this file.",
    ...(d.publicKeyUrls.includes(d.omJwksUrl)
      ? [
          `${d.omJwksUrl} must be reachable from inside the server container (it verifies bot JWTs);`,
          `if the container cannot reach ${d.omBase}, use e.g. http://openmetadata:8585${d.features.jwksPath} in AUTHENTICATION_PUBLIC_KEYS.`,
        ]
      : []),
    ...firstBootCaveat(d),
  ]);
  const lines = header.map((line) => (line === "" ? "#" : `# ${line}`));
  lines.push("");
  for (const [key, value] of dockerEnvEntries(d)) {
    assertEnvSafe(key, value);
    lines.push(`${key}=${value}`);
  }
  return {
    name: DOCKER_ENV_FILE,
    content: `${lines.join("\n")}\n`,
    secret: false,
    description: "Docker compose env file (server sign-in settings)",
  };
}
