// Okta's own field limits (length, pattern, enum), checked while options are validated: a value Okta
// refuses must stop the run before its first write, not after ten of them (issue 15, item 4).
//
// Rather than copying numbers out of the spec, this builds the very bodies init would create from
// the options and checks them against Okta's spec (the pruned copy the sandbox validates with), so
// every limit on what we send applies, including limits on values derived from an option.
import type { PublicJwk } from "../keys/key-pair.js";
import { desiredAuthServer } from "../init/resources/auth-server.js";
import { desiredPolicy } from "../init/resources/policy.js";
import { desiredRule } from "../init/resources/rule.js";
import { desiredScope } from "../init/resources/scope.js";
import { desiredServiceClient } from "../init/resources/service-app.js";
import { desiredSpa } from "../init/resources/spa-app.js";
import { desiredTrustedOrigin, originsOf } from "../init/resources/trusted-origins.js";
import { toProvisionSettings } from "../init/settings-from-options.js";
import type { InitOptions } from "./init-options.js";
import { specStringIssues } from "./spec-string-limits.js";

/** One write init makes, and which option each field of its body comes from (dotted path prefix -> option). */
interface Write {
  operationId: string;
  /** What the body creates, for messages: "the access policy's name". */
  what: string;
  body: unknown;
  fields: Record<string, keyof InitOptions>;
}

// Stand-ins for ids Okta assigns: the spec puts no limit on them, so any value does.
const CLIENT_ID = "0oaplaceholder";
// A well-formed public JWK; only its kid can come from the options.
const PLACEHOLDER_KEY: PublicJwk = { kty: "RSA", e: "AQAB", n: "placeholder", kid: "placeholder", alg: "RS256", use: "sig" };

function writesFor(options: InitOptions): Write[] {
  const settings = toProvisionSettings(options, options.orgUrl ?? "https://placeholder.okta.com", options.serviceApp !== false);
  const writes: Write[] = [
    {
      operationId: "createApplication",
      what: "the sign-in app's",
      body: desiredSpa(settings),
      fields: { label: "appName", "settings.oauthClient.redirect_uris": "redirectUris", "settings.oauthClient.post_logout_redirect_uris": "logoutUris" },
    },
    { operationId: "createOAuth2Scope", what: "the scope's", body: desiredScope(options.scope), fields: { name: "scope" } },
    { operationId: "createAuthorizationServerPolicy", what: "the access policy's", body: desiredPolicy(options.policyName, [CLIENT_ID]), fields: { name: "policyName" } },
    { operationId: "createAuthorizationServerPolicyRule", what: "the policy rule's", body: desiredRule(options.ruleName, options.ruleGrantTypes), fields: { name: "ruleName", "conditions.grantTypes": "ruleGrantTypes" } },
  ];
  // A trusted origin's name is "<app name> <origin>": the app name is what can make it too long.
  for (const origin of originsOf(options.baseUris)) {
    writes.push({ operationId: "createTrustedOrigin", what: "the trusted origin's", body: desiredTrustedOrigin(options.appName, origin), fields: { name: "appName", origin: "baseUris" } });
  }
  if (settings.authServer.kind === "create") {
    writes.push({ operationId: "createAuthorizationServer", what: "the authorization server's", body: desiredAuthServer(settings.authServer.name, CLIENT_ID), fields: { name: "authServer" } });
  }
  // Undefined means "decided by the OpenMetadata version": check it, as it may well be created.
  if (options.serviceApp !== false) {
    const key = { ...PLACEHOLDER_KEY, ...(options.kid ? { kid: options.kid } : {}) };
    writes.push({ operationId: "createClient", what: "the ingestion service app's", body: desiredServiceClient(options.serviceAppName, key), fields: { client_name: "serviceAppName", "jwks.keys": "kid" } });
  }
  return writes;
}

/** A field's option, by the longest mapped prefix of the issue's path; undefined for fields we fill in ourselves. */
function optionOf(write: Write, path: string): keyof InitOptions | undefined {
  const prefixes = Object.keys(write.fields).filter((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  const longest = prefixes.sort((a, b) => b.length - a.length)[0];
  return longest === undefined ? undefined : write.fields[longest];
}

/** Every field init would send that Okta's spec refuses, as `{ key, problem }`, in the order init writes. */
export function oktaLimitProblems(options: InitOptions): { key: keyof InitOptions; problem: string }[] {
  const found: { key: keyof InitOptions; problem: string }[] = [];
  for (const write of writesFor(options)) {
    for (const issue of specStringIssues(write.operationId, write.body)) {
      const key = optionOf(write, issue.path);
      // A field we fill in ourselves is covered by the sandbox's spec checks in the tests.
      if (key) found.push({ key, problem: `${write.what} ${issue.path} ${issue.message}` });
    }
  }
  const seen = new Set<string>();
  return found.filter(({ key, problem }) => !seen.has(`${key}\u0000${problem}`) && Boolean(seen.add(`${key}\u0000${problem}`)));
}
