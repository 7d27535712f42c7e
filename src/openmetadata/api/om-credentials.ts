// OpenMetadata admin credentials: never a flag value. A token (env or stdin), or basic login with an
// email (flag) and a password (env) while OpenMetadata still uses basic auth (VERSIONS.md: "Bot JWT by API").
import { CliError, ExitCode, UsageError } from "../../errors.js";
import { Secret } from "../../secret.js";
import { OmClient, omMessage, omRequest } from "./om-client.js";

export const OM_TOKEN_ENV = "OKTA_OM_OPENMETADATA_TOKEN";
export const OM_PASSWORD_ENV = "OKTA_OM_OPENMETADATA_PASSWORD";

export interface OmCredentialInput {
  omUrl: string;
  /** Read from stdin by --om-admin-token-stdin (or typed at a prompt: see stdinSource). */
  stdinToken?: Secret;
  /** How stdinToken was given, for messages; default "--om-admin-token-stdin". */
  stdinSource?: string;
  adminEmail?: string;
  env: Record<string, string | undefined>;
  /** `init --sandbox`: the stand-in's admin token, used when nothing else is given. */
  sandboxToken?: Secret;
  /** The wizard's answers (masked prompts): a token, or the password for adminEmail. */
  typed?: { token?: Secret; password?: Secret };
}

/** What to tell a user who gave no credentials (the exact ways to give them). */
export const HOW_TO_GIVE_CREDENTIALS = `set ${OM_TOKEN_ENV} to an OpenMetadata admin's token (or pipe it to --om-admin-token-stdin), or pass --om-admin-email with ${OM_PASSWORD_ENV} while OpenMetadata still uses basic auth`;

/** Whether any OpenMetadata admin credential was given (nothing is sent yet). */
export function hasOmCredentials(input: OmCredentialInput): boolean {
  return Boolean(input.stdinToken || input.env[OM_TOKEN_ENV]?.trim() || input.adminEmail || input.sandboxToken);
}

async function basicLogin(omUrl: string, email: string, password: Secret): Promise<Secret> {
  // OpenMetadata's login takes the password base64-encoded.
  const answer = await omRequest(omUrl, "POST", "/api/v1/users/login", { body: { email, password: Buffer.from(password.reveal(), "utf8").toString("base64") }, expect: [400, 401, 403, 404, 405, 501] });
  const token = (answer.json as { accessToken?: unknown } | undefined)?.accessToken;
  if (answer.status === 200 && typeof token === "string" && token !== "") return new Secret(token);
  const said = omMessage(answer.json);
  throw new CliError(`OpenMetadata refused the basic login of ${email}: HTTP ${answer.status}${said ? `, "${said}"` : ""}.`, {
    exitCode: ExitCode.auth,
    hint: `Check the email and ${OM_PASSWORD_ENV}. Once OpenMetadata signs in with SSO, basic login is off: use an admin token in ${OM_TOKEN_ENV} instead.`,
  });
}

/**
 * The admin client, or undefined when no credential was given. The credential is checked live:
 * `GET /api/v1/users/loggedInUser` must name an admin (401 and 403 exit 4 with the fix).
 */
export async function connectOpenMetadata(input: OmCredentialInput): Promise<{ client: OmClient; user: string; token: Secret } | undefined> {
  const envToken = input.env[OM_TOKEN_ENV]?.trim();
  const password = input.typed?.password ?? (input.env[OM_PASSWORD_ENV] ? new Secret(input.env[OM_PASSWORD_ENV]) : undefined);
  let token: Secret | undefined;
  let source = "";
  if (input.stdinToken) [token, source] = [input.stdinToken, input.stdinSource ?? "--om-admin-token-stdin"];
  else if (envToken) [token, source] = [new Secret(envToken), OM_TOKEN_ENV];
  else if (input.typed?.token) [token, source] = [input.typed.token, "the token typed in the wizard"];
  else if (input.adminEmail) {
    if (!password) throw new UsageError(`--om-admin-email ${input.adminEmail} needs the password in ${OM_PASSWORD_ENV}.`, `export ${OM_PASSWORD_ENV}=... (never as a flag), or use an admin token in ${OM_TOKEN_ENV}.`);
    [token, source] = [await basicLogin(input.omUrl, input.adminEmail, password), `basic login as ${input.adminEmail}`];
  } else if (input.sandboxToken) [token, source] = [input.sandboxToken, "the sandbox's OpenMetadata admin token"];
  if (!token) return undefined;
  const client = new OmClient(input.omUrl, token, source);
  const me = (await client.request("GET", "/api/v1/users/loggedInUser")).json as { name?: unknown; isAdmin?: unknown } | undefined;
  const name = typeof me?.name === "string" ? me.name : "(unknown)";
  if (me?.isAdmin === false) {
    throw new CliError(`The OpenMetadata credentials (${client.credentialSource}) belong to ${name}, who is not an admin.`, {
      exitCode: ExitCode.auth,
      hint: "Use a token of a user with the Admin role; bots (ingestion-bot included) cannot change security settings.",
    });
  }
  return { client, user: name, token };
}
