/** A contract-valid client state and one valid call of every command, for the shell tests. */
import { vi } from 'vitest';
import { ProfileFields } from '../../../src/shared/model/profile';
import type { ClientSnapshot, CommandArgs, CommandName, CommandResult, Notice } from '../../../src/shared/ipc';
import type { ShellService, SliceChange } from '../../../src/main/shell/service';
import { makeProfile } from '../shared/fixtures';
import type { Text } from '../../../src/shared/text';

const NOW = '2026-11-23T10:00:00.000Z';

export function makeSnapshot(): ClientSnapshot {
  return {
    session: {
      status: 'signedIn',
      account: {
        serverUrl: 'https://profiles.example.com',
        userName: 'alice',
        userId: 'u-alice',
        displayName: 'Alice Andersson',
        role: 'admin',
        companyName: 'Demo Company',
        language: 'en',
      },
      error: null,
      remembered: { serverUrl: 'https://profiles.example.com', userName: 'alice' },
    },
    registration: { status: 'registered', reason: null, since: NOW },
    connection: { status: 'online', pendingCommands: 0, lastSyncedAt: NOW, error: null },
    profiles: {
      revision: 7,
      profiles: [
        makeProfile('p-available', { name: 'Available', colour: '#2e7d32' }),
        makeProfile('p-meeting', { name: 'Meeting', colour: '#c62828', type: 'meeting' }),
        makeProfile('p-lunch', { name: 'Lunch', colour: '#f9a825', type: 'lunch' }),
      ],
      defaultProfileId: 'p-available',
      manualChoice: null,
      effective: { profileId: 'p-available', reason: 'default', since: null, until: null, eventTitle: null },
      queues: [
        { id: 'q-support', name: 'Support', number: '2000', status: 'active' },
        { id: 'q-sales', name: 'Sales', number: '2001', status: 'paused' },
      ],
      callerId: {
        current: { kind: 'number', number: '+46850000001', label: 'Landline' },
        options: [
          { number: '+46850000001', label: 'Landline', type: 'landline' },
          { number: '+46700000001', label: 'Mobile', type: 'mobile' },
          { number: '+46850000099', label: 'Demo Company main number', type: 'main' },
          { number: '+46850000050', label: 'Support', type: 'queue' },
        ],
        fellBack: false,
      },
      canEditProfiles: true,
    },
    calls: [],
    history: [],
    settings: {
      audioInputId: null,
      audioOutputId: null,
      ringerOutputId: null,
      ringtone: 'classic',
      shortcuts: { answer: 'CommandOrControl+Shift+A', hangUp: 'CommandOrControl+Shift+H' },
      startAtLogin: false,
      startMinimised: false,
      language: null,
      countryCode: '46',
    },
    notices: [],
    voicemail: null,
    companyChange: null,
    people: [],
  };
}

