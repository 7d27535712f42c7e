import type { SandboxReply, SandboxRequest } from "./types.js";

export interface PageOptions {
  /** Page size when the request has no `limit`; -1 means everything (Okta's apps default). */
  defaultLimit: number;
  maxLimit: number;
  /** Whether Okta sends a `Link` header on this list at all (grants and scopes lists do not). */
  links?: boolean;
}

/**
 * Cursor pagination as Okta does it: `after` is the id of the last object of the previous page and
 * `Link: <…>; rel="next"` is an absolute URL on the caller's own origin (the SDK follows it as is).
 */
export function paginate<T extends { id: string }>(req: SandboxRequest, items: T[], options: PageOptions): SandboxReply {
  const requested = Number.parseInt(req.query.get("limit") ?? "", 10);
  let limit = Number.isFinite(requested) && requested > 0 ? requested : options.defaultLimit;
  if (limit < 0 || limit > options.maxLimit) limit = options.maxLimit;
  const after = req.query.get("after");
  let start = 0;
  if (after) {
    const index = items.findIndex((item) => item.id === after);
    start = index >= 0 ? index + 1 : items.length;
  }
  const page = items.slice(start, start + limit);
  const headers: Record<string, string[]> = {};
  if (options.links !== false) {
    const linkValues = [`<${pageUrl(req, req.query, ["limit"])}>; rel="self"`];
    const last = page[page.length - 1];
    if (last && start + limit < items.length) {
      const next = new URLSearchParams(req.query);
      next.set("after", last.id);
      next.set("limit", String(limit));
      // Recorded (recordings README, "Link headers on lists"): `<…?after=<last id>&limit=1&search=…>; rel="next"`.
      linkValues.push(`<${pageUrl(req, next, ["after", "limit"])}>; rel="next"`);
    }
    headers.link = linkValues;
  }
  return { status: 200, json: page, headers };
}

/** Okta re-serialises the query with `first` leading (recorded: `?limit=200&filter=…` for `?filter=…&limit=200`). */
function pageUrl(req: SandboxRequest, params: URLSearchParams, first: string[]): string {
  const ordered = new URLSearchParams();
  for (const key of first) {
    const value = params.get(key);
    if (value !== null) ordered.set(key, value);
  }
  for (const [key, value] of params) if (!first.includes(key)) ordered.append(key, value);
  const query = ordered.toString();
  return `${req.origin}${req.path}${query ? `?${query}` : ""}`;
}
