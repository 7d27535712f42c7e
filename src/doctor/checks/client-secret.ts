import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { CLIENT_SECRET_FILE } from "../../init/client-secret-file.js";
import type { Check } from "../check.js";
import { Findings, skipped } from "../findings.js";
import { httpGet, httpRequest, jsonObject, NetworkProblem } from "../http.js";
import { firstServerValue } from "../server-config.js";
import { gatherFacts, rerunConfig, shellQuote } from "../setup-facts.js";

const DEFAULT_AUTH_METHOD = "client_secret_post";

/**
 * Confidential sign-in, as OpenMetadata's 1.10+ validator sees it (VERSIONS.md: "Confidential
 * client"): the discovery document has the introspection endpoint and supports the client
 * authentication method, publicKeyUrls holds its jwks_uri exactly, and Okta accepts the secret at
 * the introspection endpoint with HTTP Basic (401 = wrong secret). The secret file must be 0600.
 */
export const clientSecret: Check = {
  id: "client-secret",
  title: "Confidential client secret is accepted by Okta",
  async run(ctx, _inputs, signal) {
    const facts = await gatherFacts(ctx);
    if (facts.clientType !== "confidential") return skipped("public sign-in (the SPA): no client secret");
    const clientId = facts.spaClientId;
    const issuer = facts.authority ?? facts.expectedIssuer;
    if (!clientId || !issuer) return skipped("no client id or issuer in the manifest or the server config files");
    const f = new Findings();
    const file = ctx.outDir ? join(ctx.outDir, CLIENT_SECRET_FILE) : undefined;
    if (!file || !existsSync(file)) {
      return { status: "fail", detail: `no ${CLIENT_SECRET_FILE} in the out-dir: the secret OpenMetadata needs is not here`, fix: `generate a new secret in Okta (Applications > the web app > General > Client Credentials), save it 0600 as ${file ?? CLIENT_SECRET_FILE}, then run ${rerunConfig(ctx)}` };
    }
    const mode = (await stat(file)).mode;
    if (process.platform !== "win32" && (mode & 0o077) !== 0) {
      f.fail(`${file} is mode 0${(mode & 0o777).toString(8)}: others on this host can read the client secret`, `chmod 600 ${shellQuote(file)}, and replace the secret in Okta if others may have read it`);
    } else {
      f.pass(`${file} is 0600`);
    }
    const secret = (await readFile(file, "utf8")).trim();

    const discoveryUri = firstServerValue(facts.servers, "oidcDiscoveryUri") ?? `${issuer}/.well-known/openid-configuration`;
    let doc: Record<string, unknown> | undefined;
    try {
      const answer = await httpGet(ctx, discoveryUri, signal);
      doc = answer.status === 200 ? jsonObject(answer) : undefined;
      if (!doc) return { status: "fail", detail: `GET ${discoveryUri} answered HTTP ${answer.status}`, fix: `set OIDC_DISCOVERY_URI to ${issuer}/.well-known/openid-configuration` };
    } catch (err) {
      if (err instanceof NetworkProblem) return { status: "fail", detail: `GET ${discoveryUri}: ${err.message}`, fix: "check that this machine can reach Okta" };
      throw err;
    }
    const method = firstServerValue(facts.servers, "oidcAuthMethod") ?? DEFAULT_AUTH_METHOD;
    const methods = Array.isArray(doc.token_endpoint_auth_methods_supported) ? doc.token_endpoint_auth_methods_supported.map(String) : [];
    if (methods.includes(method)) f.pass(`discovery supports ${method}`);
    else f.fail(`discovery's token_endpoint_auth_methods_supported (${methods.join(", ") || "none"}) lacks ${method} (OIDC_CLIENT_AUTH_METHOD)`, `set OIDC_CLIENT_AUTH_METHOD to one of ${methods.join(", ")}`);
    const jwksUri = typeof doc.jwks_uri === "string" ? doc.jwks_uri : undefined;
    const keys = facts.servers.flatMap((s) => s.publicKeyUrls ?? []);
    if (jwksUri && keys.length > 0 && !keys.includes(jwksUri)) {
      f.fail(`publicKeyUrls lacks the discovery jwks_uri ${jwksUri} exactly (OpenMetadata's validator compares them)`, `add ${jwksUri} to AUTHENTICATION_PUBLIC_KEYS, or run ${rerunConfig(ctx)}`);
    } else if (jwksUri) {
      f.pass(`publicKeyUrls holds the discovery jwks_uri ${jwksUri}`);
    }
    const introspect = typeof doc.introspection_endpoint === "string" ? doc.introspection_endpoint : undefined;
    if (!introspect) {
      f.fail("the discovery document has no introspection_endpoint, which OpenMetadata uses to check the secret", "check that the issuer is an Okta authorization server");
      return f.outcome();
    }
    // What OpenMetadata's validator sends: a dummy token, the client authenticated with HTTP Basic.
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64");
    const answer = await httpRequest(ctx, introspect, {
      method: "POST",
      signal,
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: "okta-om-setup-doctor-probe", token_type_hint: "access_token" }).toString(),
    });
    const body = jsonObject(answer);
    const error = typeof body?.error === "string" ? body.error : "";
    if (answer.status === 200 && body && "active" in body) {
      f.pass(`Okta accepted the client secret of ${clientId} at ${introspect}`);
    } else if (answer.status === 401) {
      f.fail(
        `Okta refused the client secret of ${clientId} at ${introspect} (401 ${error}): the secret in ${CLIENT_SECRET_FILE} is not the app's`,
        `copy the app's current secret (Okta Admin Console > Applications > the web app > General > Client Credentials) into ${file} (0600), then run ${rerunConfig(ctx)} and redeploy the secret files; or make a new one everywhere with okta-om-setup rotate-key --client-secret --yes`,
      );
    } else {
      f.fail(`${introspect} answered HTTP ${answer.status} ${error}`.trim(), "check the web app's client id and that it is ACTIVE");
    }
    return f.outcome();
  },
};
