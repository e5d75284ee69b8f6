/** An ended call stays in the calls slice long enough for its card to say why it failed (issue 14). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallsBinding } from '../../../src/main/client/callsBinding';
import type { SipEngineLike } from '../../../src/main/client/sipPort';
import type { CallView } from '../../../src/shared/ipc';
import { text } from '../../../src/shared/text';
import { makeSlices } from './fixtures';

type Listener = (payload: CallView) => void;

function fakeEngine() {
  const listeners = new Map<string, Listener>();
  const engine = {
    registrationState: { status: 'registered', reason: null, since: null },
    on: (event: string, listener: Listener) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
  } as unknown as SipEngineLike;
  return { engine, emit: (event: 'call' | 'callEnded', call: CallView) => listeners.get(event)?.(call) };
}

const call = (id: string, changes: Partial<CallView>): CallView => ({
  id,
  direction: 'outgoing',
  state: 'dialing',
  party: { number: '1099', displayName: null },
  calledNumber: null,
  calledType: null,
  queueName: null,
  held: false,
  muted: false,
  startedAt: '2026-12-02T08:00:00.000Z',
  answeredAt: null,
  endedAt: null,
  endReason: null,
  ...changes,
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ended calls in the calls slice', () => {
  it('keeps a failed call twice as long as one that ended the ordinary way', () => {
    const slices = makeSlices();
    const { engine, emit } = fakeEngine();
    const binding = new CallsBinding(engine, slices, 1000);
    emit('call', call('failed', {}));
    emit('call', call('ordinary', { answeredAt: '2026-12-02T08:00:01.000Z', state: 'active' }));
    emit('callEnded', call('failed', { state: 'ended', endReason: text('callEnd.notFound') }));
    emit('callEnded', call('ordinary', { state: 'ended', answeredAt: '2026-12-02T08:00:01.000Z', endReason: text('callEnd.youHungUp') }));
    const ids = () => slices.get('calls').map((c) => `${c.id}:${c.state}`);
    expect(ids()).toEqual(['failed:ended', 'ordinary:ended']);
    vi.advanceTimersByTime(1001);
    expect(ids()).toEqual(['failed:ended']);
    vi.advanceTimersByTime(1000);
    expect(ids()).toEqual([]);
    binding.detach();
  });
});
