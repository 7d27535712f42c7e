// OpenMetadata versions and what each one needs in its configuration. Every threshold below
// cites its evidence: "NOTES §x" is /work/shared/reference/openmetadata/NOTES.md.
import { UsageError } from "../errors.js";

export interface OmVersion {
  /** The version as given (trimmed), e.g. "v1.2.5" or "1.3.0-SNAPSHOT". */
  raw: string;
  major: number;
  minor: number;
  patch: number;
}

/** Okta ingestion (authProvider okta in workflowConfig) was removed from the Python SDK in 1.3.0 (NOTES §2.2, PR #14358). */
export const LAST_OKTA_INGESTION_VERSION = "1.2.5";

export type HelmLayout = "global" | "openmetadata.config";
export type ClassPackage = "org.openmetadata.service.security" | "org.openmetadata.catalog.security";

export interface OmFeatures {
  /** workflowConfig may use authProvider okta (Python SDK still has OktaAuthenticationProvider). */
  oktaIngestion: boolean;
  /** OpenMetadata's own JWKS (bot JWTs), relative to the OM base URL. */
  jwksPath: string;
  helmLayout: HelmLayout;
  /** authenticationConfiguration.clientType / AUTHENTICATION_CLIENT_TYPE exists. */
  clientTypeSetting: boolean;
  /** The service app's client id must be listed as an ingestion (bot) principal. */
  ingestionPrincipals: boolean;
  classPackage: ClassPackage;
  /** Unauthenticated auth-config endpoint, relative to the OM base URL. */
  configAuthPath: string;
  /** Unauthenticated version endpoint, relative to the OM base URL. */
  versionPath: string;
}

// "1.2.5", "v1.2.5", "1.3.0-SNAPSHOT", "0.13.2.1", "1.2", "1.2.x". A fourth numeric part (OpenMetadata's
// Python packages use it for hotfixes) does not change what the server needs, so it is ignored.
const VERSION_RE = /^v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}|x))?(?:\.\d{1,6})*(?:[-+][0-9A-Za-z][0-9A-Za-z.+-]*)?$/i;

/** Parses an OpenMetadata version; a UsageError naming `flag` when it is not one. */
export function parseOmVersion(raw: string, flag = "--om-version"): OmVersion {
  const trimmed = raw.trim();
  const match = VERSION_RE.exec(trimmed);
  if (!match) {
    const shown = trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed;
    throw new UsageError(
      `${flag}: ${JSON.stringify(shown)} is not an OpenMetadata version.`,
      `Use the server's version, e.g. ${flag} 1.2.5 (see Settings > About, or GET /api/v1/system/version).`,
    );
  }
  const patch = match[3] === undefined || match[3].toLowerCase() === "x" ? 0 : Number(match[3]);
  return { raw: trimmed, major: Number(match[1]), minor: Number(match[2]), patch };
}

/** Like parseOmVersion, but undefined instead of an error (for versions read from a server). */
export function tryParseOmVersion(raw: string): OmVersion | undefined {
  return VERSION_RE.test(raw.trim()) ? parseOmVersion(raw) : undefined;
}

