/**
 * The most common passwords are refused wherever a password is set (admin create and edit,
 * self-registration, invitation acceptance, CSV rows): the ~49,000 of zxcvbn-ts's common list
 * (`@zxcvbn-ts/language-common`, maintained), compared ignoring case. Length and blank
 * passwords are the shared rule's business (validatePassword).
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { messages, messageTexts } from '../../shared/rules/validation';
import { invalid } from './errors';

let common: Set<string> | null = null;

export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
  return common.has(password.toLowerCase());
}

/** Throws the seeds-style 400 naming the field when `password` is one of the common ones. */
export function refuseCommonPassword(password: string | null | undefined): void {
  if (password && isCommonPassword(password)) {
    throw invalid(`password: ${messages.passwordCommon}`, { field: 'password' }, messageTexts.passwordCommon);
  }
}
