// Writes the generated files without clobbering a user's edits: plan (read-only, compares against
// the hashes in the manifest), then apply (confirm every overwrite first, then write atomically).
import { createHash } from "node:crypto";
import { access, chmod, constants, mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { CancelledError, UsageError } from "../errors.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import type { GeneratedFile } from "./generated-file.js";
import { unifiedDiff } from "./unified-diff.js";

export { unifiedDiff } from "./unified-diff.js";

export interface WritePlanEntry {
  name: string;
  path: string;
  /** update: the file on disk is what we wrote last time; overwrite-user-edits: it is not. */
  action: "create" | "update" | "unchanged" | "overwrite-user-edits";
  /** Secret lines masked. Set for update and overwrite-user-edits. */
  diff?: string;
  secret: boolean;
  /** sha256 of the file on disk when planned; apply refuses if it changed since. */
  currentSha256?: string;
}

/** sha256 hex of a file's content, as stored in manifest.files. */
export function sha256Hex(content: string): string {
  return createHash("sha256").update(content, "utf8").digest("hex");
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

async function readIfPresent(path: string, name: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UsageError(`${path} exists but is not a regular file.`, `Move it away so ${name} can be written there.`);
    return await readFile(path, "utf8");
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = errnoCode(err);
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR") throw new UsageError(`Cannot use --out-dir: a part of ${path} is a file, not a directory.`);
    throw new UsageError(`Cannot read ${path}: ${code ?? (err as Error).message}`);
  }
}

/** What writing `files` into outDir would do to each file; reads only. */
export async function planFileWrites(outDir: string, files: GeneratedFile[], manifestHashes: Record<string, string>): Promise<WritePlanEntry[]> {
  // The files are read concurrently (the end of every init and config run waits for them), and
  // planned in their order.
  const currents = await Promise.all(files.map((file) => readIfPresent(join(outDir, file.name), file.name)));
  return files.map((file, i): WritePlanEntry => {
    const path = join(outDir, file.name);
    const current = currents[i];
    if (current === undefined) return { name: file.name, path, action: "create", secret: file.secret };
    const currentSha256 = sha256Hex(current);
    if (current === file.content) return { name: file.name, path, action: "unchanged", secret: file.secret, currentSha256 };
    const ours = manifestHashes[file.name] === currentSha256;
    return {
      name: file.name,
      path,
      action: ours ? "update" : "overwrite-user-edits",
      diff: unifiedDiff(current, file.content, file.name),
      secret: file.secret,
      currentSha256,
    };
  });
}

async function assertWritableDir(outDir: string): Promise<void> {
  try {
    await mkdir(outDir, { recursive: true });
    const info = await stat(outDir);
    if (!info.isDirectory()) throw new UsageError(`--out-dir ${outDir} is not a directory.`);
    await access(outDir, constants.W_OK | constants.X_OK);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = errnoCode(err);
    const why = code === "ENOTDIR" || code === "EEXIST" ? "a part of the path is a file" : (code ?? (err as Error).message);
    throw new UsageError(`Cannot write to --out-dir ${outDir}: ${why}. Nothing was written.`, "Choose a directory you can write to with --out-dir.");
  }
}

async function assertStillAsPlanned(entry: WritePlanEntry): Promise<void> {
  const current = await readIfPresent(entry.path, entry.name);
  const now = current === undefined ? undefined : sha256Hex(current);
  if (now !== entry.currentSha256) {
    throw new UsageError(`${entry.path} changed while okta-om-setup was running. Nothing was written.`, "Run the command again.");
  }
}

/**
 * Writes the planned files: every overwrite of user edits is confirmed first, and a single "no" writes
 * nothing at all (CancelledError). Returns the sha256 of every file, for manifest.files.
 */
export async function applyFileWrites(
  outDir: string,
  files: GeneratedFile[],
  plan: WritePlanEntry[],
  options: { confirmOverwrite: (entry: WritePlanEntry) => Promise<boolean> },
): Promise<Record<string, string>> {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const entry of plan) {
    if (!byName.has(entry.name)) throw new Error(`plan entry ${entry.name} has no generated file`);
  }
  const declined: string[] = [];
  for (const entry of plan.filter((e) => e.action === "overwrite-user-edits")) {
    if (!(await options.confirmOverwrite(entry))) declined.push(entry.name);
  }
  if (declined.length > 0) {
    throw new CancelledError(
      `Not overwriting your edits to ${declined.join(", ")}; nothing was written.`,
      "Keep a copy of your changes and rerun with --yes (or answer yes) to replace them, or use another --out-dir.",
    );
  }
  await assertWritableDir(outDir);
  // Every file is checked before any is written (a change under our feet writes nothing); the checks,
  // and then the writes, run concurrently: each file is independent of the others.
  await settleAll(plan.map((entry) => assertStillAsPlanned(entry)));

  const hashes: Record<string, string> = {};
  await settleAll(
    plan.map(async (entry) => {
      const file = byName.get(entry.name);
      if (file === undefined) return;
      hashes[file.name] = sha256Hex(file.content);
      if (entry.action === "unchanged") {
        // Same content, but a secret file someone made group/world-readable is narrowed back.
        if (file.secret && ((await stat(entry.path)).mode & 0o077) !== 0) await chmod(entry.path, 0o600);
        return;
      }
      await writeFileAtomic(entry.path, file.content, { secret: file.secret });
    }),
  );
  // In the plan's order, as before (the manifest lists them so).
  return Object.fromEntries(plan.flatMap((entry) => (hashes[entry.name] === undefined ? [] : [[entry.name, hashes[entry.name]!]])));
}

/** Waits for every promise (none is left running behind the caller's back), then throws the first failure. */
async function settleAll(promises: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(promises)).find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}
