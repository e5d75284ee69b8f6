/**
 * The client's state as the contract's event slices. `set` emits only when the value really
 * changed (compared structurally), so listeners never see the same state twice.
 */
import type { ClientSnapshot, EventName, EventPayload } from '../../shared/ipc';
import { stderrLogger, type Logger } from '../logging/logger';

type AnyListener = (name: EventName, payload: unknown) => void;

export class SliceStore {
  private state: ClientSnapshot;
  private readonly serialised = new Map<EventName, string>();
  private readonly listeners = new Set<AnyListener>();

  constructor(
    initial: ClientSnapshot,
    private readonly logger: Pick<Logger, 'error'> = stderrLogger(),
  ) {
    this.state = structuredClone(initial);
    for (const name of Object.keys(initial) as EventName[])
      this.serialised.set(name, JSON.stringify(initial[name]));
  }

  get<N extends EventName>(name: N): EventPayload<N> {
    return this.state[name];
  }

  /** A deep copy of every slice, safe to hand out. */
  all(): ClientSnapshot {
    return structuredClone(this.state);
  }

  set<N extends EventName>(name: N, payload: EventPayload<N>): boolean {
    const text = JSON.stringify(payload);
    if (this.serialised.get(name) === text) return false;
    this.serialised.set(name, text);
    const copy = JSON.parse(text) as EventPayload<N>;
    this.state = { ...this.state, [name]: copy };
    for (const listener of [...this.listeners]) {
      try {
        listener(name, structuredClone(copy));
      } catch (error) {
        // One broken listener must not stop the others from hearing about the change.
        this.logger.error(`A listener of the "${name}" slice failed:`, error);
      }
    }
    return true;
  }

  update<N extends EventName>(
    name: N,
    change: (current: EventPayload<N>) => EventPayload<N>,
  ): boolean {
    return this.set(name, change(structuredClone(this.state[name])));
  }

  subscribe(listener: (name: EventName, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
