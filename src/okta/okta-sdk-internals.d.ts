// The SDK's own type lives under src/types/, so its deep import path has none (src/okta/sdk-executor.ts).
declare module "@okta/okta-sdk-nodejs/src/default-request-executor.js" {
  export const DefaultRequestExecutor: new (config: { maxRetries: number; requestTimeout: number }) => unknown;
}
