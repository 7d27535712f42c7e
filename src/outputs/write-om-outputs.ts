import { UsageError } from "../errors.js";
import type { Manifest } from "../manifest/manifest.js";
import type { OmConfigInput } from "../openmetadata/om-config-input.js";
import { mergeIntoFile } from "../openmetadata/merge-into.js";
import { renderOpenMetadataFiles, type GeneratedFile } from "../openmetadata/render-openmetadata-files.js";
import { applyFileWrites, planFileWrites, type WritePlanEntry } from "../openmetadata/write-files.js";
import type { Output } from "../output/output.js";

export interface OutputsRequest {
  outDir: string;
  input: OmConfigInput;
  manifest: Manifest;
  yes: boolean;
  /** Asks the user; undefined when not interactive (then overwriting edits needs --yes). */
  confirm?: (question: string) => Promise<boolean>;
  mergeInto?: string;
  /** Only plan (for --plan): nothing is written. */
  dryRun?: boolean;
  /** `input`'s files, already rendered (render-ahead.ts). */
  rendered?: ReturnType<typeof renderOpenMetadataFiles>;
}

export interface OutputsResult {
  files: { name: string; path: string; action: WritePlanEntry["action"]; secret: boolean }[];
  generated: GeneratedFile[];
  /** sha256 per written file, to store in the manifest. */
  hashes: Record<string, string>;
  notes: string[];
  merged?: { file: string; backup: string; changedKeys: string[] };
}

/**
 * Renders the OpenMetadata files and writes them without clobbering: a file whose content is not
 * what we last wrote (hash in the manifest) is only overwritten after --yes or a confirmation, with
 * a diff shown first.
 */
export async function writeOpenMetadataOutputs(request: OutputsRequest, out: Output): Promise<OutputsResult> {
  const { files, notes } = request.rendered ?? renderOpenMetadataFiles(request.input);
  const plan = await planFileWrites(request.outDir, files, request.manifest.files ?? {});
  const summary = plan.map((entry) => ({ name: entry.name, path: entry.path, action: entry.action, secret: entry.secret }));
  if (request.dryRun) return { files: summary, generated: files, hashes: request.manifest.files ?? {}, notes };

  const hashes = await applyFileWrites(request.outDir, files, plan, {
    confirmOverwrite: async (entry) => {
      out.warn(`${entry.path} was edited since okta-om-setup wrote it:`);
      if (entry.diff) for (const line of entry.diff.split("\n")) out.detail(line);
      if (request.yes) return true;
      if (!request.confirm) {
        throw new UsageError(`${entry.path} holds changes okta-om-setup did not make; nothing was written.`, "Rerun with --yes to overwrite it (the diff is above), or use another --out-dir.");
      }
      return request.confirm(`Overwrite ${entry.name}?`);
    },
  });
  let merged: OutputsResult["merged"];
  if (request.mergeInto) {
    const result = await mergeIntoFile(request.mergeInto, request.input);
    merged = { file: request.mergeInto, backup: result.backup, changedKeys: result.changedKeys };
  }
  return { files: summary, generated: files, hashes, notes, merged };
}
