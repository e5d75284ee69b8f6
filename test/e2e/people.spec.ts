/**
 * People, not numbers; history that is right (issue 14). Call cards, the incoming call and
 * history name the other party from the directory (also when dialled by number, and after an
 * attended transfer, where the other phone's SIP token used to show), numbers are formatted;
 * the directory shows colleagues' availability changing live (profile switch, in a call); history
 * says missed (rang, then voicemail), declined, transferred and answered, and the missed badge
 * counts until the history is looked at (kept across a reload).
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, screenshot } from './softphoneFixtures';

async function switchProfile(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Change profile' }).click();
  const picker = page.getByRole('dialog', { name: 'Choose a profile' });
  await picker.getByRole('radio', { name }).check();
  await picker.getByRole('button', { name: 'Switch' }).click();
  await expect(picker).toBeHidden();
}

const colleague = (page: Page, userName: string): Locator => page.locator(`[data-testid="colleague"][data-user="${userName}"]`);
const noToken = /\b[a-z0-9]{8}\b(?!\d)/;

/** The page's media engine is loaded (its own chunk, late on a loaded machine): calls need it. */
async function mediaReady(...phones: { page: Page }[]): Promise<void> {
  for (const { page } of phones) {
    await page.waitForFunction(() => Boolean((window as unknown as { softphoneHarness?: { mediaEngine?: unknown } }).softphoneHarness?.mediaEngine), null, { timeout: 60_000 });
  }
}

async function categories(page: Page): Promise<string[]> {
  return page.locator('tr[data-category]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-category') ?? ''));
}

