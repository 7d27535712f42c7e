import { readJson } from "./body.js";
import type { FaultRule, FaultTable } from "./faults.js";
import { oktaError } from "./okta-errors.js";
import type { RequestLog } from "./request-log.js";
import type { OrgState } from "./state.js";
import type { Route } from "./types.js";

export interface SandboxControl {
  reset(): void;
  loadState(state: OrgState): void;
  getState(): OrgState;
  faults: FaultTable;
  log: RequestLog;
}

/**
 * Test hooks for out-of-process use (the `sandbox` command, PTY and e2e tests): fault rules, the
 * request log and state snapshots. Not part of Okta's API; they need the sandbox's SSWS token.
 */
export function adminRoutes(control: SandboxControl): Route[] {
  const r = (method: string, pattern: string, handler: Route["handler"]): Route => ({
    method,
    pattern,
    auth: { kind: "management", scopes: ["sandbox.admin"] },
    bucket: "__sandbox",
    handler,
  });
  return [
    r("POST", "/__sandbox/faults", (req) => {
      const body = readJson(req);
      const rules = (Array.isArray(body) ? body : [body]) as FaultRule[];
      for (const rule of rules) {
        if (!rule || typeof rule.path !== "string" || !rule.action) throw oktaError("E0000028");
        control.faults.add(rule);
      }
      return { status: 200, json: control.faults.list() };
    }),
    r("GET", "/__sandbox/faults", () => ({ status: 200, json: control.faults.list() })),
    r("DELETE", "/__sandbox/faults", () => {
      control.faults.clear();
      return { status: 204 };
    }),
    r("GET", "/__sandbox/requests", () => ({ status: 200, json: control.log.entries })),
    r("DELETE", "/__sandbox/requests", () => {
      control.log.clear();
      return { status: 204 };
    }),
    r("GET", "/__sandbox/state", () => ({ status: 200, json: control.getState() })),
    r("PUT", "/__sandbox/state", (req) => {
      const body = readJson(req) as OrgState | undefined;
      if (!body || body.schemaVersion !== 1) throw oktaError("E0000003");
      control.loadState(body);
      return { status: 204 };
    }),
    r("POST", "/__sandbox/reset", () => {
      control.reset();
      return { status: 204 };
    }),
  ];
}
