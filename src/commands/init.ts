import type { Command } from "commander";
import type { CliDeps } from "../deps.js";
import { rejectEmptyOptionValues } from "../options/empty-values.js";
import { INIT_FLAGS } from "../options/init-flags.js";
import { registerFlags } from "./register-flags.js";

const EXAMPLES = `
Examples:
  # Everything offline, against an in-process sandbox org
  $ okta-om-setup init --sandbox

  # Interactive: asks only for what flags, env and --config did not give
  $ okta-om-setup init

  # CI: token from the environment, plan first, then apply
  $ export OKTA_OM_API_TOKEN=...   # or: ... | okta-om-setup init --api-token-stdin
  $ okta-om-setup init --org-url https://dev-123.okta.com --om-url https://om.example.com \\
      --bot-email ingestion-bot@example.com --no-interactive --plan --detailed-exitcode
  $ okta-om-setup init --org-url https://dev-123.okta.com --om-url https://om.example.com \\
      --bot-email ingestion-bot@example.com --no-interactive --yes --json

  # The server is not reachable from here: name its version (and the Helm chart you deploy with)
  $ okta-om-setup init --org-url https://dev-123.okta.com --om-url https://om.example.com \\
      --om-version 1.10.7 --helm-chart-version 1.10.7 --bot-email ingestion-bot@example.com

Environment:
  OKTA_OM_API_TOKEN (else OKTA_CLIENT_TOKEN, OKTA_API_TOKEN)  the Okta API token (never a flag)
  OKTA_OM_REQUEST_TIMEOUT_MS  per-request timeout (default 30000)
  OKTA_OM_RETRY_BUDGET_MS     how long one call may wait out Okta's 429s (default 150000)
  HTTPS_PROXY, NO_PROXY       honoured for Okta calls (never for loopback)
  NO_COLOR, CI                plain output; CI also turns prompts off

Runs are idempotent: objects are found by the ids in <out-dir>/okta-om-setup.json, then by
exact name; existing ones are adopted or updated, nothing is ever deleted. A crashed run
resumes where it stopped.
`;

/** `okta-om-setup init`: provision the Okta side and write the OpenMetadata configuration. */
export function registerInit(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  const command = rejectEmptyOptionValues(program.command("init"))
    .description("create or update the Okta apps, authorization server and keys for OpenMetadata, and write its config");
  registerFlags(command, INIT_FLAGS);
  command.addHelpText("after", EXAMPLES).action(async (flags: Record<string, unknown>) => {
    const { runInitCommand } = await import("../init/init-command.js");
    setExit(await runInitCommand(flags, deps));
  });
}
