/** Error codes a write to a reader that went away produces (`| head`, `| grep -q`). */
const CLOSED = new Set(["EPIPE", "ERR_STREAM_DESTROYED", "ECONNRESET"]);

let guarded = false;

/**
 * Makes writes to a closed stdout or stderr harmless. Node ignores SIGPIPE and instead emits an
 * 'error' event on the stream; with no listener that is an uncaught exception with a stack trace
 * (`okta-om-setup config --help | head -1`). Here the rest of the output is dropped and the command
 * runs to its end, so its exit status is the one it would have had, and a half-done Okta change is
 * never abandoned because a pager was closed.
 */
export function guardClosedPipes(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  if (guarded) return;
  guarded = true;
  for (const stream of streams) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (CLOSED.has(err.code ?? "")) return;
      // Any other output failure (EIO on a vanished terminal, ENOSPC on a redirect) cannot be
      // reported on the same stream: fail the run rather than pretend it succeeded.
      process.exitCode = 1;
    });
  }
}
