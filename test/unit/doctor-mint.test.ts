import { createPrivateKey, createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { HttpAnswer } from "../../src/doctor/http.js";
import { decodeJwt } from "../../src/doctor/jwt.js";
import { buildClientAssertion, clockAheadAtLeastSeconds, clockSkewSeconds, pythonQuote, requestTokenLikeOpenMetadata, tokenQuery } from "../../src/doctor/mint-token.js";
import { generateServiceKeyPair } from "../../src/keys/key-pair.js";
import { Secret } from "../../src/secret.js";

const orgURL = "https://dev-1.okta.com/oauth2/aus1/v1/token";

describe("minting like OpenMetadata", () => {
  it("builds an RS256 assertion without kid: iss = sub = clientId, aud = orgURL, exp = iat + 3600, uuid jti", async () => {
    const pair = await generateServiceKeyPair();
    const key = createPrivateKey({ key: JSON.parse(pair.privateJwk.reveal()) as never, format: "jwk" });
    const now = new Date("2024-05-01T10:00:00.900Z");
    const assertion = buildClientAssertion({ clientId: "0oaService", orgURL, key, scopes: [] }, now).reveal();
    const jwt = decodeJwt(assertion)!;
    expect(jwt.header).toEqual({ alg: "RS256", typ: "JWT" });
    expect(jwt.claims).toMatchObject({ iss: "0oaService", sub: "0oaService", aud: orgURL, iat: 1714557600, exp: 1714557600 + 3600 });
    expect(jwt.claims.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const [h, p, s] = assertion.split(".");
    expect(verify("sha256", Buffer.from(`${h}.${p}`), createPublicKey(key), Buffer.from(s!, "base64url"))).toBe(true);
  });

  it("quotes like Python's urllib.parse.quote and leaves scope out when scopes is []", () => {
    expect(pythonQuote("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")).toBe("urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer");
    expect(pythonQuote("a b/c!'()*~")).toBe("a%20b/c%21%27%28%29%2A~");
    const assertion = new Secret("h.p.s");
    expect(tokenQuery(assertion, []).reveal()).toBe(
      "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=h.p.s",
    );
    expect(tokenQuery(assertion, ["a", "b"]).reveal()).toMatch(/&scope=a%20b$/);
  });

  it("POSTs the parameters in the query string with an empty body, the two headers, no redirects", async () => {
    const pair = await generateServiceKeyPair();
    const key = createPrivateKey({ key: JSON.parse(pair.privateJwk.reveal()) as never, format: "jwk" });
    const seen: { url: string; init: RequestInit }[] = [];
    const fakeFetch = ((url: string, init: RequestInit) => {
      seen.push({ url, init });
      return Promise.resolve(new Response(JSON.stringify({ access_token: "a.b.c", token_type: "Bearer", expires_in: 3600 }), { headers: { date: new Date().toUTCString() } }));
    }) as unknown as typeof fetch;
    const attempt = await requestTokenLikeOpenMetadata({ clientId: "0oaService", orgURL, key, scopes: ["om"] }, { fetch: fakeFetch, now: () => new Date() }, new AbortController().signal);
    expect(attempt.accessToken?.reveal()).toBe("a.b.c");
    expect(attempt.answer.url).toBe(orgURL);
    const { url, init } = seen[0]!;
    expect(url.startsWith(`${orgURL}?grant_type=client_credentials&client_assertion_type=`)).toBe(true);
    expect(url).toMatch(/&client_assertion=[\w-]+\.[\w-]+\.[\w-]+&scope=om$/);
    expect(init).toMatchObject({ method: "POST", body: "", redirect: "manual", headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" } });
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it("estimates clock skew from the Date header", () => {
    const base = { status: 200, url: orgURL, contentType: "", text: "" };
    const at = (ms: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, 0, ms));
    const answer = (local: number, server: number): HttpAnswer => ({ ...base, sentAt: at(local), receivedAt: at(local + 100), date: at(server) });
    expect(clockSkewSeconds(answer(10_400, 10_000))).toBe(0);
    expect(clockSkewSeconds(answer(20_400, 10_000))).toBe(10);
    expect(clockSkewSeconds(answer(400, 10_000))).toBe(-10);
    expect(clockSkewSeconds({ ...answer(0, 0), date: undefined })).toBeUndefined();
  });

  it("only a clock surely ahead raises the alarm: a slow round trip on a busy machine is not skew", () => {
    const at = (ms: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, 0, ms));
    const base = { status: 200, url: orgURL, contentType: "", text: "" };
    // Sent at Okta's 10.0 s, answered 6 s later (Date 10 s, truncated): the midpoint reads 3 s ahead...
    const slow: HttpAnswer = { ...base, sentAt: at(10_000), receivedAt: at(16_000), date: at(10_000) };
    expect(clockSkewSeconds(slow)).toBe(3);
    // ...but the reply may have left at any moment of that window, so nothing says the clock is ahead.
    expect(clockAheadAtLeastSeconds(slow)).toBeLessThan(2);
    // A clock really 10 s ahead is seen whatever the round trip.
    expect(clockAheadAtLeastSeconds({ ...slow, sentAt: at(20_000), receivedAt: at(26_000) })).toBe(9);
    expect(clockAheadAtLeastSeconds({ ...slow, date: undefined })).toBeUndefined();
  });
});
