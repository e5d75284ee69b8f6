/**
 * Issue 14: the user's own profile editor. Bob edits his "Available" profile: the preview of the
 * card's sentences changes as he edits (before saving); ringing the softphone on a not-available
 * profile is explained next to the device and not saved; a valid edit is saved and the card and
 * the status bar show it; once his administrator locks his profiles there is nothing to edit and
 * the screen says so. At 1280×800 and 420×720, with screenshots of each state.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, screenshot } from './softphoneFixtures';

test.describe.configure({ timeout: 240_000 });

const sizes = [
  { name: 'wide', width: 1280, height: 800 },
  { name: 'narrow', width: 420, height: 720 },
] as const;

const previewLines = (editor: Locator) => editor.getByRole('region', { name: 'How this profile works' }).getByRole('listitem').allInnerTexts();

/** Nothing on the page is wider than the window (no sideways scrolling), and the window never scrolls. */
async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const widths = await page.evaluate(() => {
    const doc = document.scrollingElement ?? document.documentElement;
    const content = document.querySelector('main.content');
    return { document: doc.scrollWidth - doc.clientWidth, content: content ? content.scrollWidth - content.clientWidth : 0 };
  });
  expect(widths, what).toEqual({ document: 0, content: 0 });
}

test('bob edits his own profile: live preview, an impossible setting explained, a valid edit saved; locked profiles cannot be edited', async ({ client, stack }) => {
  const bob = await client('bob');
  const { page } = bob;

  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.getByRole('tab', { name: 'Profiles' }).click();
    await page.getByRole('button', { name: 'Edit Available' }).click();
    const editor = page.getByRole('form', { name: 'Edit profile Available' });
    const anyCalls = editor.getByRole('group', { name: 'Calls to any of my numbers' });

    // The preview says what the card would say, and follows each change before anything is saved.
    const before = await previewLines(editor);
    expect(before.join(' ')).toContain('Other calls ring your softphone');
    await anyCalls.getByRole('checkbox', { name: 'softphone' }).uncheck();
    await expect.poll(async () => (await previewLines(editor)).join(' ')).toContain('Other calls ring your mobile after 15 seconds.');
    await expectNoSidewaysScroll(page, `${size.name}: editor`);
    await editor.getByRole('region', { name: 'How this profile works' }).scrollIntoViewIfNeeded();
    await screenshot(page, `profile-editor-preview-${size.name}`);
    await anyCalls.getByRole('checkbox', { name: 'softphone' }).check();

    // Ringing the softphone while "not available": explained next to the device, and not saved.
    await editor.getByRole('combobox', { name: 'Availability' }).selectOption('not_available');
    const softphone = anyCalls.getByRole('checkbox', { name: 'softphone' });
    await expect(softphone).toHaveAttribute('aria-invalid', 'true');
    const explained = anyCalls.getByText(/^Your softphone does not ring while this profile says you are not available: only the mobile can\./);
    await expect(explained).toBeVisible();
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByRole('alert')).toHaveText('Some settings need your attention: see the marked fields.');
    await expect(softphone).toBeFocused();
    await expectNoSidewaysScroll(page, `${size.name}: editor with a problem`);
    await screenshot(page, `profile-editor-impossible-${size.name}`);
    await expect(editor).toBeVisible();

    // Back to available, a new name and a later no-answer: saved, and the card and status bar say so.
    await editor.getByRole('combobox', { name: 'Availability' }).selectOption('available');
    await expect(explained).toHaveCount(0);
    const newName = `At my desk ${size.name}`;
    await editor.getByRole('textbox', { name: 'Name' }).fill(newName);
    await editor.getByRole('spinbutton', { name: 'After seconds' }).fill('25');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: `${newName} saved.` })).toBeVisible();
    const card = page.getByRole('article', { name: newName });
    await expect(card).toContainText('After 25 seconds without answer, calls go to voicemail.');
    await expect(page.getByRole('banner', { name: 'Status' })).toContainText(newName);
    // the next round edits it under its first name again
    await card.getByRole('button', { name: `Edit ${newName}` }).click();
    await page.getByRole('form', { name: `Edit profile ${newName}` }).getByRole('textbox', { name: 'Name' }).fill('Available');
    await page.getByRole('form', { name: `Edit profile ${newName}` }).getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('article', { name: 'Available' })).toBeVisible();
  }

  // The administrator locks bob's profiles: no edit controls at all, and the screen says why.
  const admin = await stack.server.signIn('admin');
  const bobId = stack.server.company.users.bob?.id as string;
  const lock = await stack.server.api(`/api/v1/admin/users/${bobId}/profiles-lock`, { method: 'PUT', token: admin, body: { locked: true } });
  expect(lock.status).toBe(200);
  await expect(page.getByText('Your administrator manages your profiles. You can switch between them, but not change them.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Edit / })).toHaveCount(0);
  await expect(page.getByRole('form')).toHaveCount(0);
  await expect(page.getByRole('article', { name: 'Lunch' })).toContainText('Set by your administrator');
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.getByRole('heading', { name: 'Your profiles' }).scrollIntoViewIfNeeded();
    await screenshot(page, `profile-editor-locked-${size.name}`);
  }
});
