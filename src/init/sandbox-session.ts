import { join } from "node:path";
import type { Manifest } from "../manifest/manifest.js";
import { Secret } from "../secret.js";

export const SANDBOX_STATE_FILE = "sandbox-org.json";

/** True for the org URL an earlier `init --sandbox` recorded (the in-process sandbox on loopback). */
export function isSandboxOrgUrl(orgUrl: string): boolean {
  return /^http:\/\/127\.0\.0\.1:\d+$/.test(orgUrl);
}

export interface SandboxSession {
  orgUrl: string;
  apiToken: Secret;
  openMetadataUrl: string;
  /**
   * Tells the OpenMetadata stand-in about the server config init wrote ("deploys" it and restarts);
   * with only a version it just boots that version (1.10+ seeds its database when empty).
   */
  deployOpenMetadata(config: { version: string; authConfig?: Record<string, unknown>; users?: string[] }): Promise<void>;
  /** An admin token the stand-in accepts (a real server's admin personal access token). */
  openMetadataAdminToken(): Promise<Secret>;
  /** A bot JWT from the OpenMetadata stand-in (for 1.3+, whose ingestion uses it instead of Okta). */
  botToken(): Promise<Secret>;
  /** Saves the org next to the manifest, so a second `init --sandbox` finds everything again. */
  close(): Promise<void>;
}

/**
 * `init --sandbox`: an in-process sandbox org whose state lives in the out-dir, on the same port as
 * last time when it is free, so reruns are idempotent like against a real org.
 */
export async function startSandboxSession(outDir: string, manifest: Manifest): Promise<SandboxSession> {
  const { createSandbox } = await import("../sandbox/index.js");
  const stateFile = join(outDir, SANDBOX_STATE_FILE);
  const previousPort = manifest.orgUrl && isSandboxOrgUrl(manifest.orgUrl) ? Number(new URL(manifest.orgUrl).port) : 0;
  let sandbox;
  try {
    sandbox = await createSandbox({ port: previousPort, stateFile });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
    sandbox = await createSandbox({ port: 0, stateFile });
  }
  const token = sandbox.apiToken;
  return {
    orgUrl: sandbox.orgUrl,
    apiToken: new Secret(token),
    openMetadataUrl: sandbox.openMetadataUrl,
    async deployOpenMetadata(config) {
      const res = await fetch(`${sandbox.orgUrl}/__sandbox/openmetadata`, {
        method: "PUT",
        headers: { Authorization: `SSWS ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify(config),
      });
      if (!res.ok) throw new Error(`the sandbox refused the OpenMetadata config (HTTP ${res.status})`);
    },
    async openMetadataAdminToken() {
      return new Secret(await sandbox.openMetadataAdminToken());
    },
    async botToken() {
      const res = await fetch(`${sandbox.orgUrl}/__sandbox/openmetadata/bot-token`, { method: "POST", headers: { Authorization: `SSWS ${token}` } });
      if (!res.ok) throw new Error(`the sandbox did not issue a bot token (HTTP ${res.status})`);
      return new Secret(((await res.json()) as { token: string }).token);
    },
    async close() {
      await sandbox.saveState(stateFile);
      await sandbox.close();
    },
  };
}
