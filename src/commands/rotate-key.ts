import type { Command } from "commander";
import type { CliDeps } from "../deps.js";
import { rejectEmptyOptionValues } from "../options/empty-values.js";

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const EXAMPLES = `
Examples:
  # See the rotation (nothing generated or written), then do it
  $ okta-om-setup rotate-key --out-dir ./okta-om-setup --plan
  $ okta-om-setup rotate-key --out-dir ./okta-om-setup --yes

  # Also put the new key into the connector YAMLs that carry a copy (FILE.bak keeps the old)
  $ okta-om-setup rotate-key --yes --merge-into ./ingestion/mysql.yaml --merge-into ./ingestion/glue.yaml

  # Use a key made elsewhere (JWK, one-key JWKS, PKCS#8 or PKCS#1 PEM)
  $ okta-om-setup rotate-key --key-file ./new-key.pem --yes

  # OpenMetadata 1.3+: regenerate the ingestion-bot's JWT with an admin token piped in
  $ printenv OM_ADMIN_TOKEN | okta-om-setup rotate-key --om-admin-token-stdin --yes

  # Confidential sign-in (init --client-type confidential): a new client secret for the web app
  $ okta-om-setup rotate-key --client-secret --plan
  $ okta-om-setup rotate-key --client-secret --yes

What it does: one planned change. The service app's JWKS becomes only the new public key
(OpenMetadata signs without a kid, so the app must hold exactly one), and the key files and
workflowConfig.yaml are rewritten (0600). The old key stops working at that moment: every copy
of workflowConfig.yaml must be updated (--merge-into does it in the same run). A crash at any
point is resumed by running the same command again: the manifest records the pending rotation
and its new key, so no third key is made. Ends with doctor's token checks.
OpenMetadata 1.3+ without a service app has no Okta key: ingestion uses the ingestion-bot's JWT.
With OpenMetadata admin credentials (env OKTA_OM_OPENMETADATA_TOKEN, --om-admin-token-stdin, or
--om-admin-email with env OKTA_OM_OPENMETADATA_PASSWORD) the command regenerates that JWT instead
(the old one stops working at once) and rewrites workflowConfig.yaml and the --merge-into files;
in a terminal without them it asks for an admin token, else it says there is no Okta key (exit 2)
and how to do it by hand. No Okta API token is needed for it.
--client-secret rotates the confidential web app's secret instead: a new secret is made in Okta
next to the old one, saved 0600 in web-app.client-secret, openmetadata.secrets.env and
oidc-secrets.yaml, then the old one is deactivated and deleted. OpenMetadata must then get the new
secret (redeploy those files; 1.10+: rerun init with admin credentials). Resumable the same way;
the secret is never printed. Ends by checking that Okta accepts it (HTTP Basic at /introspect).

Exit codes: 0 rotated (or nothing to do), 1 an Okta or OpenMetadata call failed (rerun to resume),
2 bad input or no key to rotate (nothing changed), 3 rotated but doctor's token check (or
OpenMetadata's check of the new bot JWT) failed, 4 Okta or OpenMetadata refused the credentials,
8 with --plan --detailed-exitcode: a rotation is pending, 130 cancelled.
`;

/** `okta-om-setup rotate-key`: replace the service app's key, in Okta and locally, resumably. */
export function registerRotateKey(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  // An empty value (an unset CI variable) is refused by name, never taken as "not given".
  rejectEmptyOptionValues(program.command("rotate-key"))
    .description("replace the service app's key (or, --client-secret, the web app's secret) in Okta and locally, as one resumable change")
    .option("--out-dir <dir>", "directory with okta-om-setup.json and the key (env: OKTA_OM_OUT_DIR; default: ./okta-om-setup)")
    .option("--org-url <url>", "Okta org URL; must be the manifest's (env: OKTA_OM_ORG_URL; default: the manifest's)")
    .option("--api-token-stdin", "read the Okta API token from stdin (else env OKTA_OM_API_TOKEN, OKTA_CLIENT_TOKEN, OKTA_API_TOKEN)")
    .option("--client-secret", "rotate the confidential web app's client secret instead of a key (init --client-type confidential)")
    .option("--key-file <file>", "the new private RSA key instead of a generated RSA-2048 one")
    .option("--kid <kid>", "key id for the new key (default: its RFC 7638 thumbprint)")
    .option("--om-url <url>", "OpenMetadata base URL for the bot-JWT rotation (default: the manifest's)")
    .option("--om-admin-email <email>", "OpenMetadata admin for basic login (password from env OKTA_OM_OPENMETADATA_PASSWORD; env: OKTA_OM_OPENMETADATA_ADMIN_EMAIL)")
    .option("--om-admin-token-stdin", "read an OpenMetadata admin token from stdin (else env OKTA_OM_OPENMETADATA_TOKEN)")
    .option("--merge-into <file>", "also put the new key into this connector YAML (repeatable)", collect)
    .option("--plan", "show the rotation and exit (nothing generated or written)")
    .option("--detailed-exitcode", "with --plan: exit 8 when a rotation would happen")
    .option("-y, --yes", "do not ask for confirmation")
    .option("--no-interactive", "never prompt (then --yes is needed)")
    .option("--json", "print the result as JSON on stdout (never the key)")
    .option("--debug", "log every Okta call and show stack traces")
    .addHelpText("after", EXAMPLES)
    .action(async (flags: Record<string, unknown>) => {
      if (flags.clientSecret === true) {
        const { runRotateClientSecret } = await import("../rotate/client-secret-command.js");
        setExit(await runRotateClientSecret(flags, deps));
        return;
      }
      const { runRotateCommand } = await import("../rotate/rotate-command.js");
      setExit(await runRotateCommand(flags, deps));
    });
}
