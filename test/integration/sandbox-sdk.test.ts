import { describe, expect, it } from "vitest";
import type { OpenIdConnectApplication } from "@okta/okta-sdk-nodejs";
import { validateRequestBody } from "../../src/sandbox/spec/spec-validator.js";
import { findOperation } from "../../src/sandbox/spec/spec-validator.js";
import { raw, sdkClient, startSandbox } from "../helpers/sandbox.js";
import { spaAppBody } from "../helpers/okta-payloads.js";

// The SDK types OIDC apps as OpenIdConnectApplication; the wire JSON is the guide's body.
const spaApp = (label: string): OpenIdConnectApplication => spaAppBody("http://localhost:8585", label) as OpenIdConnectApplication;

describe("the real Okta SDK against the sandbox", () => {
  it("creates and reads back every object kind, and everything sent and returned matches Okta's spec", async () => {
    const sandbox = await startSandbox();
    const client = sdkClient(sandbox);

    const app = (await client.applicationApi.createApplication({ application: spaApp("OpenMetadata") })) as OpenIdConnectApplication;
    expect(app.id).toMatch(/^0oa[A-Za-z0-9]{17}$/);
    expect(app.status).toBe("ACTIVE");
    expect(app.credentials?.oauthClient?.client_id).toBe(app.id);
    const fetched = (await client.applicationApi.getApplication({ appId: app.id! })) as OpenIdConnectApplication;
    expect(fetched.settings?.oauthClient?.redirect_uris).toEqual(["http://localhost:8585/callback", "http://localhost:8585/silent-callback"]);

    const listed: string[] = [];
    for await (const a of await client.applicationApi.listApplications({ q: "OpenMeta" })) listed.push(a!.id!);
    expect(listed).toEqual([app.id]);

    const groups: string[] = [];
    for await (const g of await client.groupApi.listGroups({ filter: 'type eq "BUILT_IN"' })) groups.push(g!.profile!.name!);
    expect(groups).toContain("Everyone");
    let everyoneId = "";
    for await (const g of await client.groupApi.listGroups({ search: 'profile.name eq "Everyone"' })) everyoneId = g!.id!;
    const assignment = await client.applicationApi.assignGroupToApplication({ appId: app.id!, groupId: everyoneId, applicationGroupAssignment: {} });
    expect(assignment.id).toBe(everyoneId);
    expect((await client.applicationApi.getApplicationGroupAssignment({ appId: app.id!, groupId: everyoneId })).id).toBe(everyoneId);

    const origin = await client.trustedOriginApi.createTrustedOrigin({
      trustedOrigin: { name: "OpenMetadata", origin: "http://localhost:8585", scopes: [{ type: "CORS" }, { type: "REDIRECT" }] },
    });
    expect(origin.id).toMatch(/^tos/);
    const byOrigin: string[] = [];
    for await (const o of await client.trustedOriginApi.listTrustedOrigins({ filter: 'origin eq "http://localhost:8585"' })) byOrigin.push(o!.id!);
    expect(byOrigin).toEqual([origin.id]);

    const as = await client.authorizationServerApi.createAuthorizationServer({
      authorizationServer: { name: "OpenMetadata", description: "OM", audiences: [app.id!], issuerMode: "ORG_URL" },
    });
    expect(as.id).toMatch(/^aus/);
    expect(as.issuer).toBe(`${sandbox.orgUrl}/oauth2/${as.id}`);
    const scope = await client.authorizationServerApi.createOAuth2Scope({
      authServerId: as.id!,
      oAuth2Scope: { name: "openmetadata", consent: "IMPLICIT", metadataPublish: "NO_CLIENTS", _default: true },
    });
    expect(scope._default).toBe(true);
    const scopeNames: string[] = [];
    for await (const s of await client.authorizationServerApi.listOAuth2Scopes({ authServerId: as.id! })) scopeNames.push(s!.name);
    expect(scopeNames).toEqual(expect.arrayContaining(["openid", "profile", "email", "address", "phone", "offline_access", "openmetadata"]));

    const policy = await client.authorizationServerApi.createAuthorizationServerPolicy({
      authServerId: as.id!,
      policy: { type: "OAUTH_AUTHORIZATION_POLICY", name: "OpenMetadata", description: "OM clients", priority: 1, status: "ACTIVE", conditions: { clients: { include: [app.id!] } } },
    });
    expect(policy.id).toMatch(/^00p/);
    const rule = await client.authorizationServerApi.createAuthorizationServerPolicyRule({
      authServerId: as.id!,
      policyId: policy.id!,
      policyRule: {
        type: "RESOURCE_ACCESS",
        name: "OpenMetadata rule",
        priority: 1,
        conditions: {
          people: { groups: { include: ["EVERYONE"] } },
          grantTypes: { include: ["client_credentials", "authorization_code"] },
          scopes: { include: ["*"] },
        },
        actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
      },
    });
    expect(rule.id).toMatch(/^0pr/);
    expect((await client.authorizationServerApi.getAuthorizationServerPolicyRule({ authServerId: as.id!, policyId: policy.id!, ruleId: rule.id! })).name).toBe("OpenMetadata rule");

    const grant = await client.applicationApi.grantConsentToScope({ appId: app.id!, oAuth2ScopeConsentGrant: { issuer: sandbox.orgUrl, scopeId: "okta.users.read" } });
    expect(grant.id).toMatch(/^oag/);
    const grants: string[] = [];
    for await (const g of await client.applicationApi.listScopeConsentGrants({ appId: app.id!, expand: "scope" })) grants.push(g!.scopeId);
    expect(grants).toEqual(["okta.users.read"]);

    const keys = await client.authorizationServerApi.listAuthorizationServerKeys({ authServerId: as.id! });
    const keyList: unknown[] = [];
    for await (const k of keys) keyList.push(k);
    expect(keyList).toHaveLength(1);

    const role = await client.roleAssignmentApi.assignRoleToClient({ clientId: app.id!, assignRoleRequest: { type: "READ_ONLY_ADMIN" } });
    expect(role.type).toBe("READ_ONLY_ADMIN");
    const me = await client.userApi.getUser({ userId: "me" });
    expect(me.id).toMatch(/^00u/);

    // Every request the SDK sent validates against the operation's request schema ...
    for (const entry of sandbox.requests) {
      const op = findOperation(entry.method, entry.path);
      if (!op || entry.requestBody === undefined) continue;
      expect(validateRequestBody(op.operationId, entry.requestBody), `${entry.method} ${entry.path}`).toEqual([]);
    }
    // ... and every response validates against its response schema.
    await new Promise((r) => setTimeout(r, 20));
    expect(sandbox.specViolations).toEqual([]);
  });

  it("deletes an app only once it is inactive, as Okta does", async () => {
    const sandbox = await startSandbox();
    const client = sdkClient(sandbox);
    const app = await client.applicationApi.createApplication({ application: spaApp("To delete") });
    const refused = await raw(sandbox, "DELETE", `/api/v1/apps/${app.id}`);
    expect(refused.status).toBe(403);
    expect(refused.json.errorCode).toBe("E0000056");
    await client.applicationApi.deactivateApplication({ appId: app.id! });
    expect((await raw(sandbox, "DELETE", `/api/v1/apps/${app.id}`)).status).toBe(204);
    expect((await raw(sandbox, "GET", `/api/v1/apps/${app.id}`)).json.errorCode).toBe("E0000007");
  });
});
