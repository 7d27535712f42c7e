// Up to 1.2 ingestion signs in with the Okta service app: OpenMetadata takes the principal from the
// token's `sub` (the client id) and looks up a user of that name; only admins bypass its policies, so
// the user needs the Ingestion Bot role (VERSIONS.md, "Ingestion"). With admin credentials init
// creates that user, idempotently. The API shapes: CreateUser {name, email, roles: [uuid]}
// (openmetadata-spec api/teams/createUser.json); the role is "IngestionBotRole" (Entity.INGESTION_BOT_ROLE).
import { CliError, ExitCode } from "../../errors.js";
import type { OmClient } from "./om-client.js";

export const INGESTION_BOT_ROLE = "IngestionBotRole";

interface OmUser {
  id?: string;
  name?: string;
  email?: string;
  isAdmin?: boolean;
  roles?: { id?: string; name?: string }[];
}

/** The user `name` exists with the Ingestion Bot role (or is an admin): create it, or add the role. */
export async function ensureServicePrincipal(client: OmClient, name: string, email: string): Promise<"create" | "update" | "noop"> {
  const role = await client.request("GET", `/api/v1/roles/name/${INGESTION_BOT_ROLE}`, { expect: [404] });
  const roleId = (role.json as { id?: unknown } | undefined)?.id;
  if (role.status === 404 || typeof roleId !== "string") {
    throw new CliError(`OpenMetadata has no role ${INGESTION_BOT_ROLE} (GET /api/v1/roles/name/${INGESTION_BOT_ROLE} answered HTTP ${role.status}).`, {
      exitCode: ExitCode.failure,
      hint: `Create the user "${name}" by hand (Settings > Users) with a role that may ingest, or make it an admin; the Okta side and the files are done.`,
    });
  }
  const found = await client.request("GET", `/api/v1/users/name/${encodeURIComponent(name)}?fields=roles`, { expect: [404] });
  if (found.status === 404) {
    await client.request("POST", "/api/v1/users", { body: { name, email, roles: [roleId] }, write: true });
    return "create";
  }
  const user = (found.json ?? {}) as OmUser;
  const roleIds = (user.roles ?? []).map((r) => r.id).filter((id): id is string => typeof id === "string");
  if (user.isAdmin === true || roleIds.includes(roleId)) return "noop";
  // PUT is OpenMetadata's create-or-update: the roles the user had are kept, the Ingestion Bot role added.
  await client.request("PUT", "/api/v1/users", { body: { name, email: user.email ?? email, roles: [...roleIds, roleId] } });
  return "update";
}
