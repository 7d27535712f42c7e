import { settingsLiveInDatabase } from "../../openmetadata/om-version.js";
import type { Check } from "../check.js";
import { Findings, skipped } from "../findings.js";
import { rerunInit } from "../setup-facts.js";
import type { OmVersionData } from "./om-version.js";

/**
 * 1.10+: OpenMetadata's own verdict on the settings it stores (POST /system/security/validate, a dry
 * run: VERSIONS.md "1.10 and later"). It calls Okta's discovery, introspection and every key URL
 * from the server, which doctor cannot do from here.
 */
export const omSecurityValidate: Check = {
  id: "om-security-validate",
  title: "OpenMetadata's validator accepts its stored security settings (1.10+)",
  needs: ["om-version"],
  async run(ctx, inputs) {
    const { version } = inputs["om-version"] as OmVersionData;
    if (!settingsLiveInDatabase(version)) return skipped(`OpenMetadata ${version.raw} reads its settings from the server files (before 1.10): no validator`);
    if (!ctx.omAdmin) return skipped("no OpenMetadata admin token (set OKTA_OM_OPENMETADATA_TOKEN to run OpenMetadata's validator)");
    const { describeVerdicts, readSecurityConfig, validateSecurityConfig } = await import("../../openmetadata/api/security-config.js");
    const stored = await readSecurityConfig(ctx.omAdmin);
    const verdicts = await validateSecurityConfig(ctx.omAdmin, stored);
    const f = new Findings();
    if (verdicts.length === 0) return f.pass(`OpenMetadata ${version.raw}'s validator accepts the stored settings (provider ${String(stored.authenticationConfiguration.provider)})`).outcome();
    const init = rerunInit(ctx);
    for (const line of describeVerdicts(verdicts)) f.fail(line);
    f.fail("OpenMetadata's validator rejects its stored settings", `fix the fields above${init ? `, then rerun \`OKTA_OM_OPENMETADATA_TOKEN=<admin token> ${init}\`, which applies the settings through OpenMetadata's API` : " through OpenMetadata's API (Settings > SSO)"}`);
    return f.outcome();
  },
};