test('names on call cards (dialled by number, after an attended transfer) and colleagues available, in a call, live', async ({ client }) => {
  test.setTimeout(420_000);
  const alice = await client('alice');
  const bob = await client('bob');
  const carol = await client('carol');
  await mediaReady(alice, bob, carol);

  // alice sees bob available in the directory (pushed: no search needed).
  const bobForAlice = colleague(alice.page, 'bob');
  await expect(bobForAlice.locator('[data-presence]')).toHaveAttribute('data-presence', 'available');
  await expect(bobForAlice).toContainText('Available');

  // Dialled by number: the card names bob; bob's incoming dialog names alice, number formatted.
  await alice.page.getByLabel('Number or address').fill('1002');
  await alice.page.getByRole('button', { name: 'Call', exact: true }).click();
  const incoming = bob.page.getByRole('alertdialog', { name: /Call from Alice Andersson/ });
  await expect(incoming).toBeVisible({ timeout: 30_000 });
  await expect(alice.page.getByRole('article', { name: /Bob Berg/ })).toBeVisible();
  await incoming.getByRole('button', { name: 'Answer' }).click();
  const withAlice = bob.page.getByRole('article', { name: /Alice Andersson/ });
  await expect(withAlice.getByRole('timer')).toBeVisible();

  // In a call, live, for everyone in the company.
  await expect(colleague(carol.page, 'bob').locator('[data-presence]')).toHaveAttribute('data-presence', 'in-call');
  await expect(bobForAlice.locator('[data-presence]')).toHaveAttribute('data-presence', 'in-call');
  await expect(colleague(carol.page, 'alice')).toContainText('In a call');
  await carol.page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(carol.page, 'people-directory-in-call-1280x800');
  await carol.page.setViewportSize({ width: 420, height: 720 });
  // Narrow: the dial pad and the directory are sub-tabs of Phone; the shot is of the directory.
  await carol.page.getByRole('tab', { name: 'Directory', exact: true }).click();
  await expect(colleague(carol.page, 'alice')).toContainText('In a call');
  await screenshot(carol.page, 'people-directory-in-call-420x720');
  await screenshot(bob.page, 'people-call-card-named-1280x800');
  await bob.page.setViewportSize({ width: 420, height: 720 });
  await screenshot(bob.page, 'people-call-card-named-420x720');
  await bob.page.setViewportSize({ width: 1280, height: 800 });

  // bob consults carol and hands alice over (attended transfer).
  await withAlice.getByRole('button', { name: 'Hold' }).click();
  await expect(withAlice).toContainText('On hold');
  await bob.page.getByRole('searchbox', { name: 'Search colleagues' }).fill('Carol');
  await bob.page.getByRole('button', { name: /Call Carol Carlsson, internal 1003/ }).click();
  await carol.page.getByRole('alertdialog', { name: /Call from Bob Berg/ }).getByRole('button', { name: 'Answer' }).click();
  const withCarol = bob.page.getByRole('article', { name: /Carol Carlsson/ });
  await expect(withCarol.getByRole('timer')).toBeVisible();
  await withAlice.getByRole('button', { name: 'Transfer' }).click();
  await withAlice.getByRole('button', { name: /Hand over to .*Carol/ }).click();

  // alice is now talking to carol: named, never the other phone's SIP token.
  const aliceWithCarol = alice.page.getByRole('article', { name: /Carol Carlsson/ });
  await expect(aliceWithCarol.getByRole('timer')).toBeVisible({ timeout: 15_000 });
  await expect(alice.page.getByRole('article')).toHaveCount(1);
  const heading = await aliceWithCarol.getByRole('heading').innerText();
  expect(heading).toContain('Carol Carlsson');
  expect(heading).not.toMatch(noToken);
  await screenshot(alice.page, 'people-after-attended-transfer-1280x800');
  await aliceWithCarol.getByRole('button', { name: 'Hang up' }).click();
  await expect(carol.page.getByText('No calls right now.')).toBeVisible();

  // History names everyone; bob's call with alice was transferred, not forwarded.
  await alice.page.getByRole('tab', { name: /History/ }).click();
  await expect(alice.page.locator('tr[data-category]').first()).toContainText('Carol Carlsson');
  await expect(alice.page.locator('tr[data-category]').nth(1)).toContainText('Bob Berg');
  await bob.page.getByRole('tab', { name: /History/ }).click();
  const bobRows = bob.page.locator('tr[data-category]');
  await expect(bobRows).toHaveCount(2);
  // Both of bob's legs ended in the transfer: alice's call and his consultation call to carol.
  const transferredAlice = bob.page.locator('tr[data-category="transferred"]').filter({ hasText: 'Alice Andersson' });
  await expect(transferredAlice).toHaveCount(1);
  await expect(transferredAlice).toContainText('Transferred');
  await expect(transferredAlice).not.toContainText('Forwarded');
  await expect(bob.page.locator('tr[data-category="transferred"]').filter({ hasText: 'Carol' })).toHaveCount(1);
  await screenshot(bob.page, 'people-history-1280x800');

  // bob switches to Meeting: alice's directory says so at once, and when he is back.
  await alice.page.getByRole('tab', { name: /Phone/ }).click();
  await expect(bobForAlice.locator('[data-presence]')).toHaveAttribute('data-presence', 'available');
  await switchProfile(bob.page, 'Meeting');
  await expect(bobForAlice.locator('[data-presence]')).toHaveAttribute('data-presence', 'not-available');
  await expect(bobForAlice).toContainText('Meeting');
  await expect(bobForAlice).toContainText('Not available');
  await screenshot(alice.page, 'people-directory-meeting-1280x800');
  await switchProfile(bob.page, 'Available');
  await expect(bobForAlice.locator('[data-presence]')).toHaveAttribute('data-presence', 'available');
});

