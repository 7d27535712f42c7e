import type { Command } from "commander";
import type { CliDeps } from "../deps.js";
import { rejectEmptyOptionValues } from "../options/empty-values.js";
import { parseInteger } from "../options/parse-number.js";
import { UsageError } from "../errors.js";
// A constant-only module (no imports), so the CLI's start-up stays light.
import { RATE_LIMIT_PLANS } from "../sandbox/rate-limit-plans.js";

export interface SandboxFlags {
  port: string;
  host: string;
  apiToken?: string;
  state?: string;
  latency: string;
  requestLog?: string;
  https?: boolean;
  json?: boolean;
  /** commander's --no-api-access-management: false when given. */
  apiAccessManagement: boolean;
  integratorFree?: boolean;
  rateLimits?: string;
  publicClientAppAdmins?: boolean;
  omVersion?: string;
}

const EXAMPLES = `
Examples:
  # Start an org on a free port and print {"orgUrl","apiToken"} once it is listening
  $ okta-om-setup sandbox --port 0 --json

  # Keep the org between runs and log every request (secrets redacted)
  $ okta-om-setup sandbox --port 8900 --state ./sandbox-org.json --request-log ./requests.jsonl

  # An org without API Access Management (custom servers and \`default\` answer 401 E0000015)
  $ okta-om-setup sandbox --no-api-access-management
  #   then: okta-om-setup init --auth-server org --om-version 1.5.0 ...

  # A new Integrator Free Plan org with its rate limits (20/min on /api/v1/apps*)
  $ okta-om-setup sandbox --integrator-free --rate-limits integrator-free

  # "Public client app admins" on: granting Okta API scopes makes the service app a SUPER_ADMIN
  $ okta-om-setup sandbox --public-client-app-admins
  # An OpenMetadata 2.0.2 stand-in: SSO settings live in its database, set through its API
  $ okta-om-setup sandbox --port 0 --json --om-version 2.0.2

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
    .option("--latency <ms>", "delay every answer to a caller by this many milliseconds, like a far-away org (not the OpenMetadata stand-in's own calls to the org)", "0")
    .option("--request-log <file>", "append every request as JSON lines, secrets redacted")
    .option("--https", "serve HTTPS with a fresh self-signed certificate")
    .option("--no-api-access-management", "an org without API Access Management: no custom or `default` authorization server (E0000015)")
    .option("--integrator-free", "a new Integrator Free Plan org: the `default` server has no access policy")
    .option("--rate-limits <plan>", `Okta's per-minute limits of a plan: ${RATE_LIMIT_PLANS.join(", ")} (default: generous, for tests)`)
    .option("--public-client-app-admins", 'the org setting "Public client app admins": a scope grant makes the app a SUPER_ADMIN')
    .option("--om-version <version>", "OpenMetadata version the stand-in behaves like; 1.10+ keeps SSO settings in its database (default: 1.2.5, or the --state file's)")
    .option("--json", 'print one line {"orgUrl", "apiToken", "omUrl", "omVersion", "omAdminToken"} on stdout once listening')
    .addHelpText("after", EXAMPLES)
    .action(async (flags: SandboxFlags) => {
      const port = parseInteger(flags.port, "--port", { min: 0, max: 65535 });
      const latencyMs = parseInteger(flags.latency, "--latency", { min: 0, max: 60_000 });
      if (flags.rateLimits !== undefined && !(RATE_LIMIT_PLANS as readonly string[]).includes(flags.rateLimits)) {
        throw new UsageError(`--rate-limits must be one of ${RATE_LIMIT_PLANS.join(", ")}, not "${flags.rateLimits}".`, "Omit it for the sandbox's generous default limits.");
      }
      const { parseOmVersion, formatOmVersion } = await import("../openmetadata/om-version.js");
      const omVersion = flags.omVersion === undefined ? undefined : formatOmVersion(parseOmVersion(flags.omVersion));
      const { runSandbox } = await import("../sandbox-command/run-sandbox.js");
      setExit(await runSandbox({ ...flags, port, latencyMs, omVersion }, deps));
    });
}
