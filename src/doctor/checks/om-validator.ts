import { existsSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../../errors.js";
import { CLIENT_SECRET_FILE, readClientSecretFile } from "../../init/client-secret-file.js";
import { settingsLiveInDatabase } from "../../openmetadata/om-version.js";
import type { Check } from "../check.js";
import { skipped } from "../findings.js";
import type { OmVersionData } from "./om-version.js";

/**
 * From 1.10 OpenMetadata reads its SSO settings from its database (VERSIONS.md "1.10 and later"), and
 * its own validator (`POST /system/security/validate`) is the judge of them: discovery, introspection,
 * publicKeyUrls and, for a confidential client, the secret at Okta. Needs admin credentials.
 * GET masks the stored secret, so the secret in web-app.client-secret is validated in its place.
 */
export const omValidator: Check = {
  id: "om-validator",
  title: "OpenMetadata's own validator accepts its stored Okta settings (1.10+)",
  needs: ["om-version"],
  async run(ctx, inputs) {
    const { version } = inputs["om-version"] as OmVersionData;
    if (!settingsLiveInDatabase(version)) return skipped(`OpenMetadata ${version.raw} takes its SSO settings from the server files (its validator came with 1.10)`);
    if (!ctx.omAdmin) return skipped("no OpenMetadata admin credentials (OKTA_OM_OPENMETADATA_TOKEN), so its validator cannot be asked");
    const { fixFor, readSecurityConfig, validateSecurityConfig } = await import("../../openmetadata/api/security-config.js");
    let stored: Awaited<ReturnType<typeof readSecurityConfig>>;
    try {
      stored = await readSecurityConfig(ctx.omAdmin);
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      return { status: "fail", detail: err.message, fix: err.hint ?? "check --om-url and the OpenMetadata admin token" };
    }
    const authentication = { ...stored.authenticationConfiguration };
    const oidc = authentication.oidcConfiguration;
    const file = ctx.outDir ? join(ctx.outDir, CLIENT_SECRET_FILE) : undefined;
    if (authentication.clientType === "confidential" && typeof oidc === "object" && oidc !== null && file && existsSync(file)) {
      // A secret file others can read is client-secret's and key-file-modes' failure; here it is just not used.
      const secret = await readClientSecretFile(ctx.outDir!).catch(() => undefined);
      if (secret) authentication.oidcConfiguration = { ...(oidc as Record<string, unknown>), secret: secret.reveal() };
    }
    const verdicts = await validateSecurityConfig(ctx.omAdmin, { ...stored, authenticationConfiguration: authentication });
    if (verdicts.length === 0) return { status: "pass", detail: `OpenMetadata ${version.raw} at ${ctx.omAdmin.baseUrl} validated its stored settings: accepted` };
    return {
      status: "fail",
      detail: verdicts.map((v) => `${v.field}: ${v.error}`),
      fix: `${[...new Set(verdicts.map((v) => fixFor(v.field)))].join("; ")}; then rerun init with OpenMetadata admin credentials, which applies the generated settings after this validator's check`,
    };
  },
};
