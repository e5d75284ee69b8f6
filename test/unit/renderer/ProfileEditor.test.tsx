// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ProfileFields } from '../../../src/shared/model';
import { builtInTemplates } from '../../../src/shared/rules/templates';
import { ProfileEditor } from '../../../src/renderer/src/components/profiles/ProfileEditor';
import { showInLanguage } from './dom';

/** The built-in "Lunch" profile of the office template, as a user's own profile would hold it. */
function lunch(): ProfileFields {
  const template = builtInTemplates()[0]!;
  const { key: _key, ...fields } = template.profiles.find((p) => p.name === 'Lunch')!;
  return structuredClone(fields);
}

const queues = [
  { id: 'q-support', name: 'Support' },
  { id: 'q-sales', name: 'Sales' },
];

/** The problem said next to a control (its aria-describedby), or null. */
function problemOf(control: HTMLElement): string | null {
  const id = control.getAttribute('aria-describedby');
  return id === null ? null : (document.getElementById(id)?.textContent ?? null);
}

function renderEditor(overrides: Partial<Parameters<typeof ProfileEditor>[0]> = {}) {
  const onSave = vi.fn<(fields: ProfileFields) => boolean>(() => true);
  const onCancel = vi.fn();
  render(<ProfileEditor title="Edit profile Lunch" initial={lunch()} queues={queues} onSave={onSave} onCancel={onCancel} {...overrides} />);
  return { onSave, onCancel, form: screen.getByRole('form', { name: 'Edit profile Lunch' }) };
}

