// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CallerIdPicker } from '../../../src/renderer/src/components/status/CallerIdPicker';
import { useSoftphone } from '../../../src/renderer/src/store/store';
import { makeSnapshot } from '../shell/fixtures';
import { showInLanguage } from './dom';

describe('the caller-ID picker in the status bar', () => {
  it('names the user’s numbers in Swedish and the queue by its name', () => {
    const { profiles, session } = makeSnapshot();
    useSoftphone.setState({ profiles, session });
    showInLanguage('sv');
    render(<CallerIdPicker />);
    const options = screen.getAllByRole('option').map((option) => option.textContent);
    expect(options).toEqual([
      'Fast nummer · 08-500 000 01',
      'Mobil · 070-000 00 01',
      'Demo Company växelnummer · 08-500 000 99',
      'Support · 08-500 000 50',
      'Dolt nummer',
    ]);
  });
});
