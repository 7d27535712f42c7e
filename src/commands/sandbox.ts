import type { Command } from "commander";
import type { CliDeps } from "../deps.js";
import { rejectEmptyOptionValues } from "../options/empty-values.js";
import { parseInteger } from "../options/parse-number.js";

export interface SandboxFlags {
  port: string;
  host: string;
  apiToken?: string;
  state?: string;
  latency: string;
  requestLog?: string;
  https?: boolean;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  # Start an org on a free port and print {"orgUrl","apiToken"} once it is listening
  $ okta-om-setup sandbox --port 0 --json

  # Keep the org between runs and log every request (secrets redacted)
  $ okta-om-setup sandbox --port 8900 --state ./sandbox-org.json --request-log ./requests.jsonl

  # Then, in another terminal
  $ OKTA_OM_API_TOKEN=<token> okta-om-setup init --org-url http://127.0.0.1:8900 --bot-email bot@example.com

What it emulates: the Okta management API for apps (OIDC), app groups and grants, groups,
trusted origins, authorization servers with scopes, policies and rules, Dynamic Client
Registration and client roles; OAuth discovery, keys and client_credentials with
private_key_jwt; rate-limit headers; Okta's error bodies. Plus a small OpenMetadata
stand-in under /openmetadata. It does not emulate users' sign-in flows (authorize,
PKCE code exchange, sessions), MFA, or other Okta APIs.
`;

/** `okta-om-setup sandbox`: a local Okta-compatible org that runs until SIGINT/SIGTERM. */
export function registerSandbox(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  rejectEmptyOptionValues(program.command("sandbox"))
    .description("run a local Okta-compatible org (for trying the tool offline and for tests)")
    .option("--port <n>", "port to listen on; 0 picks a free one", "0")
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("--api-token <token>", "SSWS token clients must send (a throwaway token for this local org; generated if omitted)")
    .option("--state <file>", "load the org from this file if it exists, and save it there on exit")
    .option("--latency <ms>", "delay every response by this many milliseconds", "0")
    .option("--request-log <file>", "append every request as JSON lines, secrets redacted")
    .option("--https", "serve HTTPS with a fresh self-signed certificate")
    .option("--json", 'print one line {"orgUrl": ..., "apiToken": ...} on stdout once listening')
    .addHelpText("after", EXAMPLES)
    .action(async (flags: SandboxFlags) => {
      const port = parseInteger(flags.port, "--port", { min: 0, max: 65535 });
      const latencyMs = parseInteger(flags.latency, "--latency", { min: 0, max: 60_000 });
      const { runSandbox } = await import("../sandbox-command/run-sandbox.js");
      setExit(await runSandbox({ ...flags, port, latencyMs }, deps));
    });
}
