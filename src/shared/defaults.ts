/**
 * The client's starting values, defined once: main's persisted state and slice store, the
 * shell's electron-store defaults and the renderer's store before the first snapshot all
 * start from these.
 */
import type { ClientSnapshot, Settings } from './ipc';

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  audioInputId: null,
  audioOutputId: null,
  ringerOutputId: null,
  ringtone: 'classic',
  shortcuts: Object.freeze({ answer: 'CommandOrControl+Shift+A', hangUp: 'CommandOrControl+Shift+H' }),
  startAtLogin: false,
  startMinimised: false,
  language: null,
  countryCode: '46',
});

/** A fresh, mutable copy of the default settings. */
function defaultSettings(): Settings {
  return { ...DEFAULT_SETTINGS, shortcuts: { ...DEFAULT_SETTINGS.shortcuts } };
}

const INITIAL_SESSION: Readonly<ClientSnapshot['session']> = Object.freeze({
  status: 'signedOut',
  account: null,
  error: null,
  remembered: null,
});
const INITIAL_REGISTRATION: Readonly<ClientSnapshot['registration']> = Object.freeze({
  status: 'unregistered',
  reason: null,
  since: null,
});
const INITIAL_CONNECTION: Readonly<ClientSnapshot['connection']> = Object.freeze({
  status: 'offline',
  pendingCommands: 0,
  lastSyncedAt: null,
  error: null,
});

/** The slices before anything is known: signed out, offline, no calls, default settings, no mailbox. */
export function initialSlices(): ClientSnapshot {
  return {
    session: { ...INITIAL_SESSION },
    registration: { ...INITIAL_REGISTRATION },
    connection: { ...INITIAL_CONNECTION },
    profiles: null,
    calls: [],
    history: [],
    settings: defaultSettings(),
    notices: [],
    voicemail: null,
    companyChange: null,
    people: [],
  };
}
