/**
 * Issue 13, templates: a built-in template inspected in words before cloning, removing the
 * default profile asks which one takes its place, applying with unsaved edits asks to save
 * first, and the apply dialog lists per user what will change (the server's dry run).
 */
import type { Template, UserSnapshot } from '../../src/shared/model';
import { describeProfile } from '../../src/shared/rules/describe';
import { builtInTemplates } from '../../src/shared/rules/templates';
import { test, expect, screenshot } from './softphoneFixtures';

// Many steps through the screens, on shared machines that can be slow (not a speed assertion).
test.setTimeout(240_000);

test('an admin inspects a built-in template, removes the default and applies unsaved edits after saving; the preview says per user what changes', async ({ client, stack }) => {
  const server = stack.server;
  const adminToken = await server.signIn('admin');
  const bobToken = await server.signIn('bob');
  const json = async <T>(response: Promise<Response>): Promise<T> => (await (await response).json()) as T;
  // Setup through the server: "Front desk", cloned from Office, applied to Bob and Carol; Bob chose Available by hand.
  const templates = await json<{ id: string; name: string }[]>(server.api('/api/v1/admin/templates', { token: adminToken }));
  const office = templates.find((t) => t.name === 'Office')!;
  const frontDesk = await json<Template>(server.api(`/api/v1/admin/templates/${office.id}/clone`, { token: adminToken, body: { name: 'Front desk' } }));
  const users = { bob: server.company.users.bob!.id, carol: server.company.users.carol!.id };
  await json(server.api(`/api/v1/admin/templates/${frontDesk.id}/apply`, { token: adminToken, body: { userIds: [users.bob, users.carol], confirmOverwrite: true } }));
  const bobProfiles = (await json<UserSnapshot>(server.api('/api/v1/me/snapshot', { token: bobToken }))).profiles;
  await json(server.api('/api/v1/me/profile-switch', { token: bobToken, body: { profileId: bobProfiles.find((p) => p.name === 'Available')!.id } }));

  const admin = await client('admin');
  const page = admin.page;
  await page.getByRole('tab', { name: 'Admin' }).click();

  // A built-in template in full, in the words users read on their profile cards.
  await page.getByRole('button', { name: 'View Office' }).click();
  const words = page.getByRole('region', { name: 'What each profile does' });
  const builtInOffice = builtInTemplates().find((t) => t.name === 'Office')!;
  for (const profile of builtInOffice.profiles) {
    const card = words.getByRole('article', { name: new RegExp(`^${profile.name}`) });
    for (const line of describeProfile({ ...profile, id: profile.key }, 'en')) await expect(card).toContainText(line);
  }
  await expect(page.getByRole('button', { name: 'Clone Office' })).toBeVisible();
  await screenshot(page, 'admin-template-inspect');
  await page.setViewportSize({ width: 420, height: 720 });
  await words.scrollIntoViewIfNeeded();
  await screenshot(page, 'admin-template-inspect-420');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('button', { name: 'Back to templates' }).click();

  // Removing the default asks which profile takes its place.
  await page.getByRole('button', { name: 'Edit Front desk' }).click();
  await page.getByRole('button', { name: 'Remove Available' }).click();
  const removal = page.getByRole('dialog', { name: 'Which profile becomes the default?' });
  await expect(removal).toContainText('Available is the default profile');
  await removal.getByRole('radio', { name: 'Away' }).check();
  await screenshot(page, 'admin-template-default-removal');
  await removal.getByRole('button', { name: 'Remove Available' }).click();
  const list = page.locator('ol.template-profiles > li');
  await expect(list.first()).toContainText('Away');
  await expect(list.first()).toContainText('default profile');
  await expect(list.filter({ hasText: 'Available' })).toHaveCount(0);

  // One more edit: Meeting shows people as available.
  await page.getByRole('button', { name: 'Edit Meeting' }).click();
  const editor = page.getByRole('form', { name: 'Profile Meeting' });
  await editor.getByRole('combobox', { name: 'Availability' }).selectOption({ label: 'Available' });
  await editor.getByRole('button', { name: 'Done' }).click();

  // Applying with unsaved edits asks first; cancel keeps the edits, "Save and apply" saves them.
  await page.getByRole('button', { name: 'Apply Front desk' }).click();
  const unsaved = page.getByRole('alertdialog', { name: 'Save your changes first?' });
  await expect(unsaved).toContainText('“Front desk” has changes that are not saved yet.');
  await screenshot(page, 'admin-template-unsaved');
  await unsaved.getByRole('button', { name: 'Cancel' }).click();
  await expect(list.first()).toContainText('Away');
  await page.getByRole('button', { name: 'Apply Front desk' }).click();
  await unsaved.getByRole('button', { name: 'Save and apply' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved template “Front desk”.' })).toBeVisible();
  const saved = await json<Template>(server.api(`/api/v1/admin/templates/${frontDesk.id}`, { token: adminToken }));
  expect(saved.profiles.map((p) => p.name)).toEqual(['Away', ...frontDesk.profiles.map((p) => p.name).filter((n) => n !== 'Available' && n !== 'Away')]);

  // The apply dialog: per chosen user, what the apply will do.
  const dialog = page.getByRole('dialog', { name: 'Apply “Front desk”' });
  await dialog.getByRole('checkbox', { name: /\(bob\)/ }).check();
  await dialog.getByRole('checkbox', { name: /\(carol\)/ }).check();
  const preview = dialog.getByRole('region', { name: 'Affected users: 2' });
  const bob = preview.getByRole('listitem', { name: 'bob', exact: true });
  const carol = preview.getByRole('listitem', { name: 'carol', exact: true });
  await expect(bob).toContainText('Bob Berg (bob)');
  await expect(bob).toContainText('Meeting changes: availability');
  await expect(bob).toContainText('Removed: Available');
  await expect(bob).toContainText('Default profile: Available → Away');
  await expect(bob).toContainText('Their current choice Available is removed: they fall back to Away.');
  await expect(carol).toContainText('Carol Carlsson (carol)');
  await expect(carol).toContainText('Removed: Available');
  await expect(carol).not.toContainText('current choice');
  await expect(preview.getByRole('listitem', { name: 'dave', exact: true })).toHaveCount(0);
  await dialog.getByRole('checkbox', { name: /will be overwritten/ }).check();
  await screenshot(page, 'admin-apply-preview');
  await page.setViewportSize({ width: 420, height: 720 });
  await screenshot(page, 'admin-apply-preview-420');
  await page.setViewportSize({ width: 1280, height: 800 });
  await dialog.getByRole('button', { name: 'Apply template' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Template applied to 2 users.' })).toBeVisible();

  // The apply did what the preview said.
  const after = await json<UserSnapshot>(server.api('/api/v1/me/snapshot', { token: bobToken }));
  expect(after.manualChoice).toBeNull();
  expect(after.profiles.find((p) => p.id === after.defaultProfileId)?.name).toBe('Away');
  expect(after.profiles.find((p) => p.name === 'Meeting')?.availability).toBe('available');
  expect(after.profiles.some((p) => p.name === 'Available')).toBe(false);
});
