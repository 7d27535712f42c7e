/**
 * Quotes user input for an error message, unless it could be a secret. People paste API tokens,
 * client secrets and JWTs into the wrong flag or position; an error must not print them back
 * (terminals are recorded, CI logs are kept). Such values are described by their length only.
 */
export function quoteInput(text: string): string {
  if (mayBeSecret(text)) return `the value (${text.length} characters)`;
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}

/**
 * Token-like: a run of 20+ token characters mixing upper case, lower case and digits, as random
 * SSWS tokens, client secrets, JWT segments and base64 keys do. Host names (case-insensitive, so
 * written in one case), URLs, paths and emails are shown as given.
 */
export function mayBeSecret(text: string): boolean {
  if (/^(https?:\/\/|\.{0,2}\/)/.test(text) || /^[\w.+-]+@[\w.-]+$/.test(text)) return false;
  return (text.match(/[A-Za-z0-9_\-+/=]{20,}/g) ?? []).some((run) => /[a-z]/.test(run) && /[A-Z]/.test(run) && /\d/.test(run));
}
