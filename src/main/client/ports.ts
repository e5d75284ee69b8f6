/**
 * The client service's two storage ports. Persistence has one implementation,
 * `versionedStore.ts`, on a JSON file (`fileStore.ts`, Node/tests) or on electron-store (the
 * shell); secrets are `memorySecrets.ts` in Node and safeStorage in the shell.
 * Both are async so an adapter may do I/O; the service never waits on a save to update state.
 */
import type { PersistedState } from './persistedState';
import type { Text } from '../../shared/text';

export type { PersistedState } from './persistedState';

/** A problem found while loading, reported to the user as a notice (never silently dropped). */
export interface PersistenceProblem {
  /** For the log. */
  message: string;
  /** For the user's notice. */
  text: Text;
  /** Where the unreadable data was moved to, when it was moved aside. */
  movedTo: string | null;
}

export interface PersistenceLoad {
  /** Every section present: missing or unreadable sections hold their defaults. */
  state: PersistedState;
  problems: PersistenceProblem[];
}

export interface PersistencePort {
  /** Reads everything once at start. Must not throw on a corrupt store: report it in `problems`. */
  load(): Promise<PersistenceLoad>;
  /**
   * Writes the given sections; others keep their stored value. Writes are applied in call order
   * and each one is complete or absent on disk (no half-written state after a crash).
   */
  save(patch: Partial<PersistedState>): Promise<void>;
}

/** `sipHa1`: the SIP account's digest HA1 as the server hands it out (no SIP password exists). */
export type SecretName = 'sessionToken' | 'sipHa1';
export const SECRET_NAMES: readonly SecretName[] = ['sessionToken', 'sipHa1'];

/** Secrets never touch the PersistencePort. The shell encrypts them with safeStorage. */
export interface SecretPort {
  get(name: SecretName): Promise<string | null>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
}
