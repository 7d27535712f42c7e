import { CancelledError } from "../../src/errors.js";
import { Secret } from "../../src/secret.js";
import type { Choice, Prompter, Validate } from "../../src/wizard/prompter.js";

/** Accepts the prompt's default, like pressing Enter. */
export const ENTER = Symbol("enter");
/** Ctrl-C at this prompt (what the real prompter turns ExitPromptError into). */
export const CTRL_C = Symbol("ctrl-c");

export type FakeAnswer = string | boolean | string[] | typeof ENTER | typeof CTRL_C;
/** Several answers to one field, used in order (a rejected answer, then the fixed one). */
export type FakeSeq = FakeAnswer[] & { seq: true };

/** One question as it was asked, with the validation errors shown for rejected answers. */
export interface AskedQuestion {
  field: string;
  kind: "input" | "select" | "checkbox" | "confirm" | "password";
  message: string;
  default?: string | boolean | string[];
  choices?: Choice<string>[];
  errors: string[];
  answer?: unknown;
}

/**
 * A Prompter for tests: answers by `field` from a script (a list per field is used in order, so an
 * invalid answer can be followed by a valid one), runs `validate` like inquirer, and fails on any
 * question the script did not expect or an answer the prompt would not accept.
 */
export class FakePrompter implements Prompter {
  readonly asked: AskedQuestion[] = [];
  private readonly script: Map<string, FakeAnswer[]>;

  /** `undefined` entries are dropped, so a base script can be narrowed with overrides. */
  constructor(script: Record<string, FakeAnswer | FakeSeq | undefined>) {
    const entries = Object.entries(script).filter((e): e is [string, FakeAnswer | FakeSeq] => e[1] !== undefined);
    this.script = new Map(entries.map(([field, a]) => [field, isSeq(a) ? [...a] : [a]]));
  }

  /** Fails when a scripted answer was never asked for. */
  assertAllAnswered(): void {
    const left = [...this.script].filter(([, a]) => a.length > 0).map(([f]) => f);
    if (left.length > 0) throw new Error(`scripted answers never asked for: ${left.join(", ")}\nasked: ${this.fields().join(", ")}`);
  }

  fields(): string[] {
    return this.asked.map((q) => q.field);
  }

  question(field: string): AskedQuestion {
    const q = this.asked.find((a) => a.field === field);
    if (!q) throw new Error(`"${field}" was not asked; asked: ${this.fields().join(", ")}`);
    return q;
  }

  private next(q: AskedQuestion): FakeAnswer {
    if (!this.asked.includes(q)) this.asked.push(q);
    const queue = this.script.get(q.field);
    const answer = queue?.shift();
    if (answer === undefined) {
      throw new Error(`unexpected question ${JSON.stringify(q.field)} (${q.kind}): ${q.message}${q.errors.length ? `\nafter errors: ${q.errors.join(" | ")}` : ""}`);
    }
    if (answer === CTRL_C) throw new CancelledError("Cancelled at a prompt; nothing was changed after the last completed step.");
    return answer;
  }

  private async validated(q: AskedQuestion, validate: Validate | undefined, fallback: string | undefined): Promise<string> {
    for (;;) {
      const answer = this.next(q);
      const text = answer === ENTER ? (fallback ?? "") : answer;
      if (typeof text !== "string") throw new Error(`answer for ${q.field} must be a string, got ${JSON.stringify(text)}`);
      const result = validate ? await validate(text) : true;
      if (result === true) {
        q.answer = q.kind === "password" ? "(secret)" : text;
        return text;
      }
      q.errors.push(result);
      if (!(this.script.get(q.field)?.length ?? 0)) {
        throw new Error(`answer ${JSON.stringify(q.kind === "password" ? "(secret)" : text)} for ${q.field} was rejected: ${result}`);
      }
    }
  }

  input(q: { field: string; message: string; default?: string; validate?: Validate }): Promise<string> {
    return this.validated({ field: q.field, kind: "input", message: q.message, default: q.default, errors: [] }, q.validate, q.default);
  }

  async password(q: { field: string; message: string; validate?: Validate }): Promise<Secret> {
    return new Secret(await this.validated({ field: q.field, kind: "password", message: q.message, errors: [] }, q.validate, undefined));
  }

  select<T extends string>(q: { field: string; message: string; choices: Choice<T>[]; default?: T }): Promise<T> {
    const asked: AskedQuestion = { field: q.field, kind: "select", message: q.message, default: q.default, choices: q.choices, errors: [] };
    const answer = this.next(asked);
    // inquirer's select starts on the default, or on the first choice.
    const value = answer === ENTER ? (q.default ?? q.choices[0]?.value) : answer;
    const choice = q.choices.find((c) => c.value === value);
    if (!choice) throw new Error(`answer ${JSON.stringify(value)} for ${q.field} is not a choice: ${q.choices.map((c) => c.value).join(", ")}`);
    asked.answer = choice.value;
    return Promise.resolve(choice.value);
  }

  checkbox<T extends string>(q: { field: string; message: string; choices: Choice<T>[] }): Promise<T[]> {
    const checked = q.choices.filter((c) => c.checked).map((c) => c.value);
    const asked: AskedQuestion = { field: q.field, kind: "checkbox", message: q.message, default: checked, choices: q.choices, errors: [] };
    const answer = this.next(asked);
    const values = answer === ENTER ? checked : answer;
    if (!Array.isArray(values)) throw new Error(`answer for checkbox ${q.field} must be a list`);
    const bad = values.filter((v) => !q.choices.some((c) => c.value === v));
    if (bad.length) throw new Error(`answers ${bad.join(", ")} for ${q.field} are not choices`);
    asked.answer = values;
    return Promise.resolve(values as T[]);
  }

  confirm(q: { field: string; message: string; default?: boolean }): Promise<boolean> {
    const asked: AskedQuestion = { field: q.field, kind: "confirm", message: q.message, default: q.default, errors: [] };
    const answer = this.next(asked);
    const value = answer === ENTER ? (q.default ?? false) : answer;
    if (typeof value !== "boolean") throw new Error(`answer for confirm ${q.field} must be a boolean`);
    asked.answer = value;
    return Promise.resolve(value);
  }
}

/** Several answers for one field, used in order: `seq("bad", "good")`. */
export function seq(...answers: FakeAnswer[]): FakeSeq {
  return Object.assign([...answers], { seq: true as const });
}

function isSeq(a: FakeAnswer | FakeSeq): a is FakeSeq {
  return Array.isArray(a) && (a as Partial<FakeSeq>).seq === true;
}
