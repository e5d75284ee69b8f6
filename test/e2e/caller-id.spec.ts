import { test, expect } from './softphoneFixtures';
import { formatForDisplay } from '../../src/shared/phone';

test('bob picks his mobile number as caller ID; carol sees that number on the incoming screen', async ({ client, stack }) => {
  const bob = await client('bob');
  const carol = await client('carol');
  const mobile = stack.server.company.users.bob?.numbers?.mobile ?? '+46705550002';

  const picker = bob.page.getByRole('combobox', { name: 'Outgoing caller ID' });
  await picker.selectOption({ value: mobile });
  await expect(picker).toHaveValue(mobile);

  await bob.page.getByLabel('Number or address').fill('1003');
  await bob.page.keyboard.press('Enter');
  const incoming = carol.page.getByRole('alertdialog', { name: /Call from Bob/ });
  await expect(incoming).toBeVisible({ timeout: 15_000 });
  // The number as people read it in their own country (issue 14): 070-555 00 02.
  await expect(incoming).toContainText(formatForDisplay(mobile, '46'));
  await incoming.getByRole('button', { name: 'Decline' }).click();
  await expect(incoming).toBeHidden();
  // Declined: carol's busy rule sends the call to her voicemail, which answers; bob hangs up.
  await expect(bob.page.getByRole('article')).toContainText('forwarded to voicemail', { timeout: 15_000 });
  await bob.page.getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.page.getByText('No calls right now.')).toBeVisible();

  // Sections are tabs: arrows move between them and select, focus follows.
  await carol.page.getByRole('tab', { name: 'Phone' }).focus();
  await carol.page.keyboard.press('ArrowDown');
  const history = carol.page.getByRole('tab', { name: 'History' });
  await expect(history).toBeFocused();
  await expect(history).toHaveAttribute('aria-selected', 'true');
  // Carol's history keeps the number bob presented (what happened next is her profile's busy rule).
  await expect(carol.page.getByRole('row').filter({ hasText: 'Bob Berg' }).filter({ hasText: formatForDisplay(mobile, '46') }).first()).toBeVisible();
});
