// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ProfileStatus } from '../../../src/renderer/src/components/status/ProfileStatus';
import { useSoftphone } from '../../../src/renderer/src/store/store';
import { makeSnapshot } from '../shell/fixtures';
import { fakeSoftphone, showInLanguage } from './dom';

const until = '2026-11-23T14:00:00.000Z';

function showOutranked() {
  const { profiles } = makeSnapshot();
  if (!profiles) throw new Error('fixture has profiles');
  useSoftphone.setState({
    profiles: {
      ...profiles,
      manualChoice: { profileId: 'p-lunch', setAt: '2026-11-23T10:00:00.000Z', until: null },
      effective: { profileId: 'p-meeting', reason: 'calendar', since: '2026-11-23T09:00:00.000Z', until, eventTitle: 'Planning', outrankedProfileId: 'p-lunch' },
    },
  });
}

describe('the profile in the status bar', () => {
  it('says the user’s choice waits for a calendar event and overrides it until the event ends', async () => {
    showInLanguage('sv');
    const softphone = fakeSoftphone({ 'profiles.switch': () => ({ ok: true }) });
    showOutranked();
    render(<ProfileStatus />);
    expect(screen.getByRole('note').textContent).toMatch(/^Ditt val ”Lunch” väntar: kalenderhändelsen ”Planning” går före till .+\.Använd Lunch till .+$/);
    await userEvent.click(screen.getByRole('button', { name: /^Använd Lunch till/ }));
    expect(softphone.argsOf('profiles.switch')).toEqual([{ profileId: 'p-lunch', until, overrideCalendar: true }]);
  });

  it('shows no note when nothing waits', () => {
    showInLanguage('en');
    const { profiles } = makeSnapshot();
    useSoftphone.setState({ profiles });
    render(<ProfileStatus />);
    expect(screen.queryByRole('note')).toBeNull();
  });
});
