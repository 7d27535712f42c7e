// OpenMetadata versions and what each one needs in its configuration. Every threshold below
// cites its evidence: "NOTES §x" is /work/shared/reference/openmetadata/NOTES.md, "VERSIONS" is
// VERSIONS.md next to it (OpenMetadata's code, versioned docs and Helm chart tags, 0.13 → 2.0).
import { MissingInputError, UsageError } from "../errors.js";

export interface OmVersion {
  /** The version as given (trimmed), e.g. "v1.2.5" or "1.3.0-SNAPSHOT". */
  raw: string;
  major: number;
  minor: number;
  patch: number;
}

/** Okta ingestion (authProvider okta in workflowConfig) was removed from the Python SDK in 1.3.0 (NOTES §2.2, PR #14358). */
export const LAST_OKTA_INGESTION_VERSION = "1.2.5";

/**
 * The release lines this tool was checked against, each with the newest patch seen (VERSIONS:
 * "Release lines"). The wizard offers them; a version past the newest line is generated as that line.
 */
export const KNOWN_OM_LINES: readonly { line: string; latest: string }[] = [
  { line: "0.13", latest: "0.13.2" },
  { line: "1.0", latest: "1.0.5" },
  { line: "1.1", latest: "1.1.7" },
  { line: "1.2", latest: "1.2.5" },
  { line: "1.3", latest: "1.3.4" },
  { line: "1.4", latest: "1.4.8" },
  { line: "1.5", latest: "1.5.13" },
  { line: "1.6", latest: "1.6.13" },
  { line: "1.7", latest: "1.7.7" },
  { line: "1.8", latest: "1.8.12" },
  { line: "1.9", latest: "1.9.17" },
  { line: "1.10", latest: "1.10.14" },
  { line: "1.11", latest: "1.11.13" },
  { line: "1.12", latest: "1.12.12" },
  { line: "1.13", latest: "1.13.5" },
  // VERSIONS: 2.0.2 has the newest release notes; the Python package index lists 2.0.7.0.
  { line: "2.0", latest: "2.0.7" },
];

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
  /** authenticationConfiguration.tokenValidationAlgorithm / AUTHENTICATION_TOKEN_VALIDATION_ALGORITHM exists. */
  tokenValidationAlgorithm: boolean;
  /** The docs list OpenMetadata's own JWKS in publicKeyUrls (bot JWTs are verified through it). */
  omJwksDocumented: boolean;
  /** The server verifies its own (bot) tokens locally before fetching any publicKeyUrls entry. */
  localBotTokenCheck: boolean;
  /** SSO settings live in OpenMetadata's database after the first boot; env/yaml/Helm only seed it. */
  securityConfigInDatabase: boolean;
  /** The 1.10.0–1.10.6 validator demands {authority}/v1/keys even for the org authorization server. */
  orgServerKeysBug: boolean;
  /** The ingestion client must equal the server at major.minor.patch (else major.minor is enough). */
  exactIngestionPin: boolean;
  /** The principal taken from a token claim is lower-cased before the user lookup. */
  lowercasesPrincipal: boolean;
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

/** The newest known line's own version for anything past it (with a note), else the version itself. */
export function clampToKnown(v: OmVersion): { version: OmVersion; note?: string } {
  const newest = KNOWN_OM_LINES[KNOWN_OM_LINES.length - 1]!;
  const known = parseOmVersion(newest.latest);
  if (compareOmVersion(v, { ...known, patch: Number.MAX_SAFE_INTEGER }) <= 0) return { version: v };
  return {
    version: { ...known, raw: v.raw },
    note: `OpenMetadata ${v.raw} is newer than ${newest.line}.x, the newest line this tool knows; its files follow ${newest.line}.x. Check its release notes for SSO changes.`,
  };
}

