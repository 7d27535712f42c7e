import { signInClientId } from "../manifest/manifest.js";
import type { DoctorContext } from "./check.js";
import { firstServerValue, readServerFiles, type ServerAuthView } from "./server-config.js";
import { isOrgIssuer, issuerFromOrgUrl, loadWorkflow, type OktaSecurityConfig, type ParsedWorkflow } from "./workflow-config.js";

/**
 * What the setup says about itself, merged from the workflowConfig, the server files and the
 * manifest. Each check compares one source against the others or against Okta/OpenMetadata.
 */
export interface SetupFacts {
  workflow?: ParsedWorkflow;
  /** Why the workflowConfig could not be parsed. */
  workflowProblem?: string;
  okta?: OktaSecurityConfig;
  /** The issuer ingestion uses: orgURL minus /v1/token. */
  ingestionIssuer?: string;
  /** The issuer the server config files (else the manifest) name as authority. */
  authority?: string;
  /** ingestionIssuer, else authority: the issuer ingestion will actually talk to. */
  issuer?: string;
  /**
   * The issuer the setup is meant to use, for fix texts: the manifest's, else a custom-server issuer
   * from orgURL, else the server's authority. Never the org authorization server.
   */
  expectedIssuer?: string;
  /** The sign-in app's client id: the SPA's, or the web app's when the setup is confidential. */
  spaClientId?: string;
  /** public (the SPA) or confidential (a web app with a secret; the server signs users in). */
  clientType: "public" | "confidential";
  /** workflowConfig clientId, else the manifest's service app. */
  serviceClientId?: string;
  servers: ServerAuthView[];
}

const trim = (url: string | undefined): string | undefined => url?.trim().replace(/\/+$/, "") || undefined;

/** Gathers the setup's own view of itself (no network). */
export async function gatherFacts(ctx: DoctorContext): Promise<SetupFacts> {
  const loaded = await loadWorkflow(ctx);
  const workflow = loaded?.ok ? loaded.value : undefined;
  const okta = workflow?.okta;
  const servers = readServerFiles(ctx);
  const ingestionIssuer = okta?.orgURL ? trim(issuerFromOrgUrl(okta.orgURL)) : undefined;
  const authority = trim(firstServerValue(servers, "authority")) ?? trim(ctx.manifest?.issuer);
  const candidates = [trim(ctx.manifest?.issuer), ingestionIssuer, authority];
  const expectedIssuer = candidates.find((i): i is string => i !== undefined && !isOrgIssuer(i));
  return {
    workflow,
    workflowProblem: loaded && !loaded.ok ? loaded.problem : undefined,
    okta,
    ingestionIssuer,
    authority,
    issuer: ingestionIssuer ?? authority,
    expectedIssuer,
    spaClientId: (ctx.manifest ? signInClientId(ctx.manifest) : undefined) ?? firstServerValue(servers, "clientId"),
    clientType: (ctx.manifest?.clientType ?? firstServerValue(servers, "clientType")) === "confidential" ? "confidential" : "public",
    serviceClientId: okta?.clientId ?? ctx.manifest?.serviceClientId,
    servers,
  };
}

/** "okta-om-setup init --out-dir <dir>", offered where init repairs the problem (only for init-made setups). */
export function rerunInit(ctx: DoctorContext): string | undefined {
  if (!ctx.outDir || !ctx.manifest || Object.keys(ctx.manifest).length <= 1) return undefined;
  return `okta-om-setup init --out-dir ${shellQuote(ctx.outDir)}`;
}

/** Appends "(or rerun `okta-om-setup init ...`, which repairs it)" when init made this setup. */
export function orInit(ctx: DoctorContext, fix: string): string {
  const init = rerunInit(ctx);
  return init ? `${fix}; or rerun \`${init}\`, which repairs it` : fix;
}

/** "okta-om-setup config --out-dir <dir>" for regenerating files. */
export function rerunConfig(ctx: DoctorContext, extra = ""): string {
  return `okta-om-setup config${ctx.outDir ? ` --out-dir ${shellQuote(ctx.outDir)}` : ""}${extra}`;
}

/** Quotes a path for a copy-paste command when it needs it. */
export function shellQuote(value: string): string {
  return /^[\w./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

/** The workflowConfig's path for fix texts. */
export function workflowName(ctx: DoctorContext): string {
  return ctx.workflowConfigPath ?? "workflowConfig.yaml";
}
