/** Malformed percent-encoding stays as sent: it must reach the router (and a 404), not crash the request (500). */
export function safeDecode(text: string, decode: (s: string) => string): string {
  try {
    return decode(text);
  } catch {
    return text;
  }
}
