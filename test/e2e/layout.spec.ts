/**
 * Issue 14, layout: the softphone works in a softphone-sized window (420×720) and uses the room
 * of a wide one (1280×800). Every call control must be inside the viewport and not covered
 * (the element at its centre is the control), the page itself never scrolls, nothing scrolls
 * sideways, and what the controls do is checked on the other party's screen (the wire).
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, screenshot, type Softphone } from './softphoneFixtures';

// Three softphones (each a harness, a page and a media engine) per test: more than the default.
test.describe.configure({ timeout: 300_000 });

const sizes = [
  { name: 'narrow', width: 420, height: 720 },
  { name: 'wide', width: 1280, height: 800 },
] as const;

/** Inside the viewport, with the page not scrolled, and not under anything else. */
async function expectReachable(page: Page, control: Locator, what: string): Promise<void> {
  await expect(control, what).toBeVisible();
  const placed = await control.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const atCentre = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return {
      box: { x: box.x, y: box.y, right: box.right, bottom: box.bottom },
      view: { width: window.innerWidth, height: window.innerHeight },
      pageScroll: { x: window.scrollX, y: window.scrollY },
      uncovered: atCentre !== null && element.contains(atCentre),
    };
  });
  expect(placed.pageScroll, `${what}: the page itself is not scrolled`).toEqual({ x: 0, y: 0 });
  expect(placed.box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(placed.box.y, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect(placed.box.right, `${what}: right edge`).toBeLessThanOrEqual(placed.view.width);
  expect(placed.box.bottom, `${what}: bottom edge`).toBeLessThanOrEqual(placed.view.height);
  expect(placed.uncovered, `${what}: not covered by anything`).toBe(true);
}

const controlNames = ['Mute', 'Hold', 'Keypad', 'Transfer', 'Hang up'] as const;

async function expectControlsReachable(page: Page, call: Locator, who: string): Promise<void> {
  for (const name of controlNames) await expectReachable(page, call.getByRole('button', { name, exact: true }), `${who}: ${name}`);
}

/** Neither the document nor the section's panel is wider than the window. */
async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const widths = await page.evaluate(() => {
    const doc = document.scrollingElement ?? document.documentElement;
    const content = document.querySelector('main.content');
    return {
      document: { scroll: doc.scrollWidth, client: doc.clientWidth },
      content: content ? { scroll: content.scrollWidth, client: content.clientWidth } : null,
      documentHeight: { scroll: doc.scrollHeight, client: doc.clientHeight },
    };
  });
  expect(widths.document.scroll, `${what}: document scrollWidth`).toBeLessThanOrEqual(widths.document.client);
  if (widths.content) expect(widths.content.scroll, `${what}: content scrollWidth`).toBeLessThanOrEqual(widths.content.client);
  // The window never scrolls as a whole: only the section's panel does.
  expect(widths.documentHeight.scroll, `${what}: document scrollHeight`).toBeLessThanOrEqual(widths.documentHeight.client);
}

async function open(phone: Softphone, size: (typeof sizes)[number]): Promise<void> {
  await phone.page.setViewportSize({ width: size.width, height: size.height });
}

