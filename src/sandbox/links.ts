/** One `_links` entry: an absolute href built from the request's origin, with allowed methods. */
export function link(origin: string, path: string, allow?: string[], extra: Record<string, unknown> = {}) {
  return { href: origin + path, ...extra, ...(allow ? { hints: { allow } } : {}) };
}
