/**
 * Issue 13 "Done when": the audit log lists each action the issue names, with who, what and
 * whom. The actions go through the real server the way the app and the mailed pages send them
 * (the people's own steps as the pages' form posts, the admin's as the admin screens' API
 * calls; the screens themselves are proved in admin-users, admin-template-flows, getin and
 * admin-queues-audit specs): an invitation accepted and confirmed, a self-registration through
 * the company link, a CSV import, a password reset, a mass edit of one field for three users,
 * a profile added for everyone, one user's profile edited and locked, a template applied, a
 * queue created and a company setting changed. Then the admin opens Admin → Audit log in the
 * app: every action is a row naming who did it and whom it concerns, and the search finds one.
 * Screenshots: admin-audit-everything(-420, -table).png.
 */
import type { Profile, UserSnapshot } from '../../src/shared/model';
import { test, expect, screenshot } from './softphoneFixtures';
import type { TestServer } from '../support/server';

test.setTimeout(240_000);

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

/** The token of the newest mail of `kind` to `to`, once it is in the outbox. */
async function mailedToken(server: TestServer, kind: string, to: string): Promise<string> {
  let link = '';
  await expect
    .poll(() => (link = server.mails().filter((m) => m.kind === kind && m.to === to).at(-1)?.link ?? ''), { message: `${kind} mail to ${to}` })
    .not.toBe('');
  return new URL(link).searchParams.get('token') ?? '';
}

async function ok(response: Promise<Response>, what: string): Promise<Response> {
  const answer = await response;
  expect(answer.status, `${what}: ${await answer.clone().text()}`).toBeLessThan(300);
  return answer;
}

