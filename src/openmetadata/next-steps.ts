// What the user still has to do on the OpenMetadata side after init/config, in order.
import { join } from "node:path";
import { BARE_METAL_AUTH_FILE, DOCKER_ENV_FILE, HELM_OIDC_SECRET_FILE, HELM_VALUES_FILE, SECRETS_ENV_FILE, WORKFLOW_CONFIG_FILE } from "./generated-file.js";
import type { GeneratedFile } from "./generated-file.js";
import { deriveOmConfig } from "./om-config-input.js";
import type { OmConfigInput } from "./om-config-input.js";
import { ingestionPipRequirement, OKTA_SDK_PIN } from "./om-version.js";

/** What init or config --apply already did through OpenMetadata's API, so it is not asked of the user. */
export interface DoneByApi {
  /** 1.10+: the settings are stored in OpenMetadata's database (applied or already equal). */
  securitySettings?: boolean;
  /** Up to 1.2: the service app's principal exists with the Ingestion Bot role. */
  servicePrincipal?: string;
}

/** Numbered next steps for the files that were generated; no secret values. */
export function nextSteps(input: OmConfigInput, outDir: string, files: GeneratedFile[], done: DoneByApi = {}): string[] {
  const d = deriveOmConfig(input);
  const has = (name: string) => files.some((f) => f.name === name);
  const path = (name: string) => join(outDir, name);
  const steps: string[] = [];

  if (has(DOCKER_ENV_FILE)) {
    const secrets = has(SECRETS_ENV_FILE) ? ` --env-file ${path(SECRETS_ENV_FILE)}` : "";
    steps.push(`Docker: in the directory with OpenMetadata's docker-compose.yml, run: docker compose --env-file ${path(DOCKER_ENV_FILE)}${secrets} up -d`);
  }
  if (has(BARE_METAL_AUTH_FILE)) {
    steps.push(
      `Bare metal: merge the keys of ${path(BARE_METAL_AUTH_FILE)} into the two blocks of conf/openmetadata.yaml, never over the whole blocks (or: okta-om-setup config --merge-into conf/openmetadata.yaml), then restart OpenMetadata${has(SECRETS_ENV_FILE) ? ` with the variables of ${path(SECRETS_ENV_FILE)} exported (set -a; . ${path(SECRETS_ENV_FILE)}; set +a)` : ""}.`,
    );
  }
  if (has(HELM_VALUES_FILE)) {
    if (has(HELM_OIDC_SECRET_FILE)) steps.push(`Kubernetes: create the client secret first: kubectl apply -n <namespace> -f ${path(HELM_OIDC_SECRET_FILE)}`);
    steps.push(
      `Kubernetes: helm upgrade openmetadata open-metadata/openmetadata --version ${d.helmChart.version} -f <your values.yaml> -f ${path(HELM_VALUES_FILE)}`,
    );
  }
  if (d.features.securityConfigInDatabase && done.securitySettings) {
    steps.push(`OpenMetadata ${d.version} already has these settings in its database (applied through its API): the files matter only for a fresh install.`);
  } else if (d.features.securityConfigInDatabase) {
    steps.push(
      `OpenMetadata ${d.version} reads these settings only on its first boot: on a running install, enter them in Settings > SSO (or reset with ./bootstrap/openmetadata-ops.sh remove-security-config --force and restart).`,
    );
  }
  steps.push(`Sign in at ${d.omBase} with an Okta user; admins are ${input.adminPrincipals.map((a) => `${a}@${input.principalDomain}`).join(", ")}.`);

  if (d.ingestion === "okta" && input.serviceClientId !== undefined) {
    const id = input.serviceClientId;
    // OpenMetadata takes the principal from the token's `sub` (the service app's client id) and looks
    // up a user of that name; up to 1.5 it keeps the case (VERSIONS "Ingestion"), and only admins
    // bypass policy checks, so the user needs the Ingestion Bot role.
    const name = d.features.lowercasesPrincipal ? id.toLowerCase() : id;
    const caseNote = d.features.lowercasesPrincipal ? "lower-cased, as this version looks it up" : "exactly this case: this version does not lower-case it";
    steps.push(
      done.servicePrincipal
        ? `Ingestion principal: the OpenMetadata user ${done.servicePrincipal} has the Ingestion Bot role (set up through OpenMetadata's API).`
        : d.ingestionPrincipals
        ? `Ingestion principal: ${id} is listed in AUTHORIZER_INGESTION_PRINCIPALS / botPrincipals (OpenMetadata ${d.version}).`
        : `Create an OpenMetadata user named "${name}" (${caseNote}), the service app's client id, and give it the Ingestion Bot role (or make it an admin): OpenMetadata maps the access token's sub claim to that user, and only admins bypass its policies.`,
    );
  } else if (input.omBotJwt === undefined) {
    steps.push(`Copy the ingestion-bot's token (OpenMetadata: Settings > Bots > ingestion-bot) into ${path(WORKFLOW_CONFIG_FILE)} as securityConfig.jwtToken, or rerun with --om-bot-jwt-file.`);
  }
  if (has(WORKFLOW_CONFIG_FILE)) {
    const install =
      d.ingestion === "okta"
        ? ` Install the client with pip install "${ingestionPipRequirement(input.omVersion, true)}" "${OKTA_SDK_PIN}" (the pip package okta is okta-sdk-python).`
        : ` Install the client with pip install "${ingestionPipRequirement(input.omVersion, false)}".`;
    steps.push(
      `Ingestion: put the workflowConfig block of ${path(WORKFLOW_CONFIG_FILE)} into each connector YAML next to source and sink (or: okta-om-setup config --merge-into <connector.yaml>), then run metadata ingest -c <connector.yaml>.${install}`,
    );
  }
  steps.push("Check everything end to end: okta-om-setup doctor");
  return steps.map((step, i) => `${i + 1}. ${step}`);
}
