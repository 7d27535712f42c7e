import { UsageError } from "../errors.js";
import { checkChartServes, defaultHelmChart, parseHelmChartVersion } from "../openmetadata/helm-chart.js";
import { tryParseOmVersion } from "../openmetadata/om-version.js";
import { validator, type WizardAnswers, type WizardContext } from "./wizard-answers.js";

/**
 * 9b: the Helm chart version helm-values.yaml is for, when it is written. Its layout and keys follow
 * the chart, not OpenMetadata (chart 1.1.0 ships 1.0.5 with the newer layout, and a chart's schema
 * refuses keys it does not know), so a wrong guess breaks `helm upgrade`. The default is the chart
 * that ships the answered version; taking it leaves the flag out of the printed CI command, which
 * derives the same chart from --om-version.
 */
export async function askHelmChart(answers: WizardAnswers, ctx: WizardContext, section: () => void): Promise<void> {
  if (!answers.needs("helmChartVersion") || !answers.get("deployFiles")?.includes("helm")) return;
  const omVersion = tryParseOmVersion(answers.get("omVersion") ?? "");
  // Without a version (the sandbox's own fallback) there is no chart to derive or check against.
  if (!omVersion) return;
  section();
  const shipping = defaultHelmChart(omVersion).version;
  let picked: string | undefined;
  await ctx.prompter.input({
    field: "helmChartVersion",
    message: `open-metadata/openmetadata Helm chart version you deploy with (helm list shows openmetadata-<version>; the chart for ${omVersion.raw} is ${shipping}):`,
    default: answers.get("helmChartVersion") ?? shipping,
    validate: validator(
      "helmChartVersion",
      (value) => (picked = value),
      (value) => {
        // The flag's own check has passed, so the value is a chart version.
        if (value === undefined) return true;
        try {
          checkChartServes(parseHelmChartVersion(value), omVersion, "chart");
          return true;
        } catch (err) {
          if (err instanceof UsageError) return `${err.message.replace(/^chart: /, "")} Use e.g. ${shipping}, the chart for ${omVersion.raw}.`;
          throw err;
        }
      },
    ),
  });
  if (picked === undefined) throw new Error("the prompt for helmChartVersion returned without a validated answer");
  if (picked !== shipping || answers.get("helmChartVersion") !== undefined) answers.set("helmChartVersion", picked);
}
