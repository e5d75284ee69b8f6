/**
 * Profile-server push figures for `npm run bench`: a company of 5,000 users, 2,000 of them
 * signed in with a sync socket each (opened by a child process, so the clients' work does not
 * run on the server's event loop), and an admin applying a template to all 5,000. Prints the
 * delivery latency (apply request sent → change received, per socket) p50/p99/max, how long
 * the apply request took, and the server's memory. Prints figures; asserts nothing.
 *
 *   node --import tsx bench/server-push.ts [--users 5000] [--sockets 2000]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { createServer } from '../src/server/app';
import { hashPassword, randomToken, sha256 } from '../src/server/security/secrets';
import { seedCompany } from '../src/server/seed/seed-company';
import { newUserRecord, insertUser } from '../src/server/services/user-records';
import type { ServerMessage } from '../src/shared/server-api';
import { messagesFrom } from './lib/childMessages';

const now = (): number => performance.timeOrigin + performance.now();

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Child process: opens the sockets, reports when all have their snapshot, then the receive times. */
async function runClients(wsUrl: string, tokens: string[]): Promise<void> {
  const received: number[] = [];
  const sockets: WebSocket[] = [];
  let ready = 0;
  const done = (): void => {
    process.send?.({ type: 'received', times: received });
  };
  // Open in batches: a burst of 2,000 handshakes at once measures the kernel's accept queue.
  for (let i = 0; i < tokens.length; i += 100) {
    await Promise.all(
      tokens.slice(i, i + 100).map(
        (token) =>
          new Promise<void>((resolve, reject) => {
            const socket = new WebSocket(wsUrl);
            sockets.push(socket);
            socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', token })));
            socket.on('error', reject);
            socket.on('message', (data) => {
              const message = JSON.parse(String(data)) as ServerMessage;
              if (message.type === 'snapshot') {
                ready += 1;
                resolve();
              } else if (message.type === 'changes' && message.changes.some((c) => c.reason === 'template-applied')) {
                received.push(now());
                if (received.length === tokens.length) done();
              }
            });
          }),
      ),
    );
  }
  process.send?.({ type: 'ready', sockets: ready });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'report') done();
    if (message.type === 'close') {
      for (const socket of sockets) socket.terminate();
      process.exit(0);
    }
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { users: { type: 'string', default: '5000' }, sockets: { type: 'string', default: '2000' } } });
  const userCount = Number(values.users);
  const socketCount = Math.min(Number(values.sockets), userCount);
  const dir = mkdtempSync(join(tmpdir(), 'bench-server-push-'));
  const server = await createServer({ port: 0, dbPath: join(dir, 'bench.sqlite'), mailOutbox: join(dir, 'outbox.jsonl'), scryptCost: 1024, calendarRefreshMinutes: 0 });
  try {
    const company = await seedCompany(server.ctx, {
      id: 'bench',
      name: 'Bench AB',
      mainNumber: '+46800000000',
      users: [{ userName: 'benchadmin', firstName: 'Bench', lastName: 'Admin', email: 'admin@bench.test', role: 'admin', password: 'bench-admin-1' }],
      queues: [],
    });
    const created = now();
    const hash = await hashPassword('bench-user-1', 1024);
    const userIds: string[] = [];
    await server.ctx.store.write(async (tx) => {
      for (let i = 0; i < userCount - 1; i++) {
        const record = newUserRecord(
          { companyId: company.id, userName: `user${i}`, email: `user${i}@bench.test`, firstName: 'Bench', lastName: `User ${i}`, role: 'user', numbers: { extension: String(10000 + i) }, passwordHash: hash, sipRealm: 'softphone.local' },
          new Date(),
        );
        await insertUser(tx, record);
        userIds.push(record.id);
      }
    });
    const tokens: string[] = [];
    await server.ctx.store.write(async (tx) => {
      const at = new Date();
      for (const userId of userIds.slice(0, socketCount)) {
        const token = randomToken();
        tokens.push(token);
        await tx.insertSession({ tokenHash: sha256(token), userId, createdAt: at.toISOString(), expiresAt: new Date(at.getTime() + 86_400_000).toISOString(), revokedAt: null, address: null });
      }
    });
    console.log(`server-push: ${userCount} users created in ${((now() - created) / 1000).toFixed(1)} s`);

    const wsUrl = server.url.replace(/^http/, 'ws') + '/api/v1/ws';
    const child = fork(fileURLToPath(import.meta.url), ['--clients', wsUrl], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const fromChild = messagesFrom(child);
    const connectedAt = now();
    child.send({ tokens });
    const { sockets } = await fromChild<{ sockets: number }>('ready');
    console.log(`server-push: ${sockets} sockets signed in and synced in ${((now() - connectedAt) / 1000).toFixed(1)} s (server sees ${server.ctx.hub.connectedSockets()})`);

    const signIn = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'benchadmin', password: 'bench-admin-1' }) });
    const { token: adminToken } = (await signIn.json()) as { token: string };
    const templates = (await (await fetch(`${server.url}/api/v1/admin/templates`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as { id: string; name: string }[];
    const template = templates[1] ?? templates[0];
    const memoryBefore = process.memoryUsage();

    const received = fromChild<{ times: number[] }>('received');
    const start = now();
    const response = await fetch(`${server.url}/api/v1/admin/templates/${template?.id}/apply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ userIds: 'all', confirmOverwrite: true }),
    });
    const answeredMs = now() - start;
    const answer = (await response.json()) as { applied: number };
    const timer = setTimeout(() => child.send({ type: 'report' }), 120_000);
    const { times } = await received;
    clearTimeout(timer);
    const memoryAfter = process.memoryUsage();
    const latencies = times.map((t) => t - start).sort((a, b) => a - b);
    console.log(`server-push: applied "${template?.name}" to ${answer.applied} users; HTTP answer after ${answeredMs.toFixed(0)} ms`);
    console.log(
      `server-push: delivered to ${latencies.length}/${sockets} sockets; latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${percentile(latencies, 100).toFixed(0)} ms`,
    );
    console.log(
      `server-push: server memory rss ${mb(memoryBefore.rss)} → ${mb(memoryAfter.rss)}, heap used ${mb(memoryBefore.heapUsed)} → ${mb(memoryAfter.heapUsed)}`,
    );
    child.send({ type: 'close' });
    await new Promise((resolve) => child.once('exit', resolve));
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--clients')) {
  const wsUrl = process.argv[process.argv.indexOf('--clients') + 1] as string;
  process.once('message', (message: { tokens: string[] }) => {
    runClients(wsUrl, message.tokens).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
} else {
  await main();
}
