// Loads a --merge-into target, refusing anything that is not one readable YAML mapping. Errors name
// the problem and position but never quote the file: it may hold a private key.
import type { Stats } from "node:fs";
import { readFile, realpath, stat } from "node:fs/promises";
import { isMap, isScalar, isSeq, parseAllDocuments } from "yaml";
import type { Document, YAMLMap } from "yaml";
import { UsageError } from "../errors.js";

const MAX_BYTES = 2 * 1024 * 1024;
const NOTHING_WRITTEN = "Nothing was written.";

export interface YamlTarget {
  /** The real path (symlinks resolved), so the edit lands in the file the link points to. */
  path: string;
  /** The file as read (CRLF kept): what the backup holds. */
  text: string;
  /** The file's line ending; the document was parsed with LF, and is written back with this. */
  eol: "\n" | "\r\n";
  doc: Document;
  root: YAMLMap;
  mode: number;
}

function refuse(file: string, why: string, hint?: string): never {
  throw new UsageError(`--merge-into ${file}: ${why} ${NOTHING_WRITTEN}`, hint);
}

/** Reads and parses `file` for --merge-into; a UsageError (nothing written) for anything unsuitable. */
export async function loadYamlTarget(file: string): Promise<YamlTarget> {
  let path: string;
  let info: Stats;
  try {
    path = await realpath(file);
    info = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    refuse(file, code === "ENOENT" ? "the file does not exist." : `cannot read it (${code ?? "error"}).`, "Point it at an existing connector YAML or conf/openmetadata.yaml.");
  }
  if (info.isDirectory()) refuse(file, "is a directory, not a YAML file.", "Point it at the connector YAML or conf/openmetadata.yaml inside it.");
  if (!info.isFile()) refuse(file, "is not a regular file.");
  if (info.size > MAX_BYTES) refuse(file, `is ${info.size} bytes; that is too large for a config file.`);
  const bytes = await readFile(path);
  if (bytes.includes(0)) refuse(file, "is a binary file, not YAML.");
  const text = bytes.toString("utf8");
  if (text.trim() === "") refuse(file, "is empty.", "Nothing to merge into; use the generated files instead.");
  if (/^\s*[{[]/.test(text.replace(/^(\s*#[^\n]*\n)*/, ""))) {
    refuse(file, "looks like JSON; --merge-into edits YAML files.", "Convert it to YAML, or copy the block from the generated workflowConfig.yaml.");
  }

  // Parsed with LF: the yaml library keeps a CR inside multi-line comments and re-indents around it,
  // so a CRLF file would come back with mixed line ends. The caller writes CRLF back (mergeIntoFile).
  const eol = /\r\n/.test(text) ? "\r\n" : "\n";
  const docs = parseAllDocuments(eol === "\r\n" ? text.replace(/\r\n/g, "\n") : text);
  if (!Array.isArray(docs)) refuse(file, "holds no YAML document.");
  if (docs.length !== 1) refuse(file, `holds ${docs.length} YAML documents; --merge-into edits single-document files.`);
  const doc = docs[0];
  if (doc === undefined) refuse(file, "holds no YAML document.");
  const error = doc.errors[0];
  if (error !== undefined) {
    const at = error.linePos?.[0];
    const where = at ? ` at line ${at.line}, column ${at.col}` : "";
    refuse(file, `does not parse as YAML (${error.code}${where}).`, "Fix the file (or restore it from a backup) and run again.");
  }
  const root = doc.contents;
  if (!isMap(root)) {
    const found = isSeq(root) ? "a list" : isScalar(root) ? "a single value (plain text?)" : "nothing";
    refuse(file, `is not a YAML mapping (found ${found}).`, "Point it at a connector YAML or conf/openmetadata.yaml.");
  }
  return { path, text, eol, doc, root, mode: info.mode & 0o777 };
}
