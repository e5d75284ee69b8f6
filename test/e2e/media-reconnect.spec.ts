/**
 * The page's media engine survives losing its connection to main (on a loaded machine the
 * harness's media server drops a page that misses its pings; the page can lose the socket
 * itself): the page reconnects, the engine announces itself again, and the next call has audio
 * both ways. A call whose media went away with the connection ends instead of staying silent.
 */
import type { Softphone } from './softphoneFixtures';
import { test, expect } from './softphoneFixtures';

async function expectAudioFlowing(phone: Softphone): Promise<void> {
  await expect
    .poll(
      async () => {
        const [stats] = await phone.mediaStats();
        return stats ? Math.min(stats.inbound.bytesReceived, stats.outbound.bytesSent) : 0;
      },
      { timeout: 20_000, message: `${phone.userName}: audio both ways` },
    )
    .toBeGreaterThan(2000);
}

async function callAndAnswer(alice: Softphone, bob: Softphone): Promise<void> {
  await alice.page.getByLabel('Number or address').fill('1002');
  await alice.page.getByRole('button', { name: 'Call', exact: true }).click();
  const incoming = bob.page.getByRole('alertdialog', { name: /Call from Alice/ });
  await expect(incoming).toBeVisible({ timeout: 15_000 });
  await incoming.getByRole('button', { name: 'Answer' }).click();
  await expect(alice.page.getByRole('article', { name: /1002|Bob/ }).getByRole('timer')).toBeVisible();
  await expect(bob.page.getByRole('article', { name: /1001|Alice/ }).getByRole('timer')).toBeVisible();
}

async function expectReconnected(phone: Softphone): Promise<void> {
  await expect.poll(() => phone.harness.mediaConnected, { timeout: 15_000, message: `${phone.userName}: engine back` }).toBe(true);
}

test('a dropped page media engine reconnects, and the next call has audio both ways', async ({ client }) => {
  const alice = await client('alice');
  const bob = await client('bob');
  expect(alice.harness.mediaConnected).toBe(true);

  // The page loses its socket while idle.
  await alice.page.evaluate(() => (window as unknown as { softphoneHarness: { dropMediaConnection(): void } }).softphoneHarness.dropMediaConnection());
  await expect.poll(() => alice.harness.mediaConnected).toBe(false);
  await expectReconnected(alice);

  await callAndAnswer(alice, bob);
  await expectAudioFlowing(alice);
  await expectAudioFlowing(bob);

  // Main drops the engine mid-call (as a missed heartbeat does): that call ends for both…
  alice.harness.dropMediaEngine();
  expect(alice.harness.mediaConnected).toBe(false);
  await expect(alice.page.getByText('No calls right now.')).toBeVisible({ timeout: 15_000 });
  await expect(bob.page.getByText('No calls right now.')).toBeVisible({ timeout: 15_000 });
  await expectReconnected(alice);
  // …and the engine kept none of its sessions.
  await expect.poll(async () => (await alice.mediaStats()).length).toBe(0);

  // …and the next call works again.
  await callAndAnswer(alice, bob);
  await expectAudioFlowing(alice);
  await expectAudioFlowing(bob);
  await alice.page.getByRole('article', { name: /1002|Bob/ }).getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.page.getByText('No calls right now.')).toBeVisible();
});
