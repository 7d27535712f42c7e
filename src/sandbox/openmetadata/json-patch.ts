/** One RFC 6902 operation; the stand-in supports the ones a settings PATCH needs. */
export interface PatchOp {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

/** "/a/b~1c" → ["a", "b/c"] (RFC 6901). */
function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new Error(`invalid JSON pointer ${JSON.stringify(path)}`);
  return path.slice(1).split("/").map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

type Container = Record<string, unknown> | unknown[];

function parentOf(doc: unknown, parts: string[]): { parent: Container; key: string } {
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    if (typeof node !== "object" || node === null) throw new Error(`path not found at ${part}`);
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node !== "object" || node === null) throw new Error("path not found");
  return { parent: node as Container, key: parts[parts.length - 1]! };
}

/** Applies add/replace/remove/test to a copy of `doc`; an error names the failing operation. */
export function applyJsonPatch<T>(doc: T, ops: PatchOp[]): T {
  const copy = structuredClone(doc);
  for (const [i, op] of ops.entries()) {
    const parts = pointer(op.path);
    if (parts.length === 0) throw new Error(`operation ${i}: the root cannot be patched`);
    const { parent, key } = parentOf(copy, parts);
    const has = Array.isArray(parent) ? Number(key) < parent.length : Object.prototype.hasOwnProperty.call(parent, key);
    switch (op.op) {
      case "add":
        if (Array.isArray(parent)) parent.splice(key === "-" ? parent.length : Number(key), 0, op.value);
        else parent[key] = op.value;
        break;
      case "replace":
        if (!has) throw new Error(`operation ${i}: ${op.path} does not exist`);
        (parent as Record<string, unknown>)[key] = op.value;
        break;
      case "remove":
        if (!has) throw new Error(`operation ${i}: ${op.path} does not exist`);
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      case "test":
        if (JSON.stringify((parent as Record<string, unknown>)[key]) !== JSON.stringify(op.value)) throw new Error(`operation ${i}: test of ${op.path} failed`);
        break;
      default:
        throw new Error(`operation ${i}: unsupported op ${JSON.stringify(op.op)}`);
    }
  }
  return copy;
}
