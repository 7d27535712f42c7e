// The wizard's questions of a first init, scripted for FakePrompter (wizard-init and wizard-om-admin).
import type { Sandbox } from "../../src/sandbox/index.js";
import { ENTER, FakePrompter, type FakeAnswer, type FakeSeq } from "./fake-prompter.js";

/** Every question of a first run against a fresh org (org URL and token in the env): Enter, except the OM URL and the confirmation. */
export function enterEverywhere(sandbox: Sandbox, overrides: Record<string, FakeAnswer | FakeSeq | undefined> = {}): FakePrompter {
  return new FakePrompter({
    omUrl: sandbox.openMetadataUrl,
    omVersion: ENTER,
    appName: ENTER,
    redirectUris: ENTER,
    logoutUris: ENTER,
    baseUris: ENTER,
    access: ENTER,
    authServer: ENTER,
    scope: ENTER,
    policyName: ENTER,
    ruleName: ENTER,
    serviceAppName: ENTER,
    serviceKey: ENTER,
    botEmail: ENTER,
    adminPrincipals: ENTER,
    principalDomain: ENTER,
    deployFiles: ENTER,
    helmChartVersion: ENTER,
    outDir: ENTER,
    applyPlan: true,
    runDoctor: false,
    ...overrides,
  });
}
