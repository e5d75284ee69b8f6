import { describe, expect, it } from 'vitest';
import { PushHub, type PushTarget } from '../../../src/server/push/hub';
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
