import { colorEnabled, unicodeEnabled, type Terminal } from "./terminal.js";
import { createStyle, type Style } from "./style.js";
import { Spinner } from "./spinner.js";

export interface OutputOptions {
  json?: boolean;
  debug?: boolean;
  quiet?: boolean;
}

/**
 * Human text goes to stderr, data to stdout, so `--json | jq` always works. With `--json` the human
 * lines still go to stderr (quietly: only warnings and errors).
 */
export class Output {
  readonly style: Style;
  readonly unicode: boolean;
  readonly color: boolean;
  private readonly spinner: Spinner;

  constructor(
    readonly term: Terminal,
    readonly options: OutputOptions = {},
  ) {
    this.color = colorEnabled(term);
    this.style = createStyle(this.color);
    this.unicode = unicodeEnabled(term);
    this.spinner = new Spinner((chunk) => term.stderr.write(chunk), this.unicode, (s) => this.style.cyan(s));
  }

  /** Shows `text` with a spinner until stopSpinner(), only on a TTY and never with --json. */
  startSpinner(text: string): void {
    if (this.isInteractiveTerminal && !this.options.quiet) this.spinner.start(text);
  }

  stopSpinner(): void {
    this.spinner.stop();
  }

  get isInteractiveTerminal(): boolean {
    return this.term.stderr.isTTY === true && !this.options.json;
  }

  private line(text: string): void {
    if (this.spinner.active) this.spinner.clear();
    this.term.stderr.write(text + "\n");
    this.spinner.redraw();
  }

  private get chatty(): boolean {
    return !this.options.json && !this.options.quiet;
  }

  mark(kind: "ok" | "warn" | "fail" | "info" | "skip"): string {
    const u = this.unicode;
    const s = this.style;
    switch (kind) {
      case "ok":
        return s.green(u ? "✓" : "[ok]");
      case "warn":
        return s.yellow(u ? "!" : "[!]");
      case "fail":
        return s.red(u ? "✗" : "[x]");
      case "skip":
        return s.dim(u ? "-" : "[-]");
      default:
        return s.cyan(u ? "›" : ">");
    }
  }

  info(text: string): void {
    if (this.chatty) this.line(text);
  }

  step(text: string): void {
    if (this.chatty) this.line(`${this.mark("info")} ${text}`);
  }

  success(text: string): void {
    if (this.chatty) this.line(`${this.mark("ok")} ${text}`);
  }

  warn(text: string): void {
    this.line(`${this.mark("warn")} ${this.style.yellow(text)}`);
  }

  error(text: string): void {
    this.line(`${this.mark("fail")} ${this.style.red(text)}`);
  }

  detail(text: string): void {
    if (this.chatty) this.line(`    ${this.style.dim(text)}`);
  }

  debug(text: string): void {
    if (this.options.debug) this.line(this.style.dim(`[debug] ${text}`));
  }

  /** Machine-readable result: exactly one JSON document on stdout. */
  data(value: unknown): void {
    this.term.stdout.write(JSON.stringify(value, null, 2) + "\n");
  }

  /** Raw text to stdout (a single ready line, a plan). */
  print(text: string): void {
    this.term.stdout.write(text + "\n");
  }
}
