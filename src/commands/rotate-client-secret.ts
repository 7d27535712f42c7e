import type { Command } from "commander";
import type { CliDeps } from "../deps.js";
import { rejectEmptyOptionValues } from "../options/empty-values.js";

const EXAMPLES = `
Examples:
  # See the rotation (nothing generated or written), then do it
  $ okta-om-setup rotate-client-secret --out-dir ./okta-om-setup --plan
  $ okta-om-setup rotate-client-secret --out-dir ./okta-om-setup --yes

What it does: one planned change to the confidential web app (init --client-type confidential).
A new secret is generated here, saved 0600 and added in Okta next to the old one; then
openmetadata.secrets.env, oidc-secrets.yaml and web-app.client-secret get it (0600), and the old
secret is deactivated and deleted. OpenMetadata must then get the new secret (restart with the new
files; 1.10+: Settings > SSO). A crash at any point is resumed by running the same command again
(the manifest records the pending rotation; the same new secret is used). The secret is never
printed. It ends by checking that Okta accepts the new secret (HTTP Basic at /introspect).

Exit codes: 0 rotated, 1 an Okta call failed (rerun to resume), 2 bad input (nothing changed),
3 rotated but Okta refuses the new secret, 8 with --plan --detailed-exitcode, 130 cancelled.
`;

/**
 * The client secret rotation as its own command. It is rotate-key's `--client-secret` kind (issue 14);
 * until rotate-key is on this branch it stands alone, with rotate-key's flags.
 */
export function registerRotateClientSecret(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  // Hidden from the top-level help: it becomes `rotate-key --client-secret` when rotate-key lands.
  rejectEmptyOptionValues(program.command("rotate-client-secret", { hidden: true }))
    .description("replace the confidential web app's client secret in Okta and in the 0600 files, as one resumable change")
    .option("--out-dir <dir>", "directory with okta-om-setup.json and web-app.client-secret (env: OKTA_OM_OUT_DIR; default: ./okta-om-setup)")
    .option("--org-url <url>", "Okta org URL; must be the manifest's (env: OKTA_OM_ORG_URL; default: the manifest's)")
    .option("--api-token-stdin", "read the Okta API token from stdin (else env OKTA_OM_API_TOKEN, OKTA_CLIENT_TOKEN, OKTA_API_TOKEN)")
    .option("--plan", "show the rotation and exit (nothing generated or written)")
    .option("--detailed-exitcode", "with --plan: exit 8 when a rotation would happen")
    .option("-y, --yes", "do not ask for confirmation")
    .option("--no-interactive", "never prompt (then --yes is needed)")
    .option("--json", "print the result as JSON on stdout (never the secret)")
    .option("--debug", "log every Okta call (never bodies) and show stack traces")
    .addHelpText("after", EXAMPLES)
    .action(async (flags: Record<string, unknown>) => {
      const { runRotateClientSecret } = await import("../rotate/client-secret-command.js");
      setExit(await runRotateClientSecret(flags, deps));
    });
}
