import type { Command } from "commander";
import type { CliDeps } from "../deps.js";
import { rejectEmptyOptionValues } from "../options/empty-values.js";

const EXAMPLES = `
Examples:
  # Regenerate the OpenMetadata files after editing nothing but flags (no Okta calls)
  $ okta-om-setup config --out-dir ./okta-om-setup --om-version 1.2.5

  # Also update an existing connector YAML in place (comments kept, FILE.bak written)
  $ okta-om-setup config --merge-into ./ingestion/mysql.yaml

  # Helm values for the chart you deploy with (its layout follows the chart, not OpenMetadata)
  $ okta-om-setup config --om-version 1.0.5 --helm-chart-version 1.1.0

  # OpenMetadata 1.10+: apply the settings through its API (validated by OpenMetadata first), offline from Okta
  $ OKTA_OM_OPENMETADATA_TOKEN=<admin token> okta-om-setup config --apply

  # OpenMetadata moved: callbackUrl follows; rerun init to register the new redirect URIs in Okta
  $ okta-om-setup config --om-url https://om.new.example.com
`;

/** `okta-om-setup config`: rewrite the OpenMetadata files from the manifest and local key, offline. */
export function registerConfig(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  rejectEmptyOptionValues(program.command("config"))
    .description("regenerate the OpenMetadata config files from the manifest and local key (no Okta calls)")
    .option("--out-dir <dir>", "directory holding okta-om-setup.json and the key (env: OKTA_OM_OUT_DIR; default: ./okta-om-setup)")
    .option("--om-url <url>", "OpenMetadata URL (env: OKTA_OM_OM_URL; default: the manifest's)")
    .option("--om-version <version>", "OpenMetadata version (env: OKTA_OM_OM_VERSION; default: the one chosen before, else detected, else the one the files were made for)")
    .option("--helm-chart-version <version>", "Helm chart version helm-values.yaml is for (env: OKTA_OM_HELM_CHART_VERSION; default: the one chosen before, else the chart that ships the OpenMetadata version)")
    .option("--bot-email <email>", "ingestion bot email (env: OKTA_OM_BOT_EMAIL; default: the manifest's)")
    .option("--admin-principals <names>", "OpenMetadata admins, comma separated (env: OKTA_OM_ADMIN_PRINCIPALS; default: the manifest's)")
    .option("--principal-domain <domain>", "users' email domain (env: OKTA_OM_PRINCIPAL_DOMAIN; default: the bot email's domain)")
    .option("--deploy-files <list>", "docker, bare-metal, helm or none (env: OKTA_OM_DEPLOY_FILES; default: all)")
    .option("--om-bot-jwt-file <file>", "OpenMetadata 1.3+: file with the ingestion bot's JWT (env: OKTA_OM_BOT_JWT_FILE or OKTA_OM_BOT_JWT)")
    .option("--merge-into <file>", "also update this connector YAML or openmetadata.yaml in place")
    .option("--apply", "also apply to the running OpenMetadata through its API (1.10+: SSO settings, validated first; 1.3+: the bot JWT); needs admin credentials")
    .option("--om-admin-email <email>", "OpenMetadata admin for basic login with --apply (password from env OKTA_OM_OPENMETADATA_PASSWORD)")
    .option("--om-admin-token-stdin", "read the OpenMetadata admin token from stdin for --apply (else env OKTA_OM_OPENMETADATA_TOKEN)")
    .option("-y, --yes", "overwrite files that were edited by hand without asking; with --apply, admins init did not check")
    .option("--json", "print the result as JSON on stdout")
    .option("--debug", "show stack traces")
    .addHelpText("after", EXAMPLES)
    .action(async (flags: Record<string, unknown>) => {
      const { runConfigCommand } = await import("../outputs/config-command.js");
      setExit(await runConfigCommand(flags, deps));
    });
}
