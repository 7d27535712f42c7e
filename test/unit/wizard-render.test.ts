import { checkbox, input, password } from "@inquirer/prompts";
import { render } from "@inquirer/testing";
import { describe, expect, it } from "vitest";
import { validator } from "../../src/wizard/wizard-answers.js";

// The real @inquirer prompts with the wizard's validate callbacks: what a user sees when an answer is wrong.
describe("wizard prompts rendered by @inquirer/testing", () => {
  it("a bad org URL shows the flag's error under the prompt; the fixed one is accepted", async () => {
    let accepted: string | undefined;
    const { answer, events, getScreen } = await render(input, {
      message: "Okta org URL (e.g. https://dev-123.okta.com, not the -admin URL):",
      validate: validator("orgUrl", (v) => (accepted = v)),
    });
    expect(getScreen()).toBe("? Okta org URL (e.g. https://dev-123.okta.com, not the -admin URL):");

    events.type("dev-123-admin.okta.com");
    events.keypress("enter");
    await expect.poll(() => getScreen()).toContain("> \"dev-123-admin.okta.com\" has no scheme; use https://dev-123.okta.com");

    for (let i = 0; i < "dev-123-admin.okta.com".length; i++) events.keypress("backspace");
    events.type("https://dev-123.okta.com/");
    events.keypress("enter");
    await expect(answer).resolves.toBe("https://dev-123.okta.com/");
    expect(accepted).toBe("https://dev-123.okta.com");
    expect(getScreen()).toBe("✔ Okta org URL (e.g. https://dev-123.okta.com, not the -admin URL): https://dev-123.okta.com/");
  });

  it("Enter takes the default; an invalid default-edited list reports every bad entry", async () => {
    const { answer, events, getScreen } = await render(input, {
      message: "Okta API scopes:",
      default: "okta.users.read",
      validate: validator("apiScopes", () => undefined),
    });
    expect(getScreen()).toBe("? Okta API scopes: (okta.users.read)");
    events.type("users.read, okta.apps");
    events.keypress("enter");
    await expect.poll(() => getScreen()).toContain('"users.read" is not an Okta API scope; they look like okta.<resource>.<action>, e.g. okta.users.read; "okta.apps" is not an Okta API scope');
    for (let i = 0; i < "users.read, okta.apps".length; i++) events.keypress("backspace");
    events.keypress("enter");
    await expect(answer).resolves.toBe("okta.users.read");
  });

  it("the API token is masked while typed and checked before moving on", async () => {
    const { answer, events, getScreen } = await render(password, {
      message: "Okta API token (Security > API > Tokens; input hidden):",
      mask: "*",
      validate: validator("apiToken", () => undefined),
    });
    events.type("00short");
    expect(getScreen().split("\n")[0]).toBe("? Okta API token (Security > API > Tokens; input hidden): *******");
    events.keypress("enter");
    await expect.poll(() => getScreen()).toMatch(/> .*token/i);
    expect(getScreen()).not.toContain("00short");
    for (let i = 0; i < 7; i++) events.keypress("backspace");
    events.type("00abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN");
    events.keypress("enter");
    await expect(answer).resolves.toBe("00abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN");
  });

  it("the deployment files are a checkbox; Enter keeps the pre-checked ones", async () => {
    const { answer, events, getScreen } = await render(checkbox, {
      message: "Server config files to write (workflowConfig.yaml for ingestion is always written):",
      choices: [
        { value: "docker", name: "Docker Compose: openmetadata.env", short: "docker", checked: true },
        { value: "bare-metal", name: "Bare metal: openmetadata.auth.yaml", short: "bare-metal", checked: true },
        { value: "helm", name: "Kubernetes: helm-values.yaml", short: "helm", checked: true },
      ],
    });
    expect(getScreen()).toContain("◉ Kubernetes: helm-values.yaml");
    events.keypress("space");
    events.keypress("enter");
    await expect(answer).resolves.toEqual(["bare-metal", "helm"]);
  });
});
