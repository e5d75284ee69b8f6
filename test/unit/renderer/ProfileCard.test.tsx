// @vitest-environment jsdom
/**
 * Issue 14: a built-in profile's card is titled in the reader's language (the stored name is the
 * built-in template's English one); a name someone chose is shown as it is.
 */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/shared/model';
import { builtInTemplates } from '../../../src/shared/rules/templates';
import { ProfileCard } from '../../../src/renderer/src/components/profiles/ProfilesView';
import { showInLanguage } from './dom';

function profile(name: string): Profile {
  const { key: _key, ...fields } = builtInTemplates()[0]!.profiles.find((p) => p.name === 'Available')!;
  return { ...structuredClone(fields), id: `p-${name}`, name } as Profile;
}

describe('a profile card\'s title (issue 14)', () => {
  it('names a built-in profile in Swedish for a Swedish reader, with its buttons', () => {
    showInLanguage('sv');
    render(<ProfileCard profile={profile('Available')} inEffect={false} canEdit onEdit={() => undefined} onUse={() => undefined} />);
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe('Tillgänglig');
    expect(screen.queryByText(/Available/)).toBeNull();
  });

  it('shows a name someone chose as it is', () => {
    showInLanguage('sv');
    render(<ProfileCard profile={profile('Kundmöte Malmö')} inEffect={false} canEdit onEdit={() => undefined} />);
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe('Kundmöte Malmö');
  });
});
