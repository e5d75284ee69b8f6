/** Public views of stored users (never the password hash or SIP password). */
import type { User } from '../../shared/model';
import type { UserRecord } from '../db/store';

export function toUser(record: UserRecord): User {
  return {
    id: record.id,
    companyId: record.companyId,
    userName: record.userName,
    email: record.email,
    firstName: record.firstName,
    lastName: record.lastName,
    language: record.language,
    role: record.role,
    numbers: record.numbers,
    customFields: record.customFields,
    softphoneEnabled: record.softphoneEnabled,
    disabled: record.disabled,
    confirmed: record.confirmed,
    createdAt: record.createdAt,
    siteId: record.siteId ?? null,
    directoryScope: record.directoryScope ?? 'company',
  };
}