/** Phone section, then (narrow: the Directory tab) search and call the colleague's extension. */
async function dialFromDirectory(page: Page, name: string, narrow: boolean): Promise<void> {
  await page.getByRole('tab', { name: 'Phone', exact: true }).click();
  if (narrow) await page.getByRole('tab', { name: 'Directory', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search colleagues' }).fill(name);
  await page.getByRole('button', { name: new RegExp(`^Call ${name} \\w+, internal`) }).click();
}

for (const size of sizes) {
  test(`${size.name} ${size.width}×${size.height}: a full call from the directory with every control in view`, async ({ client }) => {
    const alice = await client('alice');
    const bob = await client('bob');
    const carol = await client('carol');
    for (const phone of [alice, bob, carol]) await open(phone, size);
    const narrow = size.name === 'narrow';

    await dialFromDirectory(alice.page, 'Bob', narrow);
    const aliceCall = alice.page.getByRole('article', { name: /Bob|1002/ });
    await expect(aliceCall).toContainText(/Calling…|Ringing…/);
    await expectReachable(alice.page, aliceCall.getByRole('button', { name: 'Hang up' }), 'alice dialling: Hang up');
    await screenshot(alice.page, `layout-${size.name}-dialling`);

    const incoming = bob.page.getByRole('alertdialog', { name: /Call from Alice/ });
    await expect(incoming).toBeVisible({ timeout: 15_000 });
    await expectReachable(bob.page, incoming.getByRole('button', { name: 'Answer', exact: true }), 'bob ringing: Answer');
    await expectReachable(bob.page, incoming.getByRole('button', { name: 'Decline' }), 'bob ringing: Decline');
    await screenshot(bob.page, `layout-${size.name}-incoming`);
    await incoming.getByRole('button', { name: 'Answer', exact: true }).click();

    const bobCall = bob.page.getByRole('article', { name: /Alice|1001/ });
    await expect(bobCall.getByRole('timer')).toBeVisible();
    await expect(aliceCall.getByRole('timer')).toBeVisible();
    // After answering, focus is on Hang up (Enter would end the call).
    await expect(bobCall.getByRole('button', { name: 'Hang up' })).toBeFocused();
    await expectControlsReachable(alice.page, aliceCall, 'alice in call');
    await expectControlsReachable(bob.page, bobCall, 'bob in call');
    await expectNoSidewaysScroll(alice.page, 'alice in call');
    await screenshot(alice.page, `layout-${size.name}-call`);

    // Mute shows muted: pressed, and the card says so.
    const mute = bobCall.getByRole('button', { name: 'Mute', exact: true });
    await mute.click();
    await expect(mute).toHaveAttribute('aria-pressed', 'true');
    await expect(bobCall).toContainText('Muted');
    await mute.click();
    await expect(mute).toHaveAttribute('aria-pressed', 'false');
    await expect(bobCall).not.toContainText('Muted');

    // Hold: the held party is shown as held on both sides (bob's side learns it from the re-INVITE).
    const hold = aliceCall.getByRole('button', { name: 'Hold', exact: true });
    await hold.click();
    await expect(hold).toHaveAttribute('aria-pressed', 'true');
    await expect(aliceCall).toContainText('On hold');
    await expect(bobCall).toContainText('Held by the other party');
    await screenshot(alice.page, `layout-${size.name}-held`);
    await hold.click();
    await expect(hold).toHaveAttribute('aria-pressed', 'false');
    await expect(bobCall).not.toContainText('Held by the other party');

    // Typed digits are tones (focus is on a button, not a field); bob's card shows what arrived.
    await alice.page.keyboard.type('42#');
    await expect(aliceCall).toContainText('Sent: 42#');
    await expect(bobCall).toContainText('Tones received: 42#', { timeout: 15_000 });
    // Typing into a field is typing, not tones.
    await alice.page.getByRole('searchbox', { name: 'Search colleagues' }).fill('');
    await alice.page.getByRole('searchbox', { name: 'Search colleagues' }).pressSequentially('7');
    await expect(aliceCall).toContainText('Sent: 42#');
    await expect(aliceCall).not.toContainText('Sent: 42#7');

    // Blind transfer to carol; the controls and the form stay in view.
    await aliceCall.getByRole('button', { name: 'Transfer', exact: true }).click();
    const transferTo = aliceCall.getByRole('textbox', { name: 'Transfer to' });
    await transferTo.fill('1003');
    await expectReachable(alice.page, transferTo, 'alice: Transfer to');
    await expectReachable(alice.page, aliceCall.getByRole('button', { name: 'Transfer now' }), 'alice: Transfer now');
    await expectReachable(alice.page, aliceCall.getByRole('button', { name: 'Hang up' }), 'alice transferring: Hang up');
    await screenshot(alice.page, `layout-${size.name}-transfer`);
    await aliceCall.getByRole('button', { name: 'Transfer now' }).click();

    const atCarol = carol.page.getByRole('alertdialog', { name: /Call from Bob/ });
    await expect(atCarol).toBeVisible({ timeout: 15_000 });
    await atCarol.getByRole('button', { name: 'Answer', exact: true }).click();
    await expect(alice.page.getByText('No calls right now.')).toBeVisible({ timeout: 15_000 });
    const bobWithCarol = bob.page.getByRole('article', { name: /Carol|1003/ });
    await expect(bobWithCarol.getByRole('timer')).toBeVisible();
    await expectControlsReachable(bob.page, bobWithCarol, 'bob with carol');

    await bobWithCarol.getByRole('button', { name: 'Hang up' }).click();
    await expect(carol.page.getByText('No calls right now.')).toBeVisible();
    await expect(bob.page.getByText('No calls right now.')).toBeVisible();
  });

  test(`${size.name} ${size.width}×${size.height}: call waiting keeps the first call's controls reachable; answer-and-hold and answer-and-end`, async ({ client }) => {
    const alice = await client('alice');
    const bob = await client('bob');
    const carol = await client('carol');
    for (const phone of [alice, bob, carol]) await open(phone, size);

    const call = async (from: Softphone, number: string) => {
      await from.page.getByRole('tab', { name: 'Phone', exact: true }).click();
      await from.page.getByLabel('Number or address').fill(number);
      await from.page.getByRole('button', { name: 'Call', exact: true }).click();
    };

    await call(alice, '1002');
    await bob.page.getByRole('alertdialog', { name: /Call from Alice/ }).getByRole('button', { name: 'Answer', exact: true }).click();
    const bobWithAlice = bob.page.getByRole('article', { name: /Alice|1001/ });
    const aliceCall = alice.page.getByRole('article', { name: /Bob|1002/ });
    await expect(aliceCall.getByRole('timer')).toBeVisible();

    // Carol calls while bob talks to alice: the waiting call sits above, never over, the first.
    await call(carol, '1002');
    const waiting = bob.page.getByRole('alertdialog', { name: /Call from Carol/ });
    await expect(waiting).toBeVisible({ timeout: 15_000 });
    await expect(waiting).toContainText('You are in a call with');
    await expectReachable(bob.page, waiting.getByRole('button', { name: 'Answer and hold' }), 'waiting: Answer and hold');
    await expectReachable(bob.page, waiting.getByRole('button', { name: 'Answer and end' }), 'waiting: Answer and end');
    await expectReachable(bob.page, waiting.getByRole('button', { name: 'Decline' }), 'waiting: Decline');
    await expectControlsReachable(bob.page, bobWithAlice, 'bob, first call while another rings');
    await expectNoSidewaysScroll(bob.page, 'call waiting');
    await screenshot(bob.page, `layout-${size.name}-call-waiting`);

    // Answer and hold: alice is held (her side sees it), carol is connected.
    await waiting.getByRole('button', { name: 'Answer and hold' }).click();
    const bobWithCarol = bob.page.getByRole('article', { name: /Carol|1003/ });
    await expect(bobWithCarol.getByRole('timer')).toBeVisible();
    await expect(carol.page.getByRole('article').getByRole('timer')).toBeVisible();
    await expect(bobWithAlice).toContainText('On hold');
    await expect(bobWithAlice.getByRole('button', { name: 'Hold', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(aliceCall).toContainText('Held by the other party');
    await expectControlsReachable(bob.page, bobWithAlice, 'bob, held call');
    await expectControlsReachable(bob.page, bobWithCarol, 'bob, second call');
    await expectNoSidewaysScroll(bob.page, 'two calls');
    await screenshot(bob.page, `layout-${size.name}-two-calls`);

    // Carol hangs up; bob takes alice back.
    await carol.page.getByRole('button', { name: 'Hang up' }).click();
    await expect(bobWithCarol).toHaveCount(0);
    await bobWithAlice.getByRole('button', { name: 'Hold', exact: true }).click();
    await expect(aliceCall).not.toContainText('Held by the other party');

    // Answer and end: alice's call ends (BYE reaches her), carol is connected.
    await call(carol, '1002');
    const again = bob.page.getByRole('alertdialog', { name: /Call from Carol/ });
    await expect(again).toBeVisible({ timeout: 15_000 });
    await again.getByRole('button', { name: 'Answer and end' }).click();
    await expect(alice.page.getByText('No calls right now.')).toBeVisible({ timeout: 15_000 });
    await expect(bobWithCarol.getByRole('timer')).toBeVisible();
    await expect(bob.page.getByRole('article')).toHaveCount(1);
    await expect(carol.page.getByRole('article').getByRole('timer')).toBeVisible();
    await bobWithCarol.getByRole('button', { name: 'Hang up' }).click();
    await expect(carol.page.getByText('No calls right now.')).toBeVisible();
  });
}

/** The panel a popover button opens is wholly inside the window. */
async function expectPanelInside(page: Page, panel: Locator, what: string): Promise<void> {
  await expect(panel).toBeVisible();
  const placed = await panel.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return { x: box.x, y: box.y, right: box.right, bottom: box.bottom, width: window.innerWidth, height: window.innerHeight };
  });
  expect(placed.x, `${what}: left`).toBeGreaterThanOrEqual(0);
  expect(placed.y, `${what}: top`).toBeGreaterThanOrEqual(0);
  expect(placed.right, `${what}: right`).toBeLessThanOrEqual(placed.width);
  expect(placed.bottom, `${what}: bottom`).toBeLessThanOrEqual(placed.height);
}

for (const size of sizes) {
  test(`${size.name} ${size.width}×${size.height}: every section without sideways scrolling, popovers inside the window`, async ({ client }) => {
    const bob = await client('bob');
    const admin = await client('admin');
    for (const phone of [bob, admin]) await open(phone, size);

    // The status bar's popovers (bob is in two queues) open inside the window.
    await bob.page.getByRole('button', { name: 'Change profile' }).click();
    const picker = bob.page.getByRole('dialog', { name: 'Choose a profile' });
    await expectPanelInside(bob.page, picker, 'profile picker');
    await expectNoSidewaysScroll(bob.page, 'profile picker open');
    await screenshot(bob.page, `layout-${size.name}-profile-picker`);
    await bob.page.keyboard.press('Escape');
    await expect(picker).toBeHidden();
    await bob.page.getByRole('button', { name: /^Queues: / }).click();
    const queues = bob.page.getByRole('dialog', { name: 'Queues' });
    await expectPanelInside(bob.page, queues, 'queue popover');
    await screenshot(bob.page, `layout-${size.name}-queues`);
    await bob.page.keyboard.press('Escape');

    const page = admin.page;
    const sections = ['Phone', 'History', 'Voicemail', 'Profiles', 'Settings', 'Admin'];
    for (const section of sections) {
      await page.getByRole('tab', { name: section, exact: true }).click();
      await expect(page.getByRole('tabpanel', { name: section, exact: true })).toBeVisible();
      // Lazy sections (profiles, admin) show "Loading…" first.
      await expect(page.getByRole('tabpanel', { name: section, exact: true }).getByText('Loading…')).toHaveCount(0);
      await expectNoSidewaysScroll(page, section);
      await expectReachable(page, page.getByRole('status').filter({ hasText: 'Phone ready' }), `${section}: status bar`);
      await screenshot(page, `layout-${size.name}-${section.toLowerCase()}`);
    }
    if (size.name === 'narrow') {
      await page.getByRole('tab', { name: 'Phone', exact: true }).click();
      await page.getByRole('tab', { name: 'Directory', exact: true }).click();
      await page.getByRole('searchbox', { name: 'Search colleagues' }).fill('a');
      await expect(page.getByRole('button', { name: /^Call Alice/ }).first()).toBeVisible();
      await expectNoSidewaysScroll(page, 'Directory');
      await screenshot(page, `layout-${size.name}-directory`);
    }
    // Every admin section too (tables scroll inside their own frame, never the window).
    await page.getByRole('tab', { name: 'Admin', exact: true }).click();
    const adminTabs = page.getByRole('tablist', { name: 'Administration sections' }).getByRole('tab');
    const count = await adminTabs.count();
    for (let index = 0; index < count; index += 1) {
      const tab = adminTabs.nth(index);
      const name = (await tab.textContent()) ?? `#${index}`;
      await tab.click();
      await expect(tab).toHaveAttribute('aria-selected', 'true');
      await expectNoSidewaysScroll(page, `Admin: ${name}`);
    }
  });
}
