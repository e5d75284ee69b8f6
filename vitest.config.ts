import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Component tests (`.test.tsx`) run in jsdom: each declares `// @vitest-environment jsdom`.
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // The PostgreSQL store's own tests, and the tests of several instances on one database
          // (only PostgreSQL has them), need the integration-pg project's PostgreSQL.
          exclude: ['test/integration/store-pg/**', 'test/integration/server/clusterPush.test.ts', 'test/integration/server/instances.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // The server's integration tests again, on PostgreSQL (issue 15): STORE=postgres makes
        // test/support/server.ts give every test server a fresh database on the PostgreSQL the
        // global setup starts (test/support/postgres.ts).
        test: {
          name: 'integration-pg',
          include: ['test/integration/server/**/*.test.ts', 'test/integration/store-pg/**/*.test.ts'],
          environment: 'node',
          env: { STORE: 'postgres' },
          globalSetup: ['test/support/postgresGlobalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // Issue 15: PostgreSQL, three server instances (node processes) and HAProxy, started by
        // the test itself (scripts/cluster/cluster.ts).
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
