/**
 * What the client keeps on disk between runs, as zod schemas so that every adapter (the JSON
 * file store here, electron-store in the shell) validates what it reads. Nothing secret lives
 * here: the session token and SIP password go through the SecretPort.
 */
import { z } from 'zod';
import { Instant } from '../../shared/model/common';
import { UserSnapshot } from '../../shared/model/state';
import { Account, HistoryEntry, Settings } from '../../shared/ipc';
import { acceleratorProblem } from '../../shared/accelerator';
import {
  definitionOf,
  syncedCommandNames,
  type SyncedArgs,
  type SyncedCommandName,
} from '../../shared/commands';
import { SipCredentials } from '../../shared/server-api';
import { DEFAULT_SETTINGS } from '../../shared/defaults';

/** `key` is also the Idempotency-Key: the same on every attempt, so a replay is never applied twice. */
const commandBase = { key: z.string().min(8).max(64), queuedAt: Instant };

/** A synced command waiting for the server: `{key, queuedAt, name, args}`, one variant per command. */
export type PendingCommand = {
  [N in SyncedCommandName]: { key: string; queuedAt: string; name: N; args: SyncedArgs<N> };
}[SyncedCommandName];

const pendingVariants = syncedCommandNames.map((name) =>
  z.object({ ...commandBase, name: z.literal(name), args: definitionOf(name).args }),
);
/**
 * Built from the registry of synced commands. zod cannot type a union built in a loop, so its
 * output is declared as `PendingCommand` (one variant per command, which is what it parses).
 */
export const PendingCommand = z.discriminatedUnion(
  'name',
  pendingVariants as [(typeof pendingVariants)[number], ...(typeof pendingVariants)[number][]],
) as unknown as z.ZodType<PendingCommand>;

export const RememberedAccount = z.object({
  serverUrl: z.string().max(500),
  userName: z.string().max(200),
  /** The company signed in to: user names are unique per company only (issue 12). */
  companyName: z.string().max(200).optional(),
});
export type RememberedAccount = z.infer<typeof RememberedAccount>;

/**
 * The SIP account without its digest HA1 (that is in the SecretPort): with both, a resumed
 * session registers before the profile server is reachable.
 */
export const SipAccount = SipCredentials.omit({ ha1: true });
export type SipAccount = z.infer<typeof SipAccount>;

/** Call history is capped so the file stays small; the newest entries are kept. */
export const HISTORY_LIMIT = 500;

/**
 * A shortcut stored by an older build that the current rules refuse ("banana") is dropped on
 * reading, not allowed to reset the user's other settings with it.
 */
const StoredShortcut = z
  .string()
  .max(60)
  .catch('')
  .transform((value) => (acceleratorProblem(value) === null ? value : ''));

/**
 * The sections, each validated on its own: one bad section (say, a snapshot written by a newer
 * build) is reported and reset without losing the others.
 */
export const persistedSections = {
  /** Prefills the sign-in screen after sign-out. */
  remembered: RememberedAccount.nullable(),
  /** The signed-in account; with a token in the SecretPort the session resumes at start. */
  account: Account.nullable(),
  /** The account's SIP details from the last `GET /me/sip` (format 2). */
  sipAccount: SipAccount.nullable(),
  snapshot: UserSnapshot.nullable(),
  /** The last revision applied from the server; resume point for the sync WebSocket. */
  revision: z.int().min(0),
  pendingCommands: z.array(PendingCommand),
  settings: Settings.extend({ shortcuts: z.object({ answer: StoredShortcut, hangUp: StoredShortcut }) }),
  history: z.array(HistoryEntry).max(HISTORY_LIMIT),
} as const;

export const PersistedState = z.object(persistedSections);
export type PersistedState = z.infer<typeof PersistedState>;
export type PersistedKey = keyof PersistedState;

export function emptyPersistedState(): PersistedState {
  return {
    remembered: null,
    account: null,
    sipAccount: null,
    snapshot: null,
    revision: 0,
    pendingCommands: [],
    settings: { ...DEFAULT_SETTINGS, shortcuts: { ...DEFAULT_SETTINGS.shortcuts } },
    history: [],
  };
}
