// The confidential client's secret in the 1.10+ API apply: sent in the PATCH, never shown in the plan,
// and compared as unchanged when OpenMetadata masks it on GET (VERSIONS.md "1.10 and later":
// "GET /api/v1/system/security/config ... (secrets masked)").
import { describe, expect, it } from "vitest";
import { describeSecurityChanges, planSecurityConfig, type SecurityConfig } from "../../src/openmetadata/api/security-config.js";

const SECRET = "s3cr3t-value-of-the-web-app-0123456789";

function config(oidc?: Record<string, unknown>): SecurityConfig {
  return {
    authenticationConfiguration: { provider: "okta", clientType: "confidential", clientId: "0oaWEB", ...(oidc ? { oidcConfiguration: oidc } : {}) },
    authorizerConfiguration: { principalDomain: "example.com" },
  };
}

const desiredOidc = { id: "0oaWEB", type: "okta", scope: "openid email profile offline_access", secret: SECRET };

describe("planSecurityConfig with a client secret", () => {
  it("a masked stored secret with the same other keys is no change (a rerun does not rewrite it)", () => {
    const plan = planSecurityConfig(config({ ...desiredOidc, secret: "*********", maxAge: "0" }), config(desiredOidc));
    expect(plan.action).toBe("noop");
  });

  it("a change elsewhere in the block sends the real secret, keeps the server's other OIDC keys, and never shows the secret", () => {
    const plan = planSecurityConfig(config({ id: "0oaOLD", type: "okta", secret: "*********", maxAge: "0" }), config(desiredOidc));
    expect(plan.action).toBe("update");
    expect(plan.target.authenticationConfiguration.oidcConfiguration).toEqual({ ...desiredOidc, maxAge: "0" });
    const shown = describeSecurityChanges(plan).join("\n");
    expect(shown).toContain("authenticationConfiguration.oidcConfiguration");
    expect(shown).toContain("[secret]");
    expect(shown).not.toContain(SECRET);
    expect(JSON.stringify(plan.changes)).not.toContain(SECRET);
  });

  it("after a rotation (secretChanged) the masked secret is known to be stale: an update, still shown as [secret]", () => {
    const plan = planSecurityConfig(config({ ...desiredOidc, secret: "*********" }), config(desiredOidc), { secretChanged: true });
    expect(plan.action).toBe("update");
    expect(plan.target.authenticationConfiguration.oidcConfiguration).toMatchObject({ secret: SECRET });
    expect(JSON.stringify(plan.changes)).not.toContain(SECRET);
  });

  it("no stored block yet: created, with the secret shown as [secret]", () => {
    const plan = planSecurityConfig(config(), config(desiredOidc));
    expect(plan.changes.map((c) => c.field)).toEqual(["authenticationConfiguration.oidcConfiguration"]);
    expect(JSON.stringify(plan.changes)).not.toContain(SECRET);
  });
});
