/**
 * Every `init` flag in one table: commander registers them from it, the options resolver maps env
 * vars with it, the wizard asks for what is missing in its order, and the "equivalent command"
 * printer turns answers back into flags. Plain data, so `--help` stays fast (no zod here).
 */
export interface FlagSpec {
  /** Key in InitOptions. */
  key: string;
  /** Commander flag syntax, e.g. "--org-url <url>". */
  flag: string;
  description: string;
  /** Env var names, highest priority first. */
  env?: string[];
  /** Default shown in --help (the real default comes from the zod schema). */
  defaultText?: string;
  /** Repeatable (collects an array); env/config values are comma or space separated. */
  repeatable?: boolean;
  /** A list given as one comma/space separated value. */
  list?: boolean;
  /** Boolean switch. */
  boolean?: boolean;
  /** Also register `--no-<name>` with this description (commander sets the key to false). */
  negatable?: string;
  /** Help section. */
  group: "Okta org" | "OpenMetadata" | "Okta objects" | "Keys" | "Output files" | "Run mode";
}

export const INIT_FLAGS: FlagSpec[] = [
  { key: "orgUrl", flag: "--org-url <url>", env: ["OKTA_OM_ORG_URL", "OKTA_CLIENT_ORGURL"], description: "your Okta org URL, e.g. https://dev-123.okta.com (not the -admin URL)", group: "Okta org" },
  { key: "apiTokenStdin", flag: "--api-token-stdin", boolean: true, description: "read the Okta API token from stdin (else env OKTA_OM_API_TOKEN, OKTA_CLIENT_TOKEN or OKTA_API_TOKEN)", group: "Okta org" },
  { key: "mgmtClientId", flag: "--mgmt-client-id <id>", env: ["OKTA_OM_MGMT_CLIENT_ID"], description: "OAuth for Okta instead of a token: the service app's client id", group: "Okta org" },
  { key: "mgmtPrivateKey", flag: "--mgmt-private-key <file>", env: ["OKTA_OM_MGMT_PRIVATE_KEY"], description: "OAuth for Okta: the service app's private key (JWK or PEM file)", group: "Okta org" },
  { key: "omUrl", flag: "--om-url <url>", env: ["OKTA_OM_OM_URL"], defaultText: "http://localhost:8585", description: "the OpenMetadata URL users open", group: "OpenMetadata" },
  { key: "omVersion", flag: "--om-version <version>", env: ["OKTA_OM_OM_VERSION"], defaultText: "detected; required when it cannot be", description: "OpenMetadata server version (picks config layout and ingestion auth)", group: "OpenMetadata" },
  { key: "clientType", flag: "--client-type <type>", env: ["OKTA_OM_CLIENT_TYPE"], defaultText: "public", description: "how users sign in: public (a single-page app, the guide's setup) or confidential (OpenMetadata 1.3.2+: a web app with a client secret; the server runs the login)", group: "OpenMetadata" },
  { key: "redirectUris", flag: "--redirect-uri <uri>", env: ["OKTA_OM_REDIRECT_URIS"], repeatable: true, defaultText: "{om}/callback and {om}/silent-callback", description: "sign-in redirect URI (repeatable)", group: "OpenMetadata" },
  { key: "logoutUris", flag: "--logout-uri <uri>", env: ["OKTA_OM_LOGOUT_URIS"], repeatable: true, defaultText: "{om}", description: "sign-out redirect URI (repeatable)", group: "OpenMetadata" },
  { key: "baseUris", flag: "--base-uri <uri>", env: ["OKTA_OM_BASE_URIS"], repeatable: true, defaultText: "{om}", description: "base URI, registered as a trusted origin for CORS and redirects (repeatable)", group: "OpenMetadata" },
  { key: "access", flag: "--access <who>", env: ["OKTA_OM_ACCESS"], defaultText: "everyone", description: "who may sign in: everyone | groups:<id,...> | none", group: "OpenMetadata" },
  { key: "adminPrincipals", flag: "--admin-principals <names>", env: ["OKTA_OM_ADMIN_PRINCIPALS"], list: true, defaultText: "admin", description: "OpenMetadata admins (name part of name@domain, comma separated)", group: "OpenMetadata" },
  { key: "principalDomain", flag: "--principal-domain <domain>", env: ["OKTA_OM_PRINCIPAL_DOMAIN"], defaultText: "the bot email's domain", description: "your users' email domain", group: "OpenMetadata" },
  { key: "botEmail", flag: "--bot-email <email>", env: ["OKTA_OM_BOT_EMAIL"], description: "the ingestion bot's email (OpenMetadata's schema requires one)", group: "OpenMetadata" },
  { key: "appName", flag: "--app-name <label>", env: ["OKTA_OM_APP_NAME"], defaultText: "OpenMetadata", description: "label of the single-page app users sign in with", group: "Okta objects" },
  { key: "authServer", flag: "--auth-server <name>", env: ["OKTA_OM_AUTH_SERVER"], defaultText: "OpenMetadata (created)", description: 'custom authorization server to create or adopt, "default", or "org" (the org authorization server: sign-in only, for orgs without API Access Management)', group: "Okta objects" },
  { key: "scope", flag: "--scope <name>", env: ["OKTA_OM_SCOPE"], defaultText: "openmetadata", description: "custom scope, made a default scope", group: "Okta objects" },
  { key: "policyName", flag: "--policy-name <name>", env: ["OKTA_OM_POLICY_NAME"], defaultText: "OpenMetadata", description: "access policy name", group: "Okta objects" },
  { key: "ruleName", flag: "--rule-name <name>", env: ["OKTA_OM_RULE_NAME"], defaultText: "OpenMetadata rule", description: "access policy rule name", group: "Okta objects" },
  { key: "ruleGrantTypes", flag: "--rule-grant-types <types>", env: ["OKTA_OM_RULE_GRANT_TYPES"], list: true, defaultText: "client_credentials,authorization_code,device_code,token_exchange", description: "grant types the rule allows", group: "Okta objects" },
  { key: "serviceApp", flag: "--service-app", boolean: true, env: ["OKTA_OM_SERVICE_APP"], negatable: "skip the ingestion service app and its grants", defaultText: "on up to OpenMetadata 1.2.x", description: "create the ingestion service app even for OpenMetadata 1.3+", group: "Okta objects" },
  { key: "serviceAppName", flag: "--service-app-name <name>", env: ["OKTA_OM_SERVICE_APP_NAME"], defaultText: "OpenMetadata Ingestion Bot", description: "label of the ingestion service app", group: "Okta objects" },
  { key: "apiScopes", flag: "--api-scopes <scopes>", env: ["OKTA_OM_API_SCOPES"], list: true, defaultText: "okta.users.read okta.users.manage okta.clients.read", description: "Okta API scopes granted to the service app, or none (OpenMetadata's Okta ingestion does not use them; granting needs a Super Administrator)", group: "Okta objects" },
  { key: "keyFile", flag: "--key-file <file>", env: ["OKTA_OM_KEY_FILE"], description: "reuse this private RSA key (JWK or PEM) instead of generating one", group: "Keys" },
  { key: "kid", flag: "--kid <id>", env: ["OKTA_OM_KID"], defaultText: "RFC 7638 thumbprint", description: "key id of the service app's key", group: "Keys" },
  { key: "outDir", flag: "--out-dir <dir>", env: ["OKTA_OM_OUT_DIR"], defaultText: "./okta-om-setup", description: "where the manifest, keys and OpenMetadata files go", group: "Output files" },
  { key: "deployFiles", flag: "--deploy-files <list>", env: ["OKTA_OM_DEPLOY_FILES"], list: true, defaultText: "docker,bare-metal,helm", description: "server config files to write: docker, bare-metal, helm (or none)", group: "Output files" },
  { key: "helmChartVersion", flag: "--helm-chart-version <version>", env: ["OKTA_OM_HELM_CHART_VERSION"], defaultText: "the chart that ships --om-version", description: "open-metadata/openmetadata Helm chart version helm-values.yaml is for (its layout follows the chart)", group: "Output files" },
  { key: "omAdminEmail", flag: "--om-admin-email <email>", env: ["OKTA_OM_OPENMETADATA_ADMIN_EMAIL"], description: "OpenMetadata admin for basic login (password from env OKTA_OM_OPENMETADATA_PASSWORD), while it still uses basic auth", group: "OpenMetadata" },
  { key: "omAdminTokenStdin", flag: "--om-admin-token-stdin", boolean: true, description: "read an OpenMetadata admin token from stdin (else env OKTA_OM_OPENMETADATA_TOKEN); 1.10+ applies SSO through its API", group: "OpenMetadata" },
  { key: "omBotJwtFile", flag: "--om-bot-jwt-file <file>", env: ["OKTA_OM_BOT_JWT_FILE"], description: "OpenMetadata 1.3+: file holding the ingestion bot's JWT (else env OKTA_OM_BOT_JWT)", group: "Output files" },
  { key: "mergeInto", flag: "--merge-into <file>", env: ["OKTA_OM_MERGE_INTO"], description: "also update this connector YAML or openmetadata.yaml in place (keeps comments; writes FILE.bak)", group: "Output files" },
  { key: "config", flag: "--config <file>", env: ["OKTA_OM_CONFIG"], description: "YAML file with any of these options (keys as camelCase or flag names)", group: "Run mode" },
  { key: "plan", flag: "--plan", boolean: true, description: "show what would change and exit", group: "Run mode" },
  { key: "detailedExitcode", flag: "--detailed-exitcode", boolean: true, description: "with --plan: exit 0 when nothing would change, 8 when changes are pending", group: "Run mode" },
  { key: "yes", flag: "-y, --yes", boolean: true, env: ["OKTA_OM_YES"], description: "answer yes to confirmations (key replacement, overwriting files)", group: "Run mode" },
  { key: "interactive", flag: "--interactive", boolean: true, env: ["OKTA_OM_INTERACTIVE"], negatable: "never prompt; fail listing every missing value", defaultText: "on when stdin and stdout are terminals and CI is unset", description: "prompt for missing values", group: "Run mode" },
  { key: "doctor", flag: "--doctor", boolean: true, env: ["OKTA_OM_DOCTOR"], negatable: "do not run doctor at the end", defaultText: "on with --sandbox", description: "run doctor at the end", group: "Run mode" },
  { key: "json", flag: "--json", boolean: true, description: "print one JSON result on stdout (also on failure); progress is quiet, warnings and errors go to stderr", group: "Run mode" },
  { key: "debug", flag: "--debug", boolean: true, description: "show API calls and stack traces (secrets redacted)", group: "Run mode" },
  { key: "sandbox", flag: "--sandbox", boolean: true, description: "run against an in-process sandbox org (try everything offline)", group: "Run mode" },
];

/** The env var names of a flag, for help text and error messages. */
export function envNames(key: string): string[] {
  return INIT_FLAGS.find((f) => f.key === key)?.env ?? [];
}

export const API_TOKEN_ENV = ["OKTA_OM_API_TOKEN", "OKTA_CLIENT_TOKEN", "OKTA_API_TOKEN"];
