import { describe, expect, it } from 'vitest';
import { CommandQueue, type SendOutcome } from '../../../src/main/client/commandQueue';
import type { PendingCommand } from '../../../src/main/client/persistedState';

/** A controllable server: each send waits for the test to answer it. */
function fakeServer() {
  const seen: { key: string; name: string }[] = [];
  const applied = new Set<string>();
  let answer: (command: PendingCommand) => SendOutcome = () => ({
    kind: 'applied',
    revision: null,
  });
  return {
    seen,
    applied,
    setAnswer(fn: (command: PendingCommand) => SendOutcome) {
      answer = fn;
    },
    async send(command: PendingCommand): Promise<SendOutcome> {
      seen.push({ key: command.key, name: command.name });
      const outcome = answer(command);
      if (outcome.kind === 'applied') applied.add(command.key);
      return outcome;
    },
  };
}

function makeQueue(server: ReturnType<typeof fakeServer>, initial: PendingCommand[] = []) {
  const persisted: PendingCommand[][] = [];
  const rejected: string[] = [];
  const appliedOrder: string[] = [];
  let n = 0;
  const queue = new CommandQueue({
    initial,
    send: (c) => server.send(c),
    persist: (list) => persisted.push(list),
    onApplied: (c) => appliedOrder.push(c.key),
    onRejected: (c, message) => rejected.push(`${c.key}: ${message}`),
    newKey: () => `key-000${(n += 1)}`,
    now: () => new Date('2026-11-23T18:00:00.000Z'),
  });
  return { queue, persisted, rejected, appliedOrder };
}

describe('CommandQueue', () => {
  it('holds commands while offline and replays them in order once resumed', async () => {
    const server = fakeServer();
    const { queue, persisted, appliedOrder } = makeQueue(server);
    queue.enqueue('profiles.switch', { profileId: 'lunch', until: null });
    queue.enqueue('queues.setStatus', { queueIds: 'all', status: 'paused' });
    queue.enqueue('profiles.clearManual', null);
    expect(server.seen).toEqual([]);
    expect(queue.pending.map((c) => c.name)).toEqual([
      'profiles.switch',
      'queues.setStatus',
      'profiles.clearManual',
    ]);
    expect(persisted.at(-1)).toHaveLength(3);

    await queue.resume();
    expect(server.seen.map((s) => s.key)).toEqual(['key-0001', 'key-0002', 'key-0003']);
    expect(appliedOrder).toEqual(['key-0001', 'key-0002', 'key-0003']);
    expect(queue.pending).toEqual([]);
    expect(persisted.at(-1)).toEqual([]);
  });

  it('keeps the same idempotency key on every attempt, and stops at the first unreachable send', async () => {
    const server = fakeServer();
    const { queue } = makeQueue(server);
    server.setAnswer(() => ({ kind: 'unreachable', message: 'connect ECONNREFUSED' }));
    await queue.resume();
    queue.enqueue('profiles.switch', { profileId: 'lunch', until: null });
    queue.enqueue('callerId.choose', { number: null });
    await queue.idle();
    // One attempt of the head, the second command waits behind it.
    expect(server.seen).toEqual([{ key: 'key-0001', name: 'profiles.switch' }]);
    expect(queue.isOnline).toBe(false);

    server.setAnswer(() => ({ kind: 'applied', revision: 3 }));
    await queue.resume();
    expect(server.seen.map((s) => s.key)).toEqual(['key-0001', 'key-0001', 'key-0002']);
    expect(queue.pending).toEqual([]);
  });

  it('a send that throws counts as unreachable, not as lost', async () => {
    const server = fakeServer();
    server.setAnswer(() => {
      throw new Error('socket hang up');
    });
    const { queue } = makeQueue(server);
    queue.enqueue('profiles.clearManual', null);
    await queue.resume();
    expect(queue.pending).toHaveLength(1);
  });

  it('drops a rejected command with its reason and goes on with the next', async () => {
    const server = fakeServer();
    server.setAnswer((c) =>
      c.name === 'profiles.switch'
        ? { kind: 'rejected', message: 'That profile no longer exists' }
        : { kind: 'applied', revision: 9 },
    );
    const { queue, rejected, appliedOrder } = makeQueue(server);
    queue.enqueue('profiles.switch', { profileId: 'gone', until: null });
    queue.enqueue('callerId.choose', { number: '+46812345678' });
    await queue.resume();
    expect(rejected).toEqual(['key-0001: That profile no longer exists']);
    expect(appliedOrder).toEqual(['key-0002']);
  });

  it('sends one command at a time, even when enqueued during a send', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const order: string[] = [];
    const queue = new CommandQueue({
      initial: [],
      persist: () => undefined,
      async send(c) {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        order.push(c.name);
        inFlight -= 1;
        return { kind: 'applied', revision: null };
      },
    });
    await queue.resume();
    queue.enqueue('profiles.switch', { profileId: 'a', until: null });
    queue.enqueue('profiles.switch', { profileId: 'b', until: null });
    queue.enqueue('profiles.clearManual', null);
    await queue.idle();
    expect(maxInFlight).toBe(1);
    expect(order).toEqual(['profiles.switch', 'profiles.switch', 'profiles.clearManual']);
  });

  it('restarts from a persisted list with the original keys', async () => {
    const server = fakeServer();
    const stored: PendingCommand[] = [
      {
        key: 'stored-key-1',
        name: 'profiles.switch',
        args: { profileId: 'lunch', until: null },
        queuedAt: '2026-11-23T17:00:00.000Z',
      },
    ];
    const { queue } = makeQueue(server, stored);
    await queue.resume();
    expect(server.seen).toEqual([{ key: 'stored-key-1', name: 'profiles.switch' }]);
  });

  it('clear() forgets everything and an answer arriving afterwards changes nothing', async () => {
    let release: (o: SendOutcome) => void = () => undefined;
    const rejected: string[] = [];
    const queue = new CommandQueue({
      initial: [],
      persist: () => undefined,
      send: () => new Promise<SendOutcome>((resolve) => (release = resolve)),
      onRejected: (c) => rejected.push(c.key),
    });
    await queue.resume();
    queue.enqueue('profiles.clearManual', null);
    queue.clear();
    release({ kind: 'rejected', message: 'late' });
    await queue.idle();
    expect(queue.pending).toEqual([]);
    expect(rejected).toEqual([]);
  });
});
