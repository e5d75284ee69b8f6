/**
 * Issue 13: the audit log names changed settings in words. Every field of a user's changes and
 * of the company's settings (what the server records under `fields`) has its own words in both
 * languages; an unknown name reads as "other settings", never as itself.
 */
import { describe, expect, it } from 'vitest';
import { format } from '../../../src/shared/i18n';
import { CompanySettings } from '../../../src/shared/model';
import { UserChanges } from '../../../src/shared/server-api';
import { auditFieldKey } from '../../../src/renderer/src/components/admin/auditFields';

describe('audit log field words', () => {
  const recorded = [...Object.keys(UserChanges.shape), ...Object.keys(CompanySettings.shape), 'name', 'afterwards', 'audio'];

  it.each(recorded)('%s has its own words in English and Swedish', (field) => {
    const key = auditFieldKey(field);
    expect(key).not.toBe('admin.audit.field.other');
    for (const language of ['en', 'sv'] as const) {
      const words = format(language, key);
      expect(words).not.toBe('');
      // Words, not an internal name such as `newUserTemplateId`.
      expect(words).not.toMatch(/[a-z][A-Z]/);
    }
  });

  it('an unknown field reads as other settings', () => {
    expect(format('sv', auditFieldKey('secretInternalThing'))).toBe('andra inställningar');
    expect(format('en', auditFieldKey('toString'))).toBe('other settings');
  });
});
