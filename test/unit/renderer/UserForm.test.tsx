// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Company, User } from '../../../src/shared/model';
import { UserForm } from '../../../src/renderer/src/components/admin/UserForm';
import { useSoftphone } from '../../../src/renderer/src/store/store';
import { fakeSoftphone, showInLanguage } from './dom';

const company: Company = {
  id: 'company-1',
  name: 'Acme',
  mainNumber: '+4681234500',
  settings: { customFieldLabels: ['Cost centre', null, 'Team'], registration: 'disabled', registrationRole: 'guest', invitationRole: 'user', requireConfirmation: false, recordingRetentionDays: 90 },
};

const erik: User = {
  id: 'user-erik',
  companyId: 'company-1',
  userName: 'erik',
  email: 'erik@example.com',
  firstName: 'Erik',
  lastName: 'Berg',
  language: 'sv',
  role: 'user',
  numbers: { extension: '1003', landline: '+4681234503', mobile: '+46701234503', extraExtensions: [] },
  customFields: ['CC-7', 'unused', null],
  softphoneEnabled: true,
  disabled: false,
  confirmed: true,
  createdAt: '2026-01-05T08:00:00.000Z',
};

beforeEach(() => {
  useSoftphone.setState((s) => ({ admin: { ...s.admin, company } }));
});

