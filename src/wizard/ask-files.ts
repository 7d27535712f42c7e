import { existsSync } from "node:fs";
import { outDirProblem as unusableOutDir } from "../fs/out-dir-check.js";
import { readManifest } from "../manifest/manifest.js";
import { DEPLOY_FILES, type DeployFile } from "../options/init-options.js";
import { askHelmChart } from "./ask-helm-chart.js";
import { askOption, type WizardAnswers, type WizardContext } from "./wizard-answers.js";

const FILE_CHOICES: Record<DeployFile, { name: string; short: string }> = {
  docker: { name: "Docker Compose: openmetadata.env", short: "docker" },
  "bare-metal": { name: "Bare metal: openmetadata.auth.yaml (to merge into conf/openmetadata.yaml)", short: "bare-metal" },
  helm: { name: "Kubernetes: helm-values.yaml", short: "helm" },
};

/** 9–10: which server config files to write (and the Helm chart the values are for), and the out-dir (not under --sandbox, whose org lives there). */
export async function askFiles(answers: WizardAnswers, ctx: WizardContext, section: (title: string) => void): Promise<void> {
  if (answers.needs("deployFiles")) {
    section("9. OpenMetadata files");
    const current = answers.get("deployFiles") ?? [...DEPLOY_FILES];
    const picked = await ctx.prompter.checkbox<DeployFile>({
      field: "deployFiles",
      message: "Server config files to write (workflowConfig.yaml for ingestion is always written):",
      choices: DEPLOY_FILES.map((f) => ({ value: f, ...FILE_CHOICES[f], checked: current.includes(f) })),
    });
    answers.set("deployFiles", DEPLOY_FILES.filter((f) => picked.includes(f)));
  }
  await askHelmChart(answers, ctx, () => section("9. OpenMetadata files"));
  if (answers.needs("outDir") && !answers.get("sandbox")) {
    section("10. Output directory");
    const orgUrl = answers.get("orgUrl");
    await askOption(answers, ctx, "outDir", {
      message: "Directory for the manifest, the key and the OpenMetadata files:",
      default: answers.showPath(answers.get("outDir")!),
      extra: (dir) => outDirProblem(answers.path(dir), orgUrl),
    });
    answers.set("outDir", answers.path(answers.get("outDir")!));
  }
}

/** The out-dir must be usable (see outDirProblem) and must not hold another org's setup. */
async function outDirProblem(dir: string, orgUrl: string | undefined): Promise<true | string> {
  const problem = await unusableOutDir(dir);
  if (problem) return `${dir} ${problem}.`;
  if (!existsSync(dir)) return true;
  const manifest = await readManifest(dir).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  if (manifest instanceof Error) return manifest.message;
  if (orgUrl && manifest.orgUrl && manifest.orgUrl !== orgUrl) {
    return `${dir} holds the setup of another org (${manifest.orgUrl}); use a separate directory per org.`;
  }
  return true;
}
