import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { CLIENT_SECRET_FILE } from "../../init/client-secret-file.js";
import { HELM_OIDC_SECRET_FILE, SECRETS_ENV_FILE } from "../../openmetadata/generated-file.js";
import type { Check } from "../check.js";
import { Findings, skipped } from "../findings.js";
import { listWords, secretsHeld } from "../secrets-held.js";
import { shellQuote } from "../setup-facts.js";

const octal = (mode: number): string => `0${(mode & 0o777).toString(8)}`;

/** The private key file and the workflowConfig (when it embeds a key, token or password) must be 0600. */
export const keyFileModes: Check = {
  id: "key-file-modes",
  title: "Secret files are readable only by their owner (0600)",
  async run(ctx) {
    if (process.platform === "win32") return skipped("file modes do not apply on Windows (check the file ACLs instead)");
    // Confidential sign-in adds the client secret and the two files that carry it.
    const secretFiles = ctx.outDir ? [CLIENT_SECRET_FILE, SECRETS_ENV_FILE, HELM_OIDC_SECRET_FILE].map((n) => join(ctx.outDir!, n)).filter((p) => existsSync(p)) : [];
    const files = [ctx.keyFilePath, ctx.workflowConfigPath, ...secretFiles].filter((f): f is string => typeof f === "string");
    if (files.length === 0) return skipped("no key file or workflowConfig to check");
    const f = new Findings();
    for (const file of files) {
      let mode: number;
      try {
        mode = (await stat(file)).mode;
      } catch (err) {
        f.fail(`${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`, `check that ${file} exists and is readable`);
        continue;
      }
      const fix = `chmod 600 ${shellQuote(file)}`;
      const held = secretFiles.includes(file) ? ["the client secret"] : await secretsHeld(ctx, file);
      // Others reading a secret is a leak; group access is often a shared-account choice. The words
      // say what the file holds: a hand-written workflowConfig may hold a bot token, or nothing.
      if (held.length === 0) f.pass(`${file} is mode ${octal(mode)} and holds no private key, token or password`);
      else if (mode & 0o007) f.fail(`${file} is mode ${octal(mode)}: every user on this host can read ${listWords(held)} in it`, fix);
      else if (mode & 0o070) f.warn(`${file} is mode ${octal(mode)}: its group can read ${listWords(held)} in it`, fix);
      else f.pass(`${file} is mode ${octal(mode)}`);
    }
    return f.outcome();
  },
};