const fields = ProfileFields.parse({ ...makeProfile('x'), id: undefined });
const template = {
  id: 't-1',
  name: 'Standard',
  builtIn: false,
  profiles: [{ ...fields, key: 'k-1' }],
  updatedAt: NOW,
};
const user = {
  id: 'u-bob',
  companyId: 'c-1',
  userName: 'bob',
  email: 'bob@demo.example',
  firstName: 'Bob',
  lastName: 'Berg',
  language: 'en' as const,
  role: 'user' as const,
  numbers: { extension: '1002', landline: null, mobile: null, extraExtensions: [] },
  customFields: [null, null, null] as [null, null, null],
  softphoneEnabled: true,
  disabled: false,
  confirmed: true,
  createdAt: NOW,
};
const settings = {
  customFieldLabels: [null, null, null] as [null, null, null],
  registration: 'disabled' as const,
  registrationRole: 'guest' as const,
  invitationRole: 'user' as const,
  requireConfirmation: true,
  recordingRetentionDays: 90,
};
const ok = { ok: true as const };
const recording = {
  id: 'r-1',
  sipCallId: 'abc@host',
  direction: 'incoming' as const,
  otherParty: '+46855501002',
  startedAt: NOW,
  durationSeconds: 62.5,
  sizeBytes: 1_000_044,
  contentType: 'audio/wav',
};
const audio = { contentType: 'audio/wav', base64: 'UklGRg==' };
const voicemailMessage = { id: 'vm-1', callerNumber: '+46701234567', callerName: 'Kim', calledNumber: '1001', receivedAt: NOW, durationSeconds: 12.5, heard: true };
const greeting = { custom: true, durationSeconds: 4.2, updatedAt: NOW };
const deskPhone = { id: 'd-1', userId: 'u-bob', sipUser: 'desk-abcd2345', label: 'Reception', createdAt: '2026-01-05T08:00:00.000Z', passwordSetAt: '2026-01-05T08:00:00.000Z' };
const deskPhoneCredentials = { device: deskPhone, password: 'generated-password', domain: 'demo.example', realm: 'demo.example', pbxAddress: '127.0.0.1:5060', transport: 'udp' as const };
const announcement = { id: 'a-1', name: 'Closed for lunch', afterwards: 'end' as const, durationSeconds: 4.5, updatedAt: NOW, usedBy: ['Bob Berg (Lunch)'] };
const application = { id: 'app-1', name: 'IVR', sipUri: 'sip:ivr@example.com', updatedAt: NOW, usedBy: [] };
const userSnapshot = {
  userId: 'u-bob',
  revision: 3,
  profiles: [{ ...fields, id: 'p-x' }],
  defaultProfileId: 'p-x',
  manualChoice: null,
  queueOverrides: [],
  callerIdOverride: null,
  queues: [],
  allowedCallerIds: [],
  calendarEvents: [],
  canEditProfiles: true,
};
const codes = { queuesPause: '*20', queuesResume: '*21', defaultProfile: null, listenVoicemail: null };

/** One valid call per command: the type makes a new contract command fail to compile here. */
const adminQueue = { id: 'q1', name: 'Support', number: '+46850000100', memberIds: [], members: [], mainNumber: false };

