import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

// vitest requires a default export here.
// eslint-disable-next-line no-restricted-syntax
export default defineConfig({
  test: {
    root,
    include: ["test/**/*.test.ts"],
    // Every test gets a clean HOME/cwd/OKTA_* env through test/helpers/setup-env.ts.
    setupFiles: ["test/helpers/setup-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