test('history: missed (rang, then voicemail), declined, blind-transferred and answered; the badge clears when looked at', async ({ client }) => {
  test.setTimeout(420_000);
  const alice = await client('alice');
  const bob = await client('bob');
  const carol = await client('carol');
  await mediaReady(alice, bob, carol);
  const call = async (): Promise<Locator> => {
    await alice.page.getByLabel('Number or address').fill('1002');
    await alice.page.getByRole('button', { name: 'Call', exact: true }).click();
    const ringing = bob.page.getByRole('alertdialog', { name: /Call from Alice Andersson/ });
    await expect(ringing).toBeVisible({ timeout: 30_000 });
    return ringing;
  };
  const aliceHangsUp = async (): Promise<void> => {
    const card = alice.page.getByRole('article');
    await expect(card.getByRole('button', { name: 'Hang up' })).toBeVisible();
    await card.getByRole('button', { name: 'Hang up' }).click();
    await expect(alice.page.getByText('No calls right now.')).toBeVisible({ timeout: 10_000 });
  };
  const historyTab = bob.page.getByRole('tab', { name: /History/ });

  // 1. Declined: bob's busy rule then sends it to voicemail; it stays "declined".
  await (await call()).getByRole('button', { name: 'Decline' }).click();
  await expect(alice.page.getByRole('article', { name: /Bob Berg/ }).getByRole('timer')).toBeVisible({ timeout: 15_000 });
  await aliceHangsUp();

  // 2. Missed: it rings, nobody answers, the no-answer time sends it to voicemail.
  await call();
  await expect(bob.page.getByRole('alertdialog')).toBeHidden({ timeout: 40_000 });
  await expect(alice.page.getByRole('article').getByRole('timer')).toBeVisible({ timeout: 15_000 });
  await aliceHangsUp();
  await expect(historyTab).toHaveAccessibleName(/History.*\(1\)/);

  // 3. Answered, then 4. blind-transferred by bob to carol from the directory.
  await (await call()).getByRole('button', { name: 'Answer' }).click();
  await expect(bob.page.getByRole('article').getByRole('timer')).toBeVisible();
  await aliceHangsUp();
  await (await call()).getByRole('button', { name: 'Answer' }).click();
  await expect(bob.page.getByRole('article').getByRole('timer')).toBeVisible();
  await bob.page.getByRole('searchbox', { name: 'Search colleagues' }).fill('Carol');
  await bob.page.getByRole('button', { name: 'Transfer to Carol Carlsson' }).click();
  await carol.page.getByRole('alertdialog', { name: /Call from Alice Andersson/ }).getByRole('button', { name: 'Answer' }).click();
  await expect(carol.page.getByRole('article').getByRole('timer')).toBeVisible();
  await expect(bob.page.getByText('No calls right now.')).toBeVisible({ timeout: 15_000 });
  await aliceHangsUp();

  // The badge counted the one missed call; looking clears it, also after a reload.
  await expect(historyTab).toHaveAccessibleName(/History.*\(1\)/);
  await historyTab.click();
  await expect(bob.page.locator('tr[data-category]')).toHaveCount(4);
  expect(await categories(bob.page)).toEqual(['transferred', 'answered', 'missed', 'declined']);
  const rows = bob.page.locator('tr[data-category]');
  await expect(rows.nth(2)).toContainText('Missed, went to voicemail');
  await expect(rows.nth(3)).toContainText('Declined');
  await expect(rows.nth(3)).not.toContainText('You were busy');
  await expect(rows.nth(0)).toContainText('Transferred to 1003');
  for (const row of await rows.all()) await expect(row).toContainText('Alice Andersson');
  await expect(historyTab).toHaveAccessibleName(/^History$/);
  await bob.page.getByRole('button', { name: 'Missed calls' }).click();
  await expect(bob.page.locator('tr[data-category]')).toHaveCount(1);
  await bob.page.getByRole('button', { name: 'All calls' }).click();
  await screenshot(bob.page, 'people-history-categories-1280x800');
  await bob.page.setViewportSize({ width: 420, height: 720 });
  await screenshot(bob.page, 'people-history-categories-420x720');
  await bob.page.reload();
  await expect(bob.page.getByRole('banner')).toBeVisible();
  await expect(bob.page.getByRole('tab', { name: /History/ })).toHaveAccessibleName(/^History$/);
});
