// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Template } from '../../../src/shared/model';
import { builtInTemplates } from '../../../src/shared/rules/templates';
import { describeProfile } from '../../../src/shared/rules/describe';
import { TemplateEditor } from '../../../src/renderer/src/components/admin/TemplateEditor';
import { useSoftphone } from '../../../src/renderer/src/store/store';
import { fakeSoftphone, showInLanguage } from './dom';

/** "Focus team", cloned from the office template: its first three profiles. */
function focusTeam(overrides: Partial<Template> = {}): Template {
  const office = builtInTemplates()[0]!;
  return {
    id: 'tpl-focus',
    name: 'Focus team',
    builtIn: false,
    profiles: structuredClone(office.profiles.slice(0, 3)),
    updatedAt: '2026-02-01T09:00:00.000Z',
    ...overrides,
  };
}

/** The profiles' names in the order listed, read from their "Edit …" buttons. */
const names = () => screen.getAllByRole('button', { name: /^Edit / }).map((button) => button.textContent!.replace(/^Edit /, ''));

const noop = () => undefined;

beforeEach(() => {
  // jsdom has <dialog> but not its modal methods.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});

function openInStore(template: Template) {
  useSoftphone.setState((s) => ({ admin: { ...s.admin, template } }));
}

describe('TemplateEditor', () => {
  it('lists the profiles in order with the first as default, and reorders them', async () => {
    const user = userEvent.setup();
    const template = focusTeam();
    const [first, second, third] = template.profiles.map((p) => p.name);
    render(<TemplateEditor template={template} onApply={noop} onClone={noop} />);
    expect(screen.getByRole('form', { name: 'Template Focus team' })).toBeTruthy();
    expect(names()).toEqual([first, second, third]);
    expect(screen.getAllByRole('listitem')[0]!.textContent).toContain('default profile');
    expect(screen.getByRole('button', { name: `Move ${first} up` })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: `Move ${third} down` })).toHaveProperty('disabled', true);

    await user.click(screen.getByRole('button', { name: `Move ${third} up` }));
    expect(names()).toEqual([first, third, second]);
    await user.click(screen.getByRole('button', { name: `Move ${third} up` }));
    expect(names()).toEqual([third, first, second]);
    expect(screen.getAllByRole('listitem')[0]!.textContent).toContain('default profile');
    await user.click(screen.getByRole('button', { name: `Move ${first} down` }));
    expect(names()).toEqual([third, second, first]);
  });

  it('edits, adds and removes profiles locally, then saves the whole template', async () => {
    const user = userEvent.setup();
    const template = focusTeam();
    const [sick, meeting, lunch] = template.profiles;
    const api = fakeSoftphone({
      'admin.templates.save': ({ name }) => ({ ...template, name }),
      'admin.templates.list': () => [],
    });
    openInStore(template);
    render(<TemplateEditor template={template} onApply={noop} onClone={noop} />);

    // Edit one profile; "Done" keeps the change in the list only.
    await user.click(screen.getByRole('button', { name: `Edit ${meeting!.name}` }));
    const editor = within(screen.getByRole('form', { name: `Profile ${meeting!.name}` }));
    await user.selectOptions(editor.getByRole('combobox', { name: 'Availability' }), 'Available');
    await user.click(editor.getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('form', { name: `Profile ${meeting!.name}` })).toBeNull();
    expect(api.invoked).toEqual([]);

    // A new profile opens in the editor at once.
    await user.click(screen.getByRole('button', { name: 'Add profile' }));
    const added = within(screen.getByRole('form', { name: 'Profile New profile' }));
    expect(added.getByRole('textbox', { name: 'Name' })).toHaveProperty('value', 'New profile');
    await user.clear(added.getByRole('textbox', { name: 'Name' }));
    await user.type(added.getByRole('textbox', { name: 'Name' }), 'Focus time');
    await user.selectOptions(added.getByRole('combobox', { name: 'Type' }), 'Busy');
    await user.selectOptions(added.getByRole('combobox', { name: 'Availability' }), 'Not available');
    // Issue 14: ringing the softphone on a not-available profile is explained and not kept.
    await user.click(added.getByRole('button', { name: 'Done' }));
    expect(added.getByText(/^Your softphone does not ring while this profile says you are not available/)).toBeTruthy();
    expect(screen.getByRole('form', { name: 'Profile New profile' })).toBeTruthy();
    await user.selectOptions(within(added.getByRole('group', { name: 'Calls to any of my numbers' })).getByRole('combobox', { name: 'Action' }), 'voicemail');
    await user.click(added.getByRole('button', { name: 'Done' }));

    await user.click(screen.getByRole('button', { name: `Remove ${lunch!.name}` }));
    await user.click(screen.getByRole('button', { name: 'Move Focus time up' }));
    expect(names()).toEqual([sick!.name, 'Focus time', meeting!.name]);
    await user.clear(screen.getByRole('textbox', { name: 'Template name' }));
    await user.type(screen.getByRole('textbox', { name: 'Template name' }), 'Deep work');
    await user.click(screen.getByRole('button', { name: 'Save template' }));

    await vi.waitFor(() => expect(api.argsOf('admin.templates.list')).toHaveLength(1));
    expect(api.argsOf('admin.templates.save')).toEqual([
      {
        templateId: 'tpl-focus',
        name: 'Deep work',
        profiles: [
          sick,
          {
            key: expect.any(String),
            name: 'Focus time',
            icon: 'check',
            colour: '#2f7d5b',
            type: 'busy',
            availability: 'not_available',
            priority: 50,
            standardLengthMinutes: null,
            triggerWords: [],
            callerId: { softphone: { kind: 'landline' }, mobile: { kind: 'mobile' } },
            routing: { any: { kind: 'voicemail' } },
            exceptions: { busy: null, noAnswer: null, unreachable: null },
            callWaiting: false,
            queues: { status: 'unchanged', scope: 'all', queueIds: [], devices: ['softphone'] },
            recording: false,
            speedDial: null,
          },
          { ...meeting, availability: 'available' },
        ],
      },
    ]);
    const newKey = api.argsOf('admin.templates.save')[0]!.profiles[1]!.key;
    expect([sick!.key, meeting!.key]).not.toContain(newKey);
    expect(useSoftphone.getState().admin.status).toEqual({ key: 'admin.status.templateSaved', params: { name: 'Deep work' } });
  });

  it('leaves a profile as it was when its edit is cancelled', async () => {
    const user = userEvent.setup();
    const template = focusTeam();
    const api = fakeSoftphone({ 'admin.templates.save': () => template, 'admin.templates.list': () => [] });
    render(<TemplateEditor template={template} onApply={noop} onClone={noop} />);
    const first = template.profiles[0]!;
    await user.click(screen.getByRole('button', { name: `Edit ${first.name}` }));
    const editor = within(screen.getByRole('form', { name: `Profile ${first.name}` }));
    await user.type(editor.getByRole('textbox', { name: 'Name' }), ' changed');
    await user.click(editor.getByRole('button', { name: 'Cancel' }));
    expect(names()[0]).toBe(first.name);
    await user.click(screen.getByRole('button', { name: 'Save template' }));
    await vi.waitFor(() => expect(api.argsOf('admin.templates.save')).toHaveLength(1));
    expect(api.argsOf('admin.templates.save')[0]!.profiles).toEqual(template.profiles);
  });

  it('cannot remove the last profile or save without a name', async () => {
    const user = userEvent.setup();
    const template = focusTeam();
    template.profiles = template.profiles.slice(0, 1);
    render(<TemplateEditor template={template} onApply={noop} onClone={noop} />);
    expect(screen.getByRole('button', { name: `Remove ${template.profiles[0]!.name}` })).toHaveProperty('disabled', true);
    await user.clear(screen.getByRole('textbox', { name: 'Template name' }));
    expect(screen.getByRole('button', { name: 'Save template' })).toHaveProperty('disabled', true);
    await user.type(screen.getByRole('textbox', { name: 'Template name' }), '  ');
    expect(screen.getByRole('button', { name: 'Save template' })).toHaveProperty('disabled', true);
  });

  it('shows a built-in template read-only, and goes back to the list', async () => {
    const user = userEvent.setup();
    const template = focusTeam({ id: 'tpl-office', name: 'Office', builtIn: true });
    openInStore(template);
    render(<TemplateEditor template={template} onApply={noop} onClone={noop} />);
    expect(screen.getByText('Built-in templates cannot be changed. Clone one to make your own.')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Template name' })).toHaveProperty('disabled', true);
    expect(screen.queryByRole('button', { name: /^Edit / })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Move / })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add profile' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save template' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Back to templates' }));
    expect(useSoftphone.getState().admin.template).toBeNull();
  });

  it('speaks the admin’s language', () => {
    showInLanguage('sv');
    const template = focusTeam({ builtIn: true });
    render(<TemplateEditor template={template} onApply={noop} onClone={noop} />);
    expect(screen.getByText('Inbyggda mallar kan inte ändras. Kopiera en för att göra en egen.')).toBeTruthy();
  });

  it('asks before applying with unsaved edits: cancel, discard and apply, or save and apply', async () => {
    const user = userEvent.setup();
    const template = focusTeam();
    const [first] = template.profiles;
    const api = fakeSoftphone({ 'admin.templates.save': ({ name }) => ({ ...template, name }), 'admin.templates.list': () => [] });
    const onApply = vi.fn();
    openInStore(template);
    render(<TemplateEditor template={template} onApply={onApply} onClone={noop} />);

    // Nothing changed: applies at once.
    await user.click(screen.getByRole('button', { name: 'Apply Focus team' }));
    expect(onApply).toHaveBeenCalledTimes(1);

    await user.click(screen.getByRole('button', { name: `Move ${first!.name} down` }));
    await user.click(screen.getByRole('button', { name: 'Apply Focus team' }));
    let dialog = within(screen.getByRole('alertdialog', { name: 'Save your changes first?' }));
    expect(dialog.getByText('“Focus team” has changes that are not saved yet. Applying uses the saved template.')).toBeTruthy();
    await user.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(onApply).toHaveBeenCalledTimes(1);
    expect(names()[1]).toBe(first!.name);

    // Discard: back to the saved order, then apply; nothing is saved.
    await user.click(screen.getByRole('button', { name: 'Apply Focus team' }));
    dialog = within(screen.getByRole('alertdialog', { name: 'Save your changes first?' }));
    await user.click(dialog.getByRole('button', { name: 'Discard changes and apply' }));
    expect(onApply).toHaveBeenCalledTimes(2);
    expect(names()[0]).toBe(first!.name);
    expect(api.argsOf('admin.templates.save')).toEqual([]);

    // Save and apply: the edit is saved first, then the apply starts.
    await user.click(screen.getByRole('button', { name: `Move ${first!.name} down` }));
    await user.click(screen.getByRole('button', { name: 'Apply Focus team' }));
    dialog = within(screen.getByRole('alertdialog', { name: 'Save your changes first?' }));
    await user.click(dialog.getByRole('button', { name: 'Save and apply' }));
    await vi.waitFor(() => expect(onApply).toHaveBeenCalledTimes(3));
    expect(api.argsOf('admin.templates.save')).toHaveLength(1);
    expect(api.argsOf('admin.templates.save')[0]!.profiles[1]!.key).toBe(first!.key);
  });

  it('asks which profile becomes the default when the default is removed', async () => {
    const user = userEvent.setup();
    const template = focusTeam();
    const [first, second, third] = template.profiles.map((p) => p.name);
    render(<TemplateEditor template={template} onApply={noop} onClone={noop} />);
    await user.click(screen.getByRole('button', { name: `Remove ${first}` }));
    let dialog = within(screen.getByRole('dialog', { name: 'Which profile becomes the default?' }));
    await user.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(names()).toEqual([first, second, third]);

    await user.click(screen.getByRole('button', { name: `Remove ${first}` }));
    dialog = within(screen.getByRole('dialog', { name: 'Which profile becomes the default?' }));
    expect(dialog.getByRole('radio', { name: second })).toHaveProperty('checked', true);
    await user.click(dialog.getByRole('radio', { name: third }));
    await user.click(dialog.getByRole('button', { name: `Remove ${first}` }));
    expect(names()).toEqual([third, second]);
    expect(screen.getAllByRole('listitem')[0]!.textContent).toContain(third);
    expect(screen.getAllByRole('listitem')[0]!.textContent).toContain('default profile');

    // Removing another profile asks nothing.
    await user.click(screen.getByRole('button', { name: `Remove ${second}` }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(names()).toEqual([third]);
  });

  it('shows a built-in template in full, in words, with clone and apply', async () => {
    const user = userEvent.setup();
    fakeSoftphone({ 'destinations.list': () => ({ announcements: [], applications: [], codes: { queuesPause: '*20', queuesResume: '*21', defaultProfile: null, listenVoicemail: null } }) });
    const template = focusTeam({ id: 'tpl-office', name: 'Office', builtIn: true });
    const onClone = vi.fn();
    render(<TemplateEditor template={template} onApply={noop} onClone={onClone} />);
    const words = within(screen.getByRole('region', { name: 'What each profile does' }));
    for (const profile of template.profiles) {
      const card = within(words.getByRole('article', { name: new RegExp(`^${profile.name}`) }));
      const lines = describeProfile({ ...profile, id: profile.key }, 'en');
      for (const line of lines) expect(card.getByText(line)).toBeTruthy();
    }
    await user.click(screen.getByRole('button', { name: 'Clone Office' }));
    expect(onClone).toHaveBeenCalledTimes(1);
  });
});
