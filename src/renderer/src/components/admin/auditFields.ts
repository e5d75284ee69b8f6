/**
 * The audit log's "fields" detail (which settings an admin changed) in words: each field name
 * the server records (a user's fields, the company's settings, an announcement's) has a catalog
 * key; a name without one reads as "other settings", never as the internal name.
 */
import type { MessageKey } from '../../../../shared/i18n';

const FIELD_KEYS: Readonly<Record<string, MessageKey>> = {
  userName: 'admin.audit.field.userName',
  firstName: 'admin.audit.field.firstName',
  lastName: 'admin.audit.field.lastName',
  email: 'admin.audit.field.email',
  language: 'admin.audit.field.language',
  role: 'admin.audit.field.role',
  extension: 'admin.audit.field.extension',
  extraExtensions: 'admin.audit.field.extraExtensions',
  landline: 'admin.audit.field.landline',
  mobile: 'admin.audit.field.mobile',
  numbers: 'admin.audit.field.numbers',
  customFields: 'admin.audit.field.customFields',
  softphoneEnabled: 'admin.audit.field.softphoneEnabled',
  confirmed: 'admin.audit.field.confirmed',
  password: 'admin.audit.field.password',
  randomPassword: 'admin.audit.field.password',
  sendWelcomeEmail: 'admin.audit.field.sendWelcomeEmail',
  siteId: 'admin.audit.field.site',
  directoryScope: 'admin.audit.field.directoryScope',
  customFieldLabels: 'admin.audit.field.customFieldLabels',
  registration: 'admin.audit.field.registration',
  registrationRole: 'admin.audit.field.registrationRole',
  invitationRole: 'admin.audit.field.invitationRole',
  requireConfirmation: 'admin.audit.field.requireConfirmation',
  recordingRetentionDays: 'admin.audit.field.recordingRetentionDays',
  mainNumberRoute: 'admin.audit.field.mainNumberRoute',
  country: 'admin.audit.field.country',
  newUserTemplateId: 'admin.audit.field.newUserTemplate',
  name: 'admin.audit.field.name',
  afterwards: 'admin.audit.field.afterwards',
  audio: 'admin.audit.field.audio',
};

/** The catalog key naming a changed field in the audit log. */
export function auditFieldKey(field: string): MessageKey {
  return Object.hasOwn(FIELD_KEYS, field) ? FIELD_KEYS[field]! : 'admin.audit.field.other';
}