describe('UserForm', () => {
  it('creates a user with a chosen password and the company’s custom fields, then closes', async () => {
    const user = userEvent.setup();
    const created = { ...erik, id: 'user-frida', userName: 'frida@example.com' };
    const api = fakeSoftphone({ 'admin.users.create': () => ({ user: created, password: null }), 'admin.users.list': () => [erik, created] });
    const onDone = vi.fn();
    render(<UserForm user={null} onDone={onDone} />);
    const form = within(screen.getByRole('form', { name: 'New user' }));
    // Only labelled custom fields are offered.
    expect(form.getByRole('textbox', { name: 'Cost centre' })).toBeTruthy();
    expect(form.getByRole('textbox', { name: 'Team' })).toBeTruthy();
    expect(form.queryByRole('textbox', { name: 'Custom field 2' })).toBeNull();

    await user.type(form.getByRole('textbox', { name: 'First name *' }), ' Frida ');
    await user.type(form.getByRole('textbox', { name: 'Last name *' }), 'Lind');
    await user.type(form.getByRole('textbox', { name: 'Email *' }), 'frida@example.com');
    await user.type(form.getByRole('textbox', { name: 'Mobile number' }), '+46701234504');
    await user.type(form.getByRole('textbox', { name: 'Team' }), 'Support');
    await user.selectOptions(form.getByRole('combobox', { name: 'Language' }), 'Svenska');
    await user.selectOptions(form.getByRole('combobox', { name: 'Role' }), 'Administrator');
    await user.type(form.getByLabelText('Password'), 'correct horse');
    await user.type(form.getByLabelText('Password confirmation'), 'correct horse');
    await user.click(form.getByRole('checkbox', { name: 'Send a welcome email' }));
    await user.click(form.getByRole('checkbox', { name: 'Confirmed' }));
    await user.click(form.getByRole('button', { name: 'Create user' }));

    await vi.waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(api.argsOf('admin.users.create')).toEqual([
      {
        firstName: 'Frida',
        lastName: 'Lind',
        email: 'frida@example.com',
        language: 'sv',
        role: 'admin',
        numbers: { extension: null, extraExtensions: [], landline: null, mobile: '+46701234504' },
        customFields: [null, null, 'Support'],
        softphoneEnabled: true,
        confirmed: false,
        password: 'correct horse',
        sendWelcomeEmail: true,
      },
    ]);
    expect(api.argsOf('admin.users.list')).toEqual([{ includeDisabled: true }]);
    expect(useSoftphone.getState().admin.status).toEqual({ key: 'admin.status.userCreated', params: { name: 'frida@example.com' } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('asks the server for a random password by default', async () => {
    const user = userEvent.setup();
    const api = fakeSoftphone({ 'admin.users.create': () => ({ user: erik, password: 'generated-1' }), 'admin.users.list': () => [erik] });
    render(<UserForm user={null} onDone={() => undefined} />);
    const form = within(screen.getByRole('form', { name: 'New user' }));
    await user.type(form.getByRole('textbox', { name: 'First name *' }), 'Erik');
    await user.type(form.getByRole('textbox', { name: 'Last name *' }), 'Berg');
    await user.type(form.getByRole('textbox', { name: 'Email *' }), 'erik@example.com');
    await user.type(form.getByRole('textbox', { name: 'User name (default: the email)' }), ' erik ');
    await user.click(form.getByRole('button', { name: 'Create user' }));
    await vi.waitFor(() => expect(api.argsOf('admin.users.create')).toHaveLength(1));
    expect(api.argsOf('admin.users.create')[0]).toEqual(expect.objectContaining({ userName: 'erik', randomPassword: true, sendWelcomeEmail: false }));
    expect(api.argsOf('admin.users.create')[0]).not.toHaveProperty('password');
    await vi.waitFor(() => expect(useSoftphone.getState().admin.createdPassword).toEqual({ userName: 'erik', password: 'generated-1' }));
  });

  it('shows the server’s refusal in place and stays open', async () => {
    const user = userEvent.setup();
    fakeSoftphone({
      'admin.users.create': () => {
        throw new Error('A user with that email already exists');
      },
    });
    const onDone = vi.fn();
    render(<UserForm user={null} onDone={onDone} />);
    const form = within(screen.getByRole('form', { name: 'New user' }));
    await user.type(form.getByRole('textbox', { name: 'First name *' }), 'Erik');
    await user.type(form.getByRole('textbox', { name: 'Last name *' }), 'Berg');
    await user.type(form.getByRole('textbox', { name: 'Email *' }), 'erik@example.com');
    await user.click(form.getByRole('button', { name: 'Create user' }));
    expect((await screen.findByRole('alert')).textContent).toBe('A user with that email already exists');
    expect(onDone).not.toHaveBeenCalled();
    expect(useSoftphone.getState().ui.errors).toEqual([]);
  });

  it('edits a user: sends the changed fields with emptied numbers as null, without password options', async () => {
    const user = userEvent.setup();
    const api = fakeSoftphone({ 'admin.users.update': ({ userId }) => ({ ...erik, id: userId }), 'admin.users.list': () => [erik], 'admin.devices.list': () => [] });
    const onDone = vi.fn();
    render(<UserForm user={erik} onDone={onDone} />);
    const form = within(screen.getByRole('form', { name: 'Edit erik' }));
    expect(form.getByRole('textbox', { name: 'First name *' })).toHaveProperty('value', 'Erik');
    expect(form.getByRole('textbox', { name: 'Cost centre' })).toHaveProperty('value', 'CC-7');
    expect(form.getByRole('combobox', { name: 'Language' })).toHaveProperty('value', 'sv');
    expect(form.queryByRole('checkbox', { name: 'Send a welcome email' })).toBeNull();
    // Stored numbers are shown as people in the company's country write them.
    expect(form.getByRole('textbox', { name: 'Landline number' })).toHaveProperty('value', '08-123 45 03');

    await user.clear(form.getByRole('textbox', { name: 'Mobile number' }));
    await user.clear(form.getByRole('textbox', { name: 'Extension' }));
    await user.type(form.getByRole('textbox', { name: 'Extension' }), '1013');
    await user.click(form.getByRole('checkbox', { name: 'Softphone enabled' }));
    await user.click(form.getByRole('button', { name: 'Save' }));

    await vi.waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(api.argsOf('admin.users.update')).toEqual([
      {
        userId: 'user-erik',
        changes: {
          firstName: 'Erik',
          lastName: 'Berg',
          email: 'erik@example.com',
          userName: 'erik',
          language: 'sv',
          role: 'user',
          numbers: { extension: '1013', extraExtensions: [], landline: '08-123 45 03', mobile: null },
          // The second field has no label, so it is not shown and is sent as it was.
          customFields: ['CC-7', 'unused', null],
          softphoneEnabled: false,
          confirmed: true,
        },
      },
    ]);
    expect(useSoftphone.getState().admin.status).toEqual({ key: 'admin.status.userSaved', params: { name: 'erik' } });
  });

  it('cancels without asking main anything', async () => {
    const user = userEvent.setup();
    const api = fakeSoftphone({ 'admin.devices.list': () => [] });
    const onDone = vi.fn();
    render(<UserForm user={erik} onDone={onDone} />);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onDone).toHaveBeenCalledTimes(1);
    // Only the desk-phone section's list was asked for (its own test: DeskPhones.test.tsx).
    expect(api.invoked.filter((call) => call.name !== 'admin.devices.list')).toEqual([]);
  });

  it('speaks the admin’s language, also when the phone service is gone', async () => {
    const user = userEvent.setup();
    showInLanguage('sv');
    const onDone = vi.fn();
    render(<UserForm user={null} onDone={onDone} />);
    const form = within(screen.getByRole('form', { name: 'Ny användare' }));
    await user.type(form.getByRole('textbox', { name: 'Förnamn *' }), 'Erik');
    await user.type(form.getByRole('textbox', { name: 'Efternamn *' }), 'Berg');
    await user.type(form.getByRole('textbox', { name: 'E-post *' }), 'erik@example.com');
    await user.click(form.getByRole('button', { name: 'Skapa användare' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Telefontjänsten är inte tillgänglig. Starta om appen.');
    expect(onDone).not.toHaveBeenCalled();
  });

  it('Random fills both password fields and shows the password, sent and shown once more after saving', async () => {
    const user = userEvent.setup();
    const api = fakeSoftphone({ 'admin.users.create': () => ({ user: erik, password: null }), 'admin.users.list': () => [erik] });
    render(<UserForm user={null} onDone={() => undefined} />);
    const form = within(screen.getByRole('form', { name: 'New user' }));
    await user.type(form.getByRole('textbox', { name: 'First name *' }), 'Erik');
    await user.type(form.getByRole('textbox', { name: 'Last name *' }), 'Berg');
    await user.type(form.getByRole('textbox', { name: 'Email *' }), 'erik@example.com');
    await user.type(form.getByRole('textbox', { name: 'Allowed extensions (separated by spaces)' }), '1051, 1052');
    await user.click(form.getByRole('button', { name: 'Random' }));
    const shown = form.getByRole('status').querySelector('code')?.textContent ?? '';
    expect(shown).toMatch(/^[A-Za-z2-9]{16}$/);
    expect(form.getByLabelText('Password')).toHaveProperty('value', shown);
    expect(form.getByLabelText('Password confirmation')).toHaveProperty('value', shown);
    await user.click(form.getByRole('button', { name: 'Create user' }));
    await vi.waitFor(() => expect(api.argsOf('admin.users.create')).toHaveLength(1));
    expect(api.argsOf('admin.users.create')[0]).toEqual(
      expect.objectContaining({ password: shown, numbers: expect.objectContaining({ extraExtensions: ['1051', '1052'] }) }),
    );
    await vi.waitFor(() => expect(useSoftphone.getState().admin.createdPassword).toEqual({ userName: 'erik', password: shown }));
  });

  it('says next to the confirmation that the passwords differ, in Swedish, without asking main', async () => {
    const user = userEvent.setup();
    showInLanguage('sv');
    const api = fakeSoftphone({});
    render(<UserForm user={null} onDone={() => undefined} />);
    const form = within(screen.getByRole('form', { name: 'Ny användare' }));
    await user.type(form.getByLabelText('Lösenord'), 'correct horse');
    await user.type(form.getByLabelText('Bekräfta lösenordet'), 'correct hose');
    await user.click(form.getByRole('button', { name: 'Skapa användare' }));
    const confirm = form.getByLabelText('Bekräfta lösenordet');
    expect(confirm.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(confirm.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Lösenorden stämmer inte överens.');
    expect(api.invoked).toEqual([]);
  });

  it('shows each field the server refused next to that field, in the admin’s language', async () => {
    const user = userEvent.setup();
    showInLanguage('sv');
    fakeSoftphone({
      'admin.users.create': () => {
        throw Object.assign(new Error('numbers.mobile: Enter a phone number'), {
          fields: { 'numbers.mobile': { key: 'validation.phoneNumber' }, firstName: { key: 'validation.firstName' }, 'numbers.extraExtensions': { key: 'validation.extensionRepeated' } },
        });
      },
    });
    render(<UserForm user={null} onDone={() => undefined} />);
    const form = within(screen.getByRole('form', { name: 'Ny användare' }));
    await user.type(form.getByRole('textbox', { name: 'Förnamn *' }), 'E');
    await user.type(form.getByRole('textbox', { name: 'Efternamn *' }), 'Berg');
    await user.type(form.getByRole('textbox', { name: 'E-post *' }), 'erik@example.com');
    await user.type(form.getByRole('textbox', { name: 'Mobilnummer' }), '070-12');
    await user.click(form.getByRole('button', { name: 'Skapa användare' }));
    const problemOf = (name: string) => {
      const input = form.getByRole('textbox', { name });
      return document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent;
    };
    await vi.waitFor(() => expect(problemOf('Mobilnummer')).toBe('Ange ett telefonnummer, t.ex. 070-123 45 67 eller +46812345678, eller ett anknytningsnummer med 2 till 8 siffror.'));
    expect(problemOf('Förnamn *')).toMatch(/^Förnamnet/);
    expect(problemOf('Tillåtna anknytningar (åtskilda med mellanslag)')).toBe('Varje anknytning kan bara anges en gång: de tillåtna anknytningarna upprepar ett nummer.');
    expect(problemOf('Efternamn *')).toBeUndefined();
    expect(screen.getByText('Kontrollera de markerade fälten.')).toBeTruthy();
    expect(document.body.textContent).not.toContain('numbers.mobile');
  });
});
