/**
 * Feeds the store from main: subscribe to every event first (so nothing that happens while
 * the snapshot is in flight is lost), then take the snapshot, and let later events win over
 * it. This is the only writer of the eight mirrored slices.
 */
import type { ClientSnapshot, EventName, EventPayload, SoftphoneApi } from '../../../shared/ipc';
import { useSoftphone } from './store';
import { bindApi, describeError } from './actions/invoke';
import { tNow } from '../i18n/current';

// Listed rather than read from the contract's schemas so the first screen does not have to load
// zod (the host's API already validates every payload); the check below keeps the list complete.
const eventNames = ['session', 'registration', 'connection', 'profiles', 'calls', 'history', 'settings', 'notices', 'voicemail', 'companyChange', 'people'] as const satisfies readonly EventName[];
type Unlisted = Exclude<EventName, (typeof eventNames)[number]>;
const everyEventListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyEventListed;

function applySlice<N extends EventName>(name: N, payload: EventPayload<N>): void {
  useSoftphone.setState({ [name]: payload } as Partial<ClientSnapshot>);
}

export async function connectSoftphone(api: SoftphoneApi | null): Promise<() => void> {
  bindApi(api);
  if (!api) {
    useSoftphone.setState((s) => ({ ui: { ...s.ui, bootError: tNow('error.noHostApi') } }));
    return () => undefined;
  }
  const seen = new Set<EventName>();
  const unsubscribers = eventNames.map((name) =>
    api.on(name, (payload) => {
      seen.add(name);
      applySlice(name, payload);
    }),
  );
  try {
    const snapshot = await api.snapshot();
    const fresh: Partial<ClientSnapshot> = {};
    for (const name of eventNames) {
      if (!seen.has(name)) Object.assign(fresh, { [name]: snapshot[name] });
    }
    useSoftphone.setState((s) => ({ ...fresh, ui: { ...s.ui, ready: true, bootError: null } }));
  } catch (error) {
    useSoftphone.setState((s) => ({ ui: { ...s.ui, bootError: tNow('error.snapshot', { reason: describeError(error) }) } }));
  }
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
    bindApi(null);
  };
}
