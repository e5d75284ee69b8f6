/**
 * Voicemail end to end: bob is in Meeting, so alice's call goes to voicemail (the PBX's media
 * component answers, plays the greeting and the beep, records alice's fake microphone). bob sees
 * the new message at once (badge and list, pushed), plays it through, which marks it heard, and
 * his greeting is recorded in the app, checked, and replaced by an uploaded WAV file.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Mailbox } from '../../src/shared/server-api';
import { toneWav } from '../support/wav';
import { test, expect, screenshot } from './softphoneFixtures';

async function switchProfile(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Change profile' }).click();
  const picker = page.getByRole('dialog', { name: 'Choose a profile' });
  await picker.getByRole('radio', { name }).check();
  await picker.getByRole('button', { name: 'Switch' }).click();
  await expect(picker).toBeHidden();
}

test('a call to bob in Meeting goes to voicemail; bob sees the new message, plays it and it is heard', async ({ client, stack }) => {
  const alice = await client('alice');
  const bob = await client('bob');
  const bobToken = await stack.server.signIn('bob');
  const mailbox = async (): Promise<Mailbox> => (await (await stack.server.api('/api/v1/me/voicemail', { token: bobToken })).json()) as Mailbox;

  // Nothing yet: no badge, an empty list.
  const tab = bob.page.getByRole('tab', { name: /Voicemail/ });
  await tab.click();
  await expect(bob.page.getByText('No voicemail messages.')).toBeVisible();
  await expect(tab.locator('.badge')).toHaveCount(0);
  await bob.page.getByRole('tab', { name: 'Phone' }).click();

  await switchProfile(bob.page, 'Meeting');
  await expect(bob.page.getByRole('banner', { name: 'Status' }).getByTestId('effective-profile')).toHaveText('Meeting');

  await alice.page.getByLabel('Number or address').fill('1002');
  await alice.page.getByRole('button', { name: 'Call', exact: true }).click();
  // The media component answers: the call is up, bob's softphone never rang.
  const call = alice.page.getByRole('article');
  await expect(call.getByRole('timer')).toBeVisible({ timeout: 20_000 });
  const greeting = (await mailbox()).greeting.durationSeconds;
  // The greeting, the beep, then three seconds of alice's (fake) microphone.
  await alice.page.waitForTimeout((greeting + 0.6 + 3) * 1000);
  await alice.page.getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.page.getByText('No calls right now.')).toBeVisible();
  await expect(bob.page.getByRole('alertdialog')).toHaveCount(0);

  // Pushed to bob's client: the badge counts it, the list shows who and how long.
  await expect(tab.locator('.badge')).toHaveText('1', { timeout: 15_000 });
  await tab.click();
  const row = bob.page.getByRole('row', { name: /Alice/ });
  await expect(row).toContainText('New');
  await expect(row).toContainText('Alice Andersson (08-555 010 01)');
  await expect(bob.page.getByRole('status').filter({ hasText: 'heard' })).toHaveText('1 new, 0 heard');
  const [message] = (await mailbox()).messages;
  expect(message!.durationSeconds).toBeGreaterThan(2);
  expect(message!.heard).toBe(false);
  await screenshot(bob.page, 'voicemail-1280');
  await bob.page.setViewportSize({ width: 420, height: 720 });
  await screenshot(bob.page, 'voicemail-420');
  await bob.page.setViewportSize({ width: 1280, height: 800 });

  // Played through, it is heard: the server says so, the badge goes, the row is no longer new.
  await row.getByRole('button', { name: /^Play/ }).click();
  const player = bob.page.getByLabel(/Voicemail from Alice/);
  await expect(player).toBeVisible();
  await expect.poll(() => player.evaluate((audio: HTMLAudioElement) => audio.duration), { message: 'the message loaded' }).toBeGreaterThan(2);
  await expect.poll(async () => (await mailbox()).messages[0]?.heard, { timeout: 20_000, message: 'heard after playing through' }).toBe(true);
  await expect(tab.locator('.badge')).toHaveCount(0);
  await expect(row).not.toContainText('New');
  await expect(bob.page.getByRole('status').filter({ hasText: 'heard' })).toHaveText('0 new, 1 heard');

  // Marked new again and heard again by hand.
  await row.getByRole('button', { name: /^Mark as new/ }).click();
  await expect(tab.locator('.badge')).toHaveText('1');
  await row.getByRole('button', { name: /^Mark as heard/ }).click();
  await expect(tab.locator('.badge')).toHaveCount(0);
  expect((await mailbox()).heardCount).toBe(1);
});

test('bob records a greeting in the app, listens to it and saves it; then uploads a WAV file; a file that is not WAV is refused', async ({ client, stack }) => {
  const bob = await client('bob');
  const bobToken = await stack.server.signIn('bob');
  const greeting = async () => ((await (await stack.server.api('/api/v1/me/voicemail', { token: bobToken })).json()) as Mailbox).greeting;
  await bob.page.getByRole('tab', { name: 'Settings' }).click();
  const section = bob.page.getByRole('region', { name: 'Voicemail greeting' });
  await expect(section).toContainText('Callers hear the standard greeting');
  await section.getByRole('button', { name: /Listen/ }).click();
  await expect(section.getByLabel('The greeting callers hear')).toBeVisible();

  // Recorded with Chromium's fake microphone: record, stop, listen, save.
  await section.getByRole('button', { name: /Record/ }).click();
  await expect(section.getByRole('timer')).toBeVisible();
  await bob.page.waitForTimeout(2500);
  await section.getByRole('button', { name: /Stop/ }).click();
  await expect(section.getByLabel('Your new recording')).toBeVisible();
  await expect(section).toContainText(/Your recording \(0:0[23]\)/);
  await screenshot(bob.page, 'greeting-1280');
  await bob.page.setViewportSize({ width: 420, height: 720 });
  await section.scrollIntoViewIfNeeded();
  await screenshot(bob.page, 'greeting-420');
  await bob.page.setViewportSize({ width: 1280, height: 800 });
  await section.getByRole('button', { name: 'Save as my greeting' }).click();
  await expect(section.getByRole('status')).toHaveText('Saved: callers now hear your greeting.');
  await expect(section).toContainText(/Callers hear your own greeting \(0:0[23]\)/);
  const recorded = await greeting();
  expect(recorded.custom).toBe(true);
  expect(recorded.durationSeconds).toBeGreaterThan(1.5);

  // An uploaded WAV (4 s, 44.1 kHz) replaces it.
  const dir = await mkdtemp(join(tmpdir(), 'greeting-'));
  const wavPath = join(dir, 'greeting.wav');
  await writeFile(wavPath, toneWav([{ hz: 500, seconds: 4 }], 44_100));
  await section.getByLabel('Upload a WAV file', { exact: true }).and(bob.page.locator('input')).setInputFiles(wavPath);
  await expect(section).toContainText('Callers hear your own greeting (0:04');
  expect((await greeting()).durationSeconds).toBeCloseTo(4, 0);

  // Not a WAV: refused in words, the greeting stays.
  const textPath = join(dir, 'notes.wav');
  await writeFile(textPath, 'these are not sounds');
  await section.getByLabel('Upload a WAV file', { exact: true }).and(bob.page.locator('input')).setInputFiles(textPath);
  await expect(section.getByRole('alert')).toHaveText('The greeting is not a WAV file. Choose a .wav sound file.');
  expect((await greeting()).durationSeconds).toBeCloseTo(4, 0);

  // Back to the standard greeting.
  await section.getByRole('button', { name: 'Use the standard greeting' }).click();
  await section.getByRole('button', { name: 'Delete my greeting' }).click();
  await expect(section).toContainText('Callers hear the standard greeting');
  expect((await greeting()).custom).toBe(false);
});
