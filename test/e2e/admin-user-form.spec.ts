/**
 * Issue 13, the admin's user form (seed 003) and the CSV export (seed 004), through the real
 * renderer, server, mail outbox and PBX: a user created with a Random password, the welcome
 * mail and a national mobile number signs in with that password; a refused field is named next
 * to the field in Swedish; the export uploads again unchanged, and edited it changes one user.
 * Screens at 1280×800 and 420×720 in artifacts/screenshots/.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './softphoneFixtures';

async function openUsers(page: Page, names: { admin: string; users: string }) {
  await page.getByRole('tab', { name: names.admin }).click();
  await page.getByRole('tab', { name: names.users }).click();
  return page.getByRole('tabpanel', { name: names.users });
}

/** The form at 420×720: nothing in it reaches past the window's right edge (the shell is i14's). */
async function narrow(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 420, height: 720 });
  await page.locator('form.user-form').scrollIntoViewIfNeeded();
  await screenshot(page, name);
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('form.user-form, form.user-form *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
  );
  expect(wide).toEqual([]);
  if (size) await page.setViewportSize(size);
}

test('an admin creates a user with Random, the welcome mail and a national mobile; the user signs in with that password', async ({ client, stack }) => {
  const admin = await client('admin');
  const page = admin.page;
  const users = await openUsers(page, { admin: 'Admin', users: 'Users' });
  await users.getByRole('button', { name: 'New user' }).click();
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByRole('textbox', { name: 'First name *' }).fill('Nina');
  await form.getByRole('textbox', { name: 'Last name *' }).fill('Nord');
  await form.getByRole('textbox', { name: 'Email *' }).fill('nina@example.test');
  await form.getByRole('textbox', { name: 'User name (default: the email)' }).fill('nina');
  await form.getByRole('textbox', { name: 'Extension', exact: true }).fill('1060');
  await form.getByRole('textbox', { name: 'Allowed extensions (separated by spaces)' }).fill('1061 1062');
  await form.getByRole('textbox', { name: 'Mobile number' }).fill('070-123 45 67');
  await form.getByRole('button', { name: 'Random' }).click();
  const shown = (await form.getByRole('status').locator('code').textContent()) ?? '';
  expect(shown).toMatch(/^[A-Za-z2-9]{16}$/);
  await expect(form.getByLabel('Password', { exact: true })).toHaveValue(shown);
  await expect(form.getByLabel('Password confirmation')).toHaveValue(shown);
  await form.getByRole('checkbox', { name: 'Send a welcome email' }).check();
  await screenshot(page, 'admin-user-form');
  await narrow(page, 'admin-user-form-420');

  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form).toBeHidden();
  // shown once more after saving, as a generated password is
  const once = users.getByRole('status').filter({ hasText: 'Password for nina. It is shown only once:' });
  await expect(once.locator('code')).toHaveText(shown);
  await expect(users.getByRole('table', { name: 'Users' })).toContainText('nina');
  await expect.poll(() => stack.server.mails().filter((m) => m.kind === 'welcome' && m.to === 'nina@example.test').length).toBe(1);

  const token = await stack.server.signIn('admin');
  const listed = (await (await stack.server.api('/api/v1/admin/users', { token })).json()) as { userName: string; numbers: unknown }[];
  expect(listed.find((u) => u.userName === 'nina')?.numbers).toEqual({ extension: '1060', extraExtensions: ['1061', '1062'], landline: null, mobile: '+46701234567' });

  // The edit form shows the stored number as it is written at home.
  await users.getByRole('button', { name: 'Edit nina', exact: true }).click();
  await expect(page.getByRole('form', { name: 'Edit nina' }).getByRole('textbox', { name: 'Mobile number' })).toHaveValue('070-123 45 67');

  const nina = await client('nina', { password: shown });
  await expect(nina.page.getByRole('tab', { name: 'Phone' })).toBeVisible();
});

