import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// Four suites: unit (domain logic, fast, beside the code), integration (the built app as a real
// process over HTTP, a real database, the sandbox as Shopify), reliability (several processes,
// crashes, storms) and e2e (headless Chromium).
// Integration and e2e files run one at a time: each starts its own app process and database.
// The three process-level suites retry a failed test once (timing variance on a busy 2-core
// machine); tests/support/flaky-reporter.ts names every test that needed it.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    env: { TZ: "UTC", LANG: "en_US.UTF-8" },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["app/**/*.test.{ts,tsx}", "extensions/**/*.test.ts", "scripts/**/*.test.ts", "tests/unit/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          retry: 1,
        },
      },
      {
        extends: true,
        test: {
          // Real processes under storms, crashes and faults (docs/reliability.md); PostgreSQL only.
          name: "reliability",
          include: ["tests/reliability/**/*.test.ts"],
          env: { TEST_DATABASE: "postgres" },
          globalSetup: ["tests/support/global-setup.ts"],
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 900_000,
          hookTimeout: 180_000,
          retry: 1,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 90_000,
          hookTimeout: 120_000,
          retry: 1,
        },
      },
    ],
  },
});
