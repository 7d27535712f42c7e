import { inspect } from "node:util";

const REDACTED = "[redacted]";

/**
 * A secret value that refuses to be printed: toString, toJSON and util.inspect all say "[redacted]".
 * Code must call reveal() explicitly where the value leaves the process (an HTTP header, a 0600 file).
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
