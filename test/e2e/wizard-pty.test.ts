// The built binary in a real pseudo-terminal (util-linux `script`), against a sandbox org started in
// this process: what a person at a terminal gets from `okta-om-setup init`.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { KNOWN_OM_LINES } from "../../src/openmetadata/om-version.js";
import { startSandbox } from "../helpers/sandbox.js";
import { tempDir } from "../helpers/run-cli.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(ROOT, "bin", "okta-om-setup.js");
const SCRIPT = "/usr/bin/script";
const STEP_TIMEOUT_MS = 20_000;

/**
 * Replays terminal output the way a screen shows it: carriage returns, cursor up/down/column,
 * erase line/screen-below. Enough for inquirer's redraws; everything else is dropped.
 */
function renderTerminal(raw: string): string {
  const lines: string[] = [""];
  let row = 0;
  let col = 0;
  const put = (ch: string) => {
    const line = lines[row] ?? "";
    lines[row] = line.padEnd(col, " ").slice(0, col) + ch + line.slice(col + 1);
    col++;
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === "\x1b") {
      // eslint-disable-next-line no-control-regex -- terminal escape sequences are the input here
      const csi = /^\x1b\[([?\d;]*)([A-Za-z])/.exec(raw.slice(i));
      if (csi) {
        const n = Number(csi[1]?.replace("?", "") || "1") || 1;
        if (csi[2] === "A") row = Math.max(0, row - n);
        else if (csi[2] === "B") row += n;
        else if (csi[2] === "G") col = n - 1;
        else if (csi[2] === "K") lines[row] = csi[1] === "2" ? "" : (lines[row] ?? "").slice(0, col);
        else if (csi[2] === "J") {
          lines.splice(row + 1);
          lines[row] = (lines[row] ?? "").slice(0, col);
        }
        i += csi[0].length - 1;
      } else {
        // eslint-disable-next-line no-control-regex -- OSC and charset sequences, skipped
        const other = /^\x1b(?:\][^\x07]*\x07|[()][A-Z0-9]|.)/.exec(raw.slice(i));
        i += (other?.[0].length ?? 1) - 1;
      }
      while (lines.length <= row) lines.push("");
      continue;
    }
    if (ch === "\r") col = 0;
    else if (ch === "\n") {
      row++;
      col = 0;
      while (lines.length <= row) lines.push("");
    } else if (ch >= " " || ch === "\t") put(ch);
  }
  return lines.map((l) => l.trimEnd()).join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

interface PtyRun {
  child: ChildProcessWithoutNullStreams;
  raw: () => string;
  screen: () => string;
  exit: Promise<number>;
  /** Waits until `text` appears after the last position waited for, then moves past it. */
  waitFor(text: string | RegExp): Promise<void>;
  type(keys: string): void;
}

