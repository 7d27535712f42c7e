import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { interpretPrivateKey } from "../../src/doctor/private-key.js";
import { parseEnvFile, parseEnvList, readServerFile } from "../../src/doctor/server-config.js";
import { authServerIdFromIssuer, isOrgIssuer, issuerFromOrgUrl, omUrlFromHostPort, parseWorkflowConfig } from "../../src/doctor/workflow-config.js";
import { Secret } from "../../src/secret.js";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = privateKey.export({ format: "jwk" });
const jwkText = JSON.stringify({ ...jwk, kid: "k1", alg: "RS256", use: "sig" });

describe("privateKey as okta-sdk-python reads it", () => {
  it("accepts one private RSA JWK starting with {", () => {
    const key = interpretPrivateKey(new Secret(jwkText));
    expect(key).toMatchObject({ ok: true, format: "jwk", kid: "k1", modulusLength: 2048, publicJwk: { kty: "RSA", n: jwk.n, e: jwk.e } });
  });

  it("accepts a Python-literal JWK with a note, and PEM text or a PEM path", () => {
    const single = interpretPrivateKey(new Secret(jwkText.replace(/"/g, "'")));
    expect(single.ok && single.notes[0]).toContain("single quotes");
    const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    expect(interpretPrivateKey(new Secret(pem))).toMatchObject({ ok: true, format: "pem" });
    const file = join(mkdtempSync(join(tmpdir(), "doctor-key-")), "key.pem");
    writeFileSync(file, pem);
    expect(interpretPrivateKey(new Secret(file))).toMatchObject({ ok: true, format: "pem-file" });
  });

  it.each([
    ["a JWK Set", JSON.stringify({ keys: [JSON.parse(jwkText) as unknown] }), /JWK Set/],
    ["leading whitespace", ` ${jwkText}`, /starts with whitespace/],
    ["a public JWK", JSON.stringify({ kty: "RSA", n: jwk.n, e: jwk.e }), /public JWK/],
    ["an EC JWK", JSON.stringify({ kty: "EC", crv: "P-256", x: "a", y: "b", d: "c" }), /not an RSA JWK/],
    ["broken JSON", "{ nope", /not a JSON object/],
    ["random text", "hello", /neither a JWK/],
    ["an encrypted PEM", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nabc\n-----END ENCRYPTED PRIVATE KEY-----", /passphrase/],
  ])("refuses %s without quoting it", (_name, value, problem) => {
    const result = interpretPrivateKey(new Secret(value));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toMatch(problem);
      expect(result.problem).not.toContain(String(jwk.d));
    }
  });
});

describe("workflowConfig parsing", () => {
  it("reads the Okta securityConfig and keeps privateKey a Secret", async () => {
    const text = `workflowConfig:\n  openMetadataServerConfig:\n    hostPort: https://om.example.com/api\n    authProvider: okta\n    securityConfig:\n      clientId: 0oa1\n      orgURL: https://dev-1.okta.com/oauth2/aus1/v1/token\n      privateKey: '${jwkText}'\n      email: bot@example.com\n      scopes: []\n`;
    const parsed = await parseWorkflowConfig(text, "wf.yaml");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.okta).toMatchObject({ clientId: "0oa1", orgURL: "https://dev-1.okta.com/oauth2/aus1/v1/token", privateKeyType: "string", scopeList: [] });
    expect(parsed.value.okta?.privateKey).toBeInstanceOf(Secret);
    expect(JSON.stringify(parsed.value.okta)).not.toContain(String(jwk.d));
  });

  it("reports YAML errors by position, never quoting the line", async () => {
    const parsed = await parseWorkflowConfig(`workflowConfig:\n  a: [\n  privateKey: '${jwkText}\n`, "wf.yaml");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem).toMatch(/^wf.yaml is not valid YAML at line \d+, column \d+/);
      expect(parsed.problem).not.toContain(String(jwk.d).slice(0, 10));
    }
  });

  it("derives issuers and URLs", () => {
    expect(issuerFromOrgUrl("https://dev-1.okta.com/oauth2/aus1/v1/token")).toBe("https://dev-1.okta.com/oauth2/aus1");
    expect(issuerFromOrgUrl("https://dev-1.okta.com/oauth2/v1/token")).toBe("https://dev-1.okta.com");
    expect(issuerFromOrgUrl("https://dev-1.okta.com")).toBeUndefined();
    expect(isOrgIssuer("https://dev-1.okta.com")).toBe(true);
    expect(isOrgIssuer("https://dev-1.okta.com/oauth2/default")).toBe(false);
    expect(authServerIdFromIssuer("https://dev-1.okta.com/oauth2/default")).toBe("default");
    expect(omUrlFromHostPort("https://om.example.com/api/")).toBe("https://om.example.com");
  });
});

describe("server config files", () => {
  it("reads the env file with OpenMetadata's list format", () => {
    expect(parseEnvList("[a, b ,'c']")).toEqual(["a", "b", "c"]);
    expect(parseEnvFile("# c\nA=1\nexport B=\"x y\"\n")).toEqual({ A: "1", B: "x y" });
    const view = readServerFile("/x/openmetadata.env", "AUTHENTICATION_PROVIDER=okta\nAUTHENTICATION_PUBLIC_KEYS=[https://a/v1/keys, https://om/api/v1/system/config/jwks]\n");
    expect(view).toMatchObject({ provider: "okta", publicKeyUrls: ["https://a/v1/keys", "https://om/api/v1/system/config/jwks"] });
  });

  it("reads bare-metal blocks with ${VAR:-default} and both Helm layouts", () => {
    const bare = readServerFile("openmetadata.auth.yaml", "authenticationConfiguration:\n  provider: ${AUTHENTICATION_PROVIDER:-okta}\n  publicKeyUrls: ${AUTHENTICATION_PUBLIC_KEYS:-[https://a/v1/keys]}\n");
    expect(bare).toMatchObject({ provider: "okta", publicKeyUrls: ["https://a/v1/keys"] });
    expect(readServerFile("helm-values.yaml", "global:\n  authentication:\n    clientId: spa\n    publicKeys: [k]\n")).toMatchObject({ clientId: "spa", publicKeyUrls: ["k"] });
    expect(readServerFile("helm-values.yaml", "openmetadata:\n  config:\n    authentication:\n      authority: https://i\n")).toMatchObject({ authority: "https://i" });
    expect(readServerFile("notes.txt", "x")).toBeUndefined();
  });
});
