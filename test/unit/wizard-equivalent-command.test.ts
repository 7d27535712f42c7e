import { describe, expect, it } from "vitest";
import { equivalentCommand, printEquivalentCommand } from "../../src/init/equivalent-command.js";
import { finalizeInitOptions, resolveInitOptions } from "../../src/options/init-options.js";
import { Output } from "../../src/output/output.js";
import { Secret } from "../../src/secret.js";

const TOKEN = "00secretsecretsecretsecretsecretsecretsecr";

async function resolved(flags: Record<string, unknown>, env: Record<string, string> = {}, wizard: Record<string, unknown> = {}) {
  const r = await resolveInitOptions({ flags, env, cwd: "/work/here" });
  for (const [key, value] of Object.entries(wizard)) {
    (r.options as Record<string, unknown>)[key] = value;
    r.sources[key] = "wizard";
  }
  return r;
}

describe("equivalent command", () => {
  it("repeats wizard answers, env and flags as flags, never defaults or the token, ending with --no-interactive --yes", async () => {
    const r = await resolved(
      { orgUrl: "https://dev-1.okta.com", interactive: true, yes: true },
      { OKTA_OM_API_TOKEN: TOKEN, OKTA_OM_BOT_EMAIL: "bot@example.com" },
      {
        apiToken: new Secret(TOKEN),
        appName: "Open Metadata's SSO",
        access: { kind: "groups", groupIds: ["00gA", "00gB"] },
        redirectUris: ["https://om.example.com/callback", "https://om.example.com/silent-callback"],
        deployFiles: [],
        outDir: "/work/here/okta-om-setup",
        keyFile: "/keys/sa.pem",
        serviceApp: false,
      },
    );
    const command = equivalentCommand(r, finalizeInitOptions(r), { cwd: "/work/here" });
    expect(command).toBe(
      "okta-om-setup init --org-url https://dev-1.okta.com --redirect-uri https://om.example.com/callback --redirect-uri https://om.example.com/silent-callback " +
        "--access groups:00gA,00gB --bot-email bot@example.com --app-name 'Open Metadata'\\''s SSO' --no-service-app --key-file /keys/sa.pem " +
        "--out-dir ./okta-om-setup --deploy-files none --no-interactive --yes",
    );
    expect(command).not.toContain(TOKEN);
  });

  it("resume mode leaves the run-mode flags off, so the wizard asks what is left", async () => {
    const r = await resolved({}, {}, { omUrl: "https://om.example.com" });
    expect(equivalentCommand(r, r.options, { mode: "resume" })).toBe("okta-om-setup init --om-url https://om.example.com");
  });

  it("is printed only after a run with wizard answers, under a heading that says where the token comes from", async () => {
    let text = "";
    const out = new Output({ stdout: { write: () => true }, stderr: { write: (s: string) => (text += s) }, env: { NO_COLOR: "1" } });
    const flagsOnly = await resolved({ orgUrl: "https://dev-1.okta.com", botEmail: "bot@example.com" }, { OKTA_OM_API_TOKEN: TOKEN });
    printEquivalentCommand(out, flagsOnly, finalizeInitOptions(flagsOnly));
    expect(text).toBe("");
    const answered = await resolved({ orgUrl: "https://dev-1.okta.com" }, { OKTA_OM_API_TOKEN: TOKEN }, { botEmail: "bot@example.com" });
    printEquivalentCommand(out, answered, finalizeInitOptions(answered), "/work/here");
    expect(text).toBe(
      "\nTo repeat this in CI (the API token comes from OKTA_OM_API_TOKEN):\n  okta-om-setup init --org-url https://dev-1.okta.com --bot-email bot@example.com --no-interactive --yes\n",
    );
  });
});
