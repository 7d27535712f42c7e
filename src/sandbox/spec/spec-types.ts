// Shapes of okta-spec.json (written by test/tools/derive-okta-spec.mjs) and of what the validator
// returns. The JSON is trusted build output, so it is typed, not validated, when loaded.

/** A JSON Schema (draft-07 subset, refs of the form "#/schemas/<name>"). */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

export interface SpecParameter {
  readonly in: "query" | "path" | "header" | "cookie";
  readonly name: string;
  readonly required?: boolean;
  readonly schema?: JsonSchema;
}

export interface SpecResponse {
  /** Media type -> schema. Absent when the status has no body (204). */
  readonly content?: Readonly<Record<string, JsonSchema>>;
  /** Names of headers the spec documents for this response. */
  readonly headers?: readonly string[];
}

export interface SpecOperation {
  readonly method: string;
  readonly path: string;
  readonly source: "management" | "oauth";
  /** Set only when the derive script had to rename the spec's operationId. */
  readonly specOperationId?: string | null;
  /** OAuth 2.0 scopes that allow the call when authenticating with an access token. */
  readonly scopes?: readonly string[];
  readonly parameters?: readonly SpecParameter[];
  readonly requestBody?: {
    readonly required: boolean;
    readonly content: Readonly<Record<string, JsonSchema>>;
  };
  /** Status code (or "default") -> response. */
  readonly responses: Readonly<Record<string, SpecResponse>>;
}

export interface SpecDiscriminator {
  readonly propertyName: string;
  /** Property value -> name of the subtype schema in `schemas`. */
  readonly mapping: Readonly<Record<string, string>>;
}

export interface SpecDocument {
  readonly "x-derived-from": unknown;
  readonly operations: Readonly<Record<string, SpecOperation>>;
  readonly discriminators: Readonly<Record<string, SpecDiscriminator>>;
  readonly schemas: Readonly<Record<string, JsonSchema>>;
}

export interface SpecIssue {
  /** Where in the body or query, e.g. "settings.oauthClient.grant_types[0]"; "" is the whole body. */
  path: string;
  message: string;
  /**
   * "parse": the value cannot be read into Okta's model at all (an unknown enum value, a wrong JSON
   * type), which Okta answers with E0000003 rather than a field validation error.
   */
  kind?: "parse";
}

export interface OperationRef {
  operationId: string;
  /** Upper case, e.g. "POST". */
  method: string;
  /** The spec's path template, e.g. "/api/v1/apps/{appId}/grants". */
  path: string;
}

export interface OperationMatch extends OperationRef {
  /** Path parameters taken from the concrete path, percent-decoded. */
  params: Record<string, string>;
}

export interface OperationInfo extends OperationRef {
  source: "management" | "oauth";
  scopes: readonly string[];
  /** Documented response statuses, e.g. ["200", "400", "403", "429"]. */
  statuses: readonly string[];
  requestContentTypes: readonly string[];
  requestBodyRequired: boolean;
}
