/**
 * Prompting is decided once: only when stdin and stdout are terminals, CI is unset and
 * --no-interactive was not given; --interactive forces it on (create-vite's `flag ?? isTTY`).
 */
export function isInteractive(input: {
  flag: boolean | undefined;
  env: Record<string, string | undefined>;
  stdinIsTTY: boolean | undefined;
  stdoutIsTTY: boolean | undefined;
}): boolean {
  if (input.flag !== undefined) return input.flag;
  const ci = input.env.CI;
  if (ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false") return false;
  return input.stdinIsTTY === true && input.stdoutIsTTY === true;
}
