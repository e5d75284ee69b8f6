/**
 * Whether calls can work, as the status bar and the tray both say it (issue 14): registered with
 * the PBX is "ready" only while the profile server is reachable too, since every call is routed
 * by it; registered while the server is down means calls cannot work.
 */
import type { ConnectionState, RegistrationState } from './ipc';
import type { MessageKey } from './i18n';

export type PhoneReadiness = 'ready' | 'serverDown' | 'reachingServer' | Exclude<RegistrationState['status'], 'registered'>;

export function phoneReadiness(
  registration: Pick<RegistrationState, 'status'>,
  connection: Pick<ConnectionState, 'status'>,
): PhoneReadiness {
  if (registration.status !== 'registered') return registration.status;
  if (connection.status === 'online') return 'ready';
  return connection.status === 'offline' ? 'serverDown' : 'reachingServer';
}

const KEY: Record<PhoneReadiness, MessageKey> = {
  ready: 'status.registration.registered',
  serverDown: 'status.registration.serverDown',
  reachingServer: 'status.registration.reachingServer',
  registering: 'status.registration.registering',
  unregistered: 'status.registration.unregistered',
  failed: 'status.registration.failed',
};

/** The catalog key of the readiness: the status bar's words, which the tray uses too. */
export function readinessKey(readiness: PhoneReadiness): MessageKey {
  return KEY[readiness];
}
