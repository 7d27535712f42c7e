import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { captureDeps } from "../helpers/capture.js";

// Issue 13: "README and --help document both, with their exit codes".
describe("rotate-key and destroy --help", () => {
  it("documents both, with their exit codes", async () => {
    const cases = [
      ["rotate-key", ["--client-secret", "rotate-key --client-secret --yes", "--key-file <file>", "--merge-into <file>", "--plan", "--om-admin-token-stdin", "no Okta key", "Exit codes: 0 rotated", "8 with --plan --detailed-exitcode"]],
      ["destroy", ["--only <resources>", "--include-adopted", "--force", "--remove-files", "never deleted", "Exit codes: 0 done", "8 with --plan --detailed-exitcode"]],
    ] as const;
    for (const [command, texts] of cases) {
      const deps = captureDeps();
      expect(await main([command, "--help"], deps)).toBe(0);
      // Commander wraps long descriptions: compare with whitespace collapsed.
      const help = deps.out().replace(/\s+/g, " ");
      for (const text of texts) expect(help, `${command}: ${text}`).toContain(text);
    }
  });
});
