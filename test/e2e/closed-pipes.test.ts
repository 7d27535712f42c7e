// Issue 15, item 11: `okta-om-setup ... | head` must not die with an unhandled EPIPE and a stack
// trace. The reader's end is closed before the CLI writes anything, so every write hits EPIPE.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/run-cli.js";

const BIN = fileURLToPath(new URL("../../bin/okta-om-setup.js", import.meta.url));

function runWithClosed(args: string[], closed: "stdout" | "stderr"): Promise<{ code: number | null; other: string }> {
  const cwd = tempDir("okta-om-pipes-");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH, HOME: cwd, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    child[closed].destroy();
    let other = "";
    child[closed === "stdout" ? "stderr" : "stdout"].on("data", (d: Buffer) => (other += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, other }));
  });
}

const CASES: Array<{ args: string[]; code: number }> = [
  { args: ["--help"], code: 0 },
  { args: ["--version"], code: 0 },
  { args: ["config", "--help"], code: 0 },
  { args: ["init", "--help"], code: 0 },
  { args: ["doctor", "--help"], code: 0 },
  { args: ["sandbox", "--help"], code: 0 },
  { args: ["doctor", "--json"], code: 2 },
  { args: ["init", "--nope", "--json"], code: 2 },
];

describe("writing to a closed pipe ends quietly with the command's own status", () => {
  for (const { args, code } of CASES) {
    it(`${args.join(" ")} | (closed stdout)`, async () => {
      const r = await runWithClosed(args, "stdout");
      expect(r.code).toBe(code);
      expect(r.other).not.toMatch(/EPIPE|Error:|at .*\.js:\d+/);
    });
  }

  it("a closed stderr is as quiet (doctor --json still prints its document)", async () => {
    const r = await runWithClosed(["doctor", "--json"], "stderr");
    expect(r.code).toBe(2);
    expect(JSON.parse(r.other)).toMatchObject({ ok: false });
  });
});
