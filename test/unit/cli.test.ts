import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { TOP_LEVEL_HELP, tryFastPath } from "../../src/fast-path.js";
import { captureDeps } from "../helpers/capture.js";

describe("cli", () => {
  it("answers the top-level --help fast path with exactly commander's own text", async () => {
    const deps = captureDeps();
    expect(await main(["--help"], deps)).toBe(0);
    expect(deps.out()).toBe(TOP_LEVEL_HELP);
    // Shell line continuations are a single backslash, so the examples can be pasted.
    expect(TOP_LEVEL_HELP).toContain("https://dev-123.okta.com \\\n");
    let written = "";
    expect(tryFastPath(["--help"], (t) => (written += t))).toBe(true);
    expect(written).toBe(TOP_LEVEL_HELP);
  });

  it("prints the package version for --version, with and without the fast path", async () => {
    const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
    const deps = captureDeps();
    expect(await main(["--version"], deps)).toBe(0);
    expect(deps.out().trim()).toBe(version);
    let written = "";
    tryFastPath(["-V"], (t) => (written += t));
    expect(written.trim()).toBe(version);
    expect(tryFastPath(["init", "--help"], () => undefined)).toBe(false);
  });

  it("lists every init flag with its env twin and default in init --help", async () => {
    const deps = captureDeps();
    expect(await main(["init", "--help"], deps)).toBe(0);
    // commander wraps descriptions to the terminal width: compare with the wrapping undone.
    const help = deps.out().replace(/\s+/g, " ");
    for (const text of ["--org-url <url>", "OKTA_OM_ORG_URL", "OKTA_CLIENT_ORGURL", "--api-token-stdin", "--redirect-uri <uri>", "default: http://localhost:8585", "--no-interactive", "--detailed-exitcode", "Examples:"]) {
      expect(help).toContain(text);
    }
    expect(help).not.toMatch(/--api-token </);
  });

  it("exits 2 with commander's message on an unknown flag or command", async () => {
    const unknownFlag = captureDeps();
    expect(await main(["init", "--nope"], unknownFlag)).toBe(2);
    expect(unknownFlag.err()).toContain("unknown option '--nope'");
    const unknownCommand = captureDeps();
    expect(await main(["inti"], unknownCommand)).toBe(2);
    expect(unknownCommand.err()).toMatch(/unknown command 'inti'[\s\S]*init/);
  });

  it("exits 2 for a bad sandbox port, naming the flag", async () => {
    const deps = captureDeps();
    expect(await main(["sandbox", "--port", "seventy"], deps)).toBe(2);
    expect(deps.err()).toContain("--port must be a whole number");
  });
});

describe("--json failures", () => {
  it("print one JSON document with the message, hint and exit code on stdout", async () => {
    const deps = captureDeps({ env: { NO_COLOR: "1", OKTA_OM_API_TOKEN: "short" } });
    const code = await main(["init", "--org-url", "https://dev-1-admin.okta.com", "--bot-email", "bot@example.com", "--no-interactive", "--json"], deps);
    expect(code).toBe(2);
    const doc = JSON.parse(deps.out()) as { ok: boolean; error: { message: string; exitCode: number } };
    expect(doc.ok).toBe(false);
    expect(doc.error.exitCode).toBe(2);
    expect(doc.error.message).toContain("https://dev-1.okta.com");
    expect(deps.out()).not.toContain("short");
  });
});
