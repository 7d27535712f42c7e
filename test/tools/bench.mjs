// `npm run bench`: how fast the built CLI is, as ratios measured in the same run (issue 12).
//
//   --help / --version wall ÷ `node -e 0`       median of --runs runs (default 15), interleaved
//   fresh init wall ÷ latency                    with its Okta requests and rounds of requests
//   rerun wall ÷ latency                         with its writes (must be 0)
//   doctor wall ÷ latency                        each the median of --samples cycles (default 5)
//   peak RSS of init (and of the others)
//
// Against `okta-om-setup sandbox --latency 200` in its own process (every response 200 ms late,
// like a far-away Okta org), warmed by one untimed init + rerun + doctor, then reset to a new org
// before each of the timed cycles.
// A "round" is a group of requests in flight together: the wall a perfect scheduler cannot beat is
// rounds × latency, and wall ÷ latency says how close the CLI gets to that. Requests and rounds
// come from the sandbox's own request log (GET /__sandbox/requests).
//
// Not run by CI (timings on shared machines are noise there). Options: --latency MS, --runs N, --samples N,
// --bin FILE (the CLI to measure; default bin/okta-om-setup.js), --json (one JSON document on
// stdout instead of the table).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SANDBOX_BIN = join(ROOT, "bin", "okta-om-setup.js");
// --bin FILE measures another build (e.g. one of an older commit) against the same sandbox.
const BIN = process.argv.includes("--bin") ? process.argv[process.argv.indexOf("--bin") + 1] : SANDBOX_BIN;

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} needs a number, got ${process.argv[i + 1]}`);
  return value;
}
const LATENCY = option("--latency", 200);
const RUNS = option("--runs", 15);
const SAMPLES = Math.max(1, option("--samples", 5));
const JSON_OUT = process.argv.includes("--json");

const work = mkdtempSync(join(tmpdir(), "okta-om-bench-"));
// Writes the child's peak RSS (KB) and CPU time (µs) to the file named in BENCH_RSS_FILE as it
// exits. CPU time is the figure to compare when the machine is busy: wall time then mostly says
// how long the process waited for a core.
const rssHook = join(work, "rss-hook.mjs");
writeFileSync(
  rssHook,
  'import { writeFileSync } from "node:fs";\nprocess.on("exit", () => { const u = process.resourceUsage(); writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify([u.maxRSS, u.userCPUTime + u.systemCPUTime])); });\n',
);

/** Runs `node ...args` to the end; wall time in ms from spawn to exit. */
function run(args, { env = {}, cwd = work, rss = false } = {}) {
  const rssFile = join(work, `rss-${process.hrtime.bigint()}`);
  const nodeArgs = rss ? ["--import", rssHook, ...args] : args;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, nodeArgs, {
      cwd,
      env: { PATH: process.env.PATH, HOME: work, NO_COLOR: "1", ...(rss ? { BENCH_RSS_FILE: rssFile } : {}), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const [rssKb, cpuUs] = rss ? JSON.parse(readFileSync(rssFile, "utf8")) : [];
      resolve({ code, stdout, stderr, wallMs, rssMb: rss ? rssKb / 1024 : undefined, cpuMs: rss ? cpuUs / 1000 : undefined });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Starts the sandbox in its own process; resolves once it printed {"orgUrl","apiToken"}. */
function startSandbox() {
  const child = spawn(process.execPath, [SANDBOX_BIN, "sandbox", "--port", "0", "--json", "--latency", String(LATENCY)], {
    cwd: work,
    env: { PATH: process.env.PATH, HOME: work, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout.on("data", (d) => {
      text += d;
      const line = text.split("\n")[0];
      if (text.includes("\n")) resolve({ child, ...JSON.parse(line) });
    });
    child.on("exit", (code) => reject(new Error(`the sandbox exited (${code}) before it was listening`)));
  });
}

async function admin(sandbox, method, path, body) {
  const res = await fetch(sandbox.orgUrl + path, {
    method,
    headers: { Authorization: `SSWS ${sandbox.apiToken}`, Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}`);
  return res.status === 204 ? undefined : res.json();
}

/**
 * The Okta and OpenMetadata requests the last command made: the sandbox's own hooks left out, and
 * so are the OpenMetadata stand-in's own lookups at the org (`serverHop`), which are its requests.
 */
