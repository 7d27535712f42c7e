import { CliError, ExitCode } from "../errors.js";

/** What Okta said, in either of its two error shapes (management `errorCode…` or OAuth `error…`). */
export interface OktaErrorBody {
  errorCode?: string;
  errorSummary?: string;
  errorId?: string;
  errorCauses?: { errorSummary?: string }[];
  error?: string;
  error_description?: string;
}

/**
 * A non-2xx answer from Okta. Keeps status, code, summary, causes, errorId and the request path,
 * never headers or bodies we sent. 401/403 map to exit code 4, everything else to 1.
 */
export class OktaApiError extends CliError {
  readonly status: number;
  readonly errorCode?: string;
  readonly errorSummary?: string;
  readonly errorCauses: string[];
  readonly errorId?: string;
  readonly method: string;
  readonly path: string;

  constructor(method: string, path: string, status: number, body: OktaErrorBody | undefined, hint?: string) {
    const code = body?.errorCode ?? body?.error;
    const summary = body?.errorSummary ?? body?.error_description;
    const causes = (Array.isArray(body?.errorCauses) ? body.errorCauses : []).map((c) => c.errorSummary ?? "").filter(Boolean);
    const text = `Okta answered ${status}${code ? ` ${code}` : ""} to ${method} ${path}${summary ? `: ${summary}` : ""}${causes.length ? ` (${causes.join("; ")})` : ""}`;
    // E0000015 arrives as 401 but is a missing feature, not bad credentials (REAL-ORG.md: "Features and plans").
    const authFailure = (status === 401 || status === 403) && code !== MISSING_FEATURE;
    super(text, { exitCode: authFailure ? ExitCode.auth : ExitCode.failure, hint: hint ?? hintFor({ status, code, summary, causes, method, path }) });
    this.status = status;
    this.errorCode = code;
    this.errorSummary = summary;
    this.errorCauses = causes;
    this.errorId = body?.errorId;
    this.method = method;
    this.path = path;
  }
}

/** Okta's "You do not have permission to access the feature you are requesting". */
export const MISSING_FEATURE = "E0000015";

/** What to check when Okta could not be reached (the resume advice is added by whoever knows the run). */
export const NETWORK_HINT = "Check --org-url and your network (HTTPS_PROXY / NO_PROXY are honoured).";

/** Okta could not be reached, timed out, or answered something that is not an API response. */
export class OktaNetworkError extends CliError {
  constructor(message: string, cause?: unknown) {
    super(message, {
      exitCode: ExitCode.failure,
      cause,
      hint: `${NETWORK_HINT} Nothing is lost: run the same command again to resume where it stopped.`,
    });
  }
}

/**
 * The admin role and the OAuth-for-Okta scope a call needs, by the API it belongs to (Okta's
 * "Administrator roles" and "OAuth 2.0 scopes" references).
 */
function permissionFor(method: string, path: string): { what: string; role: string; scope: string } {
  const read = method === "GET";
  if (/^\/api\/v1\/apps\/[^/]+\/grants/.test(path)) {
    return { what: "granting Okta API scopes to an app", role: "the Super Administrator role", scope: read ? "okta.appGrants.read" : "okta.appGrants.manage" };
  }
  if (path.startsWith("/api/v1/authorizationServers")) {
    return {
      what: "authorization servers, their scopes, policies and rules",
      role: "the API Access Management Administrator role (or Super Administrator)",
      scope: read ? "okta.authorizationServers.read" : "okta.authorizationServers.manage",
    };
  }
  if (path.startsWith("/oauth2/v1/clients")) {
    return { what: "registering OAuth clients (Dynamic Client Registration)", role: "the Application Administrator role (or Super Administrator)", scope: read ? "okta.clients.read" : "okta.clients.register" };
  }
  if (path.startsWith("/api/v1/trustedOrigins")) {
    return { what: "trusted origins", role: "the Super Administrator or Organization Administrator role", scope: read ? "okta.trustedOrigins.read" : "okta.trustedOrigins.manage" };
  }
  if (path.startsWith("/api/v1/groups")) return { what: "reading groups", role: "an administrator role that can see groups (for example Read-only Administrator)", scope: "okta.groups.read" };
  if (path.startsWith("/api/v1/apps")) {
    return { what: "creating and changing apps", role: "the Application Administrator role (or Super Administrator)", scope: read ? "okta.apps.read" : "okta.apps.manage" };
  }
  return { what: "this call", role: "a Super Administrator", scope: "the scope named in Okta's documentation of this call" };
}

interface ErrorFacts {
  status: number;
  code?: string;
  summary?: string;
  causes: string[];
  method: string;
  path: string;
}

/** Hints for the codes users actually hit (API-NOTES §3.2, §0). */
function hintFor({ status, code, summary, causes, method, path }: ErrorFacts): string | undefined {
  switch (code) {
    case "E0000011":
      return "The API token is invalid, expired or revoked. Create one under Security > API > Tokens and set OKTA_OM_API_TOKEN (or pipe it to --api-token-stdin).";
    case "E0000005":
      return "No usable credentials were sent. Set OKTA_OM_API_TOKEN, or use --mgmt-client-id with --mgmt-private-key.";
    case "E0000006": {
      const need = permissionFor(method, path);
      return `The API token's admin may not do this: ${need.what} needs ${need.role}. Use a token of an admin who has it, or assign the role in Security > Administrators. With OAuth for Okta (--mgmt-client-id), the management app also needs the ${need.scope} scope granted.`;
    }
    case "E0000015":
      // Without the feature there is no `default` server either, so `--auth-server default` is no way out.
      return path.startsWith("/api/v1/authorizationServers")
        ? "This org does not have API Access Management (a missing feature, not a credentials problem), so it has no custom authorization servers and no `default` server. Rerun with --auth-server org to sign users in through the org authorization server (with OpenMetadata 1.3+, or --no-service-app), or ask Okta to enable API Access Management."
        : "This org does not have the Okta feature this call needs (a missing feature, not a credentials problem).";
    case "E0000047":
      return "Okta's rate limit was hit and retries ran out. Wait a minute and run the same command again; it resumes where it stopped.";
    case "E0000001":
      if ([summary, ...causes].some((s) => /already exists/i.test(s ?? ""))) {
        return "An object with this name already exists but was not matched by okta-om-setup (for example an inactive app with the same label). Pick another name with the corresponding --*-name flag, or adopt the existing object by removing the conflict in Okta.";
      }
      return undefined;
    case "invalid_client_metadata":
      return /already exists/i.test(summary ?? "") ? "A client with this name already exists. Use --service-app-name to pick another, or delete the stale one in Okta." : undefined;
    default:
      if (status === 401) return "Okta rejected the credentials. Check OKTA_OM_API_TOKEN and that --org-url is the right org.";
      if (status === 403) return "The credentials are valid but not allowed to do this. Use a Super Administrator's API token.";
      if (status >= 500) return "Okta had a problem. Run the same command again in a minute; it resumes where it stopped.";
      return undefined;
  }
}
