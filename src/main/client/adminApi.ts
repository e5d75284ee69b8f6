/**
 * The contract's admin commands, the directory search, the user's recordings and voicemail: each is one call to a profile
 * server route, described here as data (the server checks the role; the client only forwards
 * and parses the answer with the command's result schema, taken from the contract, whose
 * shapes live in `src/shared/server-api.ts`). Adding an admin REST command is one row here
 * (and its `cmd(...)` line in `src/shared/ipc.ts`).
 */
import type { CommandRows } from './commandTable';

const id = encodeURIComponent;

/** A recording's audio as the contract carries it (base64: IPC and the harness carry JSON). */
const audio = ({ bytes, contentType }: { bytes: Uint8Array; contentType: string }) => ({
  contentType,
  base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
});

export const serverRoutes = {
  'admin.templates.list': { method: 'GET', path: '/admin/templates' },
  'admin.templates.get': { method: 'GET', path: (a) => `/admin/templates/${id(a.templateId)}` },
  'admin.templates.clone': {
    method: 'POST',
    path: (a) => `/admin/templates/${id(a.templateId)}/clone`,
    body: (a) => ({ name: a.name }),
  },
  'admin.templates.save': {
    method: 'PUT',
    path: (a) => `/admin/templates/${id(a.templateId)}`,
    body: (a) => ({ name: a.name, profiles: a.profiles }),
  },
  'admin.templates.apply': {
    method: 'POST',
    path: (a) => `/admin/templates/${id(a.templateId)}/apply`,
    body: (a) => ({ userIds: a.userIds, confirmOverwrite: a.confirmOverwrite }),
    idempotent: true,
  },
  'admin.templates.applyPreview': {
    method: 'POST',
    path: (a) => `/admin/templates/${id(a.templateId)}/apply-preview`,
    body: (a) => ({ userIds: a.userIds }),
  },
  'admin.audit.list': { method: 'GET', path: '/admin/template-applications' },
  'admin.users.list': {
    method: 'GET',
    path: '/admin/users',
    query: (a) => ({ includeDisabled: String(a.includeDisabled) }),
  },
  'admin.users.create': { method: 'POST', path: '/admin/users', body: (a) => a },
  'admin.users.update': { method: 'PATCH', path: (a) => `/admin/users/${id(a.userId)}`, body: (a) => a.changes },
  'admin.users.setDisabled': {
    method: 'PUT',
    path: (a) => `/admin/users/${id(a.userId)}/disabled`,
    body: (a) => ({ disabled: a.disabled }),
  },
  'admin.users.sendWelcome': { method: 'POST', path: (a) => `/admin/users/${id(a.userId)}/welcome` },
  'admin.users.invite': { method: 'POST', path: '/admin/invitations', body: (a) => ({ emails: a.emails }) },
  'admin.users.csvTemplate': {
    method: 'GET',
    path: '/admin/users.csv',
    query: () => ({ template: 'true' }),
    text: ({ text, fileName }) => ({ fileName: fileName ?? 'users-template.csv', content: text }),
  },
  'admin.users.csvExport': {
    method: 'GET',
    path: '/admin/users.csv',
    text: ({ text, fileName }) => ({ fileName: fileName ?? 'users.csv', content: text }),
  },
  'admin.users.csvDryRun': { method: 'POST', path: '/admin/users/csv/dry-run', body: (a) => ({ content: a.content }) },
  'admin.users.csvSubmit': { method: 'POST', path: '/admin/users/csv/submit', body: (a) => ({ content: a.content }) },
  'admin.users.csvJob': { method: 'GET', path: (a) => `/admin/users/csv/jobs/${id(a.jobId)}` },
  'admin.devices.list': { method: 'GET', path: (a) => `/admin/users/${id(a.userId)}/devices` },
  'admin.devices.create': { method: 'POST', path: (a) => `/admin/users/${id(a.userId)}/devices`, body: (a) => ({ label: a.label }) },
  'admin.devices.rotate': { method: 'POST', path: (a) => `/admin/users/${id(a.userId)}/devices/${id(a.deviceId)}/rotate` },
  'admin.devices.remove': { method: 'DELETE', path: (a) => `/admin/users/${id(a.userId)}/devices/${id(a.deviceId)}` },
  'admin.company.get': { method: 'GET', path: '/admin/company' },
  'admin.company.update': { method: 'PATCH', path: '/admin/company', body: (a) => a },
  'admin.queues.list': { method: 'GET', path: '/admin/queues' },
  'admin.queues.create': { method: 'POST', path: '/admin/queues', body: (a) => a },
  'admin.queues.update': { method: 'PATCH', path: (a) => `/admin/queues/${id(a.queueId)}`, body: ({ queueId: _id, ...patch }) => patch },
  'admin.queues.delete': { method: 'DELETE', path: (a) => `/admin/queues/${id(a.queueId)}` },
  'admin.queues.setMember': { method: 'PUT', path: (a) => `/admin/queues/${id(a.queueId)}/members/${id(a.userId)}`, body: (a) => ({ devices: a.devices }) },
  'admin.queues.removeMember': { method: 'DELETE', path: (a) => `/admin/queues/${id(a.queueId)}/members/${id(a.userId)}` },
  'admin.auditLog.search': {
    method: 'GET',
    path: '/admin/audit',
    query: (a) => {
      const query: Record<string, string> = { page: String(a.page), pageSize: String(a.pageSize) };
      for (const key of ['q', 'action', 'personId', 'from', 'to'] as const) if (a[key]) query[key] = a[key];
      return query;
    },
  },
  'admin.sites.list': { method: 'GET', path: '/admin/sites' },
  'admin.sites.create': { method: 'POST', path: '/admin/sites', body: (a) => a },
  'admin.sites.update': { method: 'PATCH', path: (a) => `/admin/sites/${id(a.siteId)}`, body: ({ siteId: _id, ...patch }) => patch },
  'admin.sites.delete': { method: 'DELETE', path: (a) => `/admin/sites/${id(a.siteId)}` },
  'admin.users.assignSite': { method: 'POST', path: '/admin/users/site', body: (a) => a },
  'admin.numbers.get': { method: 'GET', path: '/admin/numbers' },
  'admin.registrationLink.get': { method: 'GET', path: '/admin/registration-link' },
  'admin.registrationLink.rotate': { method: 'POST', path: '/admin/registration-link/rotate' },
  'admin.recordings.list': { method: 'GET', path: '/admin/recordings' },
  'admin.recordings.audio': { method: 'GET', path: (a) => `/admin/recordings/${id(a.recordingId)}/audio`, bytes: audio },
  'admin.recordings.delete': { method: 'DELETE', path: (a) => `/admin/recordings/${id(a.recordingId)}` },
  'recordings.list': { method: 'GET', path: '/me/recordings' },
  'recordings.audio': { method: 'GET', path: (a) => `/me/recordings/${id(a.recordingId)}/audio`, bytes: audio },
  'recordings.delete': { method: 'DELETE', path: (a) => `/me/recordings/${id(a.recordingId)}` },
  // Issue 13: the user's calendar (settings).
  'calendar.status': { method: 'GET', path: '/me/calendar' },
  'calendar.subscribe': { method: 'PUT', path: '/me/calendar', body: (a) => ({ url: a.url }) },
  'calendar.upload': {
    method: 'PUT',
    path: '/me/calendar/ics',
    rawBody: (a) => ({ contentType: 'text/calendar', bytes: new TextEncoder().encode(a.ics) }),
  },
  'calendar.disconnect': { method: 'PUT', path: '/me/calendar', body: () => ({ url: null }) },
  'directory.search': { method: 'GET', path: '/directory', query: (a) => ({ query: a.query }) },
  // The user's mailbox; its list and counts arrive pushed (the `voicemail` slice).
  'voicemail.audio': { method: 'GET', path: (a) => `/me/voicemail/${id(a.messageId)}/audio`, bytes: audio },
  'voicemail.heard': { method: 'PUT', path: (a) => `/me/voicemail/${id(a.messageId)}/heard`, body: (a) => ({ heard: a.heard }) },
  'voicemail.delete': { method: 'DELETE', path: (a) => `/me/voicemail/${id(a.messageId)}` },
  'voicemail.greeting': { method: 'GET', path: '/me/voicemail/greeting', bytes: audio },
  'voicemail.greeting.save': {
    method: 'PUT',
    path: '/me/voicemail/greeting',
    rawBody: (a) => ({ contentType: 'audio/wav', bytes: new Uint8Array(Buffer.from(a.base64, 'base64')) }),
  },
  'voicemail.greeting.reset': { method: 'DELETE', path: '/me/voicemail/greeting' },
  'destinations.list': { method: 'GET', path: '/me/destinations' },
  'admin.announcements.list': { method: 'GET', path: '/admin/announcements' },
  'admin.announcements.create': { method: 'POST', path: '/admin/announcements', body: (a) => a },
  'admin.announcements.update': {
    method: 'PATCH',
    path: (a) => `/admin/announcements/${id(a.announcementId)}`,
    body: ({ announcementId: _id, ...patch }) => patch,
  },
  'admin.announcements.delete': { method: 'DELETE', path: (a) => `/admin/announcements/${id(a.announcementId)}` },
  'admin.announcements.audio': { method: 'GET', path: (a) => `/admin/announcements/${id(a.announcementId)}/audio`, bytes: audio },
  'admin.applications.list': { method: 'GET', path: '/admin/applications' },
  'admin.applications.create': { method: 'POST', path: '/admin/applications', body: (a) => a },
  'admin.applications.update': {
    method: 'PUT',
    path: (a) => `/admin/applications/${id(a.applicationId)}`,
    body: (a) => ({ name: a.name, sipUri: a.sipUri }),
  },
  'admin.applications.delete': { method: 'DELETE', path: (a) => `/admin/applications/${id(a.applicationId)}` },
  'admin.codes.get': { method: 'GET', path: '/admin/feature-codes' },
  'admin.codes.set': { method: 'PUT', path: '/admin/feature-codes', body: (a) => a },
  // Issue 13: the users table's columns, mass edits, one user's profiles.
  'admin.columns.get': { method: 'GET', path: '/admin/preferences/columns' },
  'admin.columns.set': { method: 'PUT', path: '/admin/preferences/columns', body: (a) => ({ columns: a.columns }) },
  'admin.profiles.massEdit': { method: 'POST', path: '/admin/profiles/mass-edit', body: (a) => a },
  'admin.profiles.add': { method: 'POST', path: '/admin/profiles/add', body: (a) => a },
  'admin.users.snapshot': { method: 'GET', path: (a) => `/admin/users/${id(a.userId)}/snapshot` },
  'admin.users.editProfile': {
    method: 'PUT',
    path: (a) => `/admin/users/${id(a.userId)}/profiles/${id(a.profileId)}`,
    body: (a) => ({ fields: a.fields }),
  },
  'admin.users.lockProfiles': { method: 'PUT', path: (a) => `/admin/users/${id(a.userId)}/profiles-lock`, body: (a) => ({ locked: a.locked }) },
} satisfies CommandRows;
