import type { Check } from "../check.js";
import { adminToken } from "./admin-token.js";
import { clientSecret } from "./client-secret.js";
import { webApp } from "./web-app.js";
import { authServer } from "./auth-server.js";
import { configLint } from "./config-lint.js";
import { keyFileModes } from "./key-file-modes.js";
import { liveToken } from "./live-token.js";
import { oktaDiscovery } from "./okta-discovery.js";
import { omAuthConfig } from "./om-auth-config.js";
import { omBotJwt } from "./om-bot-jwt.js";
import { omTokenAccepted } from "./om-token-accepted.js";
import { omValidator } from "./om-validator.js";
import { omVersion } from "./om-version.js";
import { serverFiles } from "./server-files.js";
import { serviceApp } from "./service-app.js";
import { serviceAppRoles } from "./service-app-roles.js";
import { spaApp } from "./spa-app.js";

/** Every check, in the order doctor prints them: local files, Okta as OpenMetadata sees it, Okta objects, OpenMetadata. */
export const CHECKS: readonly Check[] = [
  configLint,
  keyFileModes,
  serverFiles,
  oktaDiscovery,
  clientSecret,
  liveToken,
  adminToken,
  serviceApp,
  serviceAppRoles,
  authServer,
  spaApp,
  webApp,
  omVersion,
  omAuthConfig,
  omTokenAccepted,
  omValidator,
  omBotJwt,
];
