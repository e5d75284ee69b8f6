/**
 * `npm run server [-- --demo --port 8787 --db ./profile-server.sqlite | --database-url=postgres://…]`: starts the profile
 * server; with `--demo` it first seeds the demo company (idempotent) and says how to sign in.
 * `--add-numbers=<companyId>:<first>-<last>` (repeatable; the operator's side of issue 12) gives a
 * company a block of public numbers before serving, e.g. `--add-numbers=acme:+46855500000-+46855599999`;
 * a block that overlaps any company's is refused and the server does not start.
 */
import { loadConfig } from './config';
import { createServer } from './app';
import { describeStore } from './db/open-store';
import { DEMO_PASSWORD, demoCompany } from './seed/demo';
import { seedCompany } from './seed/seed-company';
import { addNumberBlock } from './services/number-ownership';

const ADD_NUMBERS = /^--add-numbers=([^:]+):(\+\d+)-(\+\d+)$/;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const blocks = args.filter((arg) => arg.startsWith('--add-numbers'));
  const { config, demo } = loadConfig(args.filter((arg) => !arg.startsWith('--add-numbers')), process.env);
  const server = await createServer(config);
  console.log(`Profile server listening on ${server.url} (${describeStore(config)})`);
  console.log(`OpenAPI description: ${server.url}/openapi.json`);
  if (demo) {
    const company = await seedCompany(server.ctx, demoCompany);
    console.log(company.created ? `Seeded "${company.name}".` : `"${company.name}" already exists; left as it is.`);
    console.log(`Sign in as admin, alice, bob, carol or dave with the password "${DEMO_PASSWORD}".`);
  }
  for (const arg of blocks) {
    const match = ADD_NUMBERS.exec(arg);
    if (!match) throw new Error(`${arg}: write --add-numbers=<companyId>:<first>-<last>`);
    const [, companyId, first, last] = match as unknown as [string, string, string, string];
    await server.ctx.store.write((tx) => addNumberBlock(tx, companyId, first, last, server.ctx.now()));
    console.log(`Company ${companyId} owns ${first}–${last}.`);
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
