import { describe, expect, it } from 'vitest';
import { conflict, forbidden, invalid, notFound } from '../../../src/server/services/errors';
import { en, formatText } from '../../../src/shared/i18n';
import { text } from '../../../src/shared/text';

describe('server errors carry a text', () => {
  it('says what was not found in the same English as before, and as a text per kind of thing', () => {
    for (const [thing, english] of [['user', 'User'], ['template', 'Template'], ['company', 'Company']] as const) {
      const error = notFound(thing);
      expect(error).toMatchObject({ status: 404, code: 'not_found', message: `${english} was not found`, text: { key: `error.notFound.${thing}` } });
      expect(en[`error.notFound.${thing}`]).toBeDefined();
    }
    const named = notFound('user', 'u-42');
    expect(named.message).toBe('User u-42 was not found');
    expect(formatText('en', named.text!)).toBe('User u-42 was not found');
    expect(formatText('sv', named.text!)).toBe('Användaren u-42 hittades inte');
  });

  it('lets the helpers take a text', () => {
    expect(forbidden('No', text('error.adminsOnly'))).toMatchObject({ status: 403, code: 'forbidden', message: 'No', text: { key: 'error.adminsOnly' } });
    expect(conflict('Taken', { field: 'email' }, text('error.emailTaken'))).toMatchObject({ status: 409, details: { field: 'email' }, text: { key: 'error.emailTaken' } });
    expect(invalid('Bad')).toMatchObject({ status: 400, code: 'invalid_argument', message: 'Bad', text: undefined });
  });
});
