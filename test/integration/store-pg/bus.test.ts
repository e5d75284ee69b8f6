/**
 * The push bus itself (src/server/push/bus.ts) on the PostgreSQL the `integration-pg` project
 * starts: two buses on one database, as two instances have them. A message far longer than one
 * notification, written the way the hub's messages are (JSON, quotes on every field, control
 * characters), arrives whole; a message the database refuses is dropped with an error logged
 * and does not hold up the ones queued after it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBus, type BusPayload, type PgBusOptions } from '../../../src/server/push/bus';

type BusLog = ConstructorParameters<typeof PgBus>[1];
import { createDatabase, dropDatabase } from '../../support/postgres';

const adminUrl = (): string => {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('run with the vitest project integration-pg');
  return url;
};

interface Logged {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

function recordingLog(lines: Logged[]): BusLog {
  const at =
    (level: string) =>
    (fields: unknown, msg?: string): void =>
      void lines.push(typeof fields === 'string' ? { level, msg: fields, fields: {} } : { level, msg: msg ?? '', fields: fields as Record<string, unknown> });
  const log = { level: 'info', info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'), debug: at('debug'), trace: at('trace'), silent: () => undefined, child: () => log };
  return log as unknown as BusLog;
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('push bus: two instances on one PostgreSQL database', () => {
  let url: string;
  const buses: PgBus[] = [];

  beforeAll(async () => {
    url = await createDatabase(adminUrl(), 'bus');
  });
  afterAll(async () => {
    for (const bus of buses) await bus.close();
    await dropDatabase(adminUrl(), url);
  });

  const pair = async (channel: string, options: PgBusOptions = {}) => {
    const logged: Logged[] = [];
    const sender = new PgBus(url, recordingLog(logged), { channel, ...options });
    const receiver = new PgBus(url, recordingLog([]), { channel, ...options });
    buses.push(sender, receiver);
    await Promise.all([sender.start(), receiver.start()]);
    const received: BusPayload[] = [];
    receiver.onMessage((event) => void received.push(event));
    return { sender, received, logged };
  };

  it('delivers whole a long message of short quoted fields and control characters (escaped, each part still fits)', async () => {
    const { sender, received, logged } = await pair('bus_long');
    // Mostly quotes and escapes: quoted again inside a part, such a text takes about twice
    // its length, and a control character six times.
    const people = Array.from({ length: 2000 }, (_, i) => ({ id: `u${i}`, a: '"', b: i % 7 === 0 ? '\u0001\u0002' : '', c: [] }));
    sender.send({ k: 'users', u: ['x'], m: { type: 'presence', people } });
    sender.send({ k: 'after', n: 1 });
    await until('both messages', () => received.length === 2);
    expect(Buffer.byteLength(JSON.stringify(people))).toBeGreaterThan(60_000);
    expect(received[0]).toMatchObject({ k: 'users', m: { type: 'presence', people } });
    expect(received[1]).toMatchObject({ k: 'after', n: 1 });
    expect(logged.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
  });

  it('packs many messages sent together into few notifications, delivered whole and in order', async () => {
    const { sender, received, logged } = await pair('bus_packed');
    // As a template applied to a company sends them: alike but for ids and revisions.
    const change = (i: number) => ({ k: 'change', u: `user-${i}`, r: i + 1, m: JSON.stringify({ type: 'changes', profiles: ['Available', 'Lunch', 'Meeting', 'Away'].map((name, p) => ({ id: `${i}-${p}`, name, routing: { any: { kind: 'ring', devices: ['softphone', 'mobile'] } } })) }) });
    const notified: string[] = [];
    const watcher = new PgBus(url, recordingLog([]), { channel: 'bus_packed' });
    buses.push(watcher);
    await watcher.start();
    // What travels on the channel itself (the notifications' payloads).
    const raw = (watcher as unknown as { listener: { on(event: 'notification', f: (m: { payload?: string }) => void): void } }).listener;
    raw.on('notification', (m) => void notified.push(m.payload ?? ''));
    for (let i = 0; i < 1000; i++) sender.send(change(i));
    await until('the thousand changes', () => received.length === 1000);
    expect(received.map((e) => e.r)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(received[999]).toEqual({ ...change(999), o: sender.instanceId });
    const bytes = notified.reduce((sum, p) => sum + Buffer.byteLength(p), 0);
    const plain = Array.from({ length: 1000 }, (_, i) => Buffer.byteLength(JSON.stringify({ ...change(i), o: sender.instanceId }))).reduce((a, b) => a + b, 0);
    console.log(`bus: 1000 changes, ${plain} bytes as JSON, travelled as ${notified.length} notifications of ${bytes} bytes`);
    expect(bytes).toBeLessThan(plain / 4);
    expect(logged.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
  });

  it('drops a message the database refuses, logs it, and sends the ones queued behind it', async () => {
    // A limit above PostgreSQL's 8000 bytes: an 8,500-byte message that does not compress goes
    // whole, packed with the others or alone, and is refused.
    const { sender, received, logged } = await pair('bus_refused', { maxPayloadBytes: 9000 });
    sender.send({ k: 'before', n: 0 });
    sender.send({ k: 'too-long', d: randomBytes(6375).toString('base64') });
    for (let n = 1; n <= 5; n++) sender.send({ k: 'after', n });
    await until('the five messages after the refused one', () => received.filter((e) => e.k === 'after').length === 5);
    expect(received.map((e) => e.k)).toEqual(['before', 'after', 'after', 'after', 'after', 'after']);
    expect(received.filter((e) => e.k === 'after').map((e) => e.n)).toEqual([1, 2, 3, 4, 5]);
    const dropped = logged.filter((l) => l.level === 'error');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ msg: 'The push bus dropped a message the database refused', fields: { kind: 'too-long' } });
    expect(logged.some((l) => l.msg.includes('retrying'))).toBe(false);
  });
});