test('a refused field is named next to that field, in Swedish, and nothing is created', async ({ client, stack }) => {
  const token = await stack.server.signIn('admin');
  const me = ((await (await stack.server.api('/api/v1/admin/users', { token })).json()) as { id: string; userName: string }[]).find((u) => u.userName === 'admin');
  await stack.server.api(`/api/v1/admin/users/${me?.id ?? ''}`, { method: 'PATCH', token, body: { language: 'sv' } });
  const admin = await client('admin', { ready: 'Telefonen är redo' });
  const page = admin.page;
  const users = await openUsers(page, { admin: 'Admin', users: 'Användare' });
  await users.getByRole('button', { name: 'Ny användare' }).click();
  const form = page.getByRole('form', { name: 'Ny användare' });
  await form.getByRole('textbox', { name: 'Förnamn *' }).fill('Olle');
  await form.getByRole('textbox', { name: 'Efternamn *' }).fill('Ost');
  await form.getByRole('textbox', { name: 'E-post *' }).fill('olle@example.test');
  await form.getByRole('textbox', { name: 'Mobilnummer' }).fill('070-12');
  await form.getByRole('button', { name: 'Skapa användare' }).click();

  const mobile = form.getByRole('textbox', { name: 'Mobilnummer' });
  await expect(mobile).toHaveAttribute('aria-invalid', 'true');
  const problem = page.locator(`#${(await mobile.getAttribute('aria-describedby')) ?? 'none'}`);
  await expect(problem).toHaveText('Ange ett telefonnummer, t.ex. 070-123 45 67 eller +46812345678, eller ett anknytningsnummer med 2 till 8 siffror.');
  await expect(form).toContainText('Kontrollera de markerade fälten.');
  await expect(form).not.toContainText('numbers.mobile');
  await expect(form.getByRole('textbox', { name: 'Förnamn *' })).not.toHaveAttribute('aria-invalid', 'true');
  await screenshot(page, 'admin-user-form-error-sv');
  await narrow(page, 'admin-user-form-error-sv-420');
  const listed = (await (await stack.server.api('/api/v1/admin/users', { token })).json()) as { userName: string }[];
  expect(listed.some((u) => u.userName === 'olle@example.test')).toBe(false);
});

test('CSV export uploads again unchanged; edited, it changes one user with a national number', async ({ client, stack }) => {
  const admin = await client('admin');
  const page = admin.page;
  const users = await openUsers(page, { admin: 'Admin', users: 'Users' });
  await expect(users.getByRole('table', { name: 'Users' })).toContainText('alice');
  const download = page.waitForEvent('download');
  await users.getByRole('button', { name: 'Export users (CSV)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('users.csv');
  const exported = await readFile(await file.path(), 'utf8');
  const lines = exported.replace(/^\uFEFF/, '').trimEnd().split(/\r?\n/);
  expect(lines[0]).toContain('Allowed Extensions');
  expect(lines.some((line) => line.includes(',alice,'))).toBe(true);
  expect(lines.some((line) => line.includes('olga'))).toBe(false);

  await page.getByLabel('Upload CSV file').setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from(exported) });
  const again = users.getByRole('region', { name: 'Check of users.csv' });
  await expect(again).toContainText('0 to create, 0 to change, 0 with problems.');
  await again.getByRole('button', { name: 'Cancel' }).click();

  const header = lines[0]!.split(',');
  const mobile = header.indexOf('Mobile');
  const edited = lines.map((line) => {
    if (!line.includes(',carol,')) return line;
    const cells = line.split(',');
    cells[mobile] = '070-765 43 21';
    return cells.join(',');
  });
  await page.getByLabel('Upload CSV file').setInputFiles({ name: 'users-edited.csv', mimeType: 'text/csv', buffer: Buffer.from(edited.join('\n') + '\n') });
  const report = users.getByRole('region', { name: 'Check of users-edited.csv' });
  await expect(report).toContainText('0 to create, 1 to change, 0 with problems.');
  await report.getByRole('button', { name: 'Submit users' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Created 0 and changed 1 user.' })).toBeVisible();
  const token = await stack.server.signIn('admin');
  const listed = (await (await stack.server.api('/api/v1/admin/users', { token })).json()) as { userName: string; numbers: { mobile: string | null } }[];
  expect(listed.find((u) => u.userName === 'carol')?.numbers.mobile).toBe('+46707654321');
});
