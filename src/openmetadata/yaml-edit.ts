// Small in-place edits on a yaml Document that keep the user's comments, key order and quoting.
import { isMap, isNode, isScalar, isSeq, Pair } from "yaml";
import type { Document, Node, Scalar, YAMLMap } from "yaml";
import { UsageError } from "../errors.js";

/** The pair for `key` in a map, if any. */
export function findPair(map: YAMLMap, key: string): Pair<unknown, unknown> | undefined {
  return map.items.find((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === key);
}

/** The map under `key`, created (at the end) when missing or empty; a UsageError when it is something else. */
export function ensureMap(doc: Document, parent: YAMLMap, key: string, path: string, created: string[]): YAMLMap {
  const pair = findPair(parent, key);
  if (pair === undefined) {
    const map = doc.createNode({}) as YAMLMap;
    parent.add(new Pair(doc.createNode(key), map));
    created.push(path);
    return map;
  }
  if (isMap(pair.value)) return pair.value;
  if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
    const map = doc.createNode({}) as YAMLMap;
    copyComments(pair.value, map);
    pair.value = map;
    created.push(path);
    return map;
  }
  throw new UsageError(`${path} is not a mapping in the file; fix it by hand or remove it, then run again. Nothing was written.`);
}

function copyComments(from: unknown, to: Node): void {
  if (!isNode(from)) return;
  to.comment = from.comment;
  to.commentBefore = from.commentBefore;
  to.spaceBefore = from.spaceBefore;
}

/** The node's plain value (toJSON), for comparisons. */
export function plainValue(node: unknown): unknown {
  return isNode(node) ? node.toJSON() : node;
}

/** Structural equality of plain YAML values. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Sets map[key] to `value`, keeping the pair's position and the comments around the old value.
 * A scalar replacing a scalar is edited in place (keeps its quoting unless `type` is given); a list
 * keeps the old list's flow/block style; a new key is placed before the first key of `before` present.
 * Returns whether anything changed.
 */
export function setValue(
  doc: Document,
  map: YAMLMap,
  key: string,
  value: unknown,
  options: { type?: Scalar.Type; flow?: boolean; before?: readonly string[] } = {},
): boolean {
  const pair = findPair(map, key);
  const old = pair?.value;
  // Equal values count as unchanged whatever their quoting: rewriting them would only churn the file.
  if (pair !== undefined && sameValue(plainValue(old), value)) return false;
  if (pair !== undefined && isScalar(old) && !Array.isArray(value) && (typeof value !== "object" || value === null)) {
    old.value = value;
    if (options.type !== undefined) old.type = options.type;
    return true;
  }
  const node = doc.createNode(value, { flow: options.flow ?? (isSeq(old) || isMap(old) ? old.flow : undefined) }) as Node;
  if (options.type !== undefined && isScalar(node)) node.type = options.type;
  if (pair === undefined) {
    // A new key goes before the first of `before` the map has, so it lands where OpenMetadata's own
    // conf would have it; otherwise at the end.
    const index = map.items.findIndex((p) => options.before?.includes(String(isScalar(p.key) ? p.key.value : p.key)));
    const added = new Pair(doc.createNode(key), node);
    if (index === -1) map.items.push(added);
    else map.items.splice(index, 0, added);
  } else {
    copyComments(old, node);
    pair.value = node;
  }
  return true;
}

/** Removes map[key]; returns whether it was there. */
export function removeKey(map: YAMLMap, key: string): boolean {
  return map.delete(key);
}
