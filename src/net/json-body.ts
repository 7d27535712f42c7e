/**
 * A response body's JSON, or undefined when it is empty or not JSON (an HTML error page from a proxy,
 * a truncated answer): the caller decides what that means for its own message.
 */
export function jsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
