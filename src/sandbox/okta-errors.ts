import { makeId } from "./ids.js";
import type { SandboxReply } from "./types.js";

/**
 * Error texts as Okta answers them (errorSummary), keyed by errorCode. HTTP statuses follow the
 * recordings where they exist (E0000015 arrives as 401 on a Classic org without API AM).
 */
export const OKTA_ERRORS = {
  E0000001: { status: 400, summary: "Api validation failed: {0}" },
  E0000003: { status: 400, summary: "The request body was not well-formed." },
  E0000005: { status: 403, summary: "Invalid session" },
  E0000006: { status: 403, summary: "You do not have permission to perform the requested action" },
  E0000007: { status: 404, summary: "Not found: Resource not found: {0} ({1})" },
  E0000009: { status: 500, summary: "Internal Server Error" },
  E0000011: { status: 401, summary: "Invalid token provided" },
  E0000015: { status: 401, summary: "You do not have permission to access the feature you are requesting" },
  E0000022: { status: 405, summary: "The endpoint does not support the provided HTTP method" },
  E0000028: { status: 400, summary: "The request is missing a required parameter." },
  E0000031: { status: 400, summary: "Invalid search criteria." },
  E0000056: { status: 403, summary: "Delete application forbidden." },
  E0000047: { status: 429, summary: "API call exceeded rate limit due to too many requests." },
} as const;

export type OktaErrorCode = keyof typeof OKTA_ERRORS;

/** Thrown by handlers; the server turns it into the reply it carries. */
export class SandboxHttpError extends Error {
  constructor(readonly reply: SandboxReply) {
    super(`sandbox HTTP ${reply.status}`);
  }
}

function fill(template: string, args: string[]): string {
  return template.replace(/\{(\d)\}/g, (_m, i: string) => args[Number(i)] ?? "");
}

/** The management API's error body: `{errorCode, errorSummary, errorLink, errorId, errorCauses}`. */
export function oktaErrorBody(code: OktaErrorCode, args: string[] = [], causes: string[] = [], orgSuffix = "") {
  return {
    errorCode: code,
    errorSummary: fill(OKTA_ERRORS[code].summary, args),
    errorLink: code,
    errorId: makeId("error", orgSuffix),
    errorCauses: causes.map((errorSummary) => ({ errorSummary })),
  };
}

export function oktaError(code: OktaErrorCode, args: string[] = [], causes: string[] = [], status?: number): SandboxHttpError {
  return new SandboxHttpError({ status: status ?? OKTA_ERRORS[code].status, json: oktaErrorBody(code, args, causes) });
}

export function notFound(id: string, type: string): SandboxHttpError {
  return oktaError("E0000007", [id, type]);
}

/** 400 E0000001 "Api validation failed: {field}" with one errorCause per problem. */
export function validationFailed(field: string, causes: string[]): SandboxHttpError {
  return oktaError("E0000001", [field], causes);
}

/** OAuth endpoints (token, DCR) answer `{error, error_description}` instead. */
export function oauthError(status: number, error: string, description: string, headers?: Record<string, string>): SandboxHttpError {
  return new SandboxHttpError({ status, json: { error, error_description: description }, headers });
}
