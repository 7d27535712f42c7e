import type { Manifest } from "../manifest/manifest.js";
import type { FetchLike } from "../net/outbound-fetch.js";
import type { HttpAnswer } from "./http.js";
import type { TokenAttempt } from "./mint-token.js";
import type { OktaApi } from "../okta/okta-api.js";
import type { OmClient } from "../openmetadata/api/om-client.js";

/** A check's verdict. `error` is reserved for a check that crashed (set by the runner, never returned). */
export type CheckStatus = "pass" | "warn" | "fail" | "skip" | "error";

/** One line of doctor output (and one element of `--json`). */
export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** Indented detail lines: what was found. */
  detail: string[];
  /** The exact command or setting that fixes it. */
  fix?: string;
  durationMs: number;
}

/** What a check returns; `data` is handed to checks that list it in `needs`. */
export interface CheckOutcome {
  status: Exclude<CheckStatus, "error">;
  detail?: string | string[];
  fix?: string;
  data?: unknown;
}

/** Everything doctor has loaded before the checks run (all optional: checks skip what they lack). */
export interface DoctorContext {
  outDir?: string;
  manifest?: Manifest;
  /** The workflowConfig/connector YAML being checked. */
  workflowConfigPath?: string;
  workflowConfigText?: string;
  /** The private key file next to the manifest, if any (mode is checked). */
  keyFilePath?: string;
  /** The server config files init wrote (env, bare-metal yaml, helm values), by file name, with their text. */
  serverFiles: Record<string, string>;
  omUrl?: string;
  /** Okta management access; undefined when no admin token was given (object checks skip). */
  api?: OktaApi;
  /** Why `api` is missing, for the skip detail. */
  apiMissingReason?: string;
  fetch: FetchLike;
  now: () => Date;
  /** OpenMetadata admin access (OKTA_OM_OPENMETADATA_TOKEN, or init's): the 1.10+ validator dry run and the bot JWT's acceptance. */
  omAdmin?: OmClient;
  /** Where omUrl came from: an explicit flag/env means "must be reachable", a derived one may be internal. */
  omUrlSource?: "flag" | "env" | "manifest" | "workflowConfig";
  /** The org URL the admin API talks to (for messages). */
  orgUrl?: string;
  /** Show stack traces of crashed checks. */
  debug?: boolean;
  /** JWKS answers requested when doctor started (prefetch.ts), by URL: fetchRsaKids uses them. */
  prefetchedKids?: ReadonlyMap<string, Promise<{ kids: string[] } | { problem: string }>>;
  /** Plain GETs sent when doctor started (prefetch.ts), by URL: httpGet answers from them. */
  prefetchedGets?: ReadonlyMap<string, Promise<HttpAnswer>>;
  /** The token request sent when doctor started (prefetch.ts), with what it was minted from; live-token uses it when its input is the same. */
  prefetchedToken?: Promise<PrefetchedToken | undefined>;
  /**
   * Waits for a request sent before the check ran (prefetch.ts) as for one of its own: if the check
   * times out meanwhile, its report names `label` ("POST https://…") as what got no answer.
   */
  waitFor?<T>(label: string, answer: Promise<T>): Promise<T>;
}

/** A token request already on its way: the mint input (config-lint's data) and the attempt. */
export interface PrefetchedToken {
  input: { clientId: string; orgURL: string; scopes: string[]; publicJwk: { n: string; e: string } };
  /** "POST {token endpoint}", without the query that carries the assertion. */
  label: string;
  attempt: Promise<TokenAttempt>;
}

export interface Check {
  id: string;
  title: string;
  /** Ids of checks whose pass (or warn) this one needs; their `data` arrives in `inputs`. */
  needs?: string[];
  run(ctx: DoctorContext, inputs: Record<string, unknown>, signal: AbortSignal): Promise<CheckOutcome>;
}
