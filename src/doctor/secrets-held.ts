import type { DoctorContext } from "./check.js";
import { loadWorkflow } from "./workflow-config.js";

/** Keys whose non-empty string value is a secret, and how to name it in a message. */
const SECRET_KEYS: [RegExp, string][] = [
  [/^privateKey$/i, "the private key"],
  [/^jwtToken$/i, "the bot token"],
  [/password/i, "a password"],
  [/secret/i, "a secret"],
  [/token|apiKey/i, "a token"],
];

function collect(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) value.forEach((item) => collect(item, found));
  else if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const kind = SECRET_KEYS.find(([pattern]) => pattern.test(key))?.[1];
      if (kind && typeof child === "string" && child.trim() !== "") found.add(kind);
      else collect(child, found);
    }
  }
}

/**
 * What secrets a file doctor checks the mode of actually holds, in words ("the private key", "the
 * bot token and a password"), so a warning about who can read it says what they can read; an empty list
 * for a hand-written workflowConfig that holds none. A file that cannot be parsed may hold anything.
 */
export async function secretsHeld(ctx: DoctorContext, file: string): Promise<string[]> {
  if (file === ctx.keyFilePath) return ["the private key"];
  const loaded = file === ctx.workflowConfigPath ? await loadWorkflow(ctx) : undefined;
  if (!loaded?.ok) return ["whatever secrets it holds"];
  const found = new Set<string>();
  collect(loaded.value.doc, found);
  // In the table's order (most specific first), whatever order the file has them in.
  return SECRET_KEYS.map(([, kind]) => kind).filter((kind, i, all) => found.has(kind) && all.indexOf(kind) === i);
}

/** "the private key", "the bot token and a password", "a, b and c". */
export function listWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
