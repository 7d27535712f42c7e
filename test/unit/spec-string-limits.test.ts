// Issue 15, item 4: the string limits of Okta's spec (src/sandbox/spec/okta-spec.json, derived from
// shared/reference/okta/management.yaml and oauth.yaml) as option validation applies them.
import { describe, expect, it } from "vitest";
import { desiredPolicy } from "../../src/init/resources/policy.js";
import { desiredSpa } from "../../src/init/resources/spa-app.js";
import { desiredTrustedOrigin } from "../../src/init/resources/trusted-origins.js";
import { specStringIssues } from "../../src/options/spec-string-limits.js";
import type { ProvisionSettings } from "../../src/init/provision-settings.js";

const settings = {
  appName: "OpenMetadata",
  redirectUris: ["https://om.example.com/callback"],
  logoutUris: ["https://om.example.com"],
} as ProvisionSettings;

describe("specStringIssues", () => {
  it("AuthorizationServerPolicy.name: maxLength 100", () => {
    expect(specStringIssues("createAuthorizationServerPolicy", desiredPolicy("P".repeat(100), ["0oa1"]))).toEqual([]);
    expect(specStringIssues("createAuthorizationServerPolicy", desiredPolicy("P".repeat(101), ["0oa1"]))).toEqual([{ path: "name", message: "is 101 characters; Okta takes at most 100" }]);
  });

  it("TrustedOriginName/TrustedOriginOrigin: the spec's `maximum: 255` on a string is read as its length", () => {
    const origin = "https://om.example.com";
    expect(specStringIssues("createTrustedOrigin", desiredTrustedOrigin("A".repeat(254 - origin.length), origin))).toEqual([]);
    expect(specStringIssues("createTrustedOrigin", desiredTrustedOrigin("A".repeat(255 - origin.length), origin)).map((i) => i.path)).toEqual(["name"]);
  });

  it("an Application is also checked against the subtype its signOnMode selects (OpenIdConnectApplication)", () => {
    const spa = desiredSpa(settings);
    expect(specStringIssues("createApplication", spa)).toEqual([]);
    const bad = { ...spa, settings: { ...spa.settings, oauthClient: { ...spa.settings.oauthClient, wildcard_redirect: "EVERYWHERE" } } };
    expect(specStringIssues("createApplication", bad).map((i) => i.path)).toEqual(["settings.oauthClient.wildcard_redirect"]);
  });

  it("an unknown operation is a bug in the caller", () => {
    expect(() => specStringIssues("noSuchOperation", {})).toThrow(/unknown Okta operationId/);
  });
});
