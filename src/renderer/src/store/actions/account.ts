/**
 * The user's own password (issue 12): the change in settings (which signs this client out on
 * success: the server ends every session) and the reset link asked for at sign-in.
 */
import { PasswordInput, validationText } from '../../../../shared/rules/validation';
import { Text } from '../../../../shared/text';
import { sayNow, tNow } from '../../i18n/current';
import { invoke } from './invoke';
import type { RegistrationLinkAnswer } from '../../../../shared/ipc';

export interface PasswordProblems {
  current?: string;
  next?: string;
  repeat?: string;
  /** Not about one field (throttled, server unreachable). */
  form?: string;
}

/** The text key of a command error, when it has one. */
function keyOf(error: unknown): string | null {
  if (error === null || typeof error !== 'object' || !('text' in error)) return null;
  const parsed = Text.safeParse(error.text);
  return parsed.success ? parsed.data.key : null;
}

/** Checks what can be checked here (the shared rule, the repeat), then asks the server. */
export async function changePassword(current: string, next: string, repeat: string): Promise<PasswordProblems | null> {
  const checked = PasswordInput.safeParse(next);
  if (!checked.success) {
    const message = checked.error.issues[0]?.message ?? '';
    const said = validationText(message);
    return { next: said ? sayNow(said) : message };
  }
  if (repeat !== next) return { repeat: tNow('account.password.mismatch') };
  let problems: PasswordProblems | null = null;
  await invoke(
    'account.changePassword',
    { currentPassword: current, newPassword: next },
    {
      onError: (message, error) => {
        const key = keyOf(error);
        if (key === 'account.wrongCurrentPassword') problems = { current: message };
        else if (key?.startsWith('validation.')) problems = { next: message };
        else problems = { form: message };
      },
    },
  );
  return problems;
}

/** Mails a reset link; the answer is the same whether the account exists. */
export async function requestPasswordReset(serverUrl: string, login: string, onError: (message: string) => void): Promise<boolean> {
  const result = await invoke('session.requestPasswordReset', { serverUrl: serverUrl.trim(), login: login.trim() }, { onError });
  return result !== undefined;
}

/** What a pasted registration link leads to (issue 13); null after saying what is wrong. */
export async function checkRegistrationLink(link: string, onError: (message: string) => void): Promise<RegistrationLinkAnswer | null> {
  const trimmed = link.trim();
  if (!/^https?:\/\/[^/]+(\/.*)?\/register\/?\?(.*&)?token=[^&]+/.test(trimmed)) {
    onError(tNow('register.notLink'));
    return null;
  }
  return (await invoke('session.registrationInfo', { link: trimmed }, { onError })) ?? null;
}
