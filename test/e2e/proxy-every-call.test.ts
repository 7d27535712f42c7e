// Issue 15, item 9: one transport policy for every outgoing request. doctor's discovery, token and
// OpenMetadata calls used Node's global fetch, which ignores HTTPS_PROXY/NO_PROXY, unlike the Okta
// admin calls. Here the org is only reachable by name through a proxy (the name does not resolve),
// over the sandbox's HTTPS with its self-signed CA given as NODE_EXTRA_CA_CERTS: the binary is
// spawned, as Node reads NODE_EXTRA_CA_CERTS only at start-up.
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboundFetch } from "../../src/net/outbound-fetch.js";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { tempDir } from "../helpers/run-cli.js";

const BIN = fileURLToPath(new URL("../../bin/okta-om-setup.js", import.meta.url));
const HOST = "okta-om.proxied.test";

let sandbox: Sandbox;
let proxy: Server;
let proxyUrl: string;
let caFile: string;
/** host:port of every CONNECT the proxy served. */
const tunnels: string[] = [];
const sockets = new Set<{ destroy(): void }>();

beforeAll(async () => {
  sandbox = await createSandbox({ https: true, certificateHosts: [HOST] });
  caFile = join(tempDir("okta-om-ca-"), "sandbox-ca.pem");
  writeFileSync(caFile, sandbox.certificatePem!);
  // A CONNECT proxy that sends every tunnel to the sandbox, whatever host was asked for.
  proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on("connect", (req, client) => {
    tunnels.push(req.url ?? "");
    sockets.add(client);
    const upstream = connect(sandbox.port, "127.0.0.1", () => {
      sockets.add(upstream);
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const address = proxy.address();
  proxyUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => proxy.close(resolve));
  await sandbox.close();
});

function cli(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("every request follows HTTPS_PROXY/NO_PROXY and trusts NODE_EXTRA_CA_CERTS", () => {
  const orgUrl = (): string => `https://${HOST}:${sandbox.port}`;

  let cwd: string;

  it("init and then doctor (discovery, keys, token, OpenMetadata) all go through the proxy", async () => {
    cwd = tempDir("okta-om-proxy-");
    const env = { OKTA_OM_API_TOKEN: sandbox.apiToken, HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: caFile };
    const init = await cli(["init", "--org-url", orgUrl(), "--bot-email", "b@example.com", "--om-version", "1.2.5", "--om-url", `${orgUrl()}/openmetadata`, "--no-interactive", "--yes", "--no-doctor", "--out-dir", "out"], cwd, env);
    expect(init.code, init.stderr).toBe(0);
    tunnels.length = 0;
    sandbox.requests.length = 0;
    const doctor = await cli(["doctor", "--out-dir", "out", "--json"], cwd, env);
    const results = JSON.parse(doctor.stdout) as { id: string; status: string; detail: string[] }[];
    const status = Object.fromEntries(results.map((r) => [r.id, r.status]));
    // The checks that talk to the org's OAuth endpoints and to OpenMetadata, not its admin API.
    for (const id of ["okta-discovery", "live-token", "om-version"]) expect(status[id], `${id}: ${doctor.stdout}`).toBe("pass");
    // The stand-in still runs basic auth (plain init deploys nothing): this check reads its live
    // config through the proxy, and fails on what it read, not on reaching it.
    expect(status["om-auth-config"]).toBe("fail");
    expect(doctor.stdout).not.toMatch(/not reachable|could not resolve|could not connect|not trusted/i);
    expect(tunnels.length).toBeGreaterThan(0);
    expect(new Set(tunnels)).toEqual(new Set([`${HOST}:${sandbox.port}`]));
    const paths = sandbox.requests.map((r) => r.path);
    expect(paths.some((p) => p.endsWith("/.well-known/openid-configuration") || p.endsWith("/.well-known/oauth-authorization-server"))).toBe(true);
    expect(paths.some((p) => p.endsWith("/v1/token"))).toBe(true);
    expect(paths.some((p) => p.startsWith("/openmetadata/"))).toBe(true);
  }, 60_000);

  it("without NODE_EXTRA_CA_CERTS the sandbox's certificate is refused, and said so", async () => {
    const run = await cli(["doctor", "--out-dir", "out", "--json"], cwd, { OKTA_OM_API_TOKEN: sandbox.apiToken, HTTPS_PROXY: proxyUrl });
    expect(run.code).toBe(3);
    const results = JSON.parse(run.stdout) as { id: string; status: string; detail?: string[] }[];
    const discovery = results.find((r) => r.id === "okta-discovery");
    expect(discovery?.status).toBe("fail");
    expect(discovery?.detail?.join(" ")).toMatch(/not trusted/);
    expect(run.stderr).not.toMatch(/Unexpected error|please report/i);
  });

  it("NO_PROXY bypasses the proxy (and then the name does not resolve); loopback is never proxied", async () => {
    tunnels.length = 0;
    const bypass = outboundFetch({ HTTPS_PROXY: proxyUrl, NO_PROXY: ".proxied.test" });
    const err = await bypass(`${orgUrl()}/.well-known/openid-configuration`).then(
      () => undefined,
      (e: unknown) => e as TypeError & { cause?: { code?: string } },
    );
    expect(err).toBeInstanceOf(TypeError);
    expect(err?.cause?.code).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(err?.message).not.toContain(HOST);
    const loopback = outboundFetch({ HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl });
    await loopback(`http://127.0.0.1:1/`).catch(() => undefined);
    expect(tunnels).toEqual([]);
  });
});