const running: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function startPty(args: string, env: Record<string, string>, cwd: string): PtyRun {
  // A wide terminal keeps inquirer's line counting free of wrapping.
  const command = `stty cols 400 rows 60 2>/dev/null; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args}`;
  const child = spawn(SCRIPT, ["-qfec", command, "/dev/null"], { cwd, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd, TERM: "xterm-256color", LANG: "C.UTF-8", ...env } });
  running.push(child);
  let raw = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (raw += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (raw += chunk));
  const exit = new Promise<number>((resolve) => child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  let seen = 0;
  const plain = () => stripVTControlCharacters(raw);
  return {
    child,
    raw: () => raw,
    screen: () => renderTerminal(raw),
    exit,
    async waitFor(text) {
      const deadline = Date.now() + STEP_TIMEOUT_MS;
      for (;;) {
        const rest = plain().slice(seen);
        const at = typeof text === "string" ? rest.indexOf(text) : (text.exec(rest)?.index ?? -1);
        if (at >= 0) {
          seen += at + 1;
          return;
        }
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`waited for ${String(text)} (exit ${child.exitCode}); the terminal shows:\n${renderTerminal(raw)}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    type(keys) {
      child.stdin.write(keys);
    },
  };
}

/** The release line list starts at the newest line; arrow down to 1.2.x, the last line with a service app. */
const DOWN = "\x1b[B";
const TO_LINE_1_2 = DOWN.repeat([...KNOWN_OM_LINES].reverse().findIndex((l) => l.line === "1.2"));

/** Every question of a first run with the org URL and token in the env, in order; Enter answers unless keys are given. */
const QUESTIONS: (string | RegExp | { question: string; keys: string })[] = [
  "OpenMetadata URL (what users open in the browser):",
  // Nothing answers at the default OpenMetadata URL, so the version is asked: line first, then exact.
  { question: "OpenMetadata release line of your server:", keys: TO_LINE_1_2 },
  /OpenMetadata (server )?version/,
  "Label of the sign-in app in Okta:",
  "Sign-in redirect URIs (comma separated):",
  "Sign-out redirect URIs:",
  "Base URIs (trusted origins for CORS and redirects):",
  "Who may sign in to OpenMetadata?",
  "Authorization server for OpenMetadata's tokens:",
  "Custom scope",
  "Access policy name:",
  "Access policy rule name:",
  "Label of the ingestion service app in Okta:",
  "Private key the service app signs its token requests with:",
  "Email of OpenMetadata's ingestion bot:",
  "OpenMetadata admins",
  "Your users' email domain",
  "Server config files to write",
  "open-metadata/openmetadata Helm chart version you deploy with",
  "Directory for the manifest, the key and the OpenMetadata files:",
];

async function answer(pty: PtyRun, question: (typeof QUESTIONS)[number]): Promise<void> {
  if (typeof question === "object" && !(question instanceof RegExp)) {
    await pty.waitFor(`? ${question.question}`);
    pty.type(question.keys);
  } else await pty.waitFor(typeof question === "string" ? `? ${question}` : question);
  pty.type("\r");
}

describe.skipIf(!existsSync(SCRIPT))("init wizard in a real terminal (built binary)", () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, "dist", "cli.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does it in pretest).");
  });

  it("Enter at every prompt and y at the plan: a complete setup, then the equivalent CI command", { timeout: 120_000 }, async () => {
    const sandbox = await startSandbox();
    const cwd = tempDir("okta-om-pty-");
    const pty = startPty("init", { OKTA_OM_ORG_URL: sandbox.orgUrl, OKTA_OM_API_TOKEN: sandbox.apiToken }, cwd);
    try {
      await pty.waitFor(`Signed in to ${sandbox.orgUrl} as admin@sandbox.example`);
      for (const question of QUESTIONS) await answer(pty, question);
      await pty.waitFor(`Plan for ${sandbox.orgUrl}:`);
      await pty.waitFor("? Apply this plan? (y/N)");
      pty.type("y");
      pty.type("\r");
      await pty.waitFor("To repeat this in CI");
      await pty.waitFor("? ");
      // OpenMetadata is not running at the default URL, so doctor is offered with default No.
      await pty.waitFor("Run doctor now anyway? (y/N)");
      pty.type("\r");
      expect(await pty.exit).toBe(0);
    } finally {
      if (process.env.WIZARD_TRANSCRIPT) writeFileSync(process.env.WIZARD_TRANSCRIPT, `${pty.screen()}\n`);
    }
    const screen = pty.screen();
    expect(screen).toContain("✔ Apply this plan? Yes");
    expect(screen).toMatch(/Done in [\d.]+s: 12 created, 0 updated, 0 adopted, 0 unchanged\./);
    expect(screen).toMatch(new RegExp(`okta-om-setup init --org-url ${sandbox.orgUrl.replace(/[.]/g, "\\.")} --om-url http://localhost:8585 .* --out-dir \\./okta-om-setup --deploy-files docker,bare-metal,helm --no-interactive --yes`));
    expect(screen).not.toContain(sandbox.apiToken);
    expect(readdirSync(join(cwd, "okta-om-setup")).sort()).toEqual([
      "helm-values.yaml",
      "okta-om-setup.json",
      "openmetadata.auth.yaml",
      "openmetadata.env",
      "service-app.private.jwk.json",
      "service-app.public.jwks.json",
      "workflowConfig.yaml",
    ]);
    expect(Object.values(sandbox.state.apps).map((a) => a.label)).toEqual(["OpenMetadata", "OpenMetadata Ingestion Bot"]);
  });

  it("Ctrl-C at a prompt: exit 130, nothing written in Okta or on disk, and how to resume", { timeout: 60_000 }, async () => {
    const sandbox = await startSandbox();
    const cwd = tempDir("okta-om-pty-");
    const pty = startPty("init", { OKTA_OM_ORG_URL: sandbox.orgUrl, OKTA_OM_API_TOKEN: sandbox.apiToken }, cwd);
    for (const question of QUESTIONS.slice(0, 4)) await answer(pty, question);
    await pty.waitFor("? Sign-in redirect URIs");
    pty.type("\x03");
    expect(await pty.exit).toBe(130);
    const screen = pty.screen();
    expect(screen).toContain("Cancelled; nothing was changed in Okta or on disk.");
    expect(screen).toMatch(/To continue where you stopped.*\n\s+okta-om-setup init --org-url \S+ --om-url http:\/\/localhost:8585 --om-version \S+ --app-name OpenMetadata/);
    expect(sandbox.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(readdirSync(cwd).filter((f) => f !== ".okta")).toEqual([]);
  });
});