export const SAMPLES: { [N in CommandName]: { args: CommandArgs<N>; result: CommandResult<N> } } = {
  'session.signIn': {
    args: { serverUrl: 'https://profiles.example.com', userName: 'alice', password: 'secret-password' },
    result: makeSnapshot().session,
  },
  'session.signOut': { args: null, result: ok },
  'profiles.switch': { args: { profileId: 'p-lunch' }, result: ok },
  'profiles.clearManual': { args: null, result: ok },
  'profiles.update': { args: { profileId: 'p-lunch', fields }, result: ok },
  'queues.setStatus': { args: { queueIds: ['q-support'], status: 'paused' }, result: ok },
  'callerId.choose': { args: { number: null }, result: ok },
  'calls.dial': { args: { target: '1002' }, result: { callId: 'call-1' } },
  'calls.answer': { args: { callId: 'call-1' }, result: ok },
  'calls.decline': { args: { callId: 'call-1' }, result: ok },
  'calls.hangUp': { args: { callId: 'call-1' }, result: ok },
  'calls.hold': { args: { callId: 'call-1', hold: true }, result: ok },
  'calls.mute': { args: { callId: 'call-1', muted: true }, result: ok },
  'calls.dtmf': { args: { callId: 'call-1', tones: '12#' }, result: ok },
  'calls.transferBlind': { args: { callId: 'call-1', target: '1003' }, result: ok },
  'calls.transferAttended': { args: { callId: 'call-1', toCallId: 'call-2' }, result: ok },
  'history.clear': { args: null, result: ok },
  'recordings.list': { args: null, result: [recording] },
  'recordings.audio': { args: { recordingId: 'r-1' }, result: audio },
  'recordings.delete': { args: { recordingId: 'r-1' }, result: ok },
  'voicemail.audio': { args: { messageId: 'vm-1' }, result: audio },
  'voicemail.heard': { args: { messageId: 'vm-1', heard: true }, result: voicemailMessage },
  'voicemail.delete': { args: { messageId: 'vm-1' }, result: ok },
  'voicemail.greeting': { args: null, result: audio },
  'voicemail.greeting.save': { args: { base64: 'UklGRg==' }, result: greeting },
  'voicemail.greeting.reset': { args: null, result: { ...greeting, custom: false, updatedAt: null } },
  'calendar.status': {
    args: null,
    result: {
      source: 'url',
      url: 'https://calendar.example.com/bob.ics',
      syncedAt: NOW,
      events: 3,
      error: null,
      switches: [{ title: 'Lunch with Kim', start: NOW, end: '2026-11-23T11:00:00.000Z', profileId: 'p-lunch', profileName: 'Lunch' }],
    },
  },
  'calendar.subscribe': { args: { url: 'https://calendar.example.com/bob.ics' }, result: { events: 3 } },
  'calendar.upload': { args: { ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' }, result: { events: 0 } },
  'calendar.disconnect': { args: null, result: { events: 0 } },
  'admin.templates.applyPreview': {
    args: { templateId: 't-1', userIds: ['u-bob'] },
    result: {
      users: [
        {
          userId: 'u-bob',
          userName: 'bob',
          firstName: 'Bob',
          lastName: 'Berg',
          added: ['Focus'],
          changed: [{ name: 'Lunch', previousName: null, fields: ['routing'] }],
          removed: ['Gym'],
          defaultProfile: null,
          fallback: { from: 'Gym', to: 'Available' },
        },
      ],
    },
  },
  'directory.search': {
    args: { query: 'bo' },
    result: [{ id: user.id, userName: user.userName, firstName: 'Bob', lastName: 'Berg', email: user.email, numbers: user.numbers, disabled: false }],
  },
  'settings.update': { args: { ringtone: 'soft' }, result: { ...makeSnapshot().settings, ringtone: 'soft' } },
  'notices.dismiss': { args: { id: 'n-1' }, result: ok },
  'admin.templates.list': { args: null, result: [{ id: 't-1', name: 'Standard', builtIn: false, updatedAt: NOW, profileCount: 1 }] },
  'admin.templates.get': { args: { templateId: 't-1' }, result: template },
  'admin.templates.clone': { args: { templateId: 't-1', name: 'Copy' }, result: template },
  'admin.templates.save': { args: { templateId: 't-1', name: 'Standard', profiles: template.profiles }, result: template },
  'admin.templates.apply': { args: { templateId: 't-1', userIds: 'all', confirmOverwrite: true }, result: { applied: 4, auditId: 'a-1' } },
  'admin.audit.list': {
    args: null,
    result: [{ id: 'a-1', templateId: 't-1', templateName: 'Standard', appliedBy: 'admin', appliedAt: NOW, userIds: ['u-bob'] }],
  },
  'admin.users.list': { args: { includeDisabled: true }, result: [user] },
  'admin.users.create': {
    args: { firstName: 'Eve', lastName: 'Ek', email: 'eve@demo.example', randomPassword: true },
    result: { user, password: 'generated-password' },
  },
  'admin.users.update': { args: { userId: 'u-bob', changes: { firstName: 'Robert' } }, result: user },
  'admin.users.setDisabled': { args: { userId: 'u-bob', disabled: true }, result: { ...user, disabled: true } },
  'admin.users.invite': { args: { emails: ['new@demo.example'] }, result: { invited: 1 } },
  'admin.users.sendWelcome': { args: { userId: 'u-bob' }, result: { email: 'bob@demo.example', days: 7 } },
  'admin.users.csvTemplate': { args: null, result: { fileName: 'users.csv', content: 'id,userName\n' } },
  'admin.users.csvExport': { args: null, result: { fileName: 'users.csv', content: 'Internal ID,User Name\nu-bob,bob\n' } },
  'admin.users.csvDryRun': { args: { content: 'id,userName\n' }, result: { create: [], change: [], invalid: [] } },
  'session.requestPasswordReset': { args: { serverUrl: 'https://phone.example.com', login: 'alice' }, result: { ok: true } },
  'session.registrationInfo': {
    args: { link: 'https://phone.example.com/register?token=abc' },
    result: { serverUrl: 'https://phone.example.com', company: 'Demo', open: true, pageUrl: 'https://phone.example.com/register?token=abc' },
  },
  'account.changePassword': { args: { currentPassword: 'old-secret-1', newPassword: 'New-secret-2026' }, result: { ok: true } },
  'admin.users.csvSubmit': { args: { content: 'id,userName\n' }, result: { jobId: 'job-1', state: 'running', done: 0, total: 1, result: null, error: null } },
  'admin.users.csvJob': { args: { jobId: 'job-1' }, result: { jobId: 'job-1', state: 'committed', done: 1, total: 1, result: { created: 1, changed: 0 }, error: null } },
  'admin.devices.list': { args: { userId: 'u-bob' }, result: [deskPhone] },
  'admin.devices.create': { args: { userId: 'u-bob', label: 'Reception' }, result: deskPhoneCredentials },
  'admin.devices.rotate': { args: { userId: 'u-bob', deviceId: 'd-1' }, result: deskPhoneCredentials },
  'admin.devices.remove': { args: { userId: 'u-bob', deviceId: 'd-1' }, result: ok },
  'admin.company.get': { args: null, result: { name: 'Demo Company', mainNumber: '+46850000000', settings } },
  'admin.company.update': { args: { requireConfirmation: false }, result: { ...settings, requireConfirmation: false } },
  'admin.queues.list': { args: null, result: [adminQueue] },
  'admin.queues.create': { args: { name: 'Support', number: '+46850000100' }, result: adminQueue },
  'admin.queues.update': { args: { queueId: 'q1', name: 'Support desk' }, result: { ...adminQueue, name: 'Support desk' } },
  'admin.queues.delete': { args: { queueId: 'q1' }, result: ok },
  'admin.queues.setMember': { args: { queueId: 'q1', userId: 'u-bob', devices: ['softphone'] }, result: { ...adminQueue, memberIds: ['u-bob'], members: [{ userId: 'u-bob', devices: ['softphone'], status: 'active' }] } },
  'admin.queues.removeMember': { args: { queueId: 'q1', userId: 'u-bob' }, result: adminQueue },
  'admin.sites.list': { args: null, result: [{ id: 's1', name: 'Stockholm', code: 'STO', userCount: 2 }] },
  'admin.sites.create': { args: { name: 'Göteborg', code: 'GBG' }, result: { id: 's2', name: 'Göteborg', code: 'GBG', userCount: 0 } },
  'admin.sites.update': { args: { siteId: 's2', name: 'Malmö' }, result: { id: 's2', name: 'Malmö', code: 'GBG', userCount: 0 } },
  'admin.sites.delete': { args: { siteId: 's2' }, result: ok },
  'admin.users.assignSite': { args: { userIds: ['u-bob'], siteId: 's1', directoryScope: 'site' }, result: { changed: ['u-bob'] } },
  'admin.auditLog.search': {
    args: { q: 'Support', page: 1, pageSize: 20 },
    result: {
      entries: [{ id: 'a1', at: '2026-01-01T10:00:00.000Z', actorId: 'u-ada', actorName: 'ada', action: 'queues.create', subject: { kind: 'queue', id: 'q1', name: 'Support' }, details: { number: '+46850000100' } }],
      total: 1,
      page: 1,
      pageSize: 20,
    },
  },
  'admin.numbers.get': {
    args: null,
    result: { blocks: [{ firstNumber: '+46850000000', lastNumber: '+46850000999' }], numbers: [{ number: '+46850000000', type: 'main', holder: null }] },
  },
  'admin.registrationLink.get': { args: null, result: { token: 'tok-1', url: 'https://profiles.example.com/register?token=tok-1' } },
  'admin.registrationLink.rotate': { args: null, result: { token: 'tok-2', url: 'https://profiles.example.com/register?token=tok-2' } },
  'admin.recordings.list': { args: null, result: [{ ...recording, userId: 'u-bob', userName: 'bob', userDisplayName: 'Bob Berg' }] },
  'admin.recordings.audio': { args: { recordingId: 'r-1' }, result: audio },
  'admin.recordings.delete': { args: { recordingId: 'r-1' }, result: ok },
  'destinations.list': { args: null, result: { announcements: [{ id: 'a-1', name: 'Closed for lunch' }], applications: [{ id: 'app-1', name: 'IVR' }], codes: codes } },
  'admin.announcements.list': { args: null, result: [announcement] },
  'admin.announcements.create': { args: { name: 'Closed for lunch', audioBase64: 'UklGRg==' }, result: announcement },
  'admin.announcements.update': { args: { announcementId: 'a-1', name: 'Lunch' }, result: announcement },
  'admin.announcements.delete': { args: { announcementId: 'a-1' }, result: ok },
  'admin.announcements.audio': { args: { announcementId: 'a-1' }, result: audio },
  'admin.applications.list': { args: null, result: [application] },
  'admin.applications.create': { args: { name: 'IVR', sipUri: 'sip:ivr@example.com' }, result: application },
  'admin.applications.update': { args: { applicationId: 'app-1', name: 'IVR', sipUri: 'sip:ivr@example.com' }, result: application },
  'admin.applications.delete': { args: { applicationId: 'app-1' }, result: ok },
  'admin.codes.get': { args: null, result: codes },
  'admin.codes.set': { args: codes, result: codes },
  'admin.columns.get': { args: null, result: { columns: ['userName', 'email'] } },
  'admin.columns.set': { args: { columns: ['userName', 'mobile'] }, result: { columns: ['userName', 'mobile'] } },
  'admin.profiles.massEdit': { args: { userIds: ['u-bob'], profileName: 'Lunch', field: 'recording', value: true, dryRun: true }, result: { changed: ['u-bob'], skipped: [], alreadySet: [] } },
  'admin.profiles.add': { args: { userIds: 'all', profile: fields }, result: { changed: ['u-bob'], skipped: [], key: 'k-2' } },
  'admin.users.snapshot': { args: { userId: 'u-bob' }, result: userSnapshot },
  'admin.users.editProfile': { args: { userId: 'u-bob', profileId: 'p-x', fields }, result: userSnapshot },
  'admin.users.lockProfiles': { args: { userId: 'u-bob', locked: true }, result: { userId: 'u-bob', locked: true } },
};

/** A ShellService over a snapshot: commands answer with the samples; slices change via `emit`. */
export class FakeService implements ShellService {
  state: ClientSnapshot = makeSnapshot();
  readonly notices: Array<{ kind: Notice['kind']; text: Text }> = [];
  readonly execute = vi.fn(async (name: CommandName, _args: unknown): Promise<never> => SAMPLES[name].result as never);
  private readonly listeners = new Set<(change: SliceChange) => void>();

  snapshot(): ClientSnapshot {
    return structuredClone(this.state);
  }

  subscribe(listener: (change: SliceChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(kind: Notice['kind'], text: Text): void {
    this.notices.push({ kind, text });
  }

  emit<C extends SliceChange>(change: C): void {
    this.state = { ...this.state, [change.name]: change.payload };
    for (const listener of [...this.listeners]) listener(change);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

/** Lets every queued promise callback run (dispatches are asynchronous). */
export const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
