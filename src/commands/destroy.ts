import type { Command } from "commander";
import type { CliDeps } from "../deps.js";
import { rejectEmptyOptionValues } from "../options/empty-values.js";

const EXAMPLES = `
Examples:
  # See what would go (GETs only), then remove it
  $ okta-om-setup destroy --out-dir ./okta-om-setup --plan
  $ okta-om-setup destroy --out-dir ./okta-om-setup --yes

  # After upgrading to OpenMetadata 1.3+: remove only the unused service app and its API grants
  $ okta-om-setup destroy --only service-app --yes

  # CI: exit 8 when something is left to delete
  $ okta-om-setup destroy --plan --detailed-exitcode --json

  # Remove everything, adopted objects too, and the local files and keys
  $ okta-om-setup destroy --include-adopted --remove-files --yes

What it removes: only objects this setup created (the manifest records created vs adopted), in
reverse order: rule, policy, scope, authorization server (deactivated, then deleted), API grants,
service app, group assignments, trusted origins, SPA or web app (deactivated, then deleted; with
--remove-files its client secret file too). The \`default\` authorization server is
never deleted. Each object is re-read first; one that changed since (other name, or a server
holding objects this setup did not make) is skipped unless --yes --force. Objects already gone
are fine, and a failed run resumes when run again. Manifests written before this version do not
record provenance: everything in them counts as adopted.

Exit codes: 0 done (or nothing to do), 1 an Okta call failed (rerun to resume) or objects were
skipped because they changed, 2 bad input (nothing changed), 4 Okta refused the token,
8 with --plan --detailed-exitcode: deletions pending, 130 cancelled.
`;

/** `okta-om-setup destroy`: remove exactly what this setup created, planned and resumable. */
export function registerDestroy(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  // An empty value (an unset CI variable) is refused by name, never taken as "not given".
  rejectEmptyOptionValues(program.command("destroy"))
    .description("delete the Okta objects this setup created (planned, confirmed, resumable)")
    .option("--out-dir <dir>", "directory with okta-om-setup.json (env: OKTA_OM_OUT_DIR; default: ./okta-om-setup)")
    .option("--org-url <url>", "Okta org URL; must be the manifest's (env: OKTA_OM_ORG_URL; default: the manifest's)")
    .option("--api-token-stdin", "read the Okta API token from stdin (else env OKTA_OM_API_TOKEN, OKTA_CLIENT_TOKEN, OKTA_API_TOKEN)")
    .option("--only <resources>", "only these, comma separated: rule, policy, scope, auth-server, api-grants, service-app (with its grants), access, trusted-origins, spa-app, web-app (confidential sign-in)")
    .option("--include-adopted", "also delete objects init adopted (found by name); never the default authorization server")
    .option("--remove-files", "also remove the generated files, the key files and finally the manifest")
    .option("--plan", "show what would be deleted and exit (GETs only)")
    .option("--detailed-exitcode", "with --plan: exit 8 when something would be deleted")
    .option("-y, --yes", "do not ask for confirmation")
    .option("--force", "with --yes: also delete objects that changed since init recorded them (and edited files)")
    .option("--no-interactive", "never prompt (then --yes is needed to delete)")
    .option("--json", "print the result as JSON on stdout")
    .option("--debug", "log every Okta call and show stack traces")
    .addHelpText("after", EXAMPLES)
    .action(async (flags: Record<string, unknown>) => {
      const { runDestroyCommand } = await import("../destroy/destroy-command.js");
      setExit(await runDestroyCommand(flags, deps));
    });
}
