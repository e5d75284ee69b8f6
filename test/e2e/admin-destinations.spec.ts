/**
 * The screens issue 11 added, in the app as it runs (Chromium, real profile server and PBX), at
 * a narrow window (420x720) and a wide one (1280x800): the admin uploads an announcement, adds
 * an application and changes the company's feature codes (a code used twice is refused with the
 * seeds' kind of message); a user picks the announcement by name in their profile editor and
 * the profile card names it. Screenshots: artifacts/screenshots/admin-announcements-<width>.png,
 * admin-applications-, admin-codes-, profile-message-picker-, profile-message-card-.
 */
import type { Page } from '@playwright/test';
import { toneWav } from '../support/wav';
import { test, expect, screenshot } from './softphoneFixtures';

/** Catalog keys look like "admin.announcements.title"; a user must see words. */
const KEY = /\b(admin|common|error|target|codes|validation)\.[a-zA-Z]+/;

async function expectNoSidewaysOverflow(page: Page): Promise<void> {
  const found = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(found.scroll).toBeLessThanOrEqual(found.client);
}

for (const size of [
  { width: 420, height: 720 },
  { width: 1280, height: 800 },
]) {
  test(`issue 11 screens at ${size.width}x${size.height}: announcements, applications, feature codes, the profile editor's picker`, async ({ client }) => {
    const suffix = String(size.width);
    const admin = await client('admin');
    const page = admin.page;
    await page.setViewportSize(size);
    await page.getByRole('tab', { name: 'Admin' }).click();

    await page.getByRole('tab', { name: 'Announcements' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Announcements' });
    await expect(panel).toContainText('No announcements yet.');
    await panel.getByRole('textbox', { name: 'Name' }).first().fill('Closed for lunch');
    await panel.getByRole('combobox', { name: 'After the announcement' }).first().selectOption({ label: 'Continue to voicemail' });
    await panel
      .getByLabel('WAV file')
      .first()
      .setInputFiles({ name: 'closed.wav', mimeType: 'audio/wav', buffer: toneWav([{ hz: 440, seconds: 3 }], 44100) });
    await panel.getByRole('button', { name: 'Add announcement' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved the announcement “Closed for lunch”.' })).toBeVisible();
    const item = panel.getByRole('listitem');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('3 s');
    await expect(item).toContainText('Not used by any profile');
    await expect(item.getByRole('textbox', { name: 'Name' })).toHaveValue('Closed for lunch');
    await expect(item.getByRole('combobox', { name: 'After the announcement' })).toHaveValue('voicemail');
    await expect(panel).not.toContainText(KEY);
    await screenshot(page, `admin-announcements-${suffix}`);
    await expectNoSidewaysOverflow(page);

    await page.getByRole('tab', { name: 'Applications' }).click();
    const apps = page.getByRole('tabpanel', { name: 'Applications' });
    await apps.getByRole('textbox', { name: 'Name' }).first().fill('Switchboard');
    await apps.getByRole('textbox', { name: 'SIP address' }).first().fill('sip:switchboard@127.0.0.1:5099');
    await apps.getByRole('button', { name: 'Add application' }).click();
    await expect(apps.getByRole('listitem')).toHaveCount(1);
    await expect(apps.getByRole('listitem').getByRole('textbox', { name: 'SIP address' })).toHaveValue('sip:switchboard@127.0.0.1:5099');
    await expect(apps).not.toContainText(KEY);
    await screenshot(page, `admin-applications-${suffix}`);
    await expectNoSidewaysOverflow(page);

    await page.getByRole('tab', { name: 'Feature codes' }).click();
    const codes = page.getByRole('tabpanel', { name: 'Feature codes' });
    await expect(codes.getByRole('textbox', { name: 'Pause all queues' })).toHaveValue('*20');
    await expect(codes.getByRole('textbox', { name: 'Listen to voicemail' })).toHaveValue('*98');
    await codes.getByRole('textbox', { name: 'Resume all queues' }).fill('*20');
    await codes.getByRole('button', { name: 'Save codes' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Code *20 is used for two actions. Each code must be unique.' });
    await expect(refused).toBeVisible();
    await screenshot(page, `admin-codes-refused-${suffix}`);
    await page.getByRole('button', { name: 'Dismiss problem' }).click();
    await codes.getByRole('textbox', { name: 'Resume all queues' }).fill('*22');
    await codes.getByRole('button', { name: 'Save codes' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved the feature codes.' })).toBeVisible();
    await expect(codes).not.toContainText(KEY);
    await screenshot(page, `admin-codes-${suffix}`);
    await expectNoSidewaysOverflow(page);

    // A user picks the announcement by name: no id anywhere
    const bob = await client('bob');
    const bobPage = bob.page;
    await bobPage.setViewportSize(size);
    await bobPage.getByRole('tab', { name: 'Profiles' }).click();
    await bobPage.getByRole('button', { name: 'Edit Lunch' }).click();
    const editor = bobPage.getByRole('form', { name: 'Edit profile Lunch' });
    const any = editor.getByRole('group', { name: 'Calls to any of my numbers' });
    await any.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Play a message' });
    const picker = any.getByRole('combobox', { name: 'Message' });
    await picker.selectOption({ label: 'Closed for lunch' });
    await picker.scrollIntoViewIfNeeded();
    await expect(editor).not.toContainText(KEY);
    await screenshot(bobPage, `profile-message-picker-${suffix}`);
    await expectNoSidewaysOverflow(bobPage);
    await editor.getByRole('button', { name: 'Save' }).click();
    const card = bobPage.getByRole('article', { name: 'Lunch' });
    await expect(card).toContainText('the message “Closed for lunch”');
    await card.scrollIntoViewIfNeeded();
    await screenshot(bobPage, `profile-message-card-${suffix}`);
  });
}
