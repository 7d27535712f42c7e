import { UsageError } from "../errors.js";

/** An Okta object id as the manifest stores it: no whitespace and nothing that could steer a URL path. */
export const isOktaId = (v: unknown): v is string => typeof v === "string" && v.trim() !== "" && !/[\s/?#]/.test(v);

/** The error for a manifest field no okta-om-setup run could have written: exit 2, nothing changed. */
export function handEdited(field: string, why: string): UsageError {
  return new UsageError(`okta-om-setup.json: ${field} ${why}; the manifest looks edited by hand, so nothing was changed.`, "Restore the manifest init wrote (or a backup), then run again.");
}
