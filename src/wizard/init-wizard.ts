import type { CliDeps } from "../deps.js";
import { checkInitValue, type ResolvedInit } from "../options/init-options.js";
import type { Output } from "../output/output.js";
import type { SandboxSession } from "../init/sandbox-session.js";
import type { Prompter } from "./prompter.js";

export interface WizardContext {
  prompter: Prompter;
  out: Output;
  deps: CliDeps;
  session?: SandboxSession;
}

/** Asks for what flags, env and the config file did not supply, validating each answer like the flags. */
export async function runInitWizard(resolved: ResolvedInit, ctx: WizardContext): Promise<ResolvedInit> {
  const options = { ...resolved.options } as Record<string, unknown>;
  const sources = { ...resolved.sources };
  for (const missing of resolved.missing) {
    const validate = (value: string): true | string => {
      const checked = checkInitValue(missing.field as never, value);
      return checked.ok ? true : checked.problem;
    };
    if (missing.field === "apiToken") {
      const token = await ctx.prompter.password({ field: "apiToken", message: "Okta API token (input hidden):", validate });
      options.apiToken = token;
    } else {
      const answer = await ctx.prompter.input({ field: missing.field, message: `${missing.why ?? missing.flag}:`, validate });
      const checked = checkInitValue(missing.field as never, answer);
      if (checked.ok) options[missing.field] = checked.value;
    }
    sources[missing.field] = "wizard";
  }
  return { ...resolved, options, sources, missing: [] };
}