async function takeRequests(sandbox) {
  const entries = await admin(sandbox, "GET", "/__sandbox/requests");
  await admin(sandbox, "DELETE", "/__sandbox/requests");
  return entries.filter((e) => !e.path.startsWith("/__sandbox") && !e.serverHop);
}

/**
 * Rounds on the critical path: a request is one round deeper than the deepest request that had been
 * answered before it started (test/helpers/run-cli.ts roundsOf counts the same way). 2 ms of slack
 * for the log's millisecond timestamps.
 */
function countRounds(entries) {
  const spans = entries.map((e) => ({ start: Date.parse(e.time), end: Date.parse(e.time) + e.durationMs })).sort((a, b) => a.start - b.start);
  const depth = [];
  spans.forEach((span, i) => {
    depth[i] = 1 + Math.max(0, ...spans.slice(0, i).map((before, j) => (before.end <= span.start + 2 ? depth[j] : 0)));
  });
  return Math.max(0, ...depth);
}

const isWrite = (e) => e.method !== "GET" && e.method !== "HEAD" && !/\/v1\/token$/.test(e.path);

function initArgs(sandbox, outDir) {
  return [BIN, "init", "--org-url", sandbox.orgUrl, "--om-url", `${sandbox.orgUrl}/openmetadata`, "--bot-email", "ingestion-bot@example.com", "--out-dir", outDir, "--no-interactive", "--yes", "--json"];
}

/** Tells the OpenMetadata stand-in about the server config init wrote, as `init --sandbox` does. */
async function deployOpenMetadata(sandbox, outDir, initJson) {
  const auth = parseYaml(readFileSync(join(outDir, "openmetadata.auth.yaml"), "utf8"));
  const manifest = JSON.parse(readFileSync(join(outDir, "okta-om-setup.json"), "utf8"));
  await admin(sandbox, "PUT", "/__sandbox/openmetadata", {
    version: manifest.omVersion ?? "1.2.5",
    authConfig: auth.authenticationConfiguration,
    users: ["admin", "ingestion-bot", ...(initJson.serviceClientId ? [initJson.serviceClientId.toLowerCase()] : [])],
  });
}

function must(result, what) {
  if (result.code !== 0 && !(what === "doctor" && result.code === 3)) {
    throw new Error(`${what} exited ${result.code}:\n${result.stderr.slice(-2000)}`);
  }
  return result;
}

async function startupRatios() {
  const samples = { node: [], help: [], version: [] };
  // Interleaved, so that a burst of load on the machine hits all three alike.
  for (let i = 0; i < RUNS; i++) {
    samples.node.push((await run(["-e", "0"])).wallMs);
    samples.help.push((await run([BIN, "--help"])).wallMs);
    samples.version.push((await run([BIN, "--version"])).wallMs);
  }
  const node = median(samples.node);
  return { runs: RUNS, nodeMs: node, helpMs: median(samples.help), versionMs: median(samples.version), help: median(samples.help) / node, version: median(samples.version) / node };
}

