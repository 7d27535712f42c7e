// OpenMetadata's conf/openmetadata.yaml writes most values as `${ENV_VAR:-default}`; Dropwizard
// substitutes them in the raw text before parsing the YAML. These helpers read and rewrite that form.
import { parse } from "yaml";
import type { BlockValue } from "./server-blocks.js";

const ENV_FORM = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?\}$/s;
const ENV_ANYWHERE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
// Plain YAML scalars that read back as the same string (no booleans, numbers, nulls, indicators).
const PLAIN_SAFE = /^[A-Za-z0-9_./@~-][A-Za-z0-9_./:@~+-]*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|null|~|[-+]?(?:\d[\d_]*)?(?:\.\d+)?(?:e[-+]?\d+)?)$/i;

/** `{ name, fallback }` when the text is exactly `${NAME}` or `${NAME:-fallback}`. */
export function parseEnvForm(text: string): { name: string; fallback?: string } | undefined {
  const match = ENV_FORM.exec(text);
  if (!match?.[1]) return undefined;
  return match[2] === undefined ? { name: match[1] } : { name: match[1], fallback: match[2] };
}

function flowScalar(value: string): string {
  return value !== "" && PLAIN_SAFE.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}

/** The value as YAML flow text, the way the conf's defaults are written (`[a, b]`, `""`, `false`). */
export function flowText(value: BlockValue): string {
  if (Array.isArray(value)) return `[${value.map(flowScalar).join(", ")}]`;
  if (typeof value === "boolean") return String(value);
  return flowScalar(value);
}

/** `${NAME:-<value as flow YAML>}`. */
export function envFormWithDefault(name: string, value: BlockValue): string {
  const text = flowText(value);
  // A `}` would end the substitution early; validated input never contains one.
  if (text.includes("}")) throw new Error(`value for ${name} cannot be an env default`);
  return `\${${name}:-${text}}`;
}

/** What a `${NAME:-fallback}` evaluates to with NAME unset, as a YAML value. */
export function envDefaultValue(text: string): unknown {
  const form = parseEnvForm(text);
  if (form?.fallback === undefined) return undefined;
  try {
    return parse(form.fallback) as unknown;
  } catch {
    return undefined;
  }
}

/** The file's text with every `${NAME:-fallback}` replaced by its fallback (Dropwizard with NAME unset). */
export function substituteEnvDefaults(text: string): string {
  return text.replace(ENV_ANYWHERE, (whole, _name: string, fallback: string | undefined) => fallback ?? whole);
}
