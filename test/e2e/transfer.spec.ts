import { test, expect } from './softphoneFixtures';

test('bob consults carol from the directory while alice waits, then hands alice over (attended transfer)', async ({ client }) => {
  const alice = await client('alice');
  const bob = await client('bob');
  const carol = await client('carol');

  await alice.page.getByLabel('Number or address').fill('1002');
  await alice.page.getByRole('button', { name: 'Call', exact: true }).click();
  await bob.page.getByRole('alertdialog', { name: /Call from Alice/ }).getByRole('button', { name: 'Answer' }).click();
  const withAlice = bob.page.getByRole('article', { name: /Alice|1001/ });
  await expect(withAlice.getByRole('timer')).toBeVisible();

  // Second call from the directory; the first waits on hold.
  await withAlice.getByRole('button', { name: 'Hold' }).click();
  await expect(withAlice).toContainText('On hold');
  await bob.page.getByRole('searchbox', { name: 'Search colleagues' }).fill('Carol');
  await bob.page.getByRole('button', { name: /Call Carol Carlsson, internal 1003/ }).click();
  await carol.page.getByRole('alertdialog', { name: /Call from Bob/ }).getByRole('button', { name: 'Answer' }).click();
  const withCarol = bob.page.getByRole('article', { name: /Carol|1003/ });
  await expect(withCarol.getByRole('timer')).toBeVisible();
  await expect(bob.page.getByRole('article')).toHaveCount(2);

  await withAlice.getByRole('button', { name: 'Transfer' }).click();
  await withAlice.getByRole('button', { name: /Hand over to .*(Carol|1003)/ }).click();

  await expect(bob.page.getByText('No calls right now.')).toBeVisible({ timeout: 15_000 });
  await expect(alice.page.getByRole('article').getByRole('timer')).toBeVisible();
  await expect(carol.page.getByRole('article').getByRole('timer')).toBeVisible();
  await alice.page.getByRole('button', { name: 'Hang up' }).click();
  await expect(carol.page.getByText('No calls right now.')).toBeVisible();
});
