// init renders the OpenMetadata files while its last Okta round is in flight (src/init/render-ahead.ts)
// and keeps that rendering only when the final input is the same, secrets compared by value.
import { describe, expect, it } from "vitest";
import { renderAhead, renderedFor } from "../../src/init/render-ahead.js";
import { renderOpenMetadataFiles } from "../../src/openmetadata/render-openmetadata-files.js";
import { Secret } from "../../src/secret.js";
import { BOT_JWT, input, PRIVATE_JWK_TEXT, SERVICE } from "../helpers/om-golden.js";

const withKey = (jwk: string) => input("1.2.5", { serviceClientId: SERVICE, privateKeyJwk: new Secret(jwk) });

describe("render-ahead", () => {
  it("hands on the rendering made from an equal input (new objects, the same values), identical to a fresh render", () => {
    const ahead = renderAhead(withKey(PRIVATE_JWK_TEXT));
    const final = withKey(PRIVATE_JWK_TEXT);
    const reused = renderedFor(ahead, final);
    expect(reused).toBe(ahead?.rendered);
    expect(reused?.files.map((f) => f.content)).toEqual(renderOpenMetadataFiles(final).files.map((f) => f.content));
  });

  it("renders again when anything differs, a secret included (a Secret serialises as [redacted], so it is compared by value)", () => {
    const ahead = renderAhead(withKey(PRIVATE_JWK_TEXT));
    expect(renderedFor(ahead, withKey(PRIVATE_JWK_TEXT.replace(/"kid":"test-kid"/, '"kid":"other-kid"')))).toBeUndefined();
    expect(renderedFor(ahead, { ...withKey(PRIVATE_JWK_TEXT), adminPrincipals: ["someone-else"] })).toBeUndefined();
    const bot = renderAhead(input("2.0.2", { omBotJwt: new Secret(BOT_JWT) }));
    expect(renderedFor(bot, input("2.0.2", { omBotJwt: new Secret(`${BOT_JWT}x`) }))).toBeUndefined();
    expect(renderedFor(bot, input("2.0.2", { omBotJwt: new Secret(BOT_JWT) }))).toBeDefined();
  });

  it("has nothing to hand on without an input, or for an input the renderer refuses", () => {
    expect(renderAhead(undefined)).toBeUndefined();
    expect(renderAhead(input("1.2.5", { omUrl: "not a url" }))).toBeUndefined();
  });
});
