/**
 * Issue 13 "Getting in", through the real renderer, profile server, PBX and mail outbox: an
 * invitation accepted on the page it opens, then confirmed, and the new user signed in and
 * registered; self-registration started from the sign-in screen's "Register a new account"
 * with the company's link, confirmed from the mail; a CSV-imported user (who has the company's
 * profiles for new users at once) choosing a password
 * from the welcome mail (sent again by the admin from the user's edit view), signing in and
 * calling a colleague (ringing, answered, audio both ways).
 * (Password reset from "Forgot password?": account-password.spec.ts.) The pages and the
 * sign-in screens are saved at 1280×800 and 420×720.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, screenshot, signIn } from './softphoneFixtures';
import type { TestServer } from '../support/server';

// Each test starts softphones and a browser page or two: on a loaded machine that takes a while.
test.describe.configure({ timeout: 240_000 });

async function atBothSizes(page: Page, name: string, show?: Locator): Promise<void> {
  await screenshot(page, name);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 420, height: 720 });
  await show?.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await screenshot(page, `${name}-420`);
  if (size) await page.setViewportSize(size);
}

/** The link of the newest mail of `kind` to `to`, once it is in the outbox. */
async function mailedLink(server: TestServer, kind: string, to: string): Promise<string> {
  let link = '';
  await expect
    .poll(() => (link = server.mails().filter((m) => m.kind === kind && m.to === to).at(-1)?.link ?? ''), { message: `${kind} mail to ${to}` })
    .not.toBe('');
  return link;
}

/** Opens the confirmation link, presses its button and checks what the page says next. */
async function confirmFromMail(page: Page, server: TestServer, to: string, userName: string, shots?: string): Promise<void> {
  await page.goto(await mailedLink(server, 'confirmation', to));
  await expect(page.getByRole('heading', { name: 'Confirm your account' })).toBeVisible();
  if (shots) await atBothSizes(page, `${shots}-ask`);
  await page.getByRole('button', { name: 'Confirm my account' }).click();
  await expect(page.getByRole('status')).toHaveText('Your account is confirmed.');
  await expect(page.getByText(`sign in with the server address ${server.url} and the user name ${userName}.`)).toBeVisible();
  if (shots) await atBothSizes(page, `${shots}-done`);
}

test('an invitation opens a page where the person registers; confirmed, they sign in and the phone registers', async ({ client, stack, browser }) => {
  const admin = await stack.server.signIn('admin');
  expect((await stack.server.api('/api/v1/admin/invitations', { token: admin, body: { emails: ['ivan@example.test'] } })).status).toBe(200);
  const link = await mailedLink(stack.server, 'invitation', 'ivan@example.test');

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Join Acme' })).toBeVisible();
  // the user name is the email unless the person chooses another (seed 003)
  await expect(page.getByLabel('User name')).toHaveValue('ivan@example.test');
  await page.getByLabel('First name').fill('Ivan');
  await page.getByLabel('Last name').fill('Ivarsson');
  await page.getByLabel('User name').fill('ivan');
  await page.getByLabel('Password', { exact: true }).fill('Ivans-secret-41');
  await page.getByLabel('Password again').fill('Ivans-secret-42');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByLabel('Password again')).toHaveAccessibleDescription('The passwords do not match.');
  await atBothSizes(page, 'getin-invitation-problem', page.getByLabel('Password again'));
  await page.getByLabel('Password', { exact: true }).fill('Ivans-secret-41');
  await page.getByLabel('Password again').fill('Ivans-secret-41');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByRole('status')).toHaveText('Almost there: we mailed a confirmation link to ivan@example.test. Follow it to confirm your account.');
  await atBothSizes(page, 'getin-invitation-done');
  await confirmFromMail(page, stack.server, 'ivan@example.test', 'ivan', 'getin-confirm');
  await context.close();

  const ivan = await client('ivan', { password: 'Ivans-secret-41' });
  await expect(ivan.page.getByRole('navigation', { name: 'Sections' })).toContainText('Ivan Ivarsson');
});

