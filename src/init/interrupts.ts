export type StopSignal = "SIGINT" | "SIGTERM";

export interface InterruptWatch {
  /** Aborted by the first SIGINT/SIGTERM; its reason is the signal's name. */
  signal: AbortSignal;
  /** The signal that arrived, if any. */
  received(): StopSignal | undefined;
  dispose(): void;
}

/**
 * While init applies, the first SIGINT or SIGTERM does not kill the process mid-write: it stops new
 * writes, lets the ones in flight finish and be recorded in the manifest, and the run then ends
 * with a short account and exit 130/143. The listeners are removed at once, so a second signal
 * ends the process the usual way, for a user who will not wait for a hung request.
 */
export function watchInterrupts(): InterruptWatch {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const handlers = new Map<StopSignal, () => void>();
  const dispose = (): void => {
    for (const [name, handler] of handlers) process.off(name, handler);
    handlers.clear();
  };
  for (const name of ["SIGINT", "SIGTERM"] as const) {
    const handler = (): void => {
      received = name;
      dispose();
      controller.abort(name);
    };
    handlers.set(name, handler);
    process.once(name, handler);
  }
  return { signal: controller.signal, received: () => received, dispose };
}
