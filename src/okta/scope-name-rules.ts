/**
 * Okta's rules for a custom scope's name (REAL-ORG.md "Management API validation", from DOCS'
 * authorization-servers reference): not `okta.*` or `okta:*` (the Okta API's own scopes), not
 * exactly `okta` or `*`, and no whitespace, double quote or backslash. Shared by the sandbox, which
 * refuses such names as Okta does, and by init, which refuses them offline before any request.
 */
export function scopeNameProblem(name: string): string | undefined {
  if (name.startsWith("okta.") || name.startsWith("okta:")) return "Scope names starting with 'okta.' or 'okta:' are reserved.";
  if (name === "okta" || name === "*") return `The scope name '${name}' is reserved.`;
  if (/[\s"\\]/.test(name)) return "Scope names cannot contain whitespace, double quotes or backslashes.";
  return undefined;
}