/** Orders by major, minor, patch; a pre-release suffix counts as its release (1.3.0-SNAPSHOT is a 1.3.0). */
export function compareOmVersion(a: OmVersion, b: OmVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** "major.minor.patch", for messages and file headers. */
export function formatOmVersion(v: OmVersion): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

function atLeast(v: OmVersion, major: number, minor: number, patch = 0): boolean {
  return compareOmVersion(v, { raw: "", major, minor, patch }) >= 0;
}

/** What the given server version needs; see the comments for the evidence behind each threshold. */
export function omFeatures(v: OmVersion): OmFeatures {
  const v1 = atLeast(v, 1, 0);
  return {
    // NOTES §2.2: Okta ingestion works up to 1.2.x; 1.3.0 removed every non-JWT auth from the
    // Python SDK (PR #14358, v1.3 upgrade prerequisites).
    oktaIngestion: !atLeast(v, 1, 3),
    // NOTES §4.2 #6, S15: 1.0 moved the JWKS from /api/v1/config/jwks to /api/v1/system/config/jwks (breaking).
    jwksPath: v1 ? "/api/v1/system/config/jwks" : "/api/v1/config/jwks",
    // NOTES §3.3, §2.2: charts up to 1.0 use global.authorizer/global.authentication; from 1.1
    // they moved to openmetadata.config.*.
    helmLayout: atLeast(v, 1, 1) ? "openmetadata.config" : "global",
    // NOTES §3.1/§3.2 only show clientType in the 1.10-era docs, and show it absent from the 0.13.2
    // schema (additionalProperties: false) and the ≈1.1 conf/openmetadata.yaml. Beyond NOTES: the
    // v1.3.x docs (deployment/security/oidc/index.md) document `clientType:
    // ${AUTHENTICATION_CLIENT_TYPE:-confidential}`, and the maintainers closed the confidential-client
    // issue (#14766, Jan 2024) with "Supported with 1.3.2". An unknown clientType key makes an older
    // bare-metal server refuse its config, while leaving it out is harmless (it defaults to public), so
    // we write it only from 1.3.2, the first release we have evidence for.
    clientTypeSetting: atLeast(v, 1, 3, 2),
    // NOTES §3.1, §2.2: before 0.13 the service app's client id goes into
    // AUTHORIZER_INGESTION_PRINCIPALS / botPrincipals; 0.13 dropped botPrincipals (nothing reads it).
    ingestionPrincipals: !atLeast(v, 0, 13),
    // NOTES §3.2: 0.12.1 renamed org.openmetadata.catalog.security.* to org.openmetadata.service.security.*.
    classPackage: atLeast(v, 0, 12, 1) ? "org.openmetadata.service.security" : "org.openmetadata.catalog.security",
    // NOTES §5.2: 1.0 moved the unauthenticated endpoints under /v1/system.
    configAuthPath: v1 ? "/api/v1/system/config/auth" : "/api/v1/config/auth",
    versionPath: v1 ? "/api/v1/system/version" : "/api/v1/version",
  };
}

export type OmVersionSource = "flag" | "detected" | "default";

/**
 * Picks the version to generate for: the flag, else what the server reported, else (headless) the
 * last version with Okta ingestion, with a note saying so. The wizard asks before it gets here.
 */
export function resolveOmVersion(options: {
  flag?: string;
  flagName?: string;
  detected?: { version?: string; source?: string; error?: string };
}): { version: OmVersion; source: OmVersionSource; note?: string } {
  if (options.flag !== undefined && options.flag.trim() !== "") {
    return { version: parseOmVersion(options.flag, options.flagName), source: "flag" };
  }
  const detected = options.detected?.version !== undefined ? tryParseOmVersion(options.detected.version) : undefined;
  if (detected) return { version: detected, source: "detected" };
  const why = options.detected?.error ? ` (${options.detected.error})` : "";
  return {
    version: parseOmVersion(LAST_OKTA_INGESTION_VERSION),
    source: "default",
    note:
      `Could not detect the OpenMetadata version${why}; generating for ${LAST_OKTA_INGESTION_VERSION}, the last ` +
      `release with Okta ingestion. Pass --om-version to match your server.`,
  };
}

/**
 * Whether init should create the ingestion service app: always up to 1.2.x, and from 1.3.0 only when
 * --service-app asks (OpenMetadata can no longer use it for ingestion).
 */
export function serviceAppDecision(v: OmVersion, flag?: boolean): { create: boolean; reason: string } {
  const features = omFeatures(v);
  if (flag === false) {
    return {
      create: false,
      reason: features.oktaIngestion
        ? "--no-service-app: ingestion will use an OpenMetadata bot JWT instead of Okta"
        : `OpenMetadata ${v.raw} has no Okta ingestion`,
    };
  }
  if (features.oktaIngestion) return { create: true, reason: `OpenMetadata ${v.raw} ingests with Okta (private_key_jwt)` };
  if (flag === true) {
    return {
      create: true,
      reason: `--service-app: created, but OpenMetadata ${v.raw} cannot use it for ingestion (Okta ingestion was removed in 1.3.0)`,
    };
  }
  return {
    create: false,
    reason: `OpenMetadata ${v.raw} has no Okta ingestion (removed in 1.3.0), so no service app is needed; ingestion uses the ingestion-bot's JWT`,
  };
}

/** The first release with confidential (server-side) sign-in (VERSIONS.md: "Confidential", OM ≥ 1.3.2). */
export const FIRST_CONFIDENTIAL_VERSION = "1.3.2";

/**
 * Why `--client-type confidential` cannot be used with this version, or undefined when it can.
 * VERSIONS.md: AUTHENTICATION_CLIENT_TYPE exists from 1.3.2; the maintainers closed #14766 with
 * "Supported with 1.3.2".
 */
export function confidentialVersionProblem(v: OmVersion): string | undefined {
  if (omFeatures(v).clientTypeSetting) return undefined;
  return (
    `confidential sign-in needs OpenMetadata ${FIRST_CONFIDENTIAL_VERSION} or later (the version rule: AUTHENTICATION_CLIENT_TYPE exists from ${FIRST_CONFIDENTIAL_VERSION}), ` +
    `and ${v.raw} is older; use --client-type public, or upgrade OpenMetadata and pass its version with --om-version`
  );
}
