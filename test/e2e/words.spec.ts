/**
 * Messages people can act on, in their language everywhere (issue 14).
 *
 * 1. A call that fails says why on its card, and what to do: a number that does not exist,
 *    a callee who declines; at 420×720 and at 1280×800, inside the window; it goes by itself.
 * 2. Swedish everywhere: a Swedish admin and a Swedish user walk every section, sub-tab and
 *    popover, a call (incoming dialog, call cards), a failed call's card, a notice and history;
 *    every visible string (text, labels, titles, placeholders, options) is checked for English
 *    with test/support/english.ts. The walk first proves it can fail (a deliberate English line).
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, screenshot, type Softphone } from './softphoneFixtures';
import type { TestServer } from '../support/server';
import { findEnglish } from '../support/english';
import { builtInTemplates } from '../../src/shared/rules/templates';
import { knownCountries } from '../../src/shared/phone';

const SIZES = [
  { name: '420x720', width: 420, height: 720 },
  { name: '1280x800', width: 1280, height: 800 },
] as const;

/** The page's media engine is loaded (its own chunk, late on a loaded machine): calls need it. */
async function mediaReady(...phones: Softphone[]): Promise<void> {
  for (const { page } of phones) {
    await page.waitForFunction(() => Boolean((window as unknown as { softphoneHarness?: { mediaEngine?: unknown } }).softphoneHarness?.mediaEngine), null, {
      timeout: 60_000,
    });
  }
}

async function expectInsideWindow(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox();
  const size = page.viewportSize();
  expect(box, what).not.toBeNull();
  expect(box!.x, `${what}: left`).toBeGreaterThanOrEqual(0);
  expect(box!.y, `${what}: top`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what}: right`).toBeLessThanOrEqual(size!.width);
  expect(box!.y + box!.height, `${what}: bottom`).toBeLessThanOrEqual(size!.height);
}

/** Gives the user a profile that rings only the softphone and has no busy/no-answer rule. */
async function ringOnlyHere(server: TestServer, userName: string, name: string): Promise<void> {
  const admin = await server.signIn('admin');
  const user = server.company.users[userName]!;
  const added = await server.api('/api/v1/admin/profiles/add', {
    method: 'POST',
    token: admin,
    body: {
      userIds: [user.id],
      profile: {
        name,
        icon: 'check',
        colour: '#2e7d32',
        type: 'available',
        availability: 'available',
        priority: 50,
        callerId: { softphone: { kind: 'landline' }, mobile: { kind: 'mobile' } },
        routing: { any: { kind: 'ring', devices: [{ device: 'softphone', delaySeconds: 0 }] } },
        exceptions: { busy: null, noAnswer: null, unreachable: null },
        queues: { status: 'unchanged', scope: 'all', queueIds: [], devices: ['softphone'] },
      },
    },
  });
  expect(added.status, await added.clone().text()).toBe(200);
  const token = await server.signIn(userName);
  const snapshot = (await (await server.api('/api/v1/me/snapshot', { token })).json()) as { profiles: { id: string; name: string }[] };
  const profile = snapshot.profiles.find((candidate) => candidate.name === name);
  const switched = await server.api('/api/v1/me/profile-switch', { method: 'POST', token, body: { profileId: profile?.id, until: null } });
  expect(switched.status, await switched.clone().text()).toBe(200);
}

async function dial(phone: Softphone, number: string, labels = { input: 'Number or address', call: 'Call' }): Promise<void> {
  await phone.page.getByLabel(labels.input).fill(number);
  await phone.page.getByRole('button', { name: labels.call, exact: true }).click();
}

test('a failed call says why on its card: a number that does not exist, a callee who declines (420×720, 1280×800)', async ({ client, stack }) => {
  test.setTimeout(240_000);
  const alice = await client('alice');
  const bob = await client('bob');
  await mediaReady(alice, bob);
  await ringOnlyHere(stack.server, 'bob', 'Desk only');

  for (const size of SIZES) {
    await alice.page.setViewportSize({ width: size.width, height: size.height });
    await alice.page.getByRole('tab', { name: 'Phone', exact: true }).click();

    await dial(alice, '1099');
    const notFound = alice.page.getByRole('status', { name: 'Call to 1099 did not go through' });
    await expect(notFound).toBeVisible({ timeout: 20_000 });
    await expect(notFound).toContainText('Number not found');
    await expect(notFound).toContainText('Check the number and call again.');
    await expectInsideWindow(alice.page, notFound, `${size.name}: the failed call's card`);
    await screenshot(alice.page, `call-failed-not-found-${size.name}`);
    // dismissed by the user
    await notFound.getByRole('button', { name: 'Dismiss: call to 1099' }).click();
    await expect(notFound).toBeHidden();

    await dial(alice, '1002');
    const incoming = bob.page.getByRole('alertdialog', { name: /Call from Alice Andersson/ });
    await expect(incoming).toBeVisible({ timeout: 20_000 });
    await incoming.getByRole('button', { name: 'Decline' }).click();
    const declined = alice.page.getByRole('status', { name: 'Call to Bob Berg (1002) did not go through' });
    await expect(declined).toBeVisible({ timeout: 20_000 });
    await expect(declined).toContainText('Declined');
    await expect(declined).toContainText('They could not take the call now. Try again later or send a message.');
    await expectInsideWindow(alice.page, declined, `${size.name}: the declined call's card`);
    // no developer text anywhere on the page (an error's name, a link, a SIP status)
    await expect(alice.page.locator('body')).not.toContainText(/Error\b|https?:\/\/|\b(40[0-9]|48[0-9]|60[0-9]) [A-Z][a-z]/);
    await screenshot(alice.page, `call-failed-declined-${size.name}`);
    // gone by itself after a few seconds; nothing is left in the call panel
    await expect(declined).toBeHidden({ timeout: 20_000 });
    await expect(alice.page.getByText('No calls right now.')).toBeVisible();
  }
});

