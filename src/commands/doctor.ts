import type { Command } from "commander";
import type { CliDeps } from "../deps.js";
import { rejectEmptyOptionValues } from "../options/empty-values.js";

const EXAMPLES = `
Examples:
  # Check a setup made by init (token from OKTA_OM_API_TOKEN enables the Okta object checks)
  $ okta-om-setup doctor --out-dir ./okta-om-setup --om-url https://om.example.com

  # Check a hand-written ingestion config, machine-readable
  $ okta-om-setup doctor --workflow-config ./workflowConfig.yaml --json | jq '.[] | select(.status=="fail")'

  # Only the live token check, warnings fail too
  $ okta-om-setup doctor --only live-token --strict

Exit codes: 0 nothing failed (warnings allowed), 3 a check failed, 2 usage error.
`;

/** `okta-om-setup doctor`: prove the setup works the way OpenMetadata uses it. */
export function registerDoctor(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  rejectEmptyOptionValues(program.command("doctor"))
    .description("check the Okta and OpenMetadata setup end to end and say exactly what to fix")
    .option("--out-dir <dir>", "directory with okta-om-setup.json and workflowConfig.yaml (env: OKTA_OM_OUT_DIR; default: ./okta-om-setup)")
    .option("--workflow-config <file>", "check this workflowConfig/connector YAML instead of the out-dir's")
    .option("--org-url <url>", "Okta org URL for the object checks (env: OKTA_OM_ORG_URL; default: the manifest's)")
    .option("--api-token-stdin", "read an Okta API token from stdin (else env OKTA_OM_API_TOKEN, OKTA_CLIENT_TOKEN, OKTA_API_TOKEN); without one the Okta object checks are skipped")
    .option("--om-url <url>", "OpenMetadata URL (env: OKTA_OM_OM_URL; default: the manifest's, from hostPort)")
    .option("--only <ids>", "run only these checks (comma separated; see --list-checks)")
    .option("--skip <ids>", "skip these checks")
    .option("--list-checks", "list the checks and exit")
    .option("--timeout <seconds>", "per-check timeout", "15")
    .option("--strict", "warnings fail too (exit 3)")
    .option("--json", "print an array of results on stdout")
    .option("--debug", "show stack traces")
    .addHelpText("after", EXAMPLES)
    .action(async (flags: Record<string, unknown>) => {
      const { runDoctorCommand } = await import("../doctor/doctor-command.js");
      setExit(await runDoctorCommand(flags, deps));
    });
}
