/**
 * The line init and doctor print when Okta answers 429 and the SDK waits for the window to reset.
 * Visible, not debug-only: on an Integrator Free org (20 calls a minute on /api/v1/apps*) a rerun in
 * the same minute waits, and a silent pause of up to a minute looks like a hang.
 */
export function rateLimitWaitLine(delayMs: number): string {
  return `waiting ${Math.max(1, Math.ceil(delayMs / 1000))} s for Okta's rate limit`;
}
