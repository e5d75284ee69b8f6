/**
 * Vitest global setup of the `integration-pg` project (vitest.config.ts): one PostgreSQL for
 * the whole run (test/support/postgres.ts), its maintenance URL in `TEST_POSTGRES_URL` for the
 * test files (test/support/testStore.ts gives each test server a database of its own). A
 * `TEST_POSTGRES_URL` already set (a CI service) is used as it is and nothing is started.
 */
import { startPostgres } from './postgres';

export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.TEST_POSTGRES_URL) return async () => undefined;
  const postgres = await startPostgres();
  process.env.TEST_POSTGRES_URL = postgres.adminUrl;
  return async () => {
    await postgres.stop();
  };
}