/** What the given server version needs; see the comments for the evidence behind each threshold. */
export function omFeatures(given: OmVersion): OmFeatures {
  const v = clampToKnown(given).version;
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
    // VERSIONS "Added since 1.6": tokenValidationAlgorithm / AUTHENTICATION_TOKEN_VALIDATION_ALGORITHM (1.6.2).
    tokenValidationAlgorithm: atLeast(v, 1, 6, 2),
    // NOTES §3.1/§3.2: the 0.13 Okta pages list only {ISSUER_URL}/v1/keys; the 1.0 pages add the
    // OpenMetadata JWKS (and warn to list it), as do the 1.10 pages.
    omJwksDocumented: v1,
    // VERSIONS "Server settings": since 1.9 OM checks its own tokens locally first (LocalJwkProvider).
    localBotTokenCheck: atLeast(v, 1, 9),
    // VERSIONS "1.10 and later": SettingsCache copies yaml/env into the DB only if the rows are missing.
    securityConfigInDatabase: atLeast(v, 1, 10),
    // VERSIONS: 1.10.0–1.10.6 wrongly demanded {authority}/v1/keys for the org server (#24334); fixed in 1.10.7.
    orgServerKeysBug: atLeast(v, 1, 10) && !atLeast(v, 1, 10, 7),
    // VERSIONS "Ingestion": exact match up to 1.3.x (server_mixin.validate_versions), relaxed to
    // major.minor by PR #16157 (2024-05, the 1.4 line).
    exactIngestionPin: !atLeast(v, 1, 4),
    // VERSIONS "Ingestion": not lower-cased in 0.13.2 (JwtFilter) nor in the ~1.3–1.5
    // SecurityUtil.findUserNameFromClaims; only later copies lower-case.
    lowercasesPrincipal: atLeast(v, 1, 6),
  };
}

/** The pip requirement for the ingestion client of this server version (VERSIONS "Ingestion"). */
export function ingestionPipRequirement(v: OmVersion, okta: boolean): string {
  const features = omFeatures(v);
  const pkg = okta ? "openmetadata-ingestion[okta]" : "openmetadata-ingestion";
  // The Python package adds a fourth part for hotfixes (1.2.5.1), so the pin ends in .* either way.
  const pin = features.exactIngestionPin ? `${v.major}.${v.minor}.${v.patch}.*` : `${v.major}.${v.minor}.*`;
  return `${pkg}==${pin}`;
}

/** okta-sdk-python 2.9.6 removed okta.jwt.jwt, which OpenMetadata's Okta ingestion imports (NOTES §1.2). */
export const OKTA_SDK_PIN = "okta<2.9.6";

export type OmVersionSource = "flag" | "detected" | "default";

/**
 * Picks the version to generate for: the flag, else what the server reported. Without either, a
 * headless run stops with exit 2 listing --om-version: guessed files for the wrong line can keep a
 * server from starting (a 1.2 workflowConfig does not even parse on 1.3+). Only `fallback` (the
 * sandbox, whose stand-in is ours) gets the last version with Okta ingestion, with a note.
 * A version past the newest known line comes with a note that it is generated as that line.
 */
export function resolveOmVersion(options: {
  flag?: string;
  flagName?: string;
  detected?: { version?: string; source?: string; error?: string };
  fallback?: boolean;
}): { version: OmVersion; source: OmVersionSource; note?: string } {
  const withNote = (version: OmVersion, source: OmVersionSource) => {
    const { note } = clampToKnown(version);
    return note ? { version, source, note } : { version, source };
  };
  if (options.flag !== undefined && options.flag.trim() !== "") {
    return withNote(parseOmVersion(options.flag, options.flagName), "flag");
  }
  const detected = options.detected?.version !== undefined ? tryParseOmVersion(options.detected.version) : undefined;
  if (detected) return withNote(detected, "detected");
  const why = options.detected?.error ? ` (${options.detected.error})` : "";
  if (!options.fallback) {
    throw new MissingInputError([
      {
        field: "omVersion",
        flag: options.flagName ?? "--om-version",
        env: "OKTA_OM_OM_VERSION",
        why: `could not read it from the server${why}; the files differ by version (known lines: ${KNOWN_OM_LINES.map((l) => l.line).join(", ")})`,
      },
    ]);
  }
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

/**
 * From 1.10.0 OpenMetadata copies its SSO settings from env/yaml/Helm into its database only at first
 * boot, then reads the database (VERSIONS.md, "1.10 and later"): files alone change nothing.
 */
export function settingsLiveInDatabase(v: OmVersion): boolean {
  return atLeast(clampToKnown(v).version, 1, 10);
}

/** The bots API hands an admin the ingestion bot's JWT from 1.0 (VERSIONS.md: "Bot JWT by API"). */
export function botJwtByApi(v: OmVersion): boolean {
  return atLeast(clampToKnown(v).version, 1, 0);
}
