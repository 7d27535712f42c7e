import { compactPrivateJwk } from "../keys/key-files.js";
import { parseHelmChartVersion } from "../openmetadata/helm-chart.js";
import type { Manifest } from "../manifest/manifest.js";
import { loadOmBotJwt } from "../openmetadata/bot-jwt.js";
import type { OmVersion } from "../openmetadata/om-version.js";
import type { InitOptions } from "../options/init-options.js";
import type { Output } from "../output/output.js";
import { writeOpenMetadataOutputs, type OutputsResult } from "../outputs/write-om-outputs.js";
import { valueOf } from "../init/resources/find.js";
import { clientIdOf } from "../init/resources/spa-app.js";
import type { ProvisionResult } from "../init/run-init.js";
import type { OmConfigInput } from "../openmetadata/om-config-input.js";

export type PlannedFile = OutputsResult["files"][number];

type PreviewRequest = { options: InitOptions; manifest: Manifest; preview: ProvisionResult; omVersion: OmVersion; orgUrl: string; serviceApp: boolean; env: Record<string, string | undefined> };

/**
 * What the OpenMetadata side would be rendered from after a dry run. Ids that only exist once Okta
 * objects are created are stand-ins ("pending-..."), so a first run's plan shows them as such.
 */
export async function previewOmInput(input: PreviewRequest): Promise<OmConfigInput> {
  const { options, manifest, preview } = input;
  const spa = valueOf(preview.snapshot.spa);
  const serviceClientId = input.serviceApp ? (manifest.serviceClientId ?? "pending-service-client-id") : undefined;
  return {
    omUrl: options.omUrl,
    omVersion: input.omVersion,
    issuer: manifest.issuer ?? valueOf(preview.snapshot.authServer)?.issuer ?? `${input.orgUrl}/oauth2/pending`,
    spaClientId: manifest.spaClientId ?? (spa ? clientIdOf(spa) : "pending-spa-client-id"),
    serviceClientId,
    privateKeyJwk: serviceClientId && preview.key ? compactPrivateJwk(preview.key) : undefined,
    botEmail: options.botEmail,
    adminPrincipals: options.adminPrincipals,
    principalDomain: options.principalDomain,
    hasDefaultScope: true,
    scope: options.scope,
    omBotJwt: await loadOmBotJwt({ file: options.omBotJwtFile, env: input.env }),
    deployFiles: options.deployFiles,
    helmChart: options.helmChartVersion ? parseHelmChartVersion(options.helmChartVersion) : undefined,
  };
}

/** The OpenMetadata files a run would write, with their action (create, update, unchanged, overwrite your edits). */
export async function planFiles(input: PreviewRequest, out: Output): Promise<PlannedFile[]> {
  const result = await writeOpenMetadataOutputs({ outDir: input.options.outDir, manifest: input.manifest, yes: true, dryRun: true, input: await previewOmInput(input) }, out);
  return result.files;
}

const FILE_MARKS: Record<PlannedFile["action"], string> = { create: "+", update: "~", unchanged: " ", "overwrite-user-edits": "!" };
const FILE_WORDS: Record<PlannedFile["action"], string> = {
  create: "write",
  update: "update",
  unchanged: "no change",
  "overwrite-user-edits": "overwrite",
};

/** Plan lines for the files, in the same layout as the Okta plan lines. */
export function printFilePlan(out: Output, files: PlannedFile[], mergeInto: string | undefined): void {
  for (const file of files) {
    const extra = file.action === "overwrite-user-edits" ? "  edited since okta-om-setup wrote it; you will see the diff and be asked" : file.secret ? "  mode 0600, holds the private key" : "";
    const line = `${FILE_MARKS[file.action]} ${FILE_WORDS[file.action].padEnd(9)} file ${file.path}${extra}`;
    out.info(`  ${file.action === "unchanged" ? out.style.dim(line) : line}`);
  }
  if (mergeInto) out.info(`  ~ merge     into ${mergeInto}  (a backup is written next to it)`);
}