test('the audit log lists every getting-in and admin action of issue 13 with who, what and whom; the search finds one', async ({ client, stack }) => {
  const server = stack.server;
  const admin = await server.signIn('admin');
  const ids = Object.fromEntries(Object.entries(server.company.users).map(([name, user]) => [name, user!.id]));

  // An invitation, accepted on its page and confirmed from the mail.
  await ok(server.api('/api/v1/admin/invitations', { token: admin, body: { emails: ['ivan@example.test'] } }), 'invite');
  const invitation = await mailedToken(server, 'invitation', 'ivan@example.test');
  const password = 'Quite-secret-41';
  await ok(server.api('/invitation', form({ token: invitation, lang: 'en', firstName: 'Ivan', lastName: 'Ivarsson', userName: 'ivan', password, repeat: password })), 'accept');
  await ok(server.api('/confirm', form({ token: await mailedToken(server, 'confirmation', 'ivan@example.test') })), 'confirm ivan');

  // A self-registration through the company's link, confirmed.
  const { token: registration } = (await (await server.api('/api/v1/admin/registration-link', { token: admin })).json()) as { token: string };
  await ok(server.api('/register', form({ token: registration, lang: 'en', firstName: 'Rebecka', lastName: 'Rask', email: 'rebecka@example.test', userName: 'rebecka', password, repeat: password })), 'register');
  await ok(server.api('/confirm', form({ token: await mailedToken(server, 'confirmation', 'rebecka@example.test') })), 'confirm rebecka');

  // A CSV import (Wilma gets a welcome mail).
  const csv = 'Internal ID,First Name,Last Name,Email,User Name,Extension\n,Wilma,Wall,wilma@example.test,wilma,1010\n';
  await ok(server.api('/api/v1/admin/users/csv/submit', { token: admin, body: { content: csv } }), 'csv');
  await mailedToken(server, 'welcome', 'wilma@example.test');

  // Dave forgot his password: the reset link's page sets a new one.
  await ok(server.api('/api/v1/password-reset/request', { body: { login: 'dave' } }), 'reset request');
  const reset = await mailedToken(server, 'password-reset', server.company.users.dave!.email);
  await ok(server.api('/password-reset', form({ token: reset, password, repeat: password })), 'reset');

  // Mass edit of one field for three ticked users; a profile for everyone.
  await ok(server.api('/api/v1/admin/profiles/mass-edit', { token: admin, body: { userIds: [ids.alice, ids.bob, ids.carol], profileName: 'Lunch', field: 'priority', value: 7 } }), 'mass edit');
  const users = (await (await server.api('/api/v1/admin/users', { token: admin })).json()) as { id: string }[];
  const bobProfiles = ((await (await server.api(`/api/v1/admin/users/${ids.bob}/snapshot`, { token: admin })).json()) as UserSnapshot).profiles;
  const lunch = bobProfiles.find((p) => p.name === 'Lunch') as Profile;
  const { id: lunchId, ...lunchFields } = lunch;
  await ok(server.api('/api/v1/admin/profiles/add', { token: admin, body: { userIds: users.map((u) => u.id), profile: { ...lunchFields, name: 'Training' } } }), 'add profile');

  // Bob's profile edited and locked by the admin.
  await ok(server.api(`/api/v1/admin/users/${ids.bob}/profiles/${lunchId}`, { token: admin, method: 'PUT', body: { fields: { ...lunchFields, priority: 5 } } }), 'edit bob');
  await ok(server.api(`/api/v1/admin/users/${ids.bob}/profiles-lock`, { token: admin, method: 'PUT', body: { locked: true } }), 'lock bob');

  // A template applied, a queue created, a company setting changed.
  const templates = (await (await server.api('/api/v1/admin/templates', { token: admin })).json()) as { id: string; name: string }[];
  const office = templates.find((t) => t.name === 'Office')!;
  await ok(server.api(`/api/v1/admin/templates/${office.id}/apply`, { token: admin, body: { userIds: [ids.carol], confirmOverwrite: true } }), 'apply');
  await ok(server.api('/api/v1/admin/queues', { token: admin, body: { name: 'Night desk', number: '3600' } }), 'queue');
  await ok(server.api('/api/v1/admin/company', { token: admin, method: 'PATCH', body: { registration: 'disabled' } }), 'company');

  // The admin reads it all in the app.
  const { page } = await client('admin');
  await page.getByRole('tab', { name: 'Admin' }).click();
  await page.getByRole('tab', { name: 'Audit log' }).click();
  const audit = page.getByRole('tabpanel', { name: 'Audit log' });
  const table = audit.getByRole('table');
  await expect(table).toBeVisible();
  const expected: Array<{ what: string; who: string; whom: RegExp | string }> = [
    { what: 'Invitations sent', who: 'Ada Admin', whom: 'ivan@example.test' },
    { what: 'Invitation accepted', who: 'Ivan Ivarsson', whom: 'Ivan Ivarsson (ivan)' },
    { what: 'Account confirmed', who: 'Ivan Ivarsson', whom: 'Ivan Ivarsson (ivan)' },
    { what: 'Registered with the company link', who: 'Rebecka Rask', whom: 'Rebecka Rask (rebecka)' },
    { what: 'Account confirmed', who: 'Rebecka Rask', whom: 'Rebecka Rask (rebecka)' },
    { what: 'Users imported (CSV)', who: 'Ada Admin', whom: /1 \+ 0/ },
    { what: 'Password chosen from a mailed link', who: 'Dave Dahl', whom: 'Dave Dahl (dave)' },
    { what: 'Mass edit', who: 'Ada Admin', whom: 'Lunch' },
    { what: 'Profile added to users', who: 'Ada Admin', whom: 'Training' },
    { what: 'User’s profile edited', who: 'Ada Admin', whom: 'Bob Berg (bob)' },
    { what: 'Profile editing locked or unlocked', who: 'Ada Admin', whom: 'Bob Berg (bob)' },
    { what: 'Template applied', who: 'Ada Admin', whom: 'Office' },
    { what: 'Queue created', who: 'Ada Admin', whom: 'Night desk' },
    { what: 'Company settings changed', who: 'Ada Admin', whom: 'Acme' },
  ];
  for (const { what, who, whom } of expected) {
    const row = table.getByRole('row').filter({ has: page.getByRole('cell', { name: what, exact: true }) }).filter({ has: page.getByRole('cell', { name: who, exact: true }) });
    await expect(row.filter({ hasText: whom }), `${what} by ${who} about ${String(whom)}`).toHaveCount(1);
  }
  // The mass edit names the three people it changed.
  await expect(table.getByRole('row').filter({ hasText: 'Mass edit' })).toContainText(/Alice .*Bob Berg.*Carol/);
  await screenshot(page, 'admin-audit-everything');
  await screenshot(table, 'admin-audit-everything-table');
  await page.setViewportSize({ width: 420, height: 720 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await screenshot(page, 'admin-audit-everything-420');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The search finds one person's getting in: Rebecka registered and confirmed.
  await audit.getByRole('searchbox', { name: 'Search' }).fill('Rebecka');
  await audit.getByRole('button', { name: 'Search' }).click();
  await expect(audit.getByRole('status')).toContainText('(2 actions)');
  await expect(table.getByRole('row').filter({ hasText: 'Registered with the company link' })).toHaveCount(1);
  await expect(table.getByRole('row').filter({ hasText: 'Queue created' })).toHaveCount(0);
});