/**
 * Every string a person can see or hear (screen reader) on the page: text, and the labels,
 * titles, placeholders and alternative texts of visible elements, and the options of visible
 * selects.
 */
async function visibleStrings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const shown = (element: Element): boolean => element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const words = node.textContent?.trim();
      if (!parent || !words || parent.closest('script, style, option')) continue;
      if (shown(parent)) out.push(words);
    }
    for (const element of document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-description]')) {
      if (!shown(element)) continue;
      for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']) {
        const value = element.getAttribute(name)?.trim();
        if (value) out.push(value);
      }
    }
    for (const select of document.querySelectorAll('select')) {
      if (shown(select)) for (const option of select.options) out.push(option.text.trim());
    }
    return out.filter(Boolean);
  });
}

test('Swedish everywhere: no English on any screen, popover, call card, notice or history of Swedish users', async ({ client, stack }) => {
  test.setTimeout(420_000);
  const { server } = stack;
  const adminToken = await server.signIn('admin');
  for (const userName of ['admin', 'bob']) {
    const changed = await server.api(`/api/v1/admin/users/${server.company.users[userName]!.id}`, { method: 'PATCH', token: adminToken, body: { language: 'sv' } });
    expect(changed.status, await changed.clone().text()).toBe(200);
  }
  await ringOnlyHere(server, 'bob', 'Vid skrivbordet');
  const admin = await client('admin', { ready: 'Telefonen är redo' });
  const bob = await client('bob', { ready: 'Telefonen är redo' });
  await mediaReady(admin, bob);

  // Data, not words of the interface: people, the company, queues, and the built-in templates'
  // and profiles' names as stored (the editors show them so; where a profile in effect is named,
  // in the status bar, the picker, the directory and the tray, built-in names are in Swedish:
  // asserted below).
  const data = [
    ...Object.values(server.company.users).flatMap((user) => [`${user.firstName} ${user.lastName}`, user.userName]),
    server.company.name,
    ...Object.keys(server.company.queues),
    ...builtInTemplates().flatMap((template) => [template.name, ...template.profiles.map((profile) => profile.name)]),
    // the words a calendar event's title is matched against (the built-ins have English ones too)
    ...builtInTemplates().flatMap((template) => template.profiles.flatMap((profile) => profile.triggerWords)),
    // the language picker names each language in itself
    'English',
    // the company's country picker: Swedish country names (CLDR), some the same as in English ("Isle of Man")
    ...knownCountries().map((country) => new Intl.DisplayNames(['sv'], { type: 'region' }).of(country) ?? country),
    'Vid skrivbordet',
    'Softphone',
  ];
  const findings: string[] = [];
  const check = async (phone: Softphone, where: string): Promise<void> => {
    for (const finding of findEnglish(await visibleStrings(phone.page), data)) findings.push(`${phone.userName} · ${where}: "${finding.text}" (${finding.why})`);
  };

  // The check can fail: a deliberate English line on the page is found (then removed).
  await admin.page.evaluate(() => {
    const line = document.createElement('p');
    line.id = 'deliberate-english';
    line.textContent = 'Phone ready';
    document.body.prepend(line);
  });
  expect(findEnglish(await visibleStrings(admin.page), data)).toContainEqual({ text: 'Phone ready', why: 'an English catalog text' });
  await admin.page.evaluate(() => document.getElementById('deliberate-english')?.remove());

  // The built-in profile in effect is named in Swedish in the status bar and the directory.
  await expect(admin.page.getByTestId('effective-profile')).toHaveText('Tillgänglig');
  await expect(admin.page.locator('[data-testid="colleague"][data-user="alice"] [data-presence]')).toHaveText('Tillgänglig');

  const sections = admin.page.getByRole('tablist', { name: 'Avsnitt' }).getByRole('tab');
  for (const size of SIZES) {
    await admin.page.setViewportSize({ width: size.width, height: size.height });
    const count = await sections.count();
    expect(count).toBeGreaterThanOrEqual(6);
    for (let index = 0; index < count; index += 1) {
      const tab = sections.nth(index);
      const section = (await tab.getAttribute('aria-label')) ?? (await tab.textContent()) ?? `#${index}`;
      await tab.click();
      await expect(tab).toHaveAttribute('aria-selected', 'true');
      await expect(admin.page.getByText('Laddar…')).toHaveCount(0);
      await check(admin, `${size.name} ${section}`);
      // the section's own tabs (dial pad/directory when narrow, the admin sections)
      const inner = admin.page.getByRole('tabpanel').getByRole('tab');
      const innerCount = await inner.count();
      for (let sub = 0; sub < innerCount; sub += 1) {
        const subTab = inner.nth(sub);
        const name = (await subTab.textContent()) ?? `#${sub}`;
        await subTab.click();
        await expect(admin.page.getByText('Laddar…')).toHaveCount(0);
        await check(admin, `${size.name} ${section} › ${name}`);
      }
    }
  }
  await admin.page.setViewportSize({ width: 1280, height: 800 });
  await sections.first().click();

  // The status bar's popovers.
  await bob.page.getByRole('button', { name: 'Byt profil' }).click();
  await expect(bob.page.getByRole('dialog', { name: 'Välj en profil' })).toBeVisible();
  await check(bob, 'profile picker');
  await bob.page.keyboard.press('Escape');
  await bob.page.getByRole('button', { name: /^Köer: / }).click();
  await expect(bob.page.getByRole('dialog', { name: 'Köer' })).toBeVisible();
  await check(bob, 'queues');
  await bob.page.keyboard.press('Escape');

  // A call: the incoming dialog, then both call cards in the call, with the keypad and transfer open.
  await expect(admin.page.getByRole('tabpanel', { name: 'Telefon' })).toBeVisible();
  await dial(admin, '1002', { input: 'Nummer eller adress', call: 'Ring' });
  // the admin's card first: if the call failed, its card says why (and the test shows it)
  await expect(admin.page.getByRole('article', { name: /Bob Berg/ }).or(admin.page.getByTestId('call-ended'))).toBeVisible({ timeout: 20_000 });
  await expect(admin.page.getByTestId('call-ended')).toHaveCount(0);
  const incoming = bob.page.getByRole('alertdialog', { name: /Samtal från Ada Admin/ });
  await expect(incoming).toBeVisible({ timeout: 30_000 });
  await check(bob, 'incoming call');
  await check(admin, 'calling');
  await incoming.getByRole('button', { name: 'Svara', exact: true }).click();
  const adminCall = admin.page.getByRole('article', { name: /Bob Berg/ });
  await expect(adminCall.getByRole('timer')).toBeVisible({ timeout: 20_000 });
  await adminCall.getByRole('button', { name: 'Vänteläge' }).click();
  await adminCall.getByRole('button', { name: 'Knappsats' }).click();
  await check(admin, 'call card, held, keypad open');
  await check(bob, 'call card, held by the other');
  await adminCall.getByRole('button', { name: 'Koppla' }).click();
  await check(admin, 'call card, transfer open');
  await screenshot(admin.page, 'swedish-call-card-1280x800');
  await adminCall.getByRole('button', { name: 'Lägg på' }).click();
  await expect(admin.page.getByText('Inga samtal just nu.')).toBeVisible();

  // A failed call's card, and a notice (the admin changes bob's profiles).
  await dial(admin, '1099', { input: 'Nummer eller adress', call: 'Ring' });
  await expect(admin.page.getByTestId('call-ended')).toBeVisible({ timeout: 20_000 });
  await check(admin, 'failed call card');
  await screenshot(admin.page, 'swedish-call-failed-1280x800');
  await ringOnlyHere(server, 'bob', 'Vid skrivbordet 2');
  data.push('Vid skrivbordet 2');
  await expect(bob.page.locator('.message').first()).toBeVisible({ timeout: 20_000 });
  await check(bob, 'notice');

  // History after the calls, for both.
  for (const phone of [admin, bob]) {
    await phone.page.getByRole('tab', { name: 'Historik' }).click();
    await expect(phone.page.getByRole('row').nth(1)).toBeVisible();
    await check(phone, 'history');
  }
  await screenshot(bob.page, 'swedish-history-1280x800');

  expect(findings, findings.join('\n')).toEqual([]);
});
