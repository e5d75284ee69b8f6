import { describe, expect, it } from 'vitest';
import {
  forwardedCallEntry,
  newForwardedCalls,
  withForwardedCalls,
} from '../../../src/main/client/forwardedCalls';
import type { PbxCallEvent, UserSnapshot } from '../../../src/shared/model';

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
      reason: 'Not answered in time',
    });
  });
});
