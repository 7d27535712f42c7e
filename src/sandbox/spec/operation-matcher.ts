// Maps a concrete request (method + URL path) to the spec operation whose path template matches.
import type { OperationMatch, SpecOperation } from "./spec-types.js";

interface Template {
  operationId: string;
  method: string;
  path: string;
  /** A literal segment, or null for a {param} whose name is in `names` at the same index. */
  segments: readonly (string | null)[];
  names: readonly (string | undefined)[];
}

function compile(operationId: string, op: SpecOperation): Template {
  const parts = op.path.split("/").slice(1);
  return {
    operationId,
    method: op.method.toUpperCase(),
    path: op.path,
    segments: parts.map((p) => (/^\{[^}]+\}$/.test(p) ? null : p)),
    names: parts.map((p) => (/^\{[^}]+\}$/.test(p) ? p.slice(1, -1) : undefined)),
  };
}

/**
 * Literal segments beat parameters, earliest segment first, so that a literal route such as
 * /oauth2/v1/keys is never taken for /oauth2/{authorizationServerId}/... with the same length.
 */
function moreSpecific(a: Template, b: Template): boolean {
  for (let i = 0; i < a.segments.length; i += 1) {
    const aLiteral = a.segments[i] !== null;
    const bLiteral = b.segments[i] !== null;
    if (aLiteral !== bLiteral) return aLiteral;
  }
  return false;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export class OperationMatcher {
  private readonly templates: Template[];

  constructor(operations: Readonly<Record<string, SpecOperation>>) {
    this.templates = Object.entries(operations).map(([id, op]) => compile(id, op));
  }

  /** `path` may carry a query string or a trailing slash; both are ignored. */
  match(method: string, path: string): OperationMatch | undefined {
    const bare = path.replace(/[?#].*$/s, "").replace(/(.)\/+$/, "$1");
    const parts = bare.split("/").slice(1);
    const wanted = method.toUpperCase();
    let best: { template: Template; params: Record<string, string> } | undefined;
    for (const template of this.templates) {
      if (template.method !== wanted || template.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i += 1) {
        const part = parts[i] ?? "";
        const literal = template.segments[i];
        const name = template.names[i];
        if (literal !== null) ok = literal === part;
        else if (name !== undefined) {
          const value = decode(part);
          ok = value !== undefined && value !== "";
          if (ok && value !== undefined) params[name] = value;
        }
      }
      if (ok && (best === undefined || moreSpecific(template, best.template))) best = { template, params };
    }
    if (best === undefined) return undefined;
    return {
      operationId: best.template.operationId,
      method: best.template.method,
      path: best.template.path,
      params: best.params,
    };
  }
}
