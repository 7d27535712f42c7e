import { UsageError } from "../errors.js";
import { Secret } from "../secret.js";

const PIPE_EXAMPLE = '`printf %s "$TOKEN" | okta-om-setup init --api-token-stdin ...`';

export type TokenStdin = NodeJS.ReadableStream & { isTTY?: boolean };

/** Reads the Okta API token piped to stdin (until EOF), dropping one trailing newline. */
export async function readTokenFromStdin(stdin: TokenStdin, options: { timeoutMs: number; flag?: string }): Promise<Secret> {
  const flag = options.flag ?? "--api-token-stdin";
  const example = PIPE_EXAMPLE.replace("--api-token-stdin", flag);
  if (stdin.isTTY) throw new UsageError(`${flag} needs the token piped in: ${example}`);
  const text = await readAll(stdin, options.timeoutMs, flag, example);
  const token = text.replace(/\r?\n$/, "");
  if (!token.trim()) throw new UsageError(`${flag}: stdin was empty; pipe the token in: ${example}`);
  return new Secret(token);
}

/**
 * What is wrong with an Okta API token, described without any of its characters (only its length),
 * or undefined when it looks like a token. Okta's SSWS tokens are 42 characters starting with "00".
 */
export function apiTokenProblem(token: Secret): string | undefined {
  const value = token.reveal().trim();
  const length = `${value.length} characters read`;
  if (!value) return "the API token is empty";
  if (/^SSWS\s/i.test(value)) return `the API token starts with "SSWS "; give the token alone, without the SSWS prefix (${length})`;
  if (/\s/.test(value)) return `the API token contains whitespace (${length}); give the token alone, on one line`;
  if (!/^[A-Za-z0-9_-]+$/.test(value)) {
    return `the API token contains characters an Okta API token never has (${length}); check for quotes or a pasted header`;
  }
  if (value.length < 20 || value.length > 200) {
    return `the API token is ${value.length} characters long; an Okta API token is 42 (create one under Security > API > Tokens)`;
  }
  return undefined;
}

function readAll(stdin: TokenStdin, timeoutMs: number, flag: string, example: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const cleanup = (): void => {
      clearTimeout(timer);
      stdin.off("data", onData);
      stdin.off("end", onEnd);
      stdin.off("error", onError);
    };
    const onData = (chunk: Buffer | string): void => {
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(new UsageError(`${flag}: could not read stdin (${err.message})`));
    };
    const timer = setTimeout(() => {
      cleanup();
      // Without pause() an open stdin would keep the process alive after we gave up.
      stdin.pause();
      reject(
        new UsageError(
          `${flag}: no end of input on stdin after ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000}s` : `${timeoutMs}ms`}; pipe the token in and close stdin: ${example}`,
        ),
      );
    }, timeoutMs);
    stdin.on("data", onData);
    stdin.on("end", onEnd);
    stdin.on("error", onError);
    stdin.resume();
  });
}
