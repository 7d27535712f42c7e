// The sandbox's client secret objects, as management.yaml documents them (ApplicationSSOPublicKeys,
// /api/v1/apps/{appId}/credentials/secrets and the error examples quoted below), and the OAuth
// endpoints accepting every ACTIVE secret of a web app (two during a rotation).
import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { webAppBody } from "../helpers/okta-payloads.js";
import { raw, startSandbox } from "../helpers/sandbox.js";

interface SecretObject {
  id: string;
  status: string;
  client_secret: string;
  _links: Record<string, unknown>;
}

async function webApp(sandbox: Sandbox): Promise<{ appId: string; secret: string }> {
  const created = await raw(sandbox, "POST", "/api/v1/apps?activate=true", webAppBody("Secret rotation"));
  expect(created.status).toBe(200);
  const app = created.json as unknown as { id: string; credentials: { oauthClient: { client_secret: string } } };
  return { appId: app.id, secret: app.credentials.oauthClient.client_secret };
}

/** What OpenMetadata's validator sends to the org server's introspection endpoint (HTTP Basic). */
async function introspect(sandbox: Sandbox, clientId: string, secret: string): Promise<number> {
  const res = await fetch(`${sandbox.orgUrl}/oauth2/v1/introspect`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: "token=probe",
  });
  return res.status;
}

const causes = (json: unknown): string[] => ((json as { errorCauses?: { errorSummary: string }[] }).errorCauses ?? []).map((c) => c.errorSummary);

describe("sandbox client secrets", () => {
  it("lists the app's creation secret as one ACTIVE object; a second is accepted next to it; a third is refused", async () => {
    const sandbox = await startSandbox();
    const { appId, secret } = await webApp(sandbox);
    const base = `/api/v1/apps/${appId}/credentials/secrets`;
    const [first] = (await raw(sandbox, "GET", base)).json as unknown as SecretObject[];
    expect(first).toMatchObject({ status: "ACTIVE", client_secret: secret });
    expect(first!.id).toMatch(/^ocs/);
    expect(first!._links).toHaveProperty("deactivate");

    // "If no secret is specified in the request, Okta adds a new system-generated secret."
    const second = await raw(sandbox, "POST", base, {});
    expect(second.status).toBe(201);
    const added = second.json as unknown as SecretObject;
    expect(added.client_secret).toHaveLength(64);
    expect(await introspect(sandbox, appId, secret)).toBe(200);
    expect(await introspect(sandbox, appId, added.client_secret)).toBe(200);
    expect(await introspect(sandbox, appId, "not-a-secret-of-this-app")).toBe(401);

    // ErrorMaxNumberOfSecrets
    const third = await raw(sandbox, "POST", base, { client_secret: "a-brought-secret-0123456789" });
    expect(third.status).toBe(400);
    expect(causes(third.json)).toEqual(["You've reached the maximum number of client secrets per client."]);
    expect(sandbox.specViolations).toEqual([]);
  });

  it("the secret authenticates in the Basic header or in the form body (client_secret_basic / _post) at /introspect and /token", async () => {
    const sandbox = await startSandbox();
    const { appId, secret } = await webApp(sandbox);
    const post = (path: string, form: Record<string, string>, basic?: string) =>
      fetch(`${sandbox.orgUrl}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...(basic ? { Authorization: `Basic ${Buffer.from(basic).toString("base64")}` } : {}) },
        body: new URLSearchParams(form).toString(),
      });
    expect((await post("/oauth2/v1/introspect", { token: "probe", client_id: appId, client_secret: secret })).status).toBe(200);
    expect((await post("/oauth2/v1/introspect", { token: "probe", client_id: appId, client_secret: "wrong-secret-0123456789" })).status).toBe(401);
    // Both at once: oauth.yaml's OAuthError400InvalidRequest_MultipleClientCreds.
    expect((await post("/oauth2/v1/introspect", { token: "probe", client_secret: secret }, `${appId}:${secret}`)).status).toBe(400);
    // /token authenticates the client before it looks at the grant: a right secret gets past 401.
    const wrong = await post("/oauth2/default/v1/token", { grant_type: "client_credentials", scope: "openid" }, `${appId}:wrong-secret-0123456789`);
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: string }).error).toBe("invalid_client");
    const right = await post("/oauth2/default/v1/token", { grant_type: "client_credentials", scope: "openid", client_id: appId, client_secret: secret });
    expect(right.status).not.toBe(401);
  });

  it("deactivate and delete follow Okta's rules; an INACTIVE secret is refused at /introspect", async () => {
    const sandbox = await startSandbox();
    const { appId, secret } = await webApp(sandbox);
    const base = `/api/v1/apps/${appId}/credentials/secrets`;
    const [only] = (await raw(sandbox, "GET", base)).json as unknown as SecretObject[];
    // ErrorDeactivateTheOnlyClientSecret
    const lone = await raw(sandbox, "POST", `${base}/${only!.id}/lifecycle/deactivate`);
    expect(lone.status).toBe(400);
    expect(causes(lone.json)).toEqual(["You can't deactivate the only active client secret."]);

    const brought = "a-brought-secret-0123456789";
    const added = (await raw(sandbox, "POST", base, { client_secret: brought })).json as unknown as SecretObject;
    // ErrorDeleteActiveSecret
    const active = await raw(sandbox, "DELETE", `${base}/${only!.id}`);
    expect(active.status).toBe(400);
    expect(causes(active.json)).toEqual(["You can't delete an active client secret. Deactivate the secret before deleting it."]);

    const off = await raw(sandbox, "POST", `${base}/${only!.id}/lifecycle/deactivate`);
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ id: only!.id, status: "INACTIVE" });
    expect(await introspect(sandbox, appId, secret)).toBe(401);
    expect(await introspect(sandbox, appId, brought)).toBe(200);
    expect((await raw(sandbox, "DELETE", `${base}/${only!.id}`)).status).toBe(204);
    expect(((await raw(sandbox, "GET", base)).json as unknown as SecretObject[]).map((s) => s.id)).toEqual([added.id]);
    expect((await raw(sandbox, "GET", `${base}/${only!.id}`)).status).toBe(404);
    // ErrorClientSecretTooShort
    const short = await raw(sandbox, "POST", base, { client_secret: "short" });
    expect(short.status).toBe(400);
    expect(causes(short.json)).toEqual(["client_secret: 'client_secret' must be at least '14' characters long."]);
    expect(sandbox.specViolations).toEqual([]);
  });
});
