import { test, expect, screenshot } from './softphoneFixtures';

test('an admin clones a template, adds a profile, applies it to bob; bob sees it at once with a notice', async ({ client }) => {
  const bob = await client('bob');
  const admin = await client('admin');
  const page = admin.page;

  await page.getByRole('tab', { name: 'Admin' }).click();
  const templates = page.getByRole('tabpanel', { name: 'Templates' });
  const firstRow = templates.getByRole('row').nth(1);
  const source = (await firstRow.getByRole('cell').first().innerText()).replace(/built-in/, '').trim();
  await firstRow.getByRole('button', { name: `Clone ${source}` }).click();
  await page.getByLabel('Name of the new template').fill('Focus team');
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Created template “Focus team”.' })).toBeVisible();

  // The clone is open in the editor: add a profile and make it the first (the default).
  await page.getByRole('button', { name: 'Add profile' }).click();
  const editor = page.getByRole('form', { name: 'Profile New profile' });
  await editor.getByRole('textbox', { name: 'Name', exact: true }).fill('Focus time');
  await editor.getByRole('combobox', { name: 'Type', exact: true }).selectOption({ label: 'Busy' });
  await editor.getByRole('combobox', { name: 'Availability' }).selectOption({ label: 'Not available' });
  // Issue 14: the new profile rang the softphone, which a not-available profile never does: said, and changed.
  const anyCalls = editor.getByRole('group', { name: 'Calls to any of my numbers' });
  await expect(anyCalls.getByText(/^Your softphone does not ring while this profile says you are not available/)).toBeVisible();
  await anyCalls.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Voicemail' });
  await editor.getByRole('button', { name: 'Done' }).click();
  const moveUp = page.getByRole('button', { name: 'Move Focus time up' });
  while (await moveUp.isEnabled()) await moveUp.click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Focus time' })).toContainText('default profile');
  await page.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved template “Focus team”.' })).toBeVisible();

  await page.getByRole('button', { name: 'Apply Focus team' }).click();
  const dialog = page.getByRole('dialog', { name: 'Apply “Focus team”' });
  await dialog.getByRole('checkbox', { name: /\(bob\)/ }).check();
  await expect(dialog.getByRole('region', { name: 'Affected users: 1' })).toContainText('bob');
  const apply = dialog.getByRole('button', { name: 'Apply template' });
  await expect(apply).toBeDisabled();
  await dialog.getByRole('checkbox', { name: /will be overwritten/ }).check();
  await screenshot(page, 'admin-apply');
  await apply.click();
  await expect(page.getByRole('status').filter({ hasText: 'Template applied to 1 user.' })).toBeVisible();

  // Pushed by the server, shown without reload. How fast is a figure, not an assertion here
  // (shared machines are noisy): `npm run bench -- client-sync` prints push latencies.
  await expect(bob.page.getByRole('banner', { name: 'Status' }).getByTestId('effective-profile')).toHaveText('Focus time');
  await expect(bob.page.getByRole('region', { name: 'Notices' })).toContainText('Focus time');
  await screenshot(bob.page, 'notice-after-apply');

  // The apply is in the company's audit log (issue 13), naming the template and whom it reached.
  await page.getByRole('tab', { name: 'Audit log' }).click();
  const audit = page.getByRole('tabpanel', { name: 'Audit log' });
  await expect(audit.getByRole('row', { name: /Focus team/ }).first()).toContainText(/bob/i);
  await screenshot(page, 'admin');
});
