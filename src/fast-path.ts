import { readFileSync } from "node:fs";

// bin/ calls it before anything else; re-exported here because this module is the one bin/ loads
// first and is bundled self-contained, so the guard adds no module load to `--help`.
export { guardClosedPipes } from "./output/closed-pipes.js";

/** Shown after the command list (commander appends it in cli.ts; the fast path below includes it). */
export const TOP_LEVEL_EXAMPLES = `
Examples:
  # Try the whole flow offline against a local Okta-compatible org
  $ okta-om-setup init --sandbox

  # Provision a real org from CI (token from the environment, no prompts)
  $ OKTA_OM_API_TOKEN=... okta-om-setup init --org-url https://dev-123.okta.com \\
      --om-url https://openmetadata.example.com --bot-email ingestion-bot@example.com \\
      --no-interactive --yes

  # Show what would change, exit 8 if anything would
  $ okta-om-setup init --plan --detailed-exitcode

  # Prove a setup works the way OpenMetadata uses it
  $ okta-om-setup doctor --out-dir ./okta-om-setup

  # Day 2: rotate the service app's key; remove what the setup created
  $ okta-om-setup rotate-key --out-dir ./okta-om-setup --yes
  $ okta-om-setup destroy --out-dir ./okta-om-setup --plan

Exit codes: 0 ok, 1 API/network failure, 2 usage or missing input, 3 doctor found failures,
            4 authentication/permission, 8 changes pending (--plan --detailed-exitcode), 130 cancelled.
`;

/**
 * Top-level `--help` and `--version` answered without loading commander or any command module:
 * they are what people run first, and the whole CLI graph costs more start-up than the answer.
 * test/unit/cli.test.ts checks this text against commander's own rendering.
 */
export const TOP_LEVEL_HELP = `Usage: okta-om-setup [options] [command]

Set up Okta single sign-on for OpenMetadata: Okta apps, authorization server,
keys and the OpenMetadata config.

Options:
  -V, --version         print the version
  -h, --help            show help

Commands:
  init [options]        create or update the Okta apps, authorization server and
                        keys for OpenMetadata, and write its config
  config [options]      regenerate the OpenMetadata config files from the
                        manifest and local key (no Okta calls)
  doctor [options]      check the Okta and OpenMetadata setup end to end and say
                        exactly what to fix
  sandbox [options]     run a local Okta-compatible org (for trying the tool
                        offline and for tests)
  rotate-key [options]  replace the service app's key (or, --client-secret, the
                        web app's secret) in Okta and locally, as one resumable
                        change
  destroy [options]     delete the Okta objects this setup created (planned,
                        confirmed, resumable)
  help [command]        display help for command
` + TOP_LEVEL_EXAMPLES + `
`;

/** Handles the argv shapes it can answer alone; returns false for everything else. */
export function tryFastPath(argv: string[], write: (text: string) => void): boolean {
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    write(`${pkg.version}\n`);
    return true;
  }
  if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h")) {
    write(TOP_LEVEL_HELP);
    return true;
  }
  return false;
}
