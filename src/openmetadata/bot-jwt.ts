// The ingestion-bot's OpenMetadata JWT (needed from 1.3.0): from --om-bot-jwt-file, else OKTA_OM_BOT_JWT.
import { readFile } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { Secret } from "../secret.js";

export const BOT_JWT_ENV = "OKTA_OM_BOT_JWT";
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function checked(value: string, source: string): Secret {
  // The message never includes the value: it is a credential.
  if (!JWT_SHAPE.test(value)) {
    throw new UsageError(`${source} does not hold a JWT (expected three base64url parts separated by dots).`, "Copy the token from OpenMetadata: Settings > Bots > ingestion-bot.");
  }
  return new Secret(value);
}

/** The bot JWT from the file (flag) or the environment; undefined when neither is given. */
export async function loadOmBotJwt(options: { file?: string; env?: Record<string, string | undefined> }): Promise<Secret | undefined> {
  if (options.file !== undefined && options.file !== "") {
    let text: string;
    try {
      text = await readFile(options.file, "utf8");
    } catch (err) {
      throw new UsageError(`--om-bot-jwt-file ${options.file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? "error"}).`);
    }
    return checked(text.trim(), `--om-bot-jwt-file ${options.file}`);
  }
  const fromEnv = options.env?.[BOT_JWT_ENV]?.trim();
  return fromEnv ? checked(fromEnv, BOT_JWT_ENV) : undefined;
}
