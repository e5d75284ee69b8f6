/**
 * Errors next to the user form's fields (issue 13): the server names each bad field by its path
 * (`numbers.mobile`, `customFields.2`) with a text; here the path becomes the form field it is
 * shown at, in the admin's language. The password's own rules and its confirmation are checked
 * before sending (the password never reaches the server unchecked).
 */
import { z } from 'zod';
import { PasswordInput, validationText } from '../../../../../shared/rules';
import { Text, text, plainText } from '../../../../../shared/text';
import type { UserDraft } from './userDraft';

export type FormField =
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'userName'
  | 'extension'
  | 'extraExtensions'
  | 'landline'
  | 'mobile'
  | 'password'
  | 'passwordConfirm'
  | 'custom0'
  | 'custom1'
  | 'custom2';

export type FieldErrors = Partial<Record<FormField, Text>>;

const PATHS: Record<string, FormField> = {
  firstName: 'firstName',
  lastName: 'lastName',
  email: 'email',
  userName: 'userName',
  'numbers.extension': 'extension',
  'numbers.extraExtensions': 'extraExtensions',
  'numbers.landline': 'landline',
  'numbers.mobile': 'mobile',
  password: 'password',
  'customFields.0': 'custom0',
  'customFields.1': 'custom1',
  'customFields.2': 'custom2',
};

/** The form field a server field path is shown at (`numbers.extraExtensions.1` at the extras). */
function formFieldOf(path: string): FormField | null {
  if (PATHS[path]) return PATHS[path];
  const extra = /^numbers\.extraExtensions\.\d+$/.exec(path);
  return extra ? 'extraExtensions' : null;
}

const CarriedFields = z.object({ fields: z.record(z.string(), Text) });

/** The field errors a failed command carries; paths the form has no field for are left out. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  const carried = CarriedFields.safeParse(error);
  if (!carried.success) return {};
  const errors: FieldErrors = {};
  for (const [path, said] of Object.entries(carried.data.fields)) {
    const field = formFieldOf(path);
    if (field) errors[field] ??= said;
  }
  return errors;
}

/** Problems found before sending: the password's rules and its confirmation. */
export function passwordErrors(draft: Pick<UserDraft, 'password' | 'passwordConfirm'>): FieldErrors {
  if (draft.password === '' && draft.passwordConfirm === '') return {};
  const checked = PasswordInput.safeParse(draft.password);
  if (!checked.success) {
    const message = checked.error.issues[0]?.message ?? '';
    return { password: validationText(message) ?? plainText(message) };
  }
  return draft.password === draft.passwordConfirm ? {} : { passwordConfirm: text('admin.user.passwordMismatch') };
}
