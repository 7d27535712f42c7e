// The open-metadata/openmetadata Helm chart: which chart ships which OpenMetadata version, and which
// sign-in keys each chart version knows. The values layout follows the *chart* version, not the
// OpenMetadata version (chart 1.1.0 still ships OpenMetadata 1.0.5, with the new layout), and the
// chart's values.schema.json rejects unknown keys, so every key is gated on the chart (VERSIONS:
// "Helm (layout follows the chart version)").
import { UsageError } from "../errors.js";
import { quoteInput } from "../output/quote-input.js";
import { HELM_CHARTS } from "./helm-chart-table.js";
import { clampToKnown, compareOmVersion, formatOmVersion, parseOmVersion, tryParseOmVersion } from "./om-version.js";
import type { HelmLayout, OmVersion } from "./om-version.js";

export interface HelmChart {
  /** The chart version, e.g. "1.1.0". */
  version: string;
  parsed: OmVersion;
  /** The OpenMetadata line the chart ships (its appVersion), for the "too old" check. */
  appVersion?: OmVersion;
  /** Where the chart's version came from: given now, remembered from an earlier run, or derived. */
  source: "flag" | "remembered" | "default";
}

export interface HelmChartFeatures {
  layout: HelmLayout;
  /** openmetadata.config.authentication.clientType (chart 1.3.2+). */
  clientType: boolean;
}

const CHART_RE = /^v?(\d{1,4})\.(\d{1,4})\.(\d{1,6})$/;
const parseChart = (v: string): OmVersion => parseOmVersion(v);
const NEWEST = HELM_CHARTS[HELM_CHARTS.length - 1]![0];

/** Parses --helm-chart-version: exactly major.minor.patch (chart tags have no suffixes); exit 2 otherwise. */
export function parseHelmChartVersion(raw: string, flag = "--helm-chart-version", source: "flag" | "remembered" = "flag"): HelmChart {
  const trimmed = raw.trim();
  const match = CHART_RE.exec(trimmed);
  if (!match) {
    throw new UsageError(
      `${flag}: ${quoteInput(trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed)} is not a Helm chart version.`,
      `Give the open-metadata/openmetadata chart version you deploy with, e.g. ${flag} 1.5.0 (helm list shows it as openmetadata-<version>).`,
    );
  }
  const version = `${match[1]}.${match[2]}.${match[3]}`;
  const parsed = parseChart(version);
  return { version, parsed, appVersion: chartAppVersion(parsed), source };
}

/** The OpenMetadata version a chart ships: from the table, else by the chart's own numbering. */
function chartAppVersion(chart: OmVersion): OmVersion | undefined {
  const known = HELM_CHARTS.find(([c]) => compareOmVersion(parseChart(c), chart) === 0);
  if (known) return tryParseOmVersion(known[1]);
  // Charts 0.0.53+ ship 0.13.x; from 1.0 the chart's major.minor is the OpenMetadata line
  // (charts.tsv), except 1.1.0–1.1.4, which are in the table.
  if (chart.major === 0 && chart.minor === 0) return chart.patch >= 53 ? parseOmVersion("0.13.0") : undefined;
  return { raw: "", major: chart.major, minor: chart.minor, patch: 0 };
}

/**
 * The chart that ships this OpenMetadata version: the first chart whose appVersion equals it, else
 * the newest chart of the same line shipping an older patch, else the first chart of the line, else
 * (past the newest known line) the newest chart.
 */
export function defaultHelmChart(omVersion: OmVersion): HelmChart {
  const v = clampToKnown(omVersion).version;
  const charts = HELM_CHARTS.map(([chart, app]) => ({ chart, app: parseOmVersion(app) }));
  const sameLine = charts.filter((c) => c.app.major === v.major && c.app.minor === v.minor);
  const pick =
    sameLine.find((c) => compareOmVersion(c.app, v) === 0) ??
    sameLine.filter((c) => compareOmVersion(c.app, v) < 0).pop() ??
    sameLine[0] ??
    charts.find((c) => compareOmVersion(c.app, v) > 0) ??
    charts[charts.length - 1]!;
  const parsed = parseChart(pick.chart);
  return { version: pick.chart, parsed, appVersion: pick.app, source: "default" };
}

/** Throws a UsageError naming the flag when the chart is older than the OpenMetadata line it must serve. */
export function checkChartServes(chart: HelmChart, omVersion: OmVersion, flag = "--helm-chart-version"): void {
  const v = clampToKnown(omVersion).version;
  const app = chart.appVersion;
  if (app === undefined) {
    throw new UsageError(
      `${flag}: chart ${chart.version} is older than any chart this tool knows (0.0.53, OpenMetadata 0.13.1, and later).`,
      `Use the chart you deploy OpenMetadata ${omVersion.raw} with, e.g. ${flag} ${defaultHelmChart(omVersion).version}.`,
    );
  }
  if ((app.major < v.major || (app.major === v.major && app.minor < v.minor)) && chart.source === "remembered") {
    // Not given this time: the chart of an earlier run, left behind by an OpenMetadata upgrade.
    throw new UsageError(
      `${flag}: chart ${chart.version}, remembered from an earlier run (okta-om-setup.json), ships OpenMetadata ${formatOmVersion(app)}, older than the ${omVersion.raw} it must serve.`,
      `Pass the chart you now deploy OpenMetadata ${omVersion.raw} with, e.g. ${flag} ${defaultHelmChart(omVersion).version} (helm list shows it as openmetadata-<version>).`,
    );
  }
  if (app.major < v.major || (app.major === v.major && app.minor < v.minor)) {
    throw new UsageError(
      `${flag}: chart ${chart.version} ships OpenMetadata ${formatOmVersion(app)}, older than the ${omVersion.raw} it must serve.`,
      `Use a chart of the ${v.major}.${v.minor} line or newer, e.g. ${flag} ${defaultHelmChart(omVersion).version}, or drop the flag.`,
    );
  }
}

/** A note when the chart is newer than every chart this tool knows. */
export function chartNote(chart: HelmChart): string | undefined {
  if (compareOmVersion(chart.parsed, parseChart(NEWEST)) <= 0) return undefined;
  return `Helm chart ${chart.version} is newer than ${NEWEST}, the newest chart this tool knows; its values follow ${NEWEST}.`;
}

/** Which keys the chart version knows (VERSIONS: Helm table; checked against every tag's values.schema.json). */
export function helmChartFeatures(chart: HelmChart): HelmChartFeatures {
  const at = (major: number, minor: number, patch: number) => compareOmVersion(chart.parsed, { raw: "", major, minor, patch }) >= 0;
  return {
    // Chart 1.1.0 moved global.authorizer / global.authentication to openmetadata.config.*.
    layout: at(1, 1, 0) ? "openmetadata.config" : "global",
    // clientType (enum public | confidential) first appears in chart 1.3.2's schema.
    clientType: at(1, 3, 2),
  };
}
