/**
 * The server's log: a request that fails (500) leaves exactly one error line with its cause,
 * and the client gets a generic answer without the cause or a stack.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../../../src/server/app';
import { SqliteStore } from '../../../src/server/db/sqlite-store';
import { PgStore } from '../../../src/server/db/pg-store';
import { testDatabase } from '../../support/testStore';
import type { Store } from '../../../src/server/db/store';
import { seedCompany } from '../../../src/server/seed/seed-company';
import { ApiError } from '../../../src/server/services/errors';
import { ACME, passwordOf } from '../../support/server';

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

const ERROR = 50;

describe('profile server: logging', () => {
  let dir: string;
  let server: RunningServer;
  let database: Awaited<ReturnType<typeof testDatabase>> = null;
  let failing: false | 'crash' | 'unavailable' = false;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'profile-server-log-'));
    database = await testDatabase();
    const real = database ? await PgStore.open(database.url) : SqliteStore.open(join(dir, 'server.sqlite'));
    // The real store, except that listing users fails while `failing` is set.
    const store = new Proxy(real, {
      get(target, property) {
        if (property === 'listUsers' && failing) {
          return () =>
            Promise.reject(
              failing === 'unavailable'
                ? new ApiError(503, 'failed', 'The directory is being rebuilt (simulated)')
                : new Error('The disk went away (simulated)'),
            );
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function'
          ? (value as (...args: unknown[]) => unknown).bind(target)
          : value;
      },
    }) as Store;
    server = await createServer(
      {
        host: '127.0.0.1',
        port: 0,
        dbPath: join(dir, 'server.sqlite'),
        mailOutbox: join(dir, 'outbox.jsonl'),
        scryptCost: 1024,
        calendarRefreshMinutes: 0,
        logLevel: 'info',
      },
      { store, logStream: { write: (line) => lines.push(JSON.parse(line) as LogLine) } },
    );
    await seedCompany(server.ctx, ACME);
  });
  afterAll(async () => {
    await server.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const signIn = async (userName: string): Promise<string> => {
    const response = await fetch(`${server.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: userName, password: passwordOf(userName) }),
    });
    return ((await response.json()) as { token: string }).token;
  };
  const errorLines = (): LogLine[] => lines.filter((line) => line.level >= ERROR);

  it('a service that fails inside a route leaves one error line with its cause; the client gets no stack', async () => {
    const token = await signIn('alice');
    failing = 'crash';
    let response: Response;
    try {
      response = await fetch(`${server.url}/api/v1/directory?query=bo`, {
        headers: { authorization: `Bearer ${token}` },
      });
    } finally {
      failing = false;
    }
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: 'failed',
      message: 'The server failed; the error is in its log',
    });
    expect(text).not.toMatch(/simulated|\bat\b|\.ts/);

    const errors = errorLines();
    expect(errors).toHaveLength(1);
    const [line] = errors as [LogLine];
    expect(line).toMatchObject({
      msg: 'The request failed',
      method: 'GET',
      path: '/api/v1/directory',
      err: { message: 'The disk went away (simulated)' },
    });
    // The stack names where it failed; the query string (which may carry a token) is not logged.
    expect((line.err as { stack: string }).stack).toMatch(
      /The disk went away \(simulated\)\n\s+at /,
    );
    expect(JSON.stringify(line)).not.toContain('query=bo');
  });

  it("a service's own 5xx answer leaves an error line with its cause too", async () => {
    const token = await signIn('bob');
    const before = errorLines().length;
    failing = 'unavailable';
    let response: Response;
    try {
      response = await fetch(`${server.url}/api/v1/directory?query=al`, { headers: { authorization: `Bearer ${token}` } });
    } finally {
      failing = false;
    }
    expect(response.status).toBe(503);
    const errors = errorLines().slice(before);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'The request failed', path: '/api/v1/directory', err: { message: 'The directory is being rebuilt (simulated)' } });
  });

  it('refused requests (4xx) leave no error line', async () => {
    const before = errorLines().length;
    const anonymous = await fetch(`${server.url}/api/v1/directory`);
    expect(anonymous.status).toBe(401);
    const forbidden = await fetch(`${server.url}/api/v1/admin/users`, {
      headers: { authorization: `Bearer ${await signIn('bob')}` },
    });
    expect(forbidden.status).toBe(403);
    expect(errorLines()).toHaveLength(before);
  });
});