async function commandRatios() {
  const sandbox = await startSandbox();
  try {
    const env = { OKTA_OM_API_TOKEN: sandbox.apiToken };
    // Warm-up: the sandbox's lazy parts (spec validation, key handling) and the file cache.
    const warmDir = join(work, "warm");
    const warm = JSON.parse(must(await run(initArgs(sandbox, warmDir), { env }), "warm-up init").stdout);
    must(await run(initArgs(sandbox, warmDir), { env }), "warm-up rerun");
    await deployOpenMetadata(sandbox, warmDir, warm);
    must(await run([BIN, "doctor", "--out-dir", warmDir, "--json"], { env }), "doctor");

    // --samples cycles, each on a new org: fresh init, rerun, deploy, doctor. One run's wall time on
    // a shared 2-core machine varies by ±10%; the median of the cycles is the figure.
    const cycles = [];
    for (let i = 0; i < SAMPLES; i++) {
      await admin(sandbox, "POST", "/__sandbox/reset");
      const outDir = join(work, `okta-om-setup-${i}`);
      const fresh = must(await run(initArgs(sandbox, outDir), { env, rss: true }), "init");
      const freshRequests = await takeRequests(sandbox);
      const rerun = must(await run(initArgs(sandbox, outDir), { env, rss: true }), "rerun");
      const rerunRequests = await takeRequests(sandbox);
      await deployOpenMetadata(sandbox, outDir, JSON.parse(fresh.stdout));
      await takeRequests(sandbox);
      const doctor = must(await run([BIN, "doctor", "--out-dir", outDir, "--json"], { env, rss: true }), "doctor");
      const doctorRequests = await takeRequests(sandbox);
      cycles.push({ init: [fresh, freshRequests], rerun: [rerun, rerunRequests], doctor: [doctor, doctorRequests] });
    }
    // Wall and CPU are medians; requests, rounds and writes are the same in every cycle (the
    // largest is shown if not); peak RSS is the largest.
    const figures = (name) => {
      const runs = cycles.map((c) => c[name][0]);
      const requests = cycles.map((c) => c[name][1]);
      const wallMs = median(runs.map((r) => r.wallMs));
      return {
        wallMs,
        roundTrips: wallMs / LATENCY,
        samples: runs.map((r) => Math.round(r.wallMs)),
        requests: Math.max(...requests.map((r) => r.length)),
        rounds: Math.max(...requests.map(countRounds)),
        writes: Math.max(...requests.map((r) => r.filter(isWrite).length)),
        peakRssMb: Math.max(...runs.map((r) => r.rssMb)),
        cpuMs: median(runs.map((r) => r.cpuMs)),
        exitCode: Math.max(...runs.map((r) => r.code)),
      };
    };
    return { init: figures("init"), rerun: figures("rerun"), doctor: figures("doctor") };
  } finally {
    sandbox.child.kill("SIGTERM");
  }
}

const GOALS = { help: 1.1, version: 1.1, init: 6, rerun: 2, doctor: 3, rssMb: 100 };

function table(result) {
  const { startup, commands } = result;
  const mark = (value, goal) => (value <= goal ? "ok" : `over the goal of ${goal}`);
  const f = (n, d = 2) => n.toFixed(d);
  const lines = [
    `okta-om-setup bench: node ${process.version}, ${result.cpus} CPUs, load average ${result.loadAverage}, sandbox latency ${LATENCY} ms`,
    "",
    `node -e 0                 ${f(startup.nodeMs, 0)} ms (median of ${startup.runs})`,
    `--help    ÷ node -e 0     ${f(startup.help)}x   (${f(startup.helpMs, 0)} ms)   ${mark(startup.help, GOALS.help)}`,
    `--version ÷ node -e 0     ${f(startup.version)}x   (${f(startup.versionMs, 0)} ms)   ${mark(startup.version, GOALS.version)}`,
  ];
  for (const name of ["init", "rerun", "doctor"]) {
    const c = commands[name];
    const label = { init: "fresh init", rerun: "rerun     ", doctor: "doctor    " }[name];
    lines.push(
      `${label} ÷ ${LATENCY} ms     ${f(c.roundTrips)}   (median ${f(c.wallMs, 0)} ms of ${c.samples.join(", ")}; ${c.requests} requests in ${c.rounds} rounds, ${c.writes} writes; CPU ${f(c.cpuMs, 0)} ms; peak RSS ${f(c.peakRssMb, 0)} MB)   ${mark(c.roundTrips, GOALS[name])}`,
    );
  }
  lines.push(`peak RSS of init          ${f(commands.init.peakRssMb, 0)} MB   ${mark(commands.init.peakRssMb, GOALS.rssMb)}`);
  if (commands.rerun.writes !== 0) lines.push(`! the rerun wrote ${commands.rerun.writes} times: it should change nothing`);
  if (commands.doctor.exitCode !== 0) lines.push(`! doctor exited ${commands.doctor.exitCode}`);
  return lines.join("\n") + "\n";
}

try {
  const { cpus, loadavg } = await import("node:os");
  const loadAverage = loadavg().map((n) => n.toFixed(2)).join(" ");
  const startup = await startupRatios();
  const commands = await commandRatios();
  const result = { node: process.version, cpus: cpus().length, loadAverage, latencyMs: LATENCY, startup, commands, goals: GOALS };
  process.stdout.write(JSON_OUT ? JSON.stringify(result, null, 2) + "\n" : table(result));
} finally {
  rmSync(work, { recursive: true, force: true });
}
