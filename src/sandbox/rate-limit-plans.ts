/**
 * Okta's per-minute management limits by plan, and the concurrency limit (REAL-ORG.md: "Rate limits";
 * DOCS rl-global-mgmt, rl-additional-limits, rl2-concurrency). Buckets are Okta's endpoint families,
 * not our route files: see `oktaBucket`.
 */
export const RATE_LIMIT_PLANS = ["integrator-free", "one-app", "enterprise", "workforce"] as const;
export type RateLimitPlan = (typeof RATE_LIMIT_PLANS)[number];

export const APPS_BUCKET = "api/v1/apps";
export const APP_BY_ID_BUCKET = "api/v1/apps/{id}";
export const CLIENTS_BUCKET = "oauth2/v1/clients";
export const OTHER_API_BUCKET = "api/v1";

const TABLE: Record<RateLimitPlan, { apps: number; appById: number; clients: number; other: number; concurrency: number }> = {
  "integrator-free": { apps: 20, appById: 100, clients: 25, other: 100, concurrency: 35 },
  "one-app": { apps: 100, appById: 600, clients: 100, other: 600, concurrency: 75 },
  enterprise: { apps: 100, appById: 600, clients: 100, other: 600, concurrency: 75 },
  workforce: { apps: 100, appById: 500, clients: 100, other: 1200, concurrency: 75 },
};

/** The limits of one plan, in the shape RateLimiter takes. */
export function planLimits(plan: RateLimitPlan): { limits: Record<string, number>; concurrency: number } {
  const row = TABLE[plan];
  return {
    limits: { [APPS_BUCKET]: row.apps, [APP_BY_ID_BUCKET]: row.appById, [CLIENTS_BUCKET]: row.clients, [OTHER_API_BUCKET]: row.other },
    concurrency: row.concurrency,
  };
}

/**
 * Okta's bucket for a request: `/api/v1/apps/{id}` alone is its own bucket, everything else under
 * `/api/v1/apps` (grants, group assignments, lifecycle) shares `/api/v1/apps*`; DCR and client roles
 * share `/oauth2/v1/clients`; the remaining `/api/v1` calls (authorization servers, trusted origins,
 * groups, users) share the catch-all. OAuth endpoints keep their route's own bucket.
 */
export function oktaBucket(routeBucket: string, path: string): string {
  if (/^\/api\/v1\/apps\/[^/]+\/?$/.test(path)) return APP_BY_ID_BUCKET;
  if (/^\/api\/v1\/apps(\/|$)/.test(path)) return APPS_BUCKET;
  if (/^\/oauth2\/v1\/clients(\/|$)/.test(path)) return CLIENTS_BUCKET;
  if (/^\/api\/v1\//.test(path)) return OTHER_API_BUCKET;
  return routeBucket;
}
