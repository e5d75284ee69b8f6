import { invoke } from './invoke';
import { useSoftphone } from '../store';
import { initialAdmin } from '../slices';

/** Sign in; failures land in `session.error` (from main) or in `onError` for transport failures. */
export async function signIn(serverUrl: string, userName: string, password: string, onError: (message: string) => void, company?: string): Promise<void> {
  const asked = company?.trim();
  await invoke('session.signIn', { serverUrl: serverUrl.trim(), userName: userName.trim(), password, ...(asked ? { company: asked } : {}) }, { onError });
}

export async function signOut(): Promise<void> {
  const result = await invoke('session.signOut', null);
  // Admin data belongs to the account that fetched it; the mirrored slices are reset by main.
  if (result) useSoftphone.setState((s) => ({ admin: initialAdmin, ui: { ...s.ui, view: 'phone', directory: null } }));
}
