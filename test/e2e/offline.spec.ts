import { test, expect, screenshot } from './softphoneFixtures';

test('server stopped: the UI says offline and a switch applies locally; server back: the switch reaches it', async ({ client, stack }) => {
  const bob = await client('bob');
  const status = bob.page.getByRole('banner', { name: 'Status' });
  await expect(status.getByRole('status').filter({ hasText: 'Online' })).toBeVisible();

  await stack.server.server.close();
  await expect(status.getByRole('status').filter({ hasText: /Offline|Reconnecting/ })).toBeVisible({ timeout: 20_000 });
  // Still registered with the PBX, but calls are routed by the server: not "ready".
  await expect(status.getByRole('status').filter({ hasText: /Calls cannot work: the server cannot be reached|reaching the server/ })).toBeVisible();
  await expect(status.getByRole('status').filter({ hasText: 'Phone ready' })).toHaveCount(0);

  await bob.page.getByRole('button', { name: 'Change profile' }).click();
  const picker = bob.page.getByRole('dialog', { name: 'Choose a profile' });
  await picker.getByRole('radio', { name: 'Lunch' }).check();
  await picker.getByRole('combobox', { name: 'For how long' }).selectOption({ label: 'Until I change it' });
  await picker.getByRole('button', { name: 'Switch' }).click();
  await expect(status.getByTestId('effective-profile')).toHaveText('Lunch');
  await expect(status.getByRole('status').filter({ hasText: '1 change waiting to be sent' })).toBeVisible();
  await screenshot(bob.page, 'offline');

  await stack.server.restart();
  await expect(status.getByRole('status').filter({ hasText: /^Online$/ })).toBeVisible({ timeout: 30_000 });
  await expect(status.getByRole('status').filter({ hasText: 'Phone ready' })).toBeVisible();
  const token = await stack.server.signIn('bob');
  await expect
    .poll(async () => ((await (await stack.server.api('/api/v1/me/effective', { token })).json()) as { profileName: string | null }).profileName, {
      timeout: 15_000,
    })
    .toBe('Lunch');
  await expect(status.getByTestId('effective-profile')).toHaveText('Lunch');
});
