/**
 * `npm run server [-- --demo --port 8787 --db ./profile-server.sqlite]`: starts the profile
 * server; with `--demo` it first seeds the demo company (idempotent) and says how to sign in.
 */
import { loadConfig } from './config';
import { createServer } from './app';
import { DEMO_PASSWORD, demoCompany } from './seed/demo';
import { seedCompany } from './seed/seed-company';

async function main(): Promise<void> {
  const { config, demo } = loadConfig(process.argv.slice(2), process.env);
  const server = await createServer(config);
  console.log(`Profile server listening on ${server.url} (database ${config.dbPath})`);
  console.log(`OpenAPI description: ${server.url}/openapi.json`);
  if (demo) {
    const company = await seedCompany(server.ctx, demoCompany);
    console.log(company.created ? `Seeded "${company.name}".` : `"${company.name}" already exists; left as it is.`);
    console.log(`Sign in as admin, alice, bob, carol or dave with the password "${DEMO_PASSWORD}".`);
  }
  const stop = (signal: string): void => {
    console.log(`${signal}: stopping`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.ctx.log.error({ err: error }, 'The server did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
