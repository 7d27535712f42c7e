import { oktaError } from "./okta-errors.js";

/**
 * Okta's `filter`/`search` mini-language, for the subset the management endpoints we serve accept:
 * `attr eq "value"`, `attr sw "prefix"`, `attr co "text"`, joined by `and`/`or`, with parentheses.
 */
export type Predicate = (obj: Record<string, unknown>) => boolean;

type Token = { kind: "word"; value: string } | { kind: "string"; value: string } | { kind: "paren"; value: "(" | ")" };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(" || ch === ")") {
      tokens.push({ kind: "paren", value: ch });
      i++;
    } else if (ch === '"') {
      let value = "";
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === "\\" && i + 1 < input.length) i++;
        value += input[i];
        i++;
      }
      if (i >= input.length) throw invalidSearch();
      i++;
      tokens.push({ kind: "string", value });
    } else {
      let value = "";
      while (i < input.length && !/[\s()"]/.test(input[i]!)) value += input[i++];
      tokens.push({ kind: "word", value });
    }
  }
  return tokens;
}

function invalidSearch() {
  return oktaError("E0000031");
}

/** Reads a dotted attribute path (`profile.name`) from an object. */
export function readPath(obj: unknown, path: string): unknown {
  let current: unknown = obj;
  for (const part of path.split(".")) {
    if (!current || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Compiles an expression; `allowed` lists the attributes the endpoint supports (others → 400). */
export function compileFilter(expression: string, allowed: string[]): Predicate {
  const tokens = tokenize(expression);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];

  function parseOr(): Predicate {
    let left = parseAnd();
    while (peek()?.kind === "word" && peek()!.value.toLowerCase() === "or") {
      pos++;
      const right = parseAnd();
      const l = left;
      left = (o) => l(o) || right(o);
    }
    return left;
  }
  function parseAnd(): Predicate {
    let left = parseTerm();
    while (peek()?.kind === "word" && peek()!.value.toLowerCase() === "and") {
      pos++;
      const right = parseTerm();
      const l = left;
      left = (o) => l(o) && right(o);
    }
    return left;
  }
  const text = (o: Record<string, unknown>, attr: string): string => {
    const value = readPath(o, attr);
    return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
  };
  function parseTerm(): Predicate {
    const token = tokens[pos++];
    if (!token) throw invalidSearch();
    if (token.kind === "paren" && token.value === "(") {
      const inner = parseOr();
      const close = tokens[pos++];
      if (close?.kind !== "paren" || close.value !== ")") throw invalidSearch();
      return inner;
    }
    const op = tokens[pos++];
    const value = tokens[pos++];
    if (token.kind !== "word" || op?.kind !== "word" || !value || value.kind === "paren") throw invalidSearch();
    if (!allowed.includes(token.value)) throw invalidSearch();
    const attr = token.value;
    const expected = value.value;
    switch (op.value.toLowerCase()) {
      case "eq":
        return (o) => text(o, attr) === expected;
      case "sw":
        return (o) => text(o, attr).toLowerCase().startsWith(expected.toLowerCase());
      case "co":
        return (o) => text(o, attr).toLowerCase().includes(expected.toLowerCase());
      default:
        throw invalidSearch();
    }
  }

  const predicate = parseOr();
  if (pos !== tokens.length) throw invalidSearch();
  return predicate;
}
