import type { Route } from "../types.js";

export type RouteMaker = (method: string, pattern: string, operationId: string, scopes: string[], handler: Route["handler"]) => Route;

/**
 * Builds management routes of one rate-limit bucket: authenticated by SSWS or by an org-AS token
 * carrying one of `scopes`, and validated against the operation's request schema.
 */
export function routeFactory(bucket: string): RouteMaker {
  return (method, pattern, operationId, scopes, handler) => ({ method, pattern, operationId, auth: { kind: "management", scopes }, bucket, handler });
}
