import { describe, expect, it } from 'vitest';
import { recordHistory } from '../../../src/main/client/callsBinding';
import {
  forwardedCallEntry,
  newForwardedCalls,
  withForwardedCalls,
} from '../../../src/main/client/forwardedCalls';
import type { HistoryEntry } from '../../../src/shared/ipc';
import type { PbxCallEvent, UserSnapshot } from '../../../src/shared/model';
import { makeSlices } from './fixtures';
import { text } from '../../../src/shared/text';

const call = (id: string, at: string, target = 'voicemail'): PbxCallEvent => ({
  id,
  at,
  from: '+46850000001',
  calledNumber: 'bob',
  outcome: 'forwarded',
  target,
  reason: 'noanswer',
});
const snapshot = (pbxCalls?: PbxCallEvent[]): UserSnapshot =>
  ({ pbxCalls }) as unknown as UserSnapshot;

describe('forwarded calls from sync into history', () => {
  const a = call('00000000-0000-4000-8000-00000000000a', '2026-01-01T10:00:00.000Z');
  const b = call('00000000-0000-4000-8000-00000000000b', '2026-01-01T11:00:00.000Z', '1003');

  it('takes only the calls the previous snapshot did not have', () => {
    expect(newForwardedCalls(null, snapshot([a, b]))).toEqual([a, b]);
    expect(newForwardedCalls(snapshot([a]), snapshot([b, a]))).toEqual([b]);
    expect(newForwardedCalls(snapshot(undefined), snapshot(undefined))).toEqual([]);
  });

  it('merges newest first without doubling an id', () => {
    const history = withForwardedCalls([forwardedCallEntry(a)], [b, a]);
    expect(history.map((entry) => entry.id)).toEqual([b.id, a.id]);
    expect(history[0]).toMatchObject({
      direction: 'incoming',
      outcome: 'forwarded',
      forwardedTo: '1003',
      reason: text('callEnd.pbx.noanswer'),
    });
  });

  describe('a call the softphone rang and the PBX then forwarded (same SIP Call-ID)', () => {
    const reportedCall = { ...a, sipCallId: 'call-1@x' };
    const own: HistoryEntry = {
      id: '00000000-0000-4000-8000-0000000000ff',
      direction: 'incoming',
      party: { number: '+46850000001', displayName: 'Alice' },
      calledNumber: 'bob',
      startedAt: '2026-01-01T09:59:55.000Z',
      answeredAt: null,
      endedAt: '2026-01-01T10:00:00.000Z',
      outcome: 'missed',
      forwardedTo: null,
      reason: text('callEnd.missed'),
      sipCallId: 'call-1@x',
    };
    const expected = {
      id: own.id,
      party: own.party,
      outcome: 'forwarded',
      forwardedTo: 'voicemail',
      reason: text('callEnd.pbx.noanswer'),
    };

    it('updates the softphone entry when the report comes after it', () => {
      const history = withForwardedCalls([own], [reportedCall]);
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject(expected);
    });

    it('replaces the report when the softphone entry comes after it', () => {
      const slices = makeSlices();
      slices.set('history', withForwardedCalls([], [reportedCall]));
      recordHistory(slices, () => undefined, own);
      expect(slices.get('history')).toHaveLength(1);
      expect(slices.get('history')[0]).toMatchObject(expected);
    });
  });
});
