// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeskPhone, DeskPhoneCredentials } from '../../../src/shared/server-api';
import { DeskPhones } from '../../../src/renderer/src/components/admin/userForm/DeskPhones';
import { fakeSoftphone, showInLanguage } from './dom';

const reception: DeskPhone = {
  id: 'd-1',
  userId: 'user-erik',
  sipUser: 'desk-abcd2345',
  label: 'Reception',
  createdAt: '2026-01-05T08:00:00.000Z',
  passwordSetAt: '2026-01-05T08:00:00.000Z',
};
const credentials = (device: DeskPhone, password: string): DeskPhoneCredentials => ({
  device,
  password,
  domain: 'pbx.example',
  realm: 'pbx.example',
  pbxAddress: '192.0.2.10:5060',
  transport: 'udp',
});

beforeEach(() => {
  // jsdom has <dialog> but not its modal methods.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});

describe('DeskPhones (admin user form)', () => {
  it('adds a desk phone and shows its settings once, with a copy button', async () => {
    const user = userEvent.setup();
    const hall: DeskPhone = { ...reception, id: 'd-2', sipUser: 'desk-hall2345', label: 'Hall' };
    let listed = [reception];
    const api = fakeSoftphone({
      'admin.devices.list': () => listed,
      'admin.devices.create': ({ label }) => {
        listed = [reception, { ...hall, label }];
        return credentials({ ...hall, label }, 'Secret-Pass-1234');
      },
    });
    render(<DeskPhones userId="user-erik" />);
    const section = within(screen.getByRole('region', { name: 'Desk phones' }));
    expect(await section.findByText('desk-abcd2345')).toBeTruthy();
    expect(section.getByRole('button', { name: 'Add desk phone' })).toHaveProperty('disabled', true);

    await user.type(section.getByRole('textbox', { name: 'Label of the new desk phone' }), ' Hall ');
    await user.click(section.getByRole('button', { name: 'Add desk phone' }));

    const dialog = within(await screen.findByRole('dialog', { name: 'Settings for Hall' }));
    expect(api.argsOf('admin.devices.create')).toEqual([{ userId: 'user-erik', label: 'Hall' }]);
    for (const shown of ['desk-hall2345', 'Secret-Pass-1234', 'pbx.example', '192.0.2.10:5060', 'UDP']) expect(dialog.getByText(shown)).toBeTruthy();
    expect(dialog.getByText(/shown only this once/)).toBeTruthy();
    await user.click(dialog.getByRole('button', { name: 'Copy settings' }));
    // user-event's clipboard stands in for the system's.
    await vi.waitFor(() => expect(dialog.getByRole('status').textContent).toBe('Copied to the clipboard'));
    expect(await navigator.clipboard.readText()).toBe(
      'SIP user: desk-hall2345\nPassword: Secret-Pass-1234\nDomain: pbx.example\nPBX address: 192.0.2.10:5060\nTransport: UDP',
    );

    await user.click(dialog.getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    // The password is gone from the screen; the list has the new phone.
    expect(screen.queryByText('Secret-Pass-1234')).toBeNull();
    expect(section.getByText('desk-hall2345')).toBeTruthy();
  });

  it('gives a desk phone a new password and shows it once', async () => {
    const user = userEvent.setup();
    const api = fakeSoftphone({
      'admin.devices.list': () => [reception],
      'admin.devices.rotate': ({ deviceId }) => credentials({ ...reception, id: deviceId }, 'Rotated-Pass-9876'),
    });
    render(<DeskPhones userId="user-erik" />);
    await user.click(await screen.findByRole('button', { name: 'New password for Reception' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Settings for Reception' }));
    expect(dialog.getByText('Rotated-Pass-9876')).toBeTruthy();
    expect(api.argsOf('admin.devices.rotate')).toEqual([{ userId: 'user-erik', deviceId: 'd-1' }]);
  });

  it('removes a desk phone only after a second, explicit click', async () => {
    const user = userEvent.setup();
    let listed = [reception];
    const api = fakeSoftphone({
      'admin.devices.list': () => listed,
      'admin.devices.remove': () => {
        listed = [];
        return { ok: true };
      },
    });
    render(<DeskPhones userId="user-erik" />);
    await user.click(await screen.findByRole('button', { name: 'Remove Reception' }));
    expect(api.argsOf('admin.devices.remove')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Really remove Reception? It stops working at once' }));
    expect(await screen.findByText('No desk phones yet.')).toBeTruthy();
    expect(api.argsOf('admin.devices.remove')).toEqual([{ userId: 'user-erik', deviceId: 'd-1' }]);
  });

  it('speaks the admin’s language', async () => {
    showInLanguage('sv');
    fakeSoftphone({ 'admin.devices.list': () => [] });
    render(<DeskPhones userId="user-erik" />);
    expect(await screen.findByText('Inga bordstelefoner ännu.')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Bordstelefoner' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Lägg till bordstelefon' })).toBeTruthy();
  });
});
