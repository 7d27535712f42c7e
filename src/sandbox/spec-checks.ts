import { oauthError, oktaError, validationFailed } from "./okta-errors.js";
import { validateRequestBody, validateResponseBody } from "./spec/spec-validator.js";
import type { SpecIssue } from "./spec/spec-validator.js";
import type { Route, SandboxReply, SandboxRequest } from "./types.js";

/** A response of ours that does not match Okta's published schema (collected in tests). */
export interface SpecViolation {
  operationId: string;
  method: string;
  path: string;
  status: number;
  issues: SpecIssue[];
}

const FORM = "application/x-www-form-urlencoded";

function describe(issue: SpecIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/**
 * Where live Okta accepts what its spec forbids, the recording wins: a full-object app PUT with
 * `"client_secret": ""` (spec: minLength 14) answers 200 and keeps the secret (recordings:
 * app-oauth-update TestAccResourceOktaAppOauth_omitSecretSafeEnable #11).
 */
function toleratedByOkta(operationId: string, issue: SpecIssue, body: unknown): boolean {
  if (operationId !== "replaceApplication" || issue.path !== "credentials.oauthClient.client_secret") return false;
  const credentials = (body as { credentials?: { oauthClient?: { client_secret?: unknown } } } | null)?.credentials;
  return credentials?.oauthClient?.client_secret === "";
}

/**
 * Validates request bodies against the operation's schema in Okta's spec before a handler runs.
 * Management endpoints answer `E0000001 Api validation failed: <field>` with one cause per problem,
 * or E0000003 when the body does not parse into the model (unknown enum values, wrong JSON types);
 * Dynamic Client Registration answers `invalid_client_metadata`, as Okta does.
 */
export function createBodyValidator() {
  return {
    validate(route: Route, req: SandboxRequest): Promise<void> {
      if (!route.operationId || req.body.length === 0) return Promise.resolve();
      const contentType = String(req.headers["content-type"] ?? "application/json");
      let body: unknown;
      if (contentType.includes(FORM)) {
        body = new URLSearchParams(req.body.toString("utf8"));
      } else {
        try {
          body = JSON.parse(req.body.toString("utf8"));
        } catch {
          return Promise.resolve(); // the handler answers E0000003 for malformed JSON
        }
      }
      const issues = validateRequestBody(route.operationId, body, contentType.includes(FORM) ? FORM : "application/json").filter(
        (issue) => !toleratedByOkta(route.operationId!, issue, body),
      );
      if (issues.length === 0) return Promise.resolve();
      if (route.pattern.startsWith("/oauth2/v1/clients") && !route.pattern.includes("/roles")) {
        const first = issues[0]!;
        // A missing field reads as Okta words it (spec example ErrorInvalidClientMetadata).
        const message = /required/.test(first.message) ? "The field can't be left blank." : first.message;
        const field = first.path || /'([^']+)'/.exec(first.message)?.[1] || "";
        return Promise.reject(oauthError(400, "invalid_client_metadata", field ? `\`${field}\`: ${message}` : message));
      }
      // A body that does not parse into Okta's model, e.g. an unknown enum value, is E0000003, not a
      // field error (REAL-ORG.md "E0000001 vs E0000003"; terraform-provider-okta#609).
      if (issues.some((issue) => issue.kind === "parse")) return Promise.reject(oktaError("E0000003"));
      return Promise.reject(validationFailed(issues[0]!.path || "body", issues.map(describe)));
    },

    checkResponse(route: Route, req: SandboxRequest, reply: SandboxReply): Promise<SpecViolation[]> {
      if (!route.operationId) return Promise.resolve([]);
      const issues = validateResponseBody(route.operationId, reply.status, reply.json);
      if (issues.length === 0) return Promise.resolve([]);
      return Promise.resolve([{ operationId: route.operationId, method: req.method, path: req.path, status: reply.status, issues }]);
    },
  };
}
