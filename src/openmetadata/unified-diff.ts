// A small unified line diff for "your edits would be overwritten" prompts. Secrets are masked line
// by line, so a diff can be printed even for a file holding a private key.

const CONTEXT = 3;
// Past this many LCS cells (e.g. two 2000-line files) the diff degrades to replace-everything.
const MAX_CELLS = 4_000_000;
const SENSITIVE = "(sensitive)";

// `key: value` / `KEY=value` / `"key": value` whose key names a secret.
const SECRET_KEY_LINE =
  /^(\s*(?:-\s+)?["']?[\w.-]*?(?:private[_-]?key|secret|token|password|passwd|assertion|credentials?|api[_-]?key)["']?\s*[:=]\s*)(\S.*)$/i;
// Long base64/base64url runs (key material, JWTs) mixing upper case, lower case and digits; `/` is
// left out so URL paths stay readable, and ENV_VAR_NAMES have no lower case.
const LONG_BLOB = /[A-Za-z0-9_+-]{32,}={0,2}/g;
const MIXED = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)/;
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
// A whole line of standard base64 (PEM body).
const PEM_LINE = /^\s*[A-Za-z0-9+/=]{40,}\s*$/;

/** The line with any secret-looking value replaced by "(sensitive)". */
export function maskSecretLine(line: string): string {
  const keyed = SECRET_KEY_LINE.exec(line);
  if (keyed) return `${keyed[1]}${SENSITIVE}`;
  if (PEM_LINE.test(line)) return line.replace(/\S+/, SENSITIVE);
  return line.replace(JWT, SENSITIVE).replace(LONG_BLOB, (run) => (MIXED.test(run) ? SENSITIVE : run));
}

type Op = { kind: " " | "-" | "+"; text: string; oldNo: number; newNo: number };

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function diffOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) {
    return [
      ...a.map((text, i): Op => ({ kind: "-", text, oldNo: i, newNo: 0 })),
      ...b.map((text, j): Op => ({ kind: "+", text, oldNo: n, newNo: j })),
    ];
  }
  // lcs[i][j] = LCS length of a[i..] and b[j..], in one flat array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: " ", text: a[i] ?? "", oldNo: i++, newNo: j++ });
    } else if (i < n && (j === m || (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))) {
      // Removals before additions, as diff -u prints them.
      ops.push({ kind: "-", text: a[i] ?? "", oldNo: i++, newNo: j });
    } else {
      ops.push({ kind: "+", text: b[j] ?? "", oldNo: i, newNo: j++ });
    }
  }
  return ops;
}

function range(start: number, count: number): string {
  // Unified diff numbers lines from 1; an empty range points at the line before it.
  return count === 1 ? `${start + 1}` : `${count === 0 ? start : start + 1},${count}`;
}

/** A unified diff (`--- name` / `+++ name`, 3 lines of context) of old → new, secrets masked; "" when equal. */
export function unifiedDiff(oldText: string, newText: string, name: string): string {
  if (oldText === newText) return "";
  const ops = diffOps(splitLines(oldText), splitLines(newText));
  const out = [`--- ${name} (on disk)`, `+++ ${name} (generated)`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]?.kind === " ") {
      k++;
      continue;
    }
    // A hunk: back up CONTEXT lines, then run until CONTEXT*2 unchanged lines separate changes.
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    let quiet = 0;
    while (end < ops.length && quiet <= CONTEXT * 2) {
      quiet = ops[end]?.kind === " " ? quiet + 1 : 0;
      end++;
    }
    const stop = quiet > CONTEXT ? end - (quiet - CONTEXT) : end;
    const hunk = ops.slice(start, stop);
    const first = hunk[0];
    if (first === undefined) break;
    const oldCount = hunk.filter((op) => op.kind !== "+").length;
    const newCount = hunk.filter((op) => op.kind !== "-").length;
    out.push(`@@ -${range(first.oldNo, oldCount)} +${range(first.newNo, newCount)} @@`);
    for (const op of hunk) out.push(`${op.kind}${maskSecretLine(op.text)}`);
    k = stop;
  }
  if (!oldText.endsWith("\n") && oldText !== "") out.push("\\ No newline at end of file (on disk)");
  return `${out.join("\n")}\n`;
}
