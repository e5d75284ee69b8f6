/**
 * "Register a new account" at sign-in (issue 13): the person pastes the registration link their
 * company gave them; the server named by the link says which company it is and whether it takes
 * registrations, before the app offers to open the registration page. Works signed out.
 */
import { SoftphoneError, type RegistrationLinkAnswer } from '../../shared/ipc';
import { RegistrationInfo } from '../../shared/server-api';
import { text } from '../../shared/text';
import { ServerApi } from './serverApi';

const REGISTER_PATH = /\/register\/?$/;

export async function registrationInfo(link: string, fetchImpl?: typeof fetch): Promise<RegistrationLinkAnswer> {
  const url = new URL(link);
  const token = url.searchParams.get('token');
  if (!token || !REGISTER_PATH.test(url.pathname) || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new SoftphoneError('invalid_argument', 'This is not a registration link.', text('register.notLink'));
  }
  const serverUrl = url.origin + url.pathname.replace(REGISTER_PATH, '');
  const api = new ServerApi({ serverUrl, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  const info = await api.request({ method: 'GET', path: '/registration', query: { token }, response: RegistrationInfo });
  return { serverUrl, ...info };
}
