import { formatOmVersion, ingestionPipRequirement, OKTA_SDK_PIN, omFeatures, tryParseOmVersion, type OmFeatures, type OmVersion } from "../../openmetadata/om-version.js";
import type { Check, DoctorContext } from "../check.js";
import { Findings, skipped } from "../findings.js";
import { bodyPreview, httpGet, jsonObject, NetworkProblem, type HttpAnswer } from "../http.js";
import { gatherFacts, rerunConfig, workflowName } from "../setup-facts.js";

/** What om-version hands on: where OpenMetadata is and what its version needs. */
export interface OmVersionData {
  omUrl: string;
  version: OmVersion;
  features: OmFeatures;
}

// 1.0 moved the unauthenticated endpoints under /v1/system (NOTES §5.2); try the new one first.
const VERSION_PATHS = ["/api/v1/system/version", "/api/v1/version"];

async function readVersion(ctx: DoctorContext, om: string, signal: AbortSignal): Promise<{ version?: string; last?: HttpAnswer }> {
  let last: HttpAnswer | undefined;
  for (const path of VERSION_PATHS) {
    last = await httpGet(ctx, `${om}${path}`, signal);
    const body = jsonObject(last);
    if (last.status === 200 && typeof body?.version === "string") return { version: body.version, last };
  }
  return { last };
}

/** The server answers, and its version still has Okta ingestion (≤ 1.2.x, NOTES §2.2). */
export const omVersion: Check = {
  id: "om-version",
  title: "OpenMetadata is reachable and its version supports Okta ingestion",
  async run(ctx, _inputs, signal) {
    const om = ctx.omUrl?.replace(/\/+$/, "");
    if (!om) return skipped("no OpenMetadata URL (pass --om-url, or set hostPort in the workflowConfig)");
    const explicit = ctx.omUrlSource === "flag" || ctx.omUrlSource === "env";
    let read;
    try {
      read = await readVersion(ctx, om, signal);
    } catch (err) {
      if (!(err instanceof NetworkProblem)) throw err;
      const detail = `OpenMetadata at ${om} is not reachable from here: ${err.message}`;
      // A URL derived from the files may be internal to the deployment; only a given one must answer.
      if (!explicit) return { status: "skip", detail, fix: "pass --om-url with a URL this machine can reach to run the OpenMetadata checks" };
      return { status: "fail", detail, fix: `check --om-url ${om} (the URL users open, without /api)` };
    }
    if (!read.version) {
      const answer = read.last!;
      return {
        status: "fail",
        detail: `${om} answered ${VERSION_PATHS.join(" and ")} with HTTP ${answer.status} and ${jsonObject(answer) ? "JSON without a version" : bodyPreview(answer)}: it does not look like OpenMetadata`,
        fix: "pass --om-url with OpenMetadata's base URL (the one users open, without /api)",
      };
    }
    const version = tryParseOmVersion(read.version);
    if (!version) return { status: "fail", detail: `OpenMetadata reports version ${JSON.stringify(read.version)}, which doctor cannot read`, fix: "report this with the version string" };
    const features = omFeatures(version);
    const f = new Findings();
    const facts = await gatherFacts(ctx);
    const okta = facts.workflow?.authProvider === "okta";
    if (okta && !features.oktaIngestion) {
      f.fail(
        `OpenMetadata ${version.raw} has no Okta ingestion (removed in 1.3.0): authProvider okta in ${workflowName(ctx)} cannot work`,
        `switch ingestion to the ingestion-bot's JWT: ${rerunConfig(ctx, ` --om-version ${formatOmVersion(version)}`)} (authProvider openmetadata), then paste the token from Settings > Bots > ingestion-bot`,
      );
    } else if (okta) {
      f.pass(`OpenMetadata ${version.raw} still has Okta ingestion (up to 1.2.x; the ingestion host needs pip install "${ingestionPipRequirement(version, true)}" "${OKTA_SDK_PIN}", okta being okta-sdk-python)`);
    } else {
      f.pass(`OpenMetadata ${version.raw}`);
    }
    const generatedFor = ctx.manifest?.omVersion ? tryParseOmVersion(ctx.manifest.omVersion) : undefined;
    if (generatedFor && omFeatures(generatedFor).jwksPath !== features.jwksPath) {
      f.warn(`the files were generated for OpenMetadata ${generatedFor.raw}, whose JWKS path differs from ${version.raw}'s`, rerunConfig(ctx, ` --om-version ${formatOmVersion(version)}`));
    }
    const data: OmVersionData = { omUrl: om, version, features };
    return f.outcome(data);
  },
};
