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

export async function fetchBotJwt(client: OmClient, bot = INGESTION_BOT): Promise<BotJwt> {
  const found = await client.request("GET", `/api/v1/bots/name/${encodeURIComponent(bot)}`, { expect: [404] });
  const userId = (found.json as { botUser?: { id?: unknown } } | undefined)?.botUser?.id;
  if (found.status === 404 || typeof userId !== "string") {
    throw new CliError(`OpenMetadata has no bot ${bot} (GET /api/v1/bots/name/${bot} answered HTTP ${found.status}).`, {
      exitCode: ExitCode.failure,
      hint: `OpenMetadata creates ${bot} at first start; check Settings > Bots, or give the token with --om-bot-jwt-file.`,
    });
  }
  const answer = await client.request("GET", `/api/v1/users/token/${encodeURIComponent(userId)}`);
  const body = answer.json as { JWTToken?: unknown; JWTTokenExpiresAt?: unknown } | undefined;
  if (typeof body?.JWTToken !== "string" || body.JWTToken === "") {
    throw new CliError(`OpenMetadata returned no token for ${bot}.`, { exitCode: ExitCode.failure, hint: `Generate one in Settings > Bots > ${bot}, then rerun.` });
  }
  const expiresAt = jwtExpiry(body.JWTToken) ?? (typeof body.JWTTokenExpiresAt === "number" ? new Date(body.JWTTokenExpiresAt) : undefined);
  return { jwt: new Secret(body.JWTToken), expiresAt };
}
