import type { Softphone } from './softphoneFixtures';
import { test, expect, screenshot } from './softphoneFixtures';

/** Polls the page engine until its one session has received and sent audio. */
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

test('alice calls bob: answer from the incoming screen, audio both ways, hold, DTMF, hang up', async ({ client }) => {
  const alice = await client('alice');
  const bob = await client('bob');

  await alice.page.getByLabel('Number or address').fill('1002');
  await alice.page.getByRole('button', { name: 'Call', exact: true }).click();

  const incoming = bob.page.getByRole('alertdialog', { name: /Call from Alice/ });
  await expect(incoming).toBeVisible({ timeout: 15_000 });
  await expect(incoming.getByTestId('called-number')).toContainText('1002');
  await screenshot(bob.page, 'incoming');
  // Focus lands on Answer, so Enter answers.
  await expect(incoming.getByRole('button', { name: 'Answer' })).toBeFocused();
  await bob.page.keyboard.press('Enter');
  await expect(incoming).toBeHidden();

  const aliceCall = alice.page.getByRole('article', { name: /1002|Bob/ });
  const bobCall = bob.page.getByRole('article', { name: /1001|Alice/ });
  await expect(aliceCall.getByRole('timer')).toBeVisible();
  await expect(bobCall.getByRole('timer')).toBeVisible();
  await expectAudioFlowing(alice);
  await expectAudioFlowing(bob);
  await screenshot(alice.page, 'call');

  const hold = aliceCall.getByRole('button', { name: 'Hold' });
  await hold.click();
  await expect(hold).toHaveAttribute('aria-pressed', 'true');
  await expect(aliceCall).toContainText('On hold');
  await hold.click();
  await expect(hold).toHaveAttribute('aria-pressed', 'false');
  await expect(aliceCall).toContainText('In call');

  await aliceCall.getByRole('button', { name: 'Keypad' }).click();
  const tones = aliceCall.getByRole('group', { name: 'Send tones' });
  await tones.getByRole('button', { name: '4' }).click();
  await tones.getByRole('button', { name: '2' }).click();
  await tones.getByRole('button', { name: '#' }).click();
  await expect(aliceCall).toContainText('Sent: 42#');
  await expect(alice.page.getByRole('alert')).toHaveCount(0);

  await aliceCall.getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.page.getByText('No calls right now.')).toBeVisible();
  await expect(bob.page.getByText('No calls right now.')).toBeVisible();

  await bob.page.getByRole('tab', { name: 'History' }).click();
  const row = bob.page.getByRole('row', { name: /Alice|1001/ }).first();
  await expect(row).toContainText('Answered');
  await expect(row.getByRole('button', { name: /Call back/ })).toBeVisible();
});
