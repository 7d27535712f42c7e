// Imported first: it mocks every @inquirer prompt onto one virtual screen.
import { screen } from "@inquirer/testing/vitest";
import { describe, expect, it } from "vitest";
import { CancelledError } from "../../src/errors.js";
import { resolveInitOptions } from "../../src/options/init-options.js";
import { Output } from "../../src/output/output.js";
import { askSpa } from "../../src/wizard/ask-spa.js";
import { createPrompter } from "../../src/wizard/prompter.js";
import { WizardAnswers, type WizardContext } from "../../src/wizard/wizard-answers.js";
import { tempDir } from "../helpers/run-cli.js";

async function spaSection() {
  const cwd = tempDir("okta-om-screen-");
  const resolved = await resolveInitOptions({ flags: { omUrl: "https://om.example.com" }, env: {}, cwd });
  const deps = { stdin: process.stdin, stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd };
  const ctx: WizardContext = { prompter: createPrompter(deps), out: new Output(deps), deps };
  const answers = new WizardAnswers(resolved, cwd);
  return { answers, run: askSpa(answers, ctx, () => undefined) };
}

// The real prompter (createPrompter) and a real wizard section, on @inquirer/testing's screen.
describe("the sign-in app section on a real prompt screen", () => {
  it("walks label, URIs and access with Enter, re-asking after a bad redirect URI", async () => {
    const { answers, run } = await spaSection();
    await expect.poll(() => screen.getScreen()).toBe("? Label of the sign-in app in Okta: (OpenMetadata)");
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toBe("? Sign-in redirect URIs (comma separated): (https://om.example.com/callback, https://om.example.com/silent-callback)");
    screen.type("om.example.com/callback");
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toContain('> "om.example.com/callback" is not an absolute URL; e.g. https://openmetadata.example.com');
    for (let i = 0; i < "om.example.com/callback".length; i++) screen.keypress("backspace");
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toBe("? Sign-out redirect URIs: (https://om.example.com)");
    screen.keypress("enter");
    await screen.next();
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toContain("? Who may sign in to OpenMetadata?");
    expect(screen.getScreen()).toContain("❯ Everyone in the org (assign the Everyone group)");
    screen.keypress("down");
    screen.keypress("down");
    screen.keypress("enter");
    await run;
    expect(answers.options).toMatchObject({
      appName: "OpenMetadata",
      redirectUris: ["https://om.example.com/callback", "https://om.example.com/silent-callback"],
      logoutUris: ["https://om.example.com"],
      baseUris: ["https://om.example.com"],
      access: { kind: "none" },
    });
  });

  it("Ctrl-C at a prompt becomes CancelledError (exit 130)", async () => {
    const { run } = await spaSection();
    await expect.poll(() => screen.getScreen()).toContain("Label of the sign-in app");
    screen.keypress({ name: "c", ctrl: true });
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as CancelledError).exitCode).toBe(130);
  });
});
