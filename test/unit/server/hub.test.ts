import { describe, expect, it } from 'vitest';
import type { Bus, BusPayload } from '../../../src/server/push/bus';
import { PushHub, type ClusterEvent, type PushTarget } from '../../../src/server/push/hub';
import type { SyncChange } from '../../../src/shared/server-api';
import type { Text } from '../../../src/shared/text';

function target(): PushTarget & { sent: unknown[]; ended: [string, Text][]; wentAway: string[] } {
  const t = {
    sent: [] as unknown[],
    ended: [] as [string, Text][],
    wentAway: [] as string[],
    send: (text: string) => void t.sent.push(JSON.parse(text)),
    end: (reason: string, text: Text) => void t.ended.push([reason, text]),
    goAway: (reason: string) => void t.wentAway.push(reason),
  };
  return t;
}

const change = (revision: number): SyncChange => ({ revision, at: '2026-01-01T00:00:00.000Z', reason: 'test', patch: {} });

describe('PushHub', () => {
  it("sends a user's change to all their sockets and a note to company watchers only", () => {
    const hub = new PushHub();
    const [a1, a2, b, admin] = [target(), target(), target(), target()];
    hub.addUserSocket('alice', 's1', a1);
    hub.addUserSocket('alice', 's2', a2);
    hub.addUserSocket('bob', 's3', b);
    hub.watchCompany('acme', admin);
    hub.publish([{ userId: 'alice', companyId: 'acme', change: change(3) }]);
    expect(a1.sent).toEqual([{ type: 'changes', userId: 'alice', changes: [change(3)] }]);
    expect(a2.sent).toEqual(a1.sent);
    expect(b.sent).toEqual([]);
    expect(admin.sent).toEqual([{ type: 'company-change', userId: 'alice', revision: 3, reason: 'test' }]);
  });

  it('ends one session’s sockets, or all of a user’s, and forgets unsubscribed sockets', () => {
    const hub = new PushHub();
    const [a1, a2] = [target(), target()];
    const remove = hub.addUserSocket('alice', 's1', a1);
    hub.addUserSocket('alice', 's2', a2);
    hub.endSession('s1', 'bye', { key: 'auth.signedOutHere' });
    expect(a1.ended).toEqual([['bye', { key: 'auth.signedOutHere' }]]);
    expect(a2.ended).toEqual([]);
    remove();
    expect(hub.connectedSockets()).toBe(1);
    hub.endUser('alice', 'disabled', { key: 'auth.accountDisabled' });
    expect(a2.ended).toEqual([['disabled', { key: 'auth.accountDisabled' }]]);
    hub.publish([{ userId: 'alice', companyId: 'acme', change: change(4) }]);
    expect(a1.sent).toEqual([]);
  });

  it('closes every socket as going away on shutdown, signing nobody out', () => {
    const hub = new PushHub();
    const [a, admin] = [target(), target()];
    hub.addUserSocket('alice', 's1', a);
    hub.watchCompany('acme', admin);
    hub.goAwayAll('shutting down');
    expect(a.wentAway).toEqual(['shutting down']);
    expect(admin.wentAway).toEqual(['shutting down']);
    expect([...a.ended, ...admin.ended]).toEqual([]);
  });
});

/** Two hubs joined as the PostgreSQL bus joins instances: each gets what the other sends, never its own. */
function pair(inlineChangeBytes = 6000): { one: PushHub; two: PushHub; wire: BusPayload[]; restore(): void } {
  const wire: BusPayload[] = [];
  const handlers = new Map<string, ((event: BusPayload) => void)[]>();
  const restored: (() => void)[] = [];
  const bus = (id: string, other: string): Bus => ({
    instanceId: id,
    inlineChangeBytes,
    send: (event) => {
      // as the bus does: through JSON, to the other instance only
      wire.push(event);
      for (const handler of handlers.get(other) ?? []) handler(JSON.parse(JSON.stringify(event)) as BusPayload);
    },
    onMessage: (handler) => void handlers.set(id, [...(handlers.get(id) ?? []), handler]),
    onRestored: (handler) => void restored.push(handler),
    close: async () => undefined,
  });
  return { one: new PushHub(bus('one', 'two')), two: new PushHub(bus('two', 'one')), wire, restore: () => restored.forEach((fn) => fn()) };
}

