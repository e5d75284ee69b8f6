import { describe, expect, it } from 'vitest';
import { historyCategory, unseenMissed } from '../../../src/shared/historyCategory';
import type { HistoryEntry } from '../../../src/shared/ipc';
import { text } from '../../../src/shared/text';

const at = '2026-12-01T10:00:00.000Z';
function entry(patch: Partial<HistoryEntry>): HistoryEntry {
  return {
    id: 'c1',
    direction: 'incoming',
    party: { number: '1001', displayName: null },
    calledNumber: null,
    startedAt: at,
    answeredAt: null,
    endedAt: at,
    outcome: 'missed',
    forwardedTo: null,
    reason: null,
    ...patch,
  };
}

describe('historyCategory', () => {
  it.each<[string, Partial<HistoryEntry>, ReturnType<typeof historyCategory>]>([
    ['rang out', { outcome: 'missed' }, 'missed'],
    ['caller hung up while ringing', { outcome: 'missed', reason: text('callEnd.callerHungUp') }, 'missed'],
    ['rang, then the PBX sent it to voicemail', { outcome: 'forwarded', forwardedTo: 'voicemail', reason: text('callEnd.pbx.noanswer') }, 'missed'],
    ['the profile forwarded it unanswered', { outcome: 'forwarded', forwardedTo: '+46701234567', reason: text('callEnd.pbx.profile') }, 'missed'],
    ['turned away by the busy rule', { outcome: 'busy' }, 'missed'],
    ['declined', { outcome: 'declined', reason: text('callEnd.youDeclined') }, 'declined'],
    ['declined and then forwarded by the PBX', { outcome: 'declined', forwardedTo: 'voicemail' }, 'declined'],
    ['declined, stored by an older version', { outcome: 'rejected', reason: text('callEnd.youDeclined') }, 'declined'],
    ['declined, older version, merged with the PBX busy forward', { outcome: 'forwarded', reason: text('callEnd.youDeclined') }, 'declined'],
    ['answered', { outcome: 'answered', answeredAt: at }, 'answered'],
    ['blind transfer of an answered call', { outcome: 'transferred', answeredAt: at, forwardedTo: '1003' }, 'transferred'],
    ['queue call answered by a colleague', { outcome: 'cancelled', reason: text('callEnd.answeredElsewhere') }, 'elsewhere'],
  ])('incoming: %s', (_name, patch, category) => {
    expect(historyCategory(entry(patch))).toBe(category);
  });

  it.each<[string, Partial<HistoryEntry>, ReturnType<typeof historyCategory>]>([
    ['answered', { outcome: 'answered', answeredAt: at }, 'answered'],
    ['answered by the forward target', { outcome: 'answered', answeredAt: at, forwardedTo: 'voicemail' }, 'answered'],
    ['forwarded by the callee, unanswered', { outcome: 'forwarded', forwardedTo: 'voicemail' }, 'forwarded'],
    ['transferred', { outcome: 'transferred', answeredAt: at }, 'transferred'],
    ['busy', { outcome: 'busy' }, 'busy'],
    ['callee not available', { outcome: 'rejected' }, 'busy'],
    ['you hung up first', { outcome: 'cancelled' }, 'cancelled'],
    ['failed', { outcome: 'failed' }, 'failed'],
  ])('outgoing: %s', (_name, patch, category) => {
    expect(historyCategory(entry({ direction: 'outgoing', ...patch }))).toBe(category);
  });
});

describe('unseenMissed', () => {
  const history = [
    entry({ id: 'a', startedAt: '2026-12-01T09:00:00.000Z' }),
    entry({ id: 'b', startedAt: '2026-12-01T11:00:00.000Z', outcome: 'forwarded', forwardedTo: 'voicemail' }),
    entry({ id: 'c', startedAt: '2026-12-01T12:00:00.000Z', outcome: 'declined' }),
    entry({ id: 'd', startedAt: '2026-12-01T12:30:00.000Z', outcome: 'answered', answeredAt: at }),
  ];
  it('counts every missed call when the user never looked', () => {
    expect(unseenMissed(history, null)).toBe(2);
  });
  it('counts only missed calls after the last look', () => {
    expect(unseenMissed(history, '2026-12-01T10:00:00.000Z')).toBe(1);
    expect(unseenMissed(history, '2026-12-01T13:00:00.000Z')).toBe(0);
  });
});
