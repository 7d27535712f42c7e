import { webAppLabel } from "./resources/web-app.js";
import type { Change } from "./plan-types.js";

/** A human name for a resource id, e.g. `trusted-origin:https://om.example.com` → "trusted origin https://om.example.com". */
export function resourceTitle(resource: string, names: { appName: string; serviceAppName: string; authServer: string; scope: string; policyName: string; ruleName: string }): string {
  const [kind, detail] = resource.includes(":") ? [resource.slice(0, resource.indexOf(":")), resource.slice(resource.indexOf(":") + 1)] : [resource, ""];
  switch (kind) {
    case "key":
      return "service app signing key";
    case "spa-app":
      return `single-page app "${names.appName}"`;
    case "web-app":
      return `web app "${webAppLabel(names.appName)}"`;
    case "trusted-origin":
      return `trusted origin ${detail}`;
    case "access":
      return `access for group ${detail}`;
    case "service-app":
      return `service app "${names.serviceAppName}"`;
    case "api-grant":
      return `API scope grant ${detail}`;
    case "auth-server":
      return names.authServer === "default" ? "authorization server default" : `authorization server "${names.authServer}"`;
    case "scope":
      return `default scope "${names.scope}"`;
    case "policy":
      return `access policy "${names.policyName}"`;
    case "rule":
      return `policy rule "${names.ruleName}"`;
    default:
      return resource;
  }
}

const PAST: Record<Change["action"], string> = { create: "created", update: "updated", adopt: "adopted", noop: "unchanged", conflict: "conflict" };
const FUTURE: Record<Change["action"], string> = { create: "create", update: "update", adopt: "adopt", noop: "no change", conflict: "CONFLICT" };

/** One line for a change: verb, resource, id and details. `tense` picks "create" (plan) or "created" (progress). */
export function describeChange(change: Change, title: string, tense: "plan" | "done"): string {
  // Access changes are named after the group, which the note carries.
  if (change.resource.startsWith("access:") && change.note) return describeChange({ ...change, note: undefined }, `access for group "${change.note}"`, tense);
  const verb = (tense === "plan" ? FUTURE : PAST)[change.action];
  const bits = [change.id && !title.includes(change.id) ? `(${change.id})` : "", change.fields?.length ? `fields: ${change.fields.join(", ")}` : "", change.adopted && change.action === "update" ? "adopted by name" : "", change.note ?? ""].filter(Boolean);
  return `${verb.padEnd(tense === "plan" ? 9 : 9)} ${title}${bits.length ? `  ${bits.join("; ")}` : ""}`;
}