function changeTarget(): ReturnType<typeof target> & { changes: [number, unknown][]; resyncs: number } {
  const t = Object.assign(target(), {
    changes: [] as [number, unknown][],
    resyncs: 0,
    change: (revision: number, text: string | null) => void t.changes.push([revision, text === null ? null : JSON.parse(text)]),
    resync: () => void (t.resyncs += 1),
  });
  return t;
}

describe('PushHub across instances', () => {
  it('delivers changes, notes and sign-outs on both instances, to the right company and session only', () => {
    const { one, two } = pair();
    const [aliceHere, aliceThere, adminThere, globexThere, olgaThere] = [changeTarget(), changeTarget(), target(), target(), changeTarget()];
    one.addUserSocket('alice', 's1', aliceHere, 'acme');
    two.addUserSocket('alice', 's2', aliceThere, 'acme');
    two.addUserSocket('olga', 's3', olgaThere, 'globex');
    two.watchCompany('acme', adminThere);
    two.watchCompany('globex', globexThere);
    one.publish([{ userId: 'alice', companyId: 'acme', change: change(7) }]);
    const pushed = { type: 'changes', userId: 'alice', changes: [change(7)] };
    expect(aliceHere.changes).toEqual([[7, pushed]]);
    expect(aliceThere.changes).toEqual([[7, pushed]]);
    expect(adminThere.sent).toEqual([{ type: 'company-change', userId: 'alice', revision: 7, reason: 'test' }]);
    expect([...globexThere.sent, ...olgaThere.sent, ...olgaThere.changes]).toEqual([]);

    one.sendToCompany('acme', { type: 'voicemail', mailbox: { messages: [], newCount: 0, heardCount: 0, greeting: { custom: false, durationSeconds: 1, updatedAt: null } } });
    expect(aliceThere.sent).toHaveLength(1);
    expect(olgaThere.sent).toEqual([]);

    one.endSession('s2', 'bye', { key: 'auth.signedOutHere' });
    expect(aliceThere.ended).toEqual([['bye', { key: 'auth.signedOutHere' }]]);
    expect(aliceHere.ended).toEqual([]);
    two.endUser('alice', 'disabled', { key: 'auth.accountDisabled' });
    expect(aliceHere.ended).toEqual([['disabled', { key: 'auth.accountDisabled' }]]);
    two.reconnectUser('olga', 'role');
    expect(olgaThere.wentAway).toEqual(['role']);
  });

  it('sends a change longer than a notification as a pointer the socket reads from the log', () => {
    const { one, two, wire } = pair(100);
    const there = changeTarget();
    two.addUserSocket('alice', 's', there, 'acme');
    const big = { ...change(9), reason: 'x'.repeat(500) };
    one.publish([{ userId: 'alice', companyId: 'acme', change: big }]);
    expect(there.changes).toEqual([[9, null]]);
    expect(JSON.stringify(wire).length).toBeLessThan(400);
  });

  it('keeps `here` deliveries and events apart: `here` stays in the instance, events go to the others only', () => {
    const { one, two, wire } = pair();
    const there = changeTarget();
    two.addUserSocket('bob', 's', there, 'acme');
    one.here.sendToUsers(['bob'], { type: 'call-dtmf', sipCallId: 'c', digit: '1', sourceTag: 't' });
    one.here.sendToCompany('acme', { type: 'call-dtmf', sipCallId: 'c', digit: '1', sourceTag: 't' });
    expect(there.sent).toEqual([]);
    expect(wire).toEqual([]);
    const seen: ClusterEvent[] = [];
    const seenHere: ClusterEvent[] = [];
    two.onOthers((event) => void seen.push(event));
    one.onOthers((event) => void seenHere.push(event));
    one.toOthers({ type: 'presence', userIds: ['bob'] });
    expect(seen).toEqual([{ type: 'presence', userIds: ['bob'] }]);
    expect(seenHere).toEqual([]);
  });

  it('asks every socket to resync when the bus comes back', () => {
    const { two, restore } = pair();
    const [a, b] = [changeTarget(), changeTarget()];
    two.addUserSocket('alice', 's1', a, 'acme');
    two.addUserSocket('bob', 's2', b, 'acme');
    let after = 0;
    two.onRestored(() => (after += 1));
    restore();
    expect([a.resyncs, b.resyncs, after]).toEqual([1, 1, 1]);
  });
});