describe('ProfileEditor', () => {
  it('shows the profile as it is', () => {
    const { form } = renderEditor();
    const f = within(form);
    expect(f.getByRole('textbox', { name: 'Name' })).toHaveProperty('value', 'Lunch');
    expect(f.getByRole('combobox', { name: 'Type' })).toHaveProperty('value', 'lunch');
    expect(f.getByRole('combobox', { name: 'Availability' })).toHaveProperty('value', 'not_available');
    expect(f.getByRole('spinbutton', { name: /Standard length/ })).toHaveProperty('value', '60');
    expect(f.getByRole('textbox', { name: /trigger words/ })).toHaveProperty('value', 'lunch, luncha');
    expect(f.getByRole('checkbox', { name: 'When I am busy' })).toHaveProperty('checked', true);
    expect(f.getByRole('checkbox', { name: 'When I do not answer' })).toHaveProperty('checked', true);
    expect(f.getByRole('spinbutton', { name: 'After seconds' })).toHaveProperty('value', '20');
    expect(f.getByRole('combobox', { name: 'Queue status' })).toHaveProperty('value', 'paused');
    // A section's fields are named by the section's legend.
    expect(within(f.getByRole('group', { name: 'Busy calls go to' })).getByRole('combobox', { name: 'Action' })).toHaveProperty('value', 'voicemail');
    expect(f.getByRole('checkbox', { name: 'Handle calls to my landline number differently' })).toHaveProperty('checked', true);
    expect(within(f.getByRole('group', { name: 'Calls to my landline number' })).getByRole('combobox', { name: 'Action' })).toHaveProperty('value', 'voicemail');
    expect(f.getByRole('checkbox', { name: 'Handle calls to my internal number differently' })).toHaveProperty('checked', false);
    expect(f.queryByRole('group', { name: 'Calls to my internal number' })).toBeNull();
  });

  it('hands the edited fields to onSave', async () => {
    const user = userEvent.setup();
    const { form, onSave } = renderEditor();
    const f = within(form);
    await user.clear(f.getByRole('spinbutton', { name: /Standard length/ }));
    await user.type(f.getByRole('spinbutton', { name: /Standard length/ }), '45');
    await user.clear(f.getByRole('textbox', { name: /trigger words/ }));
    await user.type(f.getByRole('textbox', { name: /trigger words/ }), 'lunch, fika');
    await user.click(f.getByRole('checkbox', { name: 'Handle calls to my landline number differently' }));
    expect(f.queryByRole('group', { name: 'Calls to my landline number' })).toBeNull();
    await user.click(f.getByRole('checkbox', { name: 'Handle calls to my internal number differently' }));
    const internalCalls = within(f.getByRole('group', { name: 'Calls to my internal number' }));
    expect(internalCalls.getByRole('combobox', { name: 'Action' })).toHaveProperty('value', 'voicemail');
    await user.selectOptions(internalCalls.getByRole('combobox', { name: 'Action' }), 'Transfer to a number');
    await user.type(internalCalls.getByRole('textbox', { name: 'Number' }), '+46701234567');
    await user.click(f.getByRole('checkbox', { name: 'When I am busy' }));
    expect(f.queryByRole('group', { name: 'Busy calls go to' })).toBeNull();
    await user.click(f.getByRole('checkbox', { name: /Call waiting/ }));
    await user.selectOptions(within(f.getByRole('group', { name: 'Caller ID on calls from the mobile' })).getByRole('combobox', { name: 'Number shown' }), 'Hidden');
    await user.click(f.getByRole('button', { name: 'Save' }));

    const before = lunch();
    expect(onSave).toHaveBeenCalledTimes(1);
    expect(onSave).toHaveBeenCalledWith({
      ...before,
      standardLengthMinutes: 45,
      triggerWords: ['lunch', 'fika'],
      callerId: { ...before.callerId, mobile: { kind: 'hidden' } },
      routing: { any: before.routing.any, mobile: before.routing.mobile, internal: { kind: 'number', number: '+46701234567' } },
      exceptions: { ...before.exceptions, busy: null },
      callWaiting: true,
    });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('limits queue handling to chosen queues and always keeps one ringing device', async () => {
    const user = userEvent.setup();
    const { form, onSave } = renderEditor();
    const f = within(form);
    expect(f.queryByRole('group', { name: 'Chosen queues' })).toBeNull();
    await user.selectOptions(f.getByRole('combobox', { name: 'In which queues' }), 'Chosen queues');
    await user.click(within(f.getByRole('group', { name: 'Chosen queues' })).getByRole('checkbox', { name: 'Sales' }));
    const devices = within(f.getByRole('group', { name: 'Devices that ring for queue calls' }));
    await user.click(devices.getByRole('checkbox', { name: 'Queue calls ring the softphone' }));
    expect(devices.getByRole('checkbox', { name: 'Queue calls ring the softphone' })).toHaveProperty('checked', true);
    await user.click(devices.getByRole('checkbox', { name: 'Queue calls ring the desk phone' }));
    await user.selectOptions(f.getByRole('combobox', { name: 'Queue status' }), 'Active');
    await user.click(f.getByRole('button', { name: 'Save' }));
    expect(onSave).toHaveBeenCalledWith(
      expect.objectContaining({ queues: { status: 'active', scope: 'chosen', queueIds: ['q-sales'], devices: ['softphone', 'deskphone'] } }),
    );
  });

  it('asks for queue ids as text when the user has no queues listed', async () => {
    const user = userEvent.setup();
    const { form, onSave } = renderEditor({ queues: [] });
    const f = within(form);
    await user.selectOptions(f.getByRole('combobox', { name: 'In which queues' }), 'Chosen queues');
    await user.type(f.getByRole('textbox', { name: 'Queue ids (comma separated)' }), 'q1, q2');
    await user.click(f.getByRole('button', { name: 'Save' }));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ queues: expect.objectContaining({ scope: 'chosen', queueIds: ['q1', 'q2'] }) }));
  });

  it('says what is wrong next to the field instead of saving a profile the schema refuses', async () => {
    const user = userEvent.setup();
    const { form, onSave } = renderEditor();
    const f = within(form);
    await user.clear(f.getByRole('textbox', { name: 'Speed dial' }));
    await user.type(f.getByRole('textbox', { name: 'Speed dial' }), '41');
    await user.click(f.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toBe('Some settings need your attention: see the marked fields.');
    expect(problemOf(f.getByRole('textbox', { name: 'Speed dial' }))).toBe('A speed dial is a star and 1 to 4 digits, e.g. *41.');
    expect(onSave).not.toHaveBeenCalled();

    await user.clear(f.getByRole('textbox', { name: 'Name' }));
    await user.type(f.getByRole('textbox', { name: 'Name' }), '   ');
    await user.type(f.getByRole('textbox', { name: 'Speed dial' }), '{Home}*');
    await user.click(f.getByRole('button', { name: 'Save' }));
    expect(problemOf(f.getByRole('textbox', { name: 'Name' }))).toBe('Give the profile a name (at most 40 characters).');
    expect(problemOf(f.getByRole('textbox', { name: 'Speed dial' }))).toBeNull();
    expect(onSave).not.toHaveBeenCalled();

    await user.type(f.getByRole('textbox', { name: 'Name' }), 'Long lunch');
    await user.click(f.getByRole('button', { name: 'Save' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ name: 'Long lunch', speedDial: '*41' }));
  });

  it('keeps Save disabled while the save is under way, and cancels without saving', async () => {
    const user = userEvent.setup();
    let finish: (ok: boolean) => void = () => undefined;
    const onSave = vi.fn(() => new Promise<boolean>((resolve) => (finish = resolve)));
    const { form, onCancel } = renderEditor({ onSave });
    const save = within(form).getByRole('button', { name: 'Save' });
    await user.click(save);
    expect(save).toHaveProperty('disabled', true);
    finish(true);
    await vi.waitFor(() => expect(save).toHaveProperty('disabled', false));
    await user.click(within(form).getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onSave).toHaveBeenCalledTimes(1);
  });

  it('uses the save label it is given and has no Cancel without onCancel', () => {
    render(<ProfileEditor title="Profile New profile" initial={lunch()} queues={[]} onSave={() => true} saveLabel="Done" />);
    const form = within(screen.getByRole('form', { name: 'Profile New profile' }));
    expect(form.getByRole('button', { name: 'Done' })).toBeTruthy();
    expect(form.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('speaks the user’s language', () => {
    showInLanguage('sv');
    const { form } = renderEditor();
    const f = within(form);
    expect(f.getByRole('textbox', { name: 'Namn' })).toHaveProperty('value', 'Lunch');
    expect(f.getByRole('checkbox', { name: 'När jag är upptagen' })).toHaveProperty('checked', true);
    expect(f.getByRole('combobox', { name: 'I vilka köer' })).toBeTruthy();
    expect(f.getByRole('button', { name: 'Spara' })).toBeTruthy();
  });
});
