import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { FaultTable, type FaultRule } from "./faults.js";
import { RateLimiter, type RateLimitOptions } from "./rate-limit.js";
import { RequestLog, type RequestLogEntry } from "./request-log.js";
import { Router } from "./router.js";
import { createSandboxServer, SERVER_HOP_HEADER } from "./server.js";
import { createInitialState, type DefaultServerKind, type OrgState } from "./state.js";
import type { OrgFeatures } from "./org-features.js";
import { SigningKeys } from "./oauth/signing-keys.js";
import { managementRoutes } from "./routes/index.js";
import { adminRoutes } from "./admin-routes.js";
import { oauthRoutes } from "./oauth/routes.js";
import { createAccessTokenVerifier } from "./oauth/access-tokens.js";
import { createBodyValidator, type SpecViolation } from "./spec-checks.js";
import { loadStateFile, saveStateFile } from "./state-file.js";
import { openMetadataRoutes } from "./openmetadata/routes.js";
import { mintOmToken } from "./openmetadata/om-tokens.js";
import { createSelfSignedCertificate } from "./tls/self-signed-cert.js";
import type { Route, SandboxReply } from "./types.js";

export interface SandboxOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The SSWS token clients must send; generated when omitted. */
  apiToken?: string;
  /** Serve HTTPS with a fresh self-signed certificate (its PEM is on the returned sandbox). */
  https?: boolean;
  /** More names the certificate is valid for (a test reaching the sandbox by name through a proxy). */
  certificateHosts?: string[];
  /** Added before every response, to make network cost visible in tests and demos. */
  latencyMs?: number;
  /** Append every request (secrets redacted) to this JSONL file. */
  requestLogFile?: string;
  /** Start from this saved state file when it exists. */
  stateFile?: string;
  initialState?: OrgState;
  rateLimits?: RateLimitOptions;
  /**
   * Okta's API Access Management feature. Without it, every `/api/v1/authorizationServers` call,
   * `default` included, answers 401 E0000015 and a new org has no `default` server (REAL-ORG.md:
   * "No API Access Management, no `default` server"); the org authorization server still works.
   */
  apiAccessManagement?: boolean;
  /** A new Integrator Free Plan org: its `default` server has no access policy (REAL-ORG.md). */
  integratorFree?: boolean;
  /** The org setting "Public client app admins": a scope grant makes the app a SUPER_ADMIN. */
  publicClientAppAdmins?: boolean;
  /** Check every JSON response against Okta's spec and collect violations (tests turn this on). */
  checkResponses?: boolean;
}

export interface Sandbox {
  /** `http(s)://host:port`, without a trailing slash. */
  orgUrl: string;
  apiToken: string;
  host: string;
  port: number;
  /** PEM of the self-signed certificate when serving HTTPS. */
  certificatePem?: string;
  /** The OpenMetadata stand-in's base URL (`{orgUrl}/openmetadata`). */
  openMetadataUrl: string;
  /** An admin JWT the OpenMetadata stand-in accepts (what an admin's personal access token is on a real server). */
  openMetadataAdminToken(): Promise<string>;
  readonly state: OrgState;
  faults: { add(rule: FaultRule): void; clear(): void; list(): FaultRule[] };
  requests: RequestLogEntry[];
  /** Spec violations found in responses when `checkResponses` is on. */
  specViolations: SpecViolation[];
  setLatency(ms: number): void;
  reset(): void;
  loadState(state: OrgState): void;
  saveState(file: string): Promise<void>;
  close(): Promise<void>;
}

function generateApiToken(): string {
  // Okta API tokens are 42 characters starting with "00".
  return "00" + randomBytes(30).toString("base64url").slice(0, 40);
}

/** Starts a local Okta-compatible org. It imports nothing from the CLI and runs in-process or as a command. */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  const apiToken = options.apiToken ?? generateApiToken();
  const amEnabled = options.apiAccessManagement !== false;
  const features: OrgFeatures = { apiAccessManagement: amEnabled, publicClientAppAdmins: options.publicClientAppAdmins === true };
  const defaultServer: DefaultServerKind = !amEnabled ? "none" : options.integratorFree ? "without-policy" : "with-policy";
  const newOrg = (): OrgState => createInitialState(new Date(), defaultServer);
  let state: OrgState = options.initialState ?? (options.stateFile ? await loadStateFile(options.stateFile) : undefined) ?? newOrg();
  let latency = options.latencyMs ?? 0;
  const faults = new FaultTable();
  const limiter = new RateLimiter(options.rateLimits);
  const log = new RequestLog(options.requestLogFile);
  const keys = new SigningKeys(() => state);
  const specViolations: SpecViolation[] = [];
  // Marks the OpenMetadata stand-in's calls to its own org (HandlerContext.serverFetch): random per
  // sandbox, so no outside caller skips --latency by accident.
  const hopMark = randomBytes(16).toString("hex");
  const serverFetch: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), [SERVER_HOP_HEADER]: hopMark } });
  const validator = createBodyValidator();

  const sandboxApi = {
    reset: (): void => {
      state = newOrg();
      keys.clear();
      faults.clear();
      limiter.reset();
      log.clear();
      specViolations.length = 0;
    },
    loadState: (next: OrgState): void => {
      state = next;
      keys.clear();
    },
    getState: () => state,
    faults,
    log,
  };

  const router = new Router()
    .add(managementRoutes())
    .add(oauthRoutes())
    .add(openMetadataRoutes())
    .add(adminRoutes(sandboxApi));
  const tls = options.https ? createSelfSignedCertificate({ hosts: [host, "localhost", "127.0.0.1", ...(options.certificateHosts ?? [])] }) : undefined;
  const server: Server = createSandboxServer(
    {
      router,
      faults,
      limiter,
      log,
      apiToken,
      latencyMs: () => latency,
      context: () => ({ state, keys, now: () => new Date(), features, serverFetch }),
      isServerHop: (headers) => headers[SERVER_HOP_HEADER] === hopMark,
      verifyAccessToken: createAccessTokenVerifier(() => state, keys),
      validateBody: (route, req) => validator.validate(route, req),
      onReply: options.checkResponses
        ? (route: Route, req, reply: SandboxReply) => {
            void validator.checkResponse(route, req, reply).then((found) => specViolations.push(...found));
          }
        : undefined,
      isRouteEnabled: (route) => amEnabled || !route.pattern.startsWith("/api/v1/authorizationServers"),
      tls: Boolean(tls),
    },
    tls ? { cert: tls.certPem, key: tls.keyPem } : undefined,
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const displayHost = host.includes(":") ? `[${host}]` : host;
  const orgUrl = `${tls ? "https" : "http"}://${displayHost}:${port}`;

  return {
    orgUrl,
    apiToken,
    host,
    port,
    certificatePem: tls?.certPem,
    openMetadataUrl: `${orgUrl}/openmetadata`,
    openMetadataAdminToken: () => mintOmToken(keys, "admin", { isBot: false, lifetimeSeconds: 24 * 3600, email: "admin@open-metadata.org" }),
    get state() {
      return state;
    },
    faults,
    requests: log.entries,
    specViolations,
    setLatency(ms: number) {
      latency = ms;
    },
    reset: sandboxApi.reset,
    loadState: sandboxApi.loadState,
    saveState: (file: string) => saveStateFile(file, state),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type { FaultRule, FaultAction } from "./faults.js";
export type { RequestLogEntry } from "./request-log.js";
export type { OrgState, OktaObject } from "./state.js";
export type { SpecViolation } from "./spec-checks.js";
