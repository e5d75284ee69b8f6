// @vitest-environment jsdom
/**
 * Issue 14: the user's own profile editor says next to each field what cannot take effect (live,
 * as the user edits), previews the profile card's sentences before saving, offers only what the
 * user's account allows, and shows the server's field errors where they belong.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ProfileFields } from '../../../src/shared/model';
import { builtInTemplates } from '../../../src/shared/rules/templates';
import type { ProfileAccount } from '../../../src/shared/rules/profileProblems';
import { text } from '../../../src/shared/text';
import { ProfileEditor, type SaveOutcome } from '../../../src/renderer/src/components/profiles/ProfileEditor';
import { showInLanguage } from './dom';

/** The built-in "Available" profile of the office template: rings the softphone, the mobile after 15 s. */
function available(): ProfileFields {
  const { key: _key, ...fields } = builtInTemplates()[0]!.profiles.find((p) => p.name === 'Available')!;
  return structuredClone(fields);
}

const withMobile: ProfileAccount = { hasMobile: true, callerIds: ['+46855501001', '+46705550001'] };
const noMobile: ProfileAccount = { hasMobile: false, callerIds: ['+46855501003'] };

function renderEditor(account: ProfileAccount, onSave = vi.fn<(fields: ProfileFields) => SaveOutcome>(() => true)) {
  render(<ProfileEditor title="Edit profile Available" initial={available()} queues={[]} onSave={onSave} account={account} />);
  const form = screen.getByRole('form', { name: 'Edit profile Available' });
  return { onSave, f: within(form) };
}

function problemOf(control: HTMLElement): string | null {
  const id = control.getAttribute('aria-describedby');
  return id === null ? null : (document.getElementById(id)?.textContent ?? null);
}

const preview = () => within(screen.getByRole('region', { name: 'How this profile works' })).getAllByRole('listitem').map((li) => li.textContent);
const anyCalls = (f: ReturnType<typeof within>) => within(f.getByRole('group', { name: 'Calls to any of my numbers' }));

describe('the user\'s profile editor (issue 14)', () => {
  it('previews the card\'s sentences as the user edits, before saving', async () => {
    showInLanguage('en');
    const user = userEvent.setup();
    const { f, onSave } = renderEditor(withMobile);
    const before = preview();
    expect(before.join(' ')).toMatch(/Other calls ring your softphone/);
    await user.click(anyCalls(f).getByRole('checkbox', { name: 'softphone' }));
    const after = preview();
    expect(after).not.toEqual(before);
    expect(after.join(' ')).toContain('Other calls ring your mobile after 15 seconds.');
    expect(onSave).not.toHaveBeenCalled();
  });

  it('explains, next to the leg, that the softphone does not ring on a not-available profile, and does not save', async () => {
    showInLanguage('en');
    const user = userEvent.setup();
    const { f, onSave } = renderEditor(withMobile);
    await user.selectOptions(f.getByRole('combobox', { name: 'Availability' }), 'not_available');
    const softphone = anyCalls(f).getByRole('checkbox', { name: 'softphone' });
    expect(softphone.getAttribute('aria-invalid')).toBe('true');
    expect(problemOf(softphone)).toMatch(/^Your softphone does not ring while this profile says you are not available/);
    await user.click(f.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toBe('Some settings need your attention: see the marked fields.');
    expect(onSave).not.toHaveBeenCalled();
    // unticking it fixes it (here and for calls to the mobile number)
    await user.click(softphone);
    const mobileCalls = within(f.getByRole('group', { name: 'Calls to my mobile number' }));
    expect(problemOf(mobileCalls.getByRole('checkbox', { name: 'softphone' }))).toMatch(/^Your softphone does not ring/);
    await user.click(mobileCalls.getByRole('checkbox', { name: 'softphone' }));
    await user.click(f.getByRole('button', { name: 'Save' }));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ availability: 'not_available', routing: expect.objectContaining({ any: { kind: 'ring', devices: [{ device: 'mobile', delaySeconds: 15 }] } }) }));
  });

  it('a leg starting after the no-answer time is named at its seconds, in Swedish too', async () => {
    showInLanguage('sv');
    const user = userEvent.setup();
    const { f } = renderEditor(withMobile);
    const delay = within(f.getByRole('group', { name: 'Samtal till alla mina nummer' })).getByRole('spinbutton', { name: 'Sekunder innan mobil ringer' });
    await user.clear(delay);
    await user.type(delay, '30');
    expect(problemOf(delay)).toMatch(/^Din mobil skulle börja ringa efter 30 sekunder, men obesvarade samtal går vidare efter 30 sekunder/);
  });

  it('without a mobile number: the mobile is not offered, the template\'s mobile leg is a warning that does not block', async () => {
    showInLanguage('en');
    const user = userEvent.setup();
    const { f, onSave } = renderEditor(noMobile);
    expect(f.getByText(/You have no mobile number, so settings for the mobile are not shown/)).toBeTruthy();
    expect(f.queryByRole('group', { name: 'Caller ID on calls from the mobile' })).toBeNull();
    const mobile = anyCalls(f).getByRole('checkbox', { name: 'mobile' });
    expect(mobile.getAttribute('aria-invalid')).toBeNull();
    expect(problemOf(mobile)).toMatch(/^You have no mobile number, so your mobile cannot ring/);
    // the busy rule can ring devices, but not the mobile
    await user.selectOptions(within(f.getByRole('group', { name: 'Busy calls go to' })).getByRole('combobox', { name: 'Action' }), 'ring');
    expect(within(f.getByRole('group', { name: 'Busy calls go to' })).queryByRole('checkbox', { name: 'mobile' })).toBeNull();
    await user.clear(f.getByRole('textbox', { name: 'Name' }));
    await user.type(f.getByRole('textbox', { name: 'Name' }), 'At my desk');
    await user.click(f.getByRole('button', { name: 'Save' }));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ name: 'At my desk' }));
  });

  it('shows the server\'s field errors next to their field', async () => {
    showInLanguage('en');
    const user = userEvent.setup();
    const onSave = vi.fn<(fields: ProfileFields) => SaveOutcome>(() => ({ fields: { 'routing.any.devices.0': text('profile.problem.noMobile') } }));
    const { f } = renderEditor(withMobile, onSave);
    await user.click(f.getByRole('button', { name: 'Save' }));
    const softphone = anyCalls(f).getByRole('checkbox', { name: 'softphone' });
    expect(softphone.getAttribute('aria-invalid')).toBe('true');
    expect(problemOf(softphone)).toMatch(/^You have no mobile number/);
  });
});
