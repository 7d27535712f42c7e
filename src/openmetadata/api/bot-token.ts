// The ingestion bot's OpenMetadata JWT by API (≥ 1.0, admin only): bots/name/ingestion-bot →
// botUser.id → users/token/{id} → {JWTToken, JWTTokenExpiry} (VERSIONS.md: "Bot JWT by API").
import { CliError, ExitCode } from "../../errors.js";
import { Secret } from "../../secret.js";
import { INGESTION_BOT } from "../om-config-input.js";
import type { OmClient } from "./om-client.js";

export interface BotJwt {
  jwt: Secret;
  /** From the JWT's exp claim (or JWTTokenExpiresAt); undefined for a token that never expires. */
  expiresAt?: Date;
}

/** The exp claim of a JWT as a Date (no verification: doctor checks the signature). */
export function jwtExpiry(jwt: string): Date | undefined {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp?: unknown };
    return typeof claims.exp === "number" ? new Date(claims.exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}

/** The bot's user id (the token endpoints take it), or a CliError naming the missing bot. */
async function botUserId(client: OmClient, bot: string): Promise<string> {
  const found = await client.request("GET", `/api/v1/bots/name/${encodeURIComponent(bot)}`, { expect: [404] });
  const userId = (found.json as { botUser?: { id?: unknown } } | undefined)?.botUser?.id;
  if (found.status === 404 || typeof userId !== "string") {
    throw new CliError(`OpenMetadata has no bot ${bot} (GET /api/v1/bots/name/${bot} answered HTTP ${found.status}).`, {
      exitCode: ExitCode.failure,
      hint: `OpenMetadata creates ${bot} at first start; check Settings > Bots, or give the token with --om-bot-jwt-file.`,
    });
  }
  return userId;
}

/** The bot's token and the expiry setting it was generated with ("30", "Unlimited", ...). */
export interface BotJwtState {
  /** Undefined when the bot's token was revoked (OpenMetadata answers an empty JWTToken). */
  current?: BotJwt;
  expiry?: string;
}

/** A JWTAuthMechanism answer ({JWTToken, JWTTokenExpiry, JWTTokenExpiresAt}). */
function stateOf(json: unknown): BotJwtState {
  const body = json as { JWTToken?: unknown; JWTTokenExpiry?: unknown; JWTTokenExpiresAt?: unknown } | undefined;
  const expiry = typeof body?.JWTTokenExpiry === "string" ? body.JWTTokenExpiry : undefined;
  if (typeof body?.JWTToken !== "string" || body.JWTToken === "") return { expiry };
  const expiresAt = jwtExpiry(body.JWTToken) ?? (typeof body.JWTTokenExpiresAt === "number" ? new Date(body.JWTTokenExpiresAt) : undefined);
  return { current: { jwt: new Secret(body.JWTToken), expiresAt }, expiry };
}

function required(state: BotJwtState, bot: string): BotJwt {
  if (!state.current) throw new CliError(`OpenMetadata returned no token for ${bot}.`, { exitCode: ExitCode.failure, hint: `Generate one in Settings > Bots > ${bot}, then rerun.` });
  return state.current;
}

/** The bot's current JWT and its expiry setting, as GET /api/v1/users/token/{id} answers (admin only). */
export async function readBotJwt(client: OmClient, bot = INGESTION_BOT): Promise<BotJwtState> {
  const userId = await botUserId(client, bot);
  return stateOf((await client.request("GET", `/api/v1/users/token/${encodeURIComponent(userId)}`)).json);
}

/** The bot's current JWT; an error when it has none. */
export async function fetchBotJwt(client: OmClient, bot = INGESTION_BOT): Promise<BotJwt> {
  return required(await readBotJwt(client, bot), bot);
}

/**
 * A new JWT for the bot (`PUT /api/v1/users/generateToken/{id}`, admin only, UserResource
 * "generateJWTTokenForBotUser"). OpenMetadata stores it with the bot and refuses the previous one from
 * then on (JwtFilter.validateBotToken). `expiry` keeps the bot's setting; "Unlimited" when unknown.
 */
export async function regenerateBotJwt(client: OmClient, expiry: string | undefined, bot = INGESTION_BOT): Promise<BotJwt> {
  const userId = await botUserId(client, bot);
  const answer = await client.request("PUT", `/api/v1/users/generateToken/${encodeURIComponent(userId)}`, { body: { JWTTokenExpiry: expiry ?? "Unlimited" } });
  return required(stateOf(answer.json), bot);
}
