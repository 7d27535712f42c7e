import { existsSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../../errors.js";
import { CLIENT_SECRET_FILE, readClientSecretFile } from "../../init/client-secret-file.js";
import { settingsLiveInDatabase } from "../../openmetadata/om-version.js";
import type { SecurityConfig } from "../../openmetadata/api/security-config.js";
import type { Check, DoctorContext } from "../check.js";
import { Findings, skipped } from "../findings.js";
import { rerunInit } from "../setup-facts.js";
import type { OmVersionData } from "./om-version.js";

/**
 * From 1.10 OpenMetadata reads its SSO settings from its database (VERSIONS.md "1.10 and later"), and
 * its own validator (`POST /system/security/validate`, a dry run) is the judge of them: it calls
 * Okta's discovery, introspection and every publicKeyUrls entry from the server, which doctor cannot
 * do from here, and, for a confidential client, checks the secret at Okta. Needs admin credentials.
 */
export const omValidator: Check = {
  id: "om-validator",
  title: "OpenMetadata's own validator accepts its stored Okta settings (1.10+)",
  needs: ["om-version"],
  async run(ctx, inputs) {
    const { version } = inputs["om-version"] as OmVersionData;
    if (!settingsLiveInDatabase(version)) return skipped(`OpenMetadata ${version.raw} takes its SSO settings from the server files (its validator came with 1.10)`);
    if (!ctx.omAdmin) return skipped("no OpenMetadata admin credentials (OKTA_OM_OPENMETADATA_TOKEN), so its validator cannot be asked");
    const { describeVerdicts, fixFor, readSecurityConfig, validateSecurityConfig } = await import("../../openmetadata/api/security-config.js");
    try {
      const stored = await readSecurityConfig(ctx.omAdmin);
      const verdicts = await validateSecurityConfig(ctx.omAdmin, await withLocalSecret(ctx, stored));
      const f = new Findings();
      if (verdicts.length === 0) return f.pass(`OpenMetadata ${version.raw}'s validator accepts the stored settings (provider ${String(stored.authenticationConfiguration.provider)})`).outcome();
      const init = rerunInit(ctx);
      for (const line of describeVerdicts(verdicts)) f.fail(line);
      const fixes = [...new Set(verdicts.map((v) => fixFor(v.field)))].join("; ");
      const apply = `rerun init with OpenMetadata admin credentials${init ? ` (\`OKTA_OM_OPENMETADATA_TOKEN=<admin token> ${init}\`)` : ""}`;
      f.fail("OpenMetadata's validator rejects its stored settings", `${fixes}; then ${apply}, which applies the generated settings after this validator's check`);
      return f.outcome();
    } catch (err) {
      // 401/403/unreachable/HTML: OmClient's message and hint already name the cause and the fix.
      if (!(err instanceof CliError)) throw err;
      return { status: "fail", detail: err.message, fix: err.hint ?? "check --om-url and OKTA_OM_OPENMETADATA_TOKEN (an OpenMetadata admin token)" };
    }
  },
};

/**
 * GET masks a confidential client's stored secret, so the one in web-app.client-secret is validated
 * in its place. A secret file others can read is client-secret's and key-file-modes' failure; here
 * it is just not used.
 */
async function withLocalSecret(ctx: DoctorContext, stored: SecurityConfig): Promise<SecurityConfig> {
  const authentication = { ...stored.authenticationConfiguration };
  const oidc = authentication.oidcConfiguration;
  const file = ctx.outDir ? join(ctx.outDir, CLIENT_SECRET_FILE) : undefined;
  if (authentication.clientType !== "confidential" || typeof oidc !== "object" || oidc === null || !file || !existsSync(file)) return stored;
  const secret = await readClientSecretFile(ctx.outDir!).catch(() => undefined);
  if (secret) authentication.oidcConfiguration = { ...(oidc as Record<string, unknown>), secret: secret.reveal() };
  return { ...stored, authenticationConfiguration: authentication };
}
