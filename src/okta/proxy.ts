import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const LOOPBACK = /^(localhost|.*\.localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/i;

/** True when NO_PROXY (comma separated hosts, `.suffix`, `*`, optional :port) covers the URL. */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = url.hostname.toLowerCase();
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      const [pattern = "", port] = entry.toLowerCase().split(":");
      if (port && port !== (url.port || (url.protocol === "https:" ? "443" : "80"))) return false;
      if (pattern === "*") return true;
      const suffix = pattern.replace(/^\*?\./, "");
      return host === suffix || host.endsWith(`.${suffix}`);
    });
}

/**
 * The proxy agent for calls to the org, honouring HTTPS_PROXY/HTTP_PROXY and NO_PROXY, and never
 * proxying loopback (the SDK itself proxies even http://127.0.0.1 and ignores NO_PROXY).
 */
export function proxyAgentFor(orgUrl: string, env: Record<string, string | undefined>): unknown {
  const url = new URL(orgUrl);
  if (LOOPBACK.test(url.hostname)) return undefined;
  if (bypassesProxy(url, env.NO_PROXY ?? env.no_proxy)) return undefined;
  const proxy = url.protocol === "https:" ? (env.HTTPS_PROXY ?? env.https_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  if (!proxy) return undefined;
  // Resolved through the SDK, which depends on it (the same agent the SDK itself would use).
  const sdkRequire = createRequire(require.resolve("@okta/okta-sdk-nodejs"));
  const HttpsProxyAgent = sdkRequire("https-proxy-agent") as new (proxy: string) => unknown;
  return new HttpsProxyAgent(proxy);
}
