import { UsageError } from "../errors.js";
import { quoteInput as quote } from "../output/quote-input.js";

/** A validation result that keeps the problem text free of the source name, so callers can prefix it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface HttpUrlOptions {
  /** Allow a path beyond "/"; when false the URL is reduced to its origin (and a path is refused). */
  allowPath: boolean;
  /** Allow a query string (redirect URIs may carry one; the OpenMetadata URL may not). */
  allowQuery?: boolean;
  /** Strip trailing slashes from the path (the OpenMetadata URL, which gets "/callback" appended). */
  stripTrailingSlash?: boolean;
}

const ORG_EXAMPLE = "https://dev-123.okta.com";

/** True for hosts that never leave the machine: localhost, *.localhost, 127.0.0.0/8 and [::1]. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return octets !== null && octets.slice(1).every((o) => Number(o) <= 255);
}

/** Checks an Okta org URL and returns it as `scheme://host[:port]`, or the problem with the fixed URL. */
export function checkOrgUrl(raw: string): Checked<string> {
  const text = raw.trim();
  if (!text) return fail(`is empty; give your Okta org URL, e.g. ${ORG_EXAMPLE}`);
  const url = parseUrl(text);
  if (!url) {
    // "dev-123.okta.com" without a scheme is the most common slip: suggest the full URL.
    if (!text.includes("://") && /^[\w.-]+\.[\w-]+(:\d+)?(\/\S*)?$/.test(text)) {
      const fixed = checkOrgUrl(`https://${text}`);
      if (fixed.ok) return fail(`${quote(text)} has no scheme; use ${fixed.value}`);
      return fail(`${quote(text)} has no scheme; use ${suggestOrg(parseUrl(`https://${text}`))}`);
    }
    return fail(`${quote(text)} is not a URL; give your Okta org URL, e.g. ${ORG_EXAMPLE}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return fail(`must be an https:// URL, not ${url.protocol}; e.g. ${ORG_EXAMPLE}`);
  }
  const suggestion = suggestOrg(url);
  if (url.username || url.password) return fail(`must not contain a user name or password; use ${suggestion}`);
  if (adminLabel(url.hostname)) {
    return fail(`${quote(display(url))} is the Admin Console URL, not the org URL; use ${suggestion}`);
  }
  if (!/^\/*$/.test(url.pathname) || url.search || url.hash) {
    const what = url.pathname.startsWith("/oauth2") ? " (that is an authorization server URL)" : "";
    return fail(`${quote(display(url))} must be the org URL alone, without a path, query or fragment${what}; use ${suggestion}`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    return fail(`must use https (http is only allowed for loopback hosts such as localhost); use ${suggestion}`);
  }
  return { ok: true, value: `${url.protocol}//${url.host}` };
}

/** Normalises an Okta org URL (trailing slash stripped), or throws a UsageError naming `source`. */
export function normalizeOrgUrl(raw: string, source: string): string {
  return unwrap(checkOrgUrl(raw), source);
}

/**
 * The last gate before an Okta credential (an SSWS token, a client assertion) is sent: whatever the
 * URL's source (flag, env, config, manifest, workflowConfig), it must pass the same org URL rules as
 * `--org-url`, so a hand-edited file can never make us send a token in clear text or to a path.
 */
export function requireCredentialSafeOrgUrl(raw: string, source: string): string {
  const checked = checkOrgUrl(raw);
  if (!checked.ok) {
    throw new UsageError(`${source}: ${checked.problem}`, "No credential was sent. Fix the org URL (or pass --org-url) and run again.");
  }
  return checked.value;
}

/** Checks an OpenMetadata-side URL (om-url, redirect, logout or base URI): absolute http(s), no fragment. */
export function checkHttpUrl(raw: string, options: HttpUrlOptions): Checked<string> {
  const text = raw.trim();
  if (!text) return fail("is empty; give an absolute URL, e.g. https://openmetadata.example.com");
  const url = parseUrl(text);
  if (!url) return fail(`${quote(text)} is not an absolute URL; e.g. https://openmetadata.example.com`);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return fail(`${quote(text)} must start with http:// or https://`);
  }
  if (url.username || url.password) return fail(`must not contain a user name or password; use ${url.origin}${url.pathname}`);
  if (url.hash) return fail(`${quote(display(url))} must not contain a fragment (#...)`);
  if (url.search && !options.allowQuery) {
    return fail(`${quote(display(url))} must not contain a query string; use ${url.origin}${url.pathname}`);
  }
  if (!options.allowPath) {
    if (!/^\/*$/.test(url.pathname)) return fail(`${quote(display(url))} must be an origin, without a path; use ${url.origin}`);
    return { ok: true, value: url.origin };
  }
  if (options.stripTrailingSlash) return { ok: true, value: `${url.origin}${url.pathname.replace(/\/+$/, "")}${url.search}` };
  // Okta compares redirect URIs as exact strings: keep the user's form, but don't add the "/" URL parsing adds.
  const addedSlash = url.pathname === "/" && !url.search && !text.endsWith("/");
  return { ok: true, value: addedSlash ? url.href.slice(0, -1) : url.href };
}

/** Normalises an OpenMetadata-side URL, or throws a UsageError naming `source`. */
export function normalizeHttpUrl(raw: string, source: string, options: HttpUrlOptions): string {
  return unwrap(checkHttpUrl(raw, options), source);
}

function unwrap(result: Checked<string>, source: string): string {
  if (!result.ok) throw new UsageError(`${source}: ${result.problem}`);
  return result.value;
}

function fail(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** The first host label without its "-admin" suffix, when the host is an Admin Console host. */
function adminLabel(hostname: string): string | undefined {
  const [first] = hostname.split(".");
  if (first === undefined || !hostname.includes(".") || !/^[a-z0-9-]+-admin$/i.test(first)) return undefined;
  return first.slice(0, -"-admin".length) || undefined;
}

/** The org URL the user most likely meant: https (unless loopback), no "-admin", no path or credentials. */
function suggestOrg(url: URL | undefined): string {
  if (!url) return ORG_EXAMPLE;
  const fixedLabel = adminLabel(url.hostname);
  const hostname = fixedLabel === undefined ? url.hostname : [fixedLabel, ...url.hostname.split(".").slice(1)].join(".");
  const scheme = url.protocol === "http:" && isLoopbackHost(url.hostname) ? "http:" : "https:";
  const port = url.port && !(scheme === "https:" && url.port === "443") ? `:${url.port}` : "";
  return `${scheme}//${hostname}${port}`;
}

/** A URL for messages: never the user info; query and fragment only hinted, as they may carry secrets. */
function display(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search ? "?…" : ""}${url.hash ? "#…" : ""}`;
}