test('"Register a new account" at sign-in checks the company link, the page registers, the mail confirms, the person signs in', async ({ stack, browser }) => {
  const admin = await stack.server.signIn('admin');
  const { url } = (await (await stack.server.api('/api/v1/admin/registration-link', { token: admin })).json()) as { url: string };

  const harness = await stack.harness();
  const context = await browser.newContext({ permissions: ['microphone'], viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(harness.url);
  await expect(page.getByRole('button', { name: 'Forgot password?' })).toBeVisible();
  await atBothSizes(page, 'getin-sign-in');
  await page.getByRole('button', { name: 'Register a new account' }).click();
  const form = page.getByRole('form', { name: 'Register a new account' });
  await form.getByLabel('Registration link').fill(`${stack.server.url}/register?token=not-the-link`);
  await form.getByRole('button', { name: 'Continue' }).click();
  await expect(form.getByRole('alert')).toHaveText('This registration link is unknown or no longer valid. Ask your company for its current link.');
  await form.getByLabel('Registration link').fill(url);
  await form.getByRole('button', { name: 'Continue' }).click();
  await expect(form.getByRole('status')).toContainText('Registration at Acme is open.');
  await expect(form.getByRole('status')).toContainText(`sign in here with the server address ${stack.server.url}`);
  await atBothSizes(page, 'getin-sign-in-register');

  const opened = context.waitForEvent('page');
  await form.getByRole('button', { name: 'Open the registration page' }).click();
  const registration = await opened;
  await expect(registration.getByRole('heading', { name: 'Register at Acme' })).toBeVisible();
  await registration.getByLabel('First name').fill('Rebecka');
  await registration.getByLabel('Last name').fill('Rask');
  await registration.getByLabel('Email').fill('rebecka@example.test');
  // (a user name that is an email cannot register its phone yet: i12-sipuser's part)
  await registration.getByLabel('User name').fill('rebecka');
  await registration.getByLabel('Password', { exact: true }).fill('Rebeckas-secret-41');
  await registration.getByLabel('Password again').fill('Rebeckas-secret-41');
  await atBothSizes(registration, 'getin-register-page');
  await registration.getByRole('button', { name: 'Register' }).click();
  await expect(registration.getByRole('status')).toContainText('We mailed what happens next to rebecka@example.test');
  await atBothSizes(registration, 'getin-register-received');
  await confirmFromMail(registration, stack.server, 'rebecka@example.test', 'rebecka');
  await registration.close();

  // back in the app: the server address came with the link
  await form.getByRole('button', { name: 'Back to sign-in' }).click();
  await expect(page.getByLabel('Server address')).toHaveValue(stack.server.url);
  await signIn(page, stack.server.url, 'rebecka', 'Rebeckas-secret-41');
  await expect(page.getByRole('status').filter({ hasText: 'Phone ready' })).toBeVisible({ timeout: 20_000 });
  await context.close();
});

test('a CSV-imported user chooses a password from the welcome mail the admin sends again, signs in and calls a colleague', async ({ client, stack, browser }) => {
  const adminToken = await stack.server.signIn('admin');
  const content = 'Internal ID,First Name,Last Name,Email,User Name,Extension\n,Wilma,Wall,wilma@example.test,wilma,1010\n';
  expect((await stack.server.api('/api/v1/admin/users/csv/submit', { token: adminToken, body: { content } })).status).toBe(202);
  const first = await mailedLink(stack.server, 'welcome', 'wilma@example.test');

  // the admin sends it again from wilma's edit view: the first link stops working
  const admin = await client('admin');
  await admin.page.getByRole('tab', { name: 'Admin' }).click();
  await admin.page.getByRole('tab', { name: 'Users' }).click();
  await admin.page.getByRole('button', { name: 'Edit wilma' }).click();
  const section = admin.page.getByRole('region', { name: 'Send welcome email' });
  await section.getByRole('button', { name: 'Send welcome email' }).click();
  await expect(section.getByRole('status')).toHaveText('A welcome email with a link to choose a password was sent to wilma@example.test.');
  await section.scrollIntoViewIfNeeded();
  await atBothSizes(admin.page, 'getin-admin-welcome', section);
  // the company's "Profiles for new users" (issue 13): the template it was created with, Office
  await admin.page.getByRole('tab', { name: 'Company', exact: true }).click();
  const newUserTemplate = admin.page.getByLabel('Profiles for new users');
  await expect(newUserTemplate).toHaveValue(/.+/);
  await expect(newUserTemplate.locator('option:checked')).toHaveText('Office');
  await expect(newUserTemplate.locator('option')).toContainText(['None', 'Office']);
  await newUserTemplate.scrollIntoViewIfNeeded();
  await atBothSizes(admin.page, 'getin-admin-new-user-template', newUserTemplate);
  // saved through the company settings: "None", then back to Office
  const companyForm = admin.page.getByRole('form', { name: 'Company settings' });
  const settingOf = async () =>
    ((await (await stack.server.api('/api/v1/admin/company', { token: adminToken })).json()) as { settings: { newUserTemplateId?: string | null } }).settings.newUserTemplateId;
  await newUserTemplate.selectOption({ label: 'None' });
  await companyForm.getByRole('button', { name: 'Save' }).click();
  await expect.poll(settingOf).toBeNull();
  await admin.page.getByLabel('Profiles for new users').selectOption({ label: 'Office' });
  await companyForm.getByRole('button', { name: 'Save' }).click();
  await expect.poll(settingOf).toMatch(/.+/);
  let second = first;
  await expect.poll(async () => (second = await mailedLink(stack.server, 'welcome', 'wilma@example.test'))).not.toBe(first);
  expect(stack.server.mails().filter((m) => m.kind === 'welcome' && m.to === 'wilma@example.test').at(-1)?.subject).toBe('Welcome to Acme');

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(first);
  await expect(page.getByRole('alert')).toHaveText('This password reset link is unknown, already used or expired. Ask for a new one.');
  await page.goto(second);
  await page.getByLabel('New password', { exact: true }).fill('Wilmas-secret-41');
  await page.getByLabel('New password again').fill('Wilmas-secret-41');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('status')).toHaveText('Your password is changed. Sign in to the app with your new password.');
  await context.close();

  const wilma = await client('wilma', { password: 'Wilmas-secret-41' });
  // signed in with the chosen password, the phone registered ("Phone ready", waited for by client())
  await expect(wilma.page.getByRole('navigation', { name: 'Sections' })).toContainText('Wilma Wall');
  // imported, she has the company's profiles at once (issue 13): the status bar names her default
  await expect(wilma.page.getByRole('banner', { name: 'Status' }).getByTestId('effective-profile')).toHaveText('Available');

  // …and calls a colleague: it rings, bob answers, both see the call up and audio flows both ways
  const bob = await client('bob');
  await wilma.page.getByLabel('Number or address').fill('1002');
  await wilma.page.getByRole('button', { name: 'Call', exact: true }).click();
  const incoming = bob.page.getByRole('alertdialog', { name: /Call from Wilma Wall/ });
  await expect(incoming).toBeVisible({ timeout: 15_000 });
  await expect(wilma.page.getByRole('article', { name: /1002|Bob/ })).toContainText('Ringing');
  await incoming.getByRole('button', { name: 'Answer' }).click();
  const wilmaCall = wilma.page.getByRole('article', { name: /1002|Bob/ });
  const bobCall = bob.page.getByRole('article', { name: /1010|Wilma/ });
  await expect(wilmaCall.getByRole('timer')).toBeVisible();
  await expect(bobCall.getByRole('timer')).toBeVisible();
  await expect(wilmaCall).toContainText('In call');
  await expect(bobCall).toContainText('In call');
  for (const phone of [wilma, bob]) {
    await expect
      .poll(
        async () => {
          const [stats] = await phone.mediaStats();
          return stats ? Math.min(stats.inbound.bytesReceived, stats.outbound.bytesSent) : 0;
        },
        { timeout: 20_000, message: `${phone.userName}: audio both ways` },
      )
      .toBeGreaterThan(2000);
  }
  await atBothSizes(wilma.page, 'getin-csv-user-call', wilmaCall);
  await wilmaCall.getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.page.getByText('No calls right now.')).toBeVisible();
});
