// Property: any OIDC app Okta accepts (browser, web or service, with any labels, URIs and grant
// combinations Okta allows) survives create → get → list (q=label) → replace → get with every
// field we sent intact, and the client secret appears only in create/replace answers.
import { fc, test } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { raw } from "../helpers/sandbox.js";

interface AppSpec {
  type: "browser" | "web" | "service";
  method: string;
  grants: string[];
  responses: string[];
  redirects: string[];
  logoutRedirects?: string[];
  jwksUri?: string;
  label: string;
}

const uri = fc.webUrl({ validSchemes: ["https", "http"], withFragments: false, withQueryParameters: false });
const uris = fc.uniqueArray(uri, { minLength: 1, maxLength: 3 });
const label = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,30}$/);
const optionalLogout = fc.option(fc.uniqueArray(uri, { minLength: 1, maxLength: 2 }), { nil: undefined });

/** User-facing apps: authorization_code and/or implicit, refresh_token only next to authorization_code. */
function userGrants(withCode: fc.Arbitrary<boolean>) {
  return fc
    .record({ code: withCode, implicit: fc.boolean(), refresh: fc.boolean(), implicitTypes: fc.subarray(["token", "id_token"], { minLength: 1 }) })
    .filter((g) => g.code || g.implicit)
    .map((g) => ({
      grants: [...(g.code ? ["authorization_code"] : []), ...(g.implicit ? ["implicit"] : []), ...(g.code && g.refresh ? ["refresh_token"] : [])],
      responses: [...(g.code ? ["code"] : []), ...(g.implicit ? g.implicitTypes : [])],
    }));
}

const browser: fc.Arbitrary<AppSpec> = fc
  .record({ g: userGrants(fc.boolean()), redirects: uris, logoutRedirects: optionalLogout, label })
  .map(({ g, ...rest }) => ({ type: "browser" as const, method: "none", ...g, ...rest }));
const web: fc.Arbitrary<AppSpec> = fc
  .record({ g: userGrants(fc.constant(true)), method: fc.constantFrom("client_secret_basic", "client_secret_post"), redirects: uris, logoutRedirects: optionalLogout, label })
  .map(({ g, ...rest }) => ({ type: "web" as const, ...g, ...rest }));
const service: fc.Arbitrary<AppSpec> = fc
  .record({ method: fc.constantFrom("client_secret_basic", "client_secret_post", "private_key_jwt"), jwksUri: uri, label })
  .map(({ method, jwksUri, label: name }) => ({
    type: "service" as const,
    method,
    grants: ["client_credentials"],
    responses: ["token"],
    redirects: [],
    label: name,
    ...(method === "private_key_jwt" ? { jwksUri } : {}),
  }));
const changes = fc.record({ label, redirects: uris, jwksUri: uri });

function toBody(appLabel: string, spec: AppSpec): Record<string, unknown> {
  return {
    name: "oidc_client",
    label: appLabel,
    signOnMode: "OPENID_CONNECT",
    credentials: { oauthClient: { token_endpoint_auth_method: spec.method, pkce_required: spec.type === "browser" } },
    settings: {
      oauthClient: {
        application_type: spec.type,
        grant_types: spec.grants,
        response_types: spec.responses,
        ...(spec.type === "service" ? {} : { redirect_uris: spec.redirects }),
        ...(spec.logoutRedirects ? { post_logout_redirect_uris: spec.logoutRedirects } : {}),
        ...(spec.jwksUri ? { jwks_uri: spec.jwksUri } : {}),
      },
    },
  };
}

const usesSecret = (spec: AppSpec): boolean => spec.method.startsWith("client_secret");
const secretOf = (json: unknown): unknown => (json as { credentials?: { oauthClient?: { client_secret?: unknown } } }).credentials?.oauthClient?.client_secret;

let sandbox: Sandbox;
let run = 0;
beforeAll(async () => {
  sandbox = await createSandbox({ checkResponses: true });
});
afterAll(() => sandbox.close());

/** One call that must answer `status`; the body as parsed JSON. */
async function expectCall(method: string, path: string, status: number, body?: unknown): Promise<Record<string, unknown>> {
  const res = await raw(sandbox, method, path, body);
  expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
  return res.json;
}

describe("OIDC apps round-trip through the sandbox", () => {
  test.prop([fc.oneof(browser, web, service), changes], { numRuns: 30 })("create → get → list → replace → get keeps what we sent", async (spec, change) => {
    run += 1;
    // A unique prefix keeps labels unique (active OIDC labels must be) and `q` unambiguous.
    const first = `prop-${run}-${spec.label}`;
    const sent = toBody(first, spec);
    const created = await expectCall("POST", "/api/v1/apps", 200, sent);
    const id = String(created.id);
    expect(created).toMatchObject({ ...sent, status: "ACTIVE", credentials: { oauthClient: { client_id: id } } });
    expect(typeof secretOf(created)).toBe(usesSecret(spec) ? "string" : "undefined");

    const fetched = await expectCall("GET", `/api/v1/apps/${id}`, 200);
    expect(fetched).toMatchObject(sent);
    expect(secretOf(fetched)).toBeUndefined();

    const listed = (await expectCall("GET", `/api/v1/apps?q=${encodeURIComponent(first)}`, 200)) as unknown as { id: string; label: string }[];
    expect(listed.map((a) => a.id)).toEqual([id]);

    const changed: AppSpec = { ...spec, redirects: spec.type === "service" ? [] : change.redirects, ...(spec.jwksUri ? { jwksUri: change.jwksUri } : {}) };
    const second = toBody(`prop-${run}-v2-${change.label}`, changed);
    const replaced = await expectCall("PUT", `/api/v1/apps/${id}`, 200, second);
    expect(replaced).toMatchObject({ ...second, id, created: created.created });
    if (usesSecret(spec)) expect(secretOf(replaced)).toBe(secretOf(created)); // a PUT without a secret keeps it

    const again = await expectCall("GET", `/api/v1/apps/${id}`, 200);
    expect(again).toMatchObject(second);
    expect(secretOf(again)).toBeUndefined();
  });

  test("every response of the property matched Okta's spec", async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sandbox.specViolations).toEqual([]);
    expect(run).toBeGreaterThanOrEqual(30);
  });
});
