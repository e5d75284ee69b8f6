import { afterEach, describe, expect, it } from 'vitest';
import type { CallView, ClientSnapshot, EventName, EventPayload, HistoryEntry, SoftphoneApi } from '../../../src/shared/ipc';
import { SoftphoneError } from '../../../src/shared/ipc';
import { connectSoftphone } from '../../../src/renderer/src/store/connect';
import { resetStore, useSoftphone } from '../../../src/renderer/src/store/store';
import { initialState } from '../../../src/renderer/src/store/slices';
import { selectActiveCall, selectInCall, selectLanguage, selectRecentNumbers, selectRingingCall } from '../../../src/renderer/src/store/selectors';
import { cleanDialInput, dial } from '../../../src/renderer/src/store/actions/calls';
import { switchProfile } from '../../../src/renderer/src/store/actions/profiles';
import { plainText } from '../../../src/shared/text';

/** A SoftphoneApi double: records invokes, emits events on demand, answers a fixed snapshot. */
function fakeApi(snapshot: ClientSnapshot) {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const invoked: { name: string; args: unknown }[] = [];
  let failWith: Error | null = null;
  let releaseSnapshot: () => void = () => undefined;
  const snapshotGate = new Promise<void>((resolve) => (releaseSnapshot = resolve));
  const api: SoftphoneApi = {
    async invoke(name, args) {
      invoked.push({ name, args });
      if (failWith) throw failWith;
      return (name === 'calls.dial' ? { callId: 'c1' } : { ok: true }) as never;
    },
    async snapshot() {
      await snapshotGate;
      return snapshot;
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
  return {
    api,
    invoked,
    releaseSnapshot,
    emit<N extends EventName>(name: N, payload: EventPayload<N>) {
      for (const listener of listeners.get(name) ?? []) listener(payload as never);
    },
    failNextWith(error: Error) {
      failWith = error;
    },
    listenerCount: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
  };
}

function baseSnapshot(): ClientSnapshot {
  const s = initialState();
  return {
    session: s.session,
    registration: s.registration,
    connection: s.connection,
    profiles: null,
    calls: [],
    history: [],
    settings: s.settings,
    notices: [],
    voicemail: null,
    companyChange: null,
    people: [],
  };
}

const at = '2026-11-23T10:00:00.000Z';
function call(overrides: Partial<CallView>): CallView {
  return {
    id: 'c1',
    direction: 'incoming',
    state: 'incoming',
    party: { number: '1001', displayName: 'Alice' },
    calledNumber: '1002',
    calledType: 'internal',
    queueName: null,
    held: false,
    muted: false,
    startedAt: at,
    answeredAt: null,
    endedAt: null,
    endReason: null,
    ...overrides,
  };
}

afterEach(() => resetStore());

describe('renderer store', () => {
  it('takes the snapshot, but an event that arrived while it was in flight wins', async () => {
    const fake = fakeApi({ ...baseSnapshot(), registration: { status: 'registering', reason: null, since: null } });
    const connecting = connectSoftphone(fake.api);
    fake.emit('registration', { status: 'registered', reason: null, since: at });
    fake.releaseSnapshot();
    const disconnect = await connecting;
    const state = useSoftphone.getState();
    expect(state.ui.ready).toBe(true);
    expect(state.registration.status).toBe('registered');
    expect(state.connection.status).toBe('offline');
    disconnect();
    expect(fake.listenerCount()).toBe(0);
  });

  it('mirrors every later event slice as main sends it', async () => {
    const fake = fakeApi(baseSnapshot());
    fake.releaseSnapshot();
    await connectSoftphone(fake.api);
    fake.emit('calls', [call({})]);
    fake.emit('connection', { status: 'offline', pendingCommands: 2, lastSyncedAt: null, error: plainText('server unreachable') });
    expect(selectRingingCall(useSoftphone.getState())?.id).toBe('c1');
    expect(selectInCall(useSoftphone.getState())).toBe(false);
    expect(useSoftphone.getState().connection.pendingCommands).toBe(2);
    fake.emit('calls', [call({ state: 'active', answeredAt: at })]);
    expect(selectActiveCall(useSoftphone.getState())?.id).toBe('c1');
    expect(selectInCall(useSoftphone.getState())).toBe(true);
    expect(selectRingingCall(useSoftphone.getState())).toBeUndefined();
  });

  it('turns a failed command into a visible error and does not change mirrored state', async () => {
    const fake = fakeApi(baseSnapshot());
    fake.releaseSnapshot();
    await connectSoftphone(fake.api);
    fake.failNextWith(new SoftphoneError('offline', 'The PBX cannot be reached'));
    expect(await dial('+46 (0)8-123 45 67')).toBe(false);
    expect(fake.invoked).toEqual([{ name: 'calls.dial', args: { target: '+4681234567' } }]);
    const state = useSoftphone.getState();
    expect(state.ui.errors.map((e) => e.message)).toEqual(['The PBX cannot be reached']);
    expect(state.calls).toEqual([]);
    expect(state.ui.pending).toEqual({});
  });

  it('switches with an explicit end, the standard length, or until changed', async () => {
    const fake = fakeApi(baseSnapshot());
    fake.releaseSnapshot();
    await connectSoftphone(fake.api);
    await switchProfile('p1');
    await switchProfile('p1', null);
    await switchProfile('p1', 30);
    expect(fake.invoked[0]).toEqual({ name: 'profiles.switch', args: { profileId: 'p1' } });
    expect(fake.invoked[1]).toEqual({ name: 'profiles.switch', args: { profileId: 'p1', until: null } });
    const until = (fake.invoked[2]?.args as { until: string }).until;
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(29 * 60_000);
  });

  it('reports a missing host API instead of failing silently', async () => {
    await connectSoftphone(null);
    expect(useSoftphone.getState().ui.bootError).toMatch(/not available/);
  });
});

describe('selectors', () => {
  it('lists recent numbers newest first without repeats, and keeps the same array while history is unchanged', () => {
    const entry = (id: string, number: string, startedAt: string): HistoryEntry => ({
      id,
      direction: 'outgoing',
      party: { number, displayName: null },
      calledNumber: null,
      startedAt,
      answeredAt: null,
      endedAt: null,
      outcome: 'answered',
      forwardedTo: null,
      reason: null,
    });
    useSoftphone.setState({
      history: [entry('a', '1001', '2026-11-23T08:00:00Z'), entry('b', '1002', '2026-11-23T09:00:00Z'), entry('c', '1001', '2026-11-23T10:00:00Z')],
    });
    const first = selectRecentNumbers(useSoftphone.getState());
    expect(first.map((p) => p.number)).toEqual(['1001', '1002']);
    expect(selectRecentNumbers(useSoftphone.getState())).toBe(first);
  });

  it('uses the language from settings, else the account, else English', () => {
    expect(selectLanguage(useSoftphone.getState())).toBe('en');
    useSoftphone.setState({
      session: {
        status: 'signedIn',
        error: null,
        remembered: null,
        account: { serverUrl: 'http://127.0.0.1:1/', userName: 'bob', userId: 'u', displayName: 'Bob', role: 'user', companyName: 'Acme', language: 'sv' },
      },
    });
    expect(selectLanguage(useSoftphone.getState())).toBe('sv');
    useSoftphone.setState((s) => ({ settings: { ...s.settings, language: 'en' } }));
    expect(selectLanguage(useSoftphone.getState())).toBe('en');
  });
});

describe('cleanDialInput', () => {
  it.each([
    ['+46 (0)8-123 456 78', '+46812345678'],
    ['tel:+46701234567', '+46701234567'],
    ['Tel: 08-123 45 67', '081234567'],
    ['  1002 ', '1002'],
    ['*41#', '*41#'],
    ['sip:bob@example.com', 'bob@example.com'],
    ['bob', 'bob'],
  ])('%s → %s', (raw, cleaned) => {
    expect(cleanDialInput(raw)).toBe(cleaned);
  });
});
