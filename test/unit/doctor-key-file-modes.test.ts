// Issue 15, item 10: doctor's warning about who can read a file says what the file actually holds.
// It used to say "every user on this host can read the private key in it" of a hand-written
// workflowConfig that held no key at all.
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DoctorContext } from "../../src/doctor/check.js";
import { keyFileModes } from "../../src/doctor/checks/key-file-modes.js";
import { tempDir } from "../helpers/run-cli.js";

const server = (securityConfig: string, authProvider = "okta"): string =>
  `workflowConfig:\n  openMetadataServerConfig:\n    hostPort: http://localhost:8585/api\n    authProvider: ${authProvider}\n    securityConfig:\n${securityConfig}`;

async function check(file: { name: string; text: string; mode: number; key?: boolean }): Promise<{ status: string; text: string }> {
  const path = join(tempDir(), file.name);
  writeFileSync(path, file.text);
  chmodSync(path, file.mode);
  const ctx: DoctorContext = {
    serverFiles: {},
    fetch,
    now: () => new Date(),
    ...(file.key ? { keyFilePath: path } : { workflowConfigPath: path, workflowConfigText: file.text }),
  };
  const outcome = (await keyFileModes.run(ctx, {}, new AbortController().signal)) as { status: string; detail?: string[] };
  return { status: outcome.status, text: (outcome.detail ?? []).join("\n") };
}

describe("key-file-modes words follow what the file holds", () => {
  it.skipIf(process.platform === "win32").each([
    ["an Okta private key", server('      clientId: 0oa1\n      orgURL: https://x.okta.com/oauth2/aus1/v1/token\n      privateKey: \'{"kty":"RSA"}\'\n'), "okta", /every user on this host can read the private key in it/],
    ["a bot JWT (authProvider openmetadata)", server("      jwtToken: eyJhbGciOi.x.y\n", "openmetadata"), "openmetadata", /can read the bot token in it/],
    ["a connector password and a bot JWT", `source:\n  serviceConnection:\n    config:\n      password: hunter2\n${server("      jwtToken: eyJ.x.y\n", "openmetadata")}`, "openmetadata", /can read the bot token and a password in it/],
  ])("a world-readable workflowConfig holding %s fails naming it", async (_what, text, _provider, words) => {
    const r = await check({ name: "workflowConfig.yaml", text, mode: 0o644 });
    expect(r.status).toBe("fail");
    expect(r.text).toMatch(words);
    if (!/private key/.test(_what)) expect(r.text).not.toContain("private key");
  });

  it.skipIf(process.platform === "win32")("a hand-written workflowConfig that holds no secret passes, and says so", async () => {
    const text = server("      clientId: 0oa1\n      orgURL: https://x.okta.com/oauth2/aus1/v1/token\n      privateKey: ''\n");
    const r = await check({ name: "workflowConfig.yaml", text, mode: 0o644 });
    expect(r.status).toBe("pass");
    expect(r.text).toContain("holds no private key, token or password");
    expect(r.text).not.toContain("can read");
  });

  it.skipIf(process.platform === "win32")("the private key file is always about the private key; group-readable warns", async () => {
    const r = await check({ name: "service-key.private.json", text: "{}", mode: 0o640, key: true });
    expect(r.status).toBe("warn");
    expect(r.text).toContain("its group can read the private key in it");
  });

  it.skipIf(process.platform === "win32")("a file that is not YAML may hold anything: still a failure, in neutral words", async () => {
    const r = await check({ name: "workflowConfig.yaml", text: "a: [unclosed\n  - b: : c\n", mode: 0o604 });
    expect(r.status).toBe("fail");
    expect(r.text).toContain("can read whatever secrets it holds in it");
  });
});
