/**
 * The admin screens issue 10 added, in the app as it runs (Chromium, real profile server and
 * PBX), at a narrow window (420x720) and a wide one (1280x800): a user's desk phones with the
 * one-time credentials dialog, the company's recordings, and the recording retention setting.
 * Each screen is saved as a screenshot (artifacts/screenshots/admin-*-<width>.png).
 */
import type { Page } from '@playwright/test';
import { decodePbxParams } from '../../src/shared/pbx';
import type { UserSnapshot } from '../../src/shared/model';
import type { TestServer } from '../support/server';
import { toneWav } from '../support/wav';
import { test, expect, screenshot } from './softphoneFixtures';

/** Catalog keys look like "admin.desk.title"; a user must see words. */
const KEY = /\b(admin|common|error|device|recording|profile)\.[a-zA-Z]+/;

/** A recording of alice's call with bob, stored the way the PBX stores one. */
async function seedRecording(server: TestServer): Promise<void> {
  const token = await server.signIn('alice');
  const snapshot = (await (
    await server.api('/api/v1/me/snapshot', { token })
  ).json()) as UserSnapshot;
  for (const { id, ...fields } of snapshot.profiles) {
    const saved = await server.api(`/api/v1/me/profiles/${id}`, {
      method: 'PUT',
      token,
      body: { fields: { ...fields, recording: true } },
    });
    expect(saved.status).toBe(200);
  }
  const pbx = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { 'x-pbx-secret': server.pbxSecret, ...(init.headers as Record<string, string>) },
    });
  const route = decodePbxParams(
    await (
      await pbx('/pbx/v1/route?from=bob&to=1001&call_id=e2e-rec-1&presented=%2B46855501002')
    ).text(),
  );
  expect(route).toMatchObject({ record: '1' });
  const stored = await pbx('/pbx/v1/recordings?call_id=e2e-rec-1', {
    method: 'POST',
    headers: { 'content-type': 'audio/wav' },
    body: new Uint8Array(toneWav([{ hz: 440, seconds: 65 }])),
  });
  expect(stored.status).toBe(200);
}

/** Nothing on the page sticks out sideways (no horizontal scrolling of the document); names what does. */
async function expectNoSidewaysOverflow(page: Page): Promise<void> {
  const found = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} (${Math.round(element.getBoundingClientRect().right)} px)`,
      );
    return { scroll: document.documentElement.scrollWidth, client: width, wide };
  });
  expect(found.scroll, `wider than the window: ${found.wide.join(', ')}`).toBeLessThanOrEqual(
    found.client,
  );
}

for (const size of [
  { width: 420, height: 720 },
  { width: 1280, height: 800 },
]) {
  test(`admin screens of issue 10 at ${size.width}x${size.height}: desk phones, credentials shown once, recordings, retention`, async ({
    client,
    stack,
  }) => {
    await seedRecording(stack.server);
    const admin = await client('admin');
    const page = admin.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.setViewportSize(size);
    const suffix = String(size.width);

    await page.getByRole('tab', { name: 'Admin' }).click();
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Edit bob' }).click();
    const desk = page.getByRole('region', { name: 'Desk phones' });
    await expect(desk).toContainText('No desk phones yet.');
    await desk.scrollIntoViewIfNeeded();
    await screenshot(page, `admin-desk-phones-empty-${suffix}`);
    await expectNoSidewaysOverflow(page);

    await desk
      .getByLabel('Label of the new desk phone')
      .fill('Reception desk by the main entrance');
    await desk.getByRole('button', { name: 'Add desk phone' }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Settings for Reception desk by the main entrance',
    });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('The password is shown only this once');
    const password = (await dialog.getByRole('definition').nth(1).textContent()) ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    await expect(dialog).not.toContainText(KEY);
    for (const term of ['SIP user', 'Password', 'Domain', 'PBX address', 'Transport'])
      await expect(dialog.getByRole('term').filter({ hasText: term })).toBeVisible();
    // the dialog is on screen, whole
    const box = await dialog.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
    expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
    await screenshot(page, `admin-desk-credentials-${suffix}`);

    await dialog.getByRole('button', { name: 'Copy settings' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Copied to the clipboard');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`Password: ${password}`);
    expect(copied).toContain('SIP user: ');
    expect(copied).not.toMatch(KEY);

    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.locator('body')).not.toContainText(password);
    await expect(desk).toContainText('Reception desk by the main entrance');
    await expect(desk).not.toContainText(KEY);
    await screenshot(page, `admin-desk-phones-one-${suffix}`);
    await expectNoSidewaysOverflow(page);

    // Opening the form again: the list, never the password.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Edit bob' }).click();
    await expect(desk).toContainText('Reception desk by the main entrance');
    await expect(page.locator('body')).not.toContainText(password);

    await page.getByRole('tab', { name: 'Recordings' }).click();
    const recordings = page.getByRole('table');
    await expect(recordings).toContainText('08-555 010 02');
    await expect(recordings).toContainText('1:05');
    await recordings.scrollIntoViewIfNeeded();
    await expect(page.getByRole('tabpanel', { name: 'Recordings' })).toContainText(
      'Recordings are deleted after 90 days',
    );
    await expect(page.getByRole('tabpanel', { name: 'Recordings' })).not.toContainText(KEY);
    await screenshot(page, `admin-recordings-${suffix}`);
    await expectNoSidewaysOverflow(page);

    await page.getByRole('tab', { name: 'Company' }).click();
    const retention = page.getByRole('spinbutton', { name: 'Keep call recordings for (days)' });
    await retention.scrollIntoViewIfNeeded();
    await expect(retention).toBeVisible();
    await screenshot(page, `admin-company-retention-${suffix}`);
    await expectNoSidewaysOverflow(page);
  });
}
