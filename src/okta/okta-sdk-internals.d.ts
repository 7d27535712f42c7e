// The SDK's own type lives under src/types/, so its deep import path has none (src/okta/sdk-executor.ts).
declare module "@okta/okta-sdk-nodejs/src/default-request-executor.js" {
  export const DefaultRequestExecutor: new (config: { maxRetries: number; requestTimeout: number }) => unknown;
}

// The SDK's base executor: node-fetch with the request's own options (src/net/outbound-fetch.ts).
declare module "@okta/okta-sdk-nodejs/src/request-executor.js" {
  // CommonJS (`module.exports = RequestExecutor`): seen from an ES module, that is its default export.
  // eslint-disable-next-line no-restricted-syntax -- describes a CommonJS module, not one of ours
  export default class RequestExecutor {
    fetch(request: Record<string, unknown> & { url: string }): Promise<unknown>;
  }
}
