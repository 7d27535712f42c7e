/** Streams and capabilities the CLI writes to; injected so tests capture output in-process. */
export interface Terminal {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
}

/** Colour only on a TTY, never with NO_COLOR (https://no-color.org) or TERM=dumb. */
export function colorEnabled(term: Terminal): boolean {
  if (term.env.NO_COLOR !== undefined && term.env.NO_COLOR !== "") return false;
  if (term.env.FORCE_COLOR !== undefined && term.env.FORCE_COLOR !== "0") return true;
  if (term.env.TERM === "dumb") return false;
  return term.stderr.isTTY === true;
}

/** Unicode marks unless the locale is not UTF-8 or colour is off for accessibility reasons. */
export function unicodeEnabled(term: Terminal): boolean {
  if (term.env.NO_COLOR !== undefined && term.env.NO_COLOR !== "") return false;
  const locale = term.env.LC_ALL || term.env.LC_CTYPE || term.env.LANG || "";
  if (locale === "") return process.platform !== "win32" || Boolean(term.env.WT_SESSION);
  return /utf-?8/i.test(locale);
}
