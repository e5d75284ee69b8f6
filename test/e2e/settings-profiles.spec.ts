import { test, expect } from './softphoneFixtures';

test('bob edits his own Lunch profile and switches the app to Swedish', async ({ client }) => {
  const bob = await client('bob');
  const page = bob.page;

  await page.getByRole('tab', { name: 'Profiles' }).click();
  await page.getByRole('button', { name: 'Edit Lunch' }).click();
  const editor = page.getByRole('form', { name: 'Edit profile Lunch' });
  await editor.getByRole('spinbutton', { name: /Standard length/ }).fill('45');
  await editor.getByRole('textbox', { name: /trigger words/ }).fill('lunch, fika');
  await editor.getByRole('button', { name: 'Save' }).click();
  const lunch = page.getByRole('article', { name: 'Lunch' });
  await expect(lunch).toContainText('fika');

  await page.getByRole('tab', { name: 'Settings' }).click();
  const microphone = page.getByRole('combobox', { name: 'Microphone' });
  await expect(microphone.getByRole('option')).not.toHaveCount(1);
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Svenska' });
  await expect(page.getByRole('tab', { name: 'Inställningar' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('banner', { name: 'Status' })).toContainText('Telefonen är redo');
  await page.getByRole('tab', { name: 'Profiler' }).click();
  await expect(page.getByRole('article', { name: 'Lunch' })).toContainText('fika');
  await expect(page.getByRole('article', { name: 'Lunch' })).toContainText(/Kalenderhändelser/);

  // Signing out keeps the account remembered (never the password).
  await page.getByRole('button', { name: 'Logga ut' }).click();
  const signIn = page.getByRole('form', { name: 'Logga in på din telefon' });
  await expect(signIn.getByRole('textbox', { name: 'Användarnamn' })).toHaveValue('bob');
  await expect(signIn.getByLabel('Lösenord')).toHaveValue('');
  await expect(signIn.getByRole('textbox', { name: 'Serveradress' })).not.toHaveValue('');
});
