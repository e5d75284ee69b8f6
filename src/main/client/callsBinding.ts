/**
 * Mirrors one SIP engine into the registration, calls and history slices, and persists history.
 * An ended call stays in the calls slice for a moment (`lingerMs`, twice that when its card says
 * why it failed and what to do: more to read) so the window can say why it ended; history keeps
 * it for good.
 */
import type { CallView, HistoryEntry } from '../../shared/ipc';
import { callEndNotice } from '../../shared/callEndNotice';
import { mergedWithForward, sameSipCall } from './forwardedCalls';
import { HISTORY_LIMIT, type PersistedState } from './persistedState';
import type { SipEngineLike } from './sipPort';
import type { SliceStore } from './sliceStore';

const ENDED_CALL_LINGER_MS = 4000;

export class CallsBinding {
  private readonly unsubscribe: (() => void)[] = [];
  private readonly lingering = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly engine: SipEngineLike,
    private readonly slices: SliceStore,
    private readonly lingerMs = ENDED_CALL_LINGER_MS,
  ) {
    this.slices.set('registration', engine.registrationState);
    this.unsubscribe.push(
      engine.on('registration', (state) => this.slices.set('registration', state)),
      engine.on('call', (call) => this.upsert(call)),
      engine.on('callEnded', (call) => this.ended(call)),
    );
  }

  detach(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    for (const timer of this.lingering.values()) clearTimeout(timer);
    this.lingering.clear();
    this.slices.set('calls', []);
    this.slices.set('registration', { status: 'unregistered', reason: null, since: null });
  }

  private upsert(call: CallView): void {
    this.slices.update('calls', (calls) => {
      const index = calls.findIndex((c) => c.id === call.id);
      if (index < 0) return [...calls, call];
      const next = [...calls];
      next[index] = call;
      return next;
    });
  }

  private ended(call: CallView): void {
    const view: CallView = { ...call, state: 'ended' };
    this.upsert(view);
    const timer = setTimeout(() => {
      this.lingering.delete(call.id);
      this.slices.update('calls', (calls) => calls.filter((c) => c.id !== call.id));
    }, callEndNotice(view) ? this.lingerMs * 2 : this.lingerMs);
    timer.unref?.();
    this.lingering.set(call.id, timer);
  }
}

/** Adds a finished call to the history slice (newest first, capped) and saves it. */
export function recordHistory(
  slices: SliceStore,
  save: (patch: Partial<PersistedState>) => void,
  entry: HistoryEntry,
): void {
  slices.update('history', (history) => {
    // The PBX may have reported this call (it forwarded it after we rang) before we finished it.
    const match = sameSipCall(history, entry);
    const reported = match?.outcome === 'forwarded' ? match : undefined;
    const own = reported ? mergedWithForward(entry, reported) : entry;
    const rest = history.filter((h) => h.id !== entry.id && h !== reported);
    return [own, ...rest].slice(0, HISTORY_LIMIT);
  });
  save({ history: slices.get('history') });
}
