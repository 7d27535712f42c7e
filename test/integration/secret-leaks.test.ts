// Issue 15, item 1: no error may repeat a typed argument that could be a secret, and no Okta
// credential is sent to an org URL that fails the org URL rules, whatever file it came from.
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { OktaTransport } from "../../src/okta/transport.js";
import { Secret } from "../../src/secret.js";
import { captureDeps } from "../helpers/capture.js";
import { buildHealthySetup } from "../helpers/doctor-setup.js";
import { startSandbox } from "../helpers/sandbox.js";

// Built from parts so secret scanners do not flag test data; shaped like an SSWS token.
const CANARY = ["00Zq9", "Xw7Lk2Mn4Bv6Cx8Za", "1Sd3Fg5Hj7Kl9Qw2Er4"].join("");
const COMMANDS = [[], ["init"], ["config"], ["doctor"], ["sandbox"]];

async function run(argv: string[]) {
  const deps = captureDeps();
  const code = await main(argv, deps);
  return { code, out: deps.out(), err: deps.err() };
}

describe("parse errors never echo what was typed", () => {
  for (const prefix of COMMANDS) {
    const name = prefix[0] ?? "(top level)";
    it(`${name}: unknown options are named without their value, with the env hint for credential-like names`, async () => {
      // The sandbox's own --api-token sets its throwaway local token, so it is a known flag there.
      const tokenFlag = name === "sandbox" ? "--okta-api-token" : "--api-token";
      for (const argv of [
        [...prefix, `${tokenFlag}=${CANARY}`],
        [...prefix, `--token=${CANARY}`],
        [...prefix, `--client-secret=${CANARY}`],
        [...prefix, `-Z${CANARY}`],
        [...prefix, `${tokenFlag}=${CANARY}`, "--json"],
      ]) {
        const r = await run(argv);
        expect(r.code, argv.join(" ")).toBe(2);
        expect(r.out + r.err).not.toContain(CANARY);
        expect(r.err).toMatch(/unknown option '(--api-token|--okta-api-token|--token|--client-secret|-Z)'/);
      }
      const hinted = await run([...prefix, `${tokenFlag}=${CANARY}`]);
      expect(hinted.err).toContain("OKTA_OM_API_TOKEN");
      expect(hinted.err).toContain("--api-token-stdin");
    });
  }

  it("an unknown command that looks like a token is described by its length", async () => {
    const r = await run([CANARY]);
    expect(r.code).toBe(2);
    expect(r.err).not.toContain(CANARY);
    expect(r.err).toContain(`the value (${CANARY.length} characters)`);
    // A plain typo is still shown, with commander's suggestion.
    expect((await run(["docter"])).err).toMatch(/unknown command 'docter'[\s\S]*doctor/);
  });

  it("invalid option values are not echoed when they look like secrets (sandbox --port, doctor --timeout)", async () => {
    for (const argv of [["sandbox", "--port", CANARY], ["doctor", "--timeout", CANARY], ["sandbox", `--latency=${CANARY}`]]) {
      const r = await run(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.out + r.err).not.toContain(CANARY);
    }
  });
});

describe("--json on usage errors", () => {
  it("prints one JSON document on stdout for an unknown option, naming the flag only", async () => {
    for (const prefix of COMMANDS) {
      const r = await run([...prefix, "--nope=1", "--json"]);
      expect(r.code).toBe(2);
      const doc = JSON.parse(r.out) as { ok: boolean; error: { message: string; exitCode: number } };
      expect(doc).toMatchObject({ ok: false, error: { exitCode: 2 } });
      expect(doc.error.message).toContain("unknown option '--nope'");
      expect(doc.error.message).not.toContain("--nope=1");
    }
  });
});

describe("the org URL is checked before any credential is sent", () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  /** A loopback listener that records every request, to prove nothing reached it. */
  async function listener(): Promise<{ url: string; hits: string[] }> {
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url} ${req.headers.authorization ? "with Authorization" : ""}`);
      res.end("{}");
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
  }

  it("doctor refuses a hand-edited manifest orgUrl (clear http, -admin host, a path) with exit 2 naming the file's field", async () => {
    const sandbox = await startSandbox();
    const setup = await buildHealthySetup(sandbox);
    const manifestPath = join(setup.outDir, "okta-om-setup.json");
    const original = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, unknown>;
    const trap = await listener();
    for (const orgUrl of ["http://some-host.example", "https://dev-1-admin.okta.com", `${trap.url}/oauth2/default`]) {
      writeFileSync(manifestPath, JSON.stringify({ ...original, orgUrl }));
      const deps = captureDeps({ env: { NO_COLOR: "1", ...setup.env }, cwd: setup.outDir, stdin: new PassThrough() });
      const code = await main(["doctor", "--out-dir", setup.outDir, "--json"], deps);
      expect(code, orgUrl).toBe(2);
      expect(deps.err()).toContain("okta-om-setup.json orgUrl");
      expect(deps.out() + deps.err()).not.toContain(sandbox.apiToken);
    }
    expect(trap.hits).toEqual([]);
  });

  it("the Okta transport itself refuses such URLs, so no command can send SSWS in clear text", () => {
    const credentials = { kind: "token" as const, token: new Secret(CANARY) };
    for (const orgUrl of ["http://some-host.example", "https://x-admin.okta.com", "https://x.okta.com/oauth2/default", "ftp://x.okta.com"]) {
      let message = "";
      try {
        new OktaTransport({ orgUrl, credentials });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, orgUrl).toMatch(/^Okta org URL: /);
      expect(message).not.toContain(CANARY);
    }
    expect(new OktaTransport({ orgUrl: "http://127.0.0.1:9", credentials }).orgUrl).toBe("http://127.0.0.1:9");
  });
});
