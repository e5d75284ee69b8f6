import { test, expect } from './softphoneFixtures';

test('bob pauses the Sales queue in the status bar; a call to the queue rings the other member only', async ({ client, stack }) => {
  const alice = await client('alice');
  const bob = await client('bob');
  const dave = await client('dave');
  const salesNumber = stack.server.company.queues.Sales!.number;

  const queues = bob.page.getByRole('button', { name: 'Queues: 2 of 2 active' });
  await queues.click();
  const panel = bob.page.getByRole('dialog', { name: 'Queues' });
  const sales = panel.getByRole('switch', { name: 'Active in Sales' });
  await expect(sales).toBeChecked();
  // The switch follows main's state (nothing optimistic), so click and wait for it to change.
  await sales.click();
  await expect(sales).not.toBeChecked();
  await expect(panel.getByRole('switch', { name: 'Active in Support' })).toBeChecked();
  await bob.page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(bob.page.getByRole('button', { name: 'Queues: 1 of 2 active' })).toBeFocused();

  // Wait until the pause has reached the server: the PBX's answer no longer rings bob.
  await expect
    .poll(async () => {
      const response = await stack.server.api(`/pbx/v1/route?from=alice&to=${encodeURIComponent(salesNumber)}&busy=0`, {
        headers: { 'x-pbx-secret': stack.server.pbxSecret, accept: 'application/json' },
      });
      return ((await response.json()) as { ring: string }).ring;
    })
    .not.toContain('bob');

  await alice.page.getByLabel('Number or address').fill(salesNumber);
  await alice.page.getByRole('button', { name: 'Call', exact: true }).click();
  const atDave = dave.page.getByRole('alertdialog', { name: /Call from Alice/ });
  await expect(atDave).toBeVisible({ timeout: 15_000 });
  await expect(atDave).toContainText('Via the Sales queue');
  await atDave.getByRole('button', { name: 'Answer' }).click();
  await expect(dave.page.getByRole('article').getByRole('timer')).toBeVisible();
  await expect(bob.page.getByRole('alertdialog')).toHaveCount(0);
  await dave.page.getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.page.getByText('No calls right now.')).toBeVisible();

  await bob.page.getByRole('tab', { name: 'History' }).click();
  await expect(bob.page.getByText('No calls yet.')).toBeVisible();
});
