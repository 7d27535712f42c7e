import { CancelledError } from "../errors.js";
import type { Manifest } from "../manifest/manifest.js";
import type { Change } from "../init/plan-types.js";
import type { Found } from "../init/resources/find.js";
import type { ProvisionResult } from "../init/run-init.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { InitOptions } from "../options/init-options.js";
import { askAccess } from "./ask-spa.js";
import type { Choice } from "./prompter.js";
import { askOption, type WizardAnswers, type WizardContext } from "./wizard-answers.js";

/** The objects the wizard can offer choices for: the label option that names them and the manifest id that pins one. */
interface Kind {
  field: string;
  what: string;
  nameKey: "appName" | "serviceAppName" | "authServer";
  manifestKey: "spaAppId" | "serviceClientId" | "authServerId";
  found: (preview: ProvisionResult) => Found<{ id: string }> | undefined;
  describe: (api: OktaApi, id: string) => Promise<string>;
  nameTaken: (api: OktaApi, name: string) => Promise<boolean>;
}

const appDetails = async (api: OktaApi, id: string): Promise<string> => {
  const app = await api.getApp(id).catch(() => undefined);
  if (!app) return id;
  const created = typeof app.created === "string" ? `, created ${app.created.slice(0, 10)}` : "";
  return `${id} (${app.status.toLowerCase()}${created})`;
};

const KINDS: Record<string, Kind> = {
  "spa-app": {
    field: "existingSpaApp",
    what: "single-page app",
    nameKey: "appName",
    manifestKey: "spaAppId",
    found: (p) => p.snapshot.spa,
    describe: appDetails,
    nameTaken: async (api, name) => (await api.findAppsByLabel(name)).length > 0,
  },
  "service-app": {
    field: "existingServiceApp",
    what: "service app",
    nameKey: "serviceAppName",
    manifestKey: "serviceClientId",
    found: (p) => p.snapshot.service,
    describe: appDetails,
    nameTaken: async (api, name) => (await api.findAppsByLabel(name)).length > 0,
  },
  "auth-server": {
    field: "existingAuthServer",
    what: "authorization server",
    nameKey: "authServer",
    manifestKey: "authServerId",
    found: (p) => p.snapshot.authServer,
    describe: async (api, id) => {
      const as = await api.getAuthServer(id).catch(() => undefined);
      return as ? `${id} (${as.status.toLowerCase()}, audience ${as.audiences.join(", ") || "-"})` : id;
    },
    nameTaken: async (api, name) => name === "default" || (await api.findAuthServersByName(name)).length > 0,
  },
};

const stopChoice = { value: "stop", name: "Stop here (nothing is changed)" };

/**
 * Turns what would fail or surprise into questions: several objects with the same name (pick one by
 * id, or name ours differently), an object found by name that is not ours yet (adopt and update it,
 * or name ours differently), a missing group. Returns true when an answer changed the plan.
 */
export async function resolveExisting(preview: ProvisionResult, answers: WizardAnswers, ctx: WizardContext, api: OktaApi, decided: Set<string>): Promise<boolean> {
  for (const change of preview.changes) {
    if (change.action === "conflict") {
      if (change.resource.startsWith("access:")) {
        ctx.out.warn(change.reason ?? `${change.resource} cannot be used.`);
        await askAccess(answers, ctx);
        return true;
      }
      if (change.resource.startsWith("trusted-origin:")) {
        await pickTrustedOrigin(change, preview, answers, ctx);
        return true;
      }
      const kind = KINDS[change.resource];
      if (!kind) continue;
      const found = kind.found(preview);
      if (found?.kind === "conflict") await pickOrRename(kind, change, found.candidates, answers, ctx, api);
      else await createInsteadOfDefault(change, answers, ctx);
      return true;
    }
    const kind = KINDS[change.resource];
    if (!kind || !change.adopted || !change.id || decided.has(change.resource) || explicit(answers, kind.nameKey)) continue;
    decided.add(change.resource);
    if (await adoptOrRename(kind, change, answers, ctx, api)) return true;
  }
  return false;
}

/** Given by a flag, env var or config file (then adopting by that name is what the user asked for). */
function explicit(answers: WizardAnswers, key: keyof InitOptions): boolean {
  const source = answers.sources[key];
  return source !== undefined && source !== "wizard" && !source.startsWith("default");
}

