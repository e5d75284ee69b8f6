/**
 * A throwaway PostgreSQL (Debian's `postgresql` package, version 15) for tests, benchmarks and
 * the local cluster (scripts/cluster/cluster.ts):
 * `initdb` into a temporary directory, `postgres` on a free loopback port in its own process
 * group (scripts/pbx/processGroup.ts: stopped with the test process even when it is killed),
 * trust authentication for the `postgres` role on 127.0.0.1 only. As root, both run as the
 * system user `postgres` (PostgreSQL refuses root) and the directory is handed to it.
 *
 *   const pg = await startPostgres();
 *   const url = await pg.createDatabase();   // postgres://postgres@127.0.0.1:<port>/test_<n>
 *   await pg.dropDatabase(url);
 *   await pg.stop();                          // stops the server, deletes the directory
 *
 * `fsync` is off: a test database need not survive a power cut, and it makes CREATE DATABASE
 * and commits cheap on a shared machine.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { delay, freeTcpPort, GroupProcess } from '../pbx/processGroup';

const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: the maintenance database. */
  adminUrl: string;
  /** Creates an empty database and answers its URL. */
  createDatabase(prefix?: string): Promise<string>;
  dropDatabase(url: string): Promise<void>;
  stop(): Promise<void>;
}

/** As root: the uid/gid of `postgres`, and `setpriv` to run a program as it. */
function asPostgres(binary: string, args: string[]): { binary: string; args: string[] } {
  if (userInfo().uid !== 0) return { binary, args };
  return { binary: 'setpriv', args: ['--reuid=postgres', '--regid=postgres', '--init-groups', binary, ...args] };
}

function postgresIds(): { uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export async function startPostgres(): Promise<TestPostgres> {
  if (!existsSync(join(BIN, 'initdb'))) throw new Error(`PostgreSQL is not installed at ${BIN} (Debian package postgresql; or set POSTGRES_BIN)`);
  const dir = mkdtempSync(join(tmpdir(), 'test-postgres-'));
  const ids = postgresIds();
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const data = join(dir, 'data');
  const init = asPostgres(join(BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  try {
    execFileSync(init.binary, init.args, { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed: ${stderr || (error as Error).message}`);
  }
  const port = await freeTcpPort('127.0.0.1');
  const run = asPostgres(join(BIN, 'postgres'), [
    '-D', data,
    '-p', String(port),
    '-h', '127.0.0.1',
    '-k', dir,
    '-c', 'fsync=off',
    '-c', 'synchronous_commit=off',
    '-c', 'full_page_writes=off',
    '-c', 'max_connections=300',
    '-c', 'shared_buffers=32MB',
  ]);
  const server = new GroupProcess({ name: 'postgres', binary: run.binary, args: run.args, linesKept: 100 });
  server.start();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const ready = async (): Promise<boolean> => {
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  for (let attempt = 0; !(await ready()); attempt++) {
    if (attempt > 150 || server.exitStatus !== null) {
      await server.halt('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`PostgreSQL did not start on port ${port}:\n${server.recentLog()}`);
    }
    await delay(100);
  }

  return {
    adminUrl,
    createDatabase: (prefix) => createDatabase(adminUrl, prefix),
    dropDatabase: (url) => dropDatabase(adminUrl, url),
    async stop() {
      // SIGINT: PostgreSQL's fast shutdown (ends sessions, checkpoints, exits).
      await server.halt('SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

async function asAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new empty database on the server `adminUrl` points at; answers its URL. */
export async function createDatabase(adminUrl: string, prefix = 'test'): Promise<string> {
  const name = `${prefix}_${process.pid}_${++counter}_${Date.now().toString(36)}`;
  await asAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the database `url` names (ending its sessions). */
export async function dropDatabase(adminUrl: string, url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await asAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`));
}
