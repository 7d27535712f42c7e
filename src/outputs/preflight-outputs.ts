import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CancelledError, UsageError } from "../errors.js";
import type { Manifest } from "../manifest/manifest.js";
import { DEPLOY_FILE_NAMES, WORKFLOW_CONFIG_FILE } from "../openmetadata/generated-file.js";
import { sha256Hex } from "../openmetadata/write-files.js";
import type { Output } from "../output/output.js";

export interface OutputsPreflight {
  outDir: string;
  manifest: Manifest;
  deployFiles: string[];
  mergeInto?: string;
  yes: boolean;
  /** --plan: only the merge target is checked (the plan lists edited files itself). */
  plan: boolean;
  confirm?: (question: string) => Promise<boolean>;
}

/**
 * The file problems init can know before touching Okta: a --merge-into target it cannot merge, and
 * output files edited by hand since we wrote them. Checked first, so a "no" or a bad path leaves
 * Okta untouched too. Returns true when overwriting edited files was approved.
 */
export async function preflightOutputs(request: OutputsPreflight, out: Output): Promise<boolean> {
  if (request.mergeInto) {
    // Loaded only when needed: the merge code pulls in the yaml parser (~50 ms before the first request).
    const { checkMergeTarget } = await import("../openmetadata/merge-into.js");
    await checkMergeTarget(request.mergeInto);
  }
  if (request.plan) return false;
  const names = [WORKFLOW_CONFIG_FILE, ...request.deployFiles.map((f) => DEPLOY_FILE_NAMES[f]).filter((n): n is string => n !== undefined)];
  const edited: string[] = [];
  for (const name of names) {
    const text = await readFile(join(request.outDir, name), "utf8").catch(() => undefined);
    if (text !== undefined && request.manifest.files?.[name] !== sha256Hex(text)) edited.push(name);
  }
  if (edited.length === 0 || request.yes) return edited.length > 0;
  const list = edited.map((n) => join(request.outDir, n)).join(", ");
  if (!request.confirm) {
    throw new UsageError(`${list} ${edited.length > 1 ? "were" : "was"} changed since okta-om-setup wrote ${edited.length > 1 ? "them" : "it"} (or not written by it); nothing was changed.`, "Rerun with --yes to overwrite (keep a copy of your edits first), or use another --out-dir.");
  }
  out.warn(`${list} changed since okta-om-setup wrote ${edited.length > 1 ? "them" : "it"}; init would replace ${edited.length > 1 ? "them" : "it"} at the end.`);
  if (!(await request.confirm("Overwrite those files at the end of this run?"))) {
    throw new CancelledError("Keeping your edited files; nothing was changed.", "Move your edits aside and rerun, or use another --out-dir.");
  }
  return true;
}