async function pickOrRename(kind: Kind, change: Change, candidates: string[], answers: WizardAnswers, ctx: WizardContext, api: OktaApi): Promise<void> {
  const name = String(answers.get(kind.nameKey));
  ctx.out.warn(change.reason ?? `Several ${kind.what}s are named "${name}".`);
  const ids = candidates.map((c) => c.split(" ")[0]!);
  const details = await Promise.all(ids.map((id) => kind.describe(api, id)));
  const choices: Choice<string>[] = [
    ...ids.map((id, i) => ({ value: `id:${id}`, name: `Use ${details[i]}`, description: "It is adopted and updated to what OpenMetadata needs; its id is kept in the manifest" })),
    { value: "rename", name: `Create a new ${kind.what} with another name`, description: "The existing ones are left alone" },
    stopChoice,
  ];
  const picked = await ctx.prompter.select({ field: kind.field, message: `Several ${kind.what}s are named "${name}". Which one should OpenMetadata use?`, choices });
  if (picked === "stop") throw new CancelledError();
  if (picked === "rename") return rename(kind, answers, ctx, api);
  answers.facts.picks[kind.manifestKey] = picked.slice(3);
}

async function adoptOrRename(kind: Kind, change: Change, answers: WizardAnswers, ctx: WizardContext, api: OktaApi): Promise<boolean> {
  const name = String(answers.get(kind.nameKey));
  const what = change.action === "update" ? `update it (${(change.fields ?? []).join(", ")})` : "use it as it is";
  const picked = await ctx.prompter.select({
    field: kind.field,
    message: `A ${kind.what} named "${name}" already exists (${await kind.describe(api, change.id!)}) and was not set up from this directory. Use it?`,
    choices: [
      { value: "adopt", name: `Yes: adopt it and ${what}` },
      { value: "rename", name: `No: leave it alone and create a new ${kind.what} with another name` },
      stopChoice,
    ],
    default: "adopt",
  });
  if (picked === "stop") throw new CancelledError();
  if (picked === "adopt") return false;
  await rename(kind, answers, ctx, api);
  return true;
}

async function rename(kind: Kind, answers: WizardAnswers, ctx: WizardContext, api: OktaApi): Promise<void> {
  const current = String(answers.get(kind.nameKey));
  await askOption(answers, ctx, kind.nameKey, {
    message: `Name of the new ${kind.what}:`,
    default: `${current} 2`,
    extra: async (value) => ((await kind.nameTaken(api, String(value))) ? `A ${kind.what} named "${String(value)}" exists already; choose another name.` : true),
  });
  // The old id (if the manifest had one) must not pull init back to the object the user moved away from.
  answers.facts.picks[kind.manifestKey] = undefined;
}

async function createInsteadOfDefault(change: Change, answers: WizardAnswers, ctx: WizardContext): Promise<void> {
  ctx.out.warn(change.reason ?? "The authorization server cannot be used.");
  const picked = await ctx.prompter.select({
    field: "existingAuthServer",
    message: "Create a dedicated authorization server instead?",
    choices: [{ value: "create", name: 'Yes: create one named "OpenMetadata"' }, stopChoice],
    default: "create",
  });
  if (picked === "stop") throw new CancelledError();
  answers.set("authServer", "OpenMetadata");
}

async function pickTrustedOrigin(change: Change, preview: ProvisionResult, answers: WizardAnswers, ctx: WizardContext): Promise<void> {
  const origin = change.resource.slice("trusted-origin:".length);
  const found = preview.snapshot.origins.get(origin);
  const candidates = found?.kind === "conflict" ? found.candidates : [];
  ctx.out.warn(change.reason ?? `Several trusted origins exist for ${origin}.`);
  const picked = await ctx.prompter.select({
    field: "existingTrustedOrigin",
    message: `Several trusted origins exist for ${origin}. Which one should OpenMetadata use?`,
    choices: [...candidates.map((c) => ({ value: `id:${c.split(" ")[0]!}`, name: `Use ${c}` })), stopChoice],
  });
  if (picked === "stop") throw new CancelledError();
  const ids: Manifest["trustedOriginIds"] = { ...(answers.facts.picks.trustedOriginIds ?? {}), [origin]: picked.slice(3) };
  answers.facts.picks.trustedOriginIds = ids;
}
