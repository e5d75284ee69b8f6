// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ShortcutField } from '../../../src/renderer/src/components/settings/SettingsView';
import { showInLanguage } from './dom';

describe('a shortcut field in settings', () => {
  it('refuses "banana" next to the field, in the user language, and stores nothing', async () => {
    showInLanguage('sv');
    const onSave = vi.fn();
    render(<ShortcutField label="Svara på samtal" value="" onSave={onSave} />);
    const field = screen.getByLabelText('Svara på samtal');
    await userEvent.type(field, 'banana{Enter}');
    expect(screen.getByRole('alert').textContent).toBe(
      '”banana” är ingen tangent eller modifierare: skriv modifierare och en tangent, till exempel CommandOrControl+Shift+A.',
    );
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(onSave).not.toHaveBeenCalled();
  });

  it('saves a usable shortcut and clears the error', async () => {
    showInLanguage('en');
    const onSave = vi.fn();
    render(<ShortcutField label="Answer a call" value="" onSave={onSave} />);
    const field = screen.getByLabelText('Answer a call');
    await userEvent.type(field, 'A{Enter}');
    expect(screen.getByRole('alert').textContent).toContain('needs a modifier');
    await userEvent.clear(field);
    await userEvent.type(field, 'Ctrl+Shift+A');
    await userEvent.tab();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onSave).toHaveBeenCalledWith('Ctrl+Shift+A');
  });
});
