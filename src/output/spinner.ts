const FRAMES_UNICODE = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const FRAMES_ASCII = ["-", "\\", "|", "/"];

/**
 * A one-line activity indicator on stderr, only on a TTY. Lines printed while it spins go above it
 * (the caller clears it first through `clear`), so progress output stays readable.
 */
export class Spinner {
  private timer?: NodeJS.Timeout;
  private frame = 0;
  private text = "";

  constructor(
    private readonly write: (chunk: string) => unknown,
    private readonly unicode: boolean,
    private readonly paint: (s: string) => string,
  ) {}

  get active(): boolean {
    return this.timer !== undefined;
  }

  start(text: string): void {
    this.text = text;
    if (this.timer) return;
    this.render();
    this.timer = setInterval(() => this.render(), 80);
    this.timer.unref(); // never keeps the process alive
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  clear(): void {
    this.write("\r\u001b[K");
  }

  /** Redraws after something was printed above it. */
  redraw(): void {
    if (this.timer) this.render();
  }

  private render(): void {
    const frames = this.unicode ? FRAMES_UNICODE : FRAMES_ASCII;
    this.frame = (this.frame + 1) % frames.length;
    this.write(`\r\u001b[K${this.paint(frames[this.frame]!)} ${this.text}`);
  }
}
