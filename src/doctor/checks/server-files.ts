import { signInClientId } from "../../manifest/manifest.js";
import { DOCKER_ENV_FILE, HELM_VALUES_FILE } from "../../openmetadata/generated-file.js";
import { omFeatures, tryParseOmVersion } from "../../openmetadata/om-version.js";
import type { Check, DoctorContext } from "../check.js";
import { Findings, skipped } from "../findings.js";
import type { ServerAuthView } from "../server-config.js";
import { gatherFacts } from "../setup-facts.js";
import { isOrgIssuer, keysUrlOf } from "../workflow-config.js";

const ANY_OM_JWKS = /\/api\/v1\/(system\/)?config\/jwks$/;

type Field = "provider" | "authority" | "clientId" | "callbackUrl" | "publicKeyUrls";

const ENV_NAMES: Record<Field, string> = {
  provider: "AUTHENTICATION_PROVIDER",
  authority: "AUTHENTICATION_AUTHORITY",
  clientId: "AUTHENTICATION_CLIENT_ID",
  callbackUrl: "AUTHENTICATION_CALLBACK_URL",
  publicKeyUrls: "AUTHENTICATION_PUBLIC_KEYS",
};

/** `KEY=value` for the env file, `authenticationConfiguration.key: value` for YAML, in each file's own terms. */
export function settingFix(file: string, field: Field, value: string | string[], helmLayout: "global" | "openmetadata.config" = "openmetadata.config"): string {
  if (file.endsWith(DOCKER_ENV_FILE) || file.endsWith(".env")) {
    return `set ${ENV_NAMES[field]}=${Array.isArray(value) ? `[${value.join(", ")}]` : value} in ${file}`;
  }
  const yamlValue = Array.isArray(value) ? `[${value.join(", ")}]` : value;
  if (file.endsWith(HELM_VALUES_FILE)) {
    const key = field === "publicKeyUrls" ? "publicKeys" : field;
    return `set ${helmLayout}.authentication.${key}: ${yamlValue} in ${file}`;
  }
  return `set authenticationConfiguration.${field}: ${yamlValue} in ${file}`;
}

interface Want {
  issuer?: string;
  spaClientId?: string;
  serviceClientId?: string;
  omUrl?: string;
  /** OpenMetadata's own JWKS path for the manifest's version; undefined when the version is unknown. */
  jwksPath?: string;
  helmLayout: "global" | "openmetadata.config";
}

function checkView(f: Findings, view: ServerAuthView, want: Want): void {
  const { file } = view;
  const fix = (field: Field, value: string | string[]): string => settingFix(file, field, value, want.helmLayout);
  if (view.problem) {
    f.fail(`${file} ${view.problem}`, `regenerate it with okta-om-setup config, or fix it by hand`);
    return;
  }
  if (view.provider !== "okta") f.fail(`${file}: provider is ${JSON.stringify(view.provider ?? "missing")}, not okta`, fix("provider", "okta"));
  if (want.issuer && view.authority?.replace(/\/+$/, "") !== want.issuer) {
    f.fail(`${file}: authority is ${view.authority ?? "missing"}, not the setup's issuer ${want.issuer}`, fix("authority", want.issuer));
  }
  if (view.clientId !== undefined && view.clientId === want.serviceClientId) {
    f.fail(`${file}: clientId ${view.clientId} is the ingestion service app's; the server needs the SPA's (the sign-in app)`, fix("clientId", want.spaClientId ?? "<SPA client id>"));
  } else if (want.spaClientId && view.clientId !== want.spaClientId) {
    f.fail(`${file}: clientId is ${view.clientId ?? "missing"}, not the SPA's ${want.spaClientId}`, fix("clientId", want.spaClientId));
  }
  const keys = view.publicKeyUrls ?? [];
  const oktaKeys = want.issuer ? keysUrlOf(want.issuer) : undefined;
  const omJwks = want.omUrl ? `${want.omUrl}${want.jwksPath ?? "/api/v1/system/config/jwks"}` : undefined;
  // The server may reach its own JWKS under another host (http://openmetadata:8585), so match the path.
  const isOmJwks = (k: string): boolean => (want.jwksPath ? k.endsWith(want.jwksPath) : ANY_OM_JWKS.test(k));
  const missing = [oktaKeys && !keys.includes(oktaKeys) ? oktaKeys : undefined, omJwks && !keys.some(isOmJwks) ? omJwks : undefined].filter(
    (k): k is string => k !== undefined,
  );
  if (missing.length > 0) {
    const wrongPath = want.jwksPath && keys.find((k) => ANY_OM_JWKS.test(k) && !k.endsWith(want.jwksPath!));
    const why = wrongPath ? ` (${wrongPath} is the JWKS path of another OpenMetadata version)` : "";
    f.fail(`${file}: publicKeyUrls lacks ${missing.join(" and ")}${why}; JwtFilter rejects tokens whose kid none of them serves`, fix("publicKeyUrls", [...keys.filter((k) => k !== wrongPath), ...missing]));
  }
  if (want.omUrl && view.callbackUrl !== undefined && view.callbackUrl !== `${want.omUrl}/callback`) {
    f.warn(`${file}: callbackUrl is ${view.callbackUrl}, expected ${want.omUrl}/callback`, fix("callbackUrl", `${want.omUrl}/callback`));
  }
}

function expectations(ctx: DoctorContext, facts: Awaited<ReturnType<typeof gatherFacts>>): Want {
  const version = ctx.manifest?.omVersion ? tryParseOmVersion(ctx.manifest.omVersion) : undefined;
  const features = version ? omFeatures(version) : undefined;
  return {
    // Not the server files' own authority: they are what is being checked.
    issuer: ctx.manifest?.issuer?.replace(/\/+$/, "") ?? (facts.ingestionIssuer && !isOrgIssuer(facts.ingestionIssuer) ? facts.ingestionIssuer : undefined),
    // The sign-in app: the web app's id when the setup is confidential.
    spaClientId: ctx.manifest ? signInClientId(ctx.manifest) : undefined,
    serviceClientId: facts.okta?.clientId ?? ctx.manifest?.serviceClientId,
    omUrl: ctx.omUrl?.replace(/\/+$/, ""),
    // Without a known version, either OpenMetadata JWKS path counts.
    jwksPath: features?.jwksPath,
    helmLayout: features?.helmLayout ?? ("openmetadata.config" as const),
  };
}

/** The server config files init wrote (env, bare metal, Helm) agree with Okta, the workflowConfig and each other. */
export const serverFiles: Check = {
  id: "server-files",
  title: "Server config files agree with the Okta setup",
  async run(ctx) {
    const facts = await gatherFacts(ctx);
    if (facts.servers.length === 0) return skipped("no server config files (openmetadata.env, openmetadata.auth.yaml, helm-values.yaml) to check");
    const want = expectations(ctx, facts);
    const f = new Findings();
    for (const view of facts.servers) {
      const before = f.count;
      checkView(f, view, want);
      if (f.count === before) f.pass(`${view.file}: provider okta, authority ${view.authority}, clientId ${view.clientId}, ${view.publicKeyUrls?.length ?? 0} public key URLs`);
    }
    return f.outcome();
  },
};
