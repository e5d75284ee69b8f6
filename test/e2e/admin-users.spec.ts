/**
 * Issue 13: the users table (columns kept across reloads, search, ticks), a mass edit of one field
 * for three ticked users seen on their own clients, a profile added for everyone, and an admin
 * editing and locking one user's profile (the user's client shows it locked and read-only).
 */
import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './softphoneFixtures';

async function openUsers(page: Page) {
  await page.getByRole('tab', { name: 'Admin' }).click();
  await page.getByRole('tab', { name: 'Users' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Users' });
  await expect(panel.getByRole('table', { name: 'Users' })).toContainText('alice');
  return panel;
}

async function noSidewaysScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

test('mass edit of one field for three ticked users, seen on their clients; a profile added for everyone', async ({ client }) => {
  // five signed-in softphones on a shared machine
  test.setTimeout(300_000);
  const people = [await client('alice'), await client('bob'), await client('carol')];
  const admin = await client('admin');
  const page = admin.page;
  const users = await openUsers(page);

  // Search narrows the table; the header tick then ticks only the users shown.
  await users.getByRole('searchbox', { name: 'Search' }).fill('Carl');
  await expect(users.getByRole('table', { name: 'Users' }).getByRole('row')).toHaveCount(2);
  await users.getByRole('checkbox', { name: 'Select the 1 shown user' }).check();
  await users.getByRole('searchbox', { name: 'Search' }).fill('');
  await users.getByRole('checkbox', { name: 'Select alice' }).check();
  await users.getByRole('checkbox', { name: 'Select bob' }).check();
  await expect(users.getByRole('group', { name: 'Selected users' })).toContainText('3 selected');

  await users.getByRole('button', { name: 'Mass edit 3 users' }).click();
  const form = users.getByRole('form', { name: 'Mass edit the profiles of 3 users' });
  await form.getByRole('combobox', { name: 'Profile' }).selectOption('Lunch');
  await form.getByRole('combobox', { name: 'Setting' }).selectOption({ label: 'Priority (lowest wins)' });
  await form.getByRole('spinbutton', { name: 'New value' }).fill('7');
  await form.getByRole('button', { name: 'See who will change' }).click();
  const preview = form.getByRole('region', { name: 'Will change: 3 users' });
  for (const name of ['alice', 'bob', 'carol']) await expect(preview).toContainText(`(${name})`);
  await screenshot(page, 'admin-mass-edit-preview');
  await form.getByRole('button', { name: 'Change 3 users' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Changed “Lunch” for 3 users.' })).toBeVisible();

  for (const person of people) {
    await person.page.getByRole('tab', { name: 'Profiles' }).click();
    await expect(person.page.getByRole('article', { name: 'Lunch' })).toContainText('priority 7');
  }

  // A new profile for everyone, not only the three still ticked.
  await users.getByRole('button', { name: 'Add a profile for everyone' }).click();
  const add = users.getByRole('region', { name: 'New profile for users' });
  await add.getByRole('radio', { name: 'Everyone' }).check();
  await add.getByRole('textbox', { name: 'Name', exact: true }).fill('Training');
  await add.getByRole('button', { name: 'Add profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Added “Training” for \d+ users\./ })).toBeVisible();
  const dave = await client('dave');
  for (const person of [...people, dave]) {
    await person.page.getByRole('tab', { name: 'Profiles' }).click();
    await expect(person.page.getByRole('article', { name: 'Training' })).toBeVisible();
  }
});

test('an admin edits and locks one user’s profile: the user sees the change, locked and read-only', async ({ client }) => {
  test.setTimeout(180_000);
  const bob = await client('bob');
  await bob.page.getByRole('tab', { name: 'Profiles' }).click();
  await expect(bob.page.getByRole('button', { name: 'Edit Lunch' })).toBeVisible();
  const admin = await client('admin');
  const page = admin.page;
  const users = await openUsers(page);

  await users.getByRole('button', { name: 'Profiles of bob' }).click();
  const profiles = users.getByRole('region', { name: 'Profiles of Bob Berg' });
  // the same plain-words cards the user sees
  await expect(profiles.getByRole('article', { name: 'Lunch' })).toContainText(await bob.page.getByRole('article', { name: 'Lunch' }).getByRole('listitem').first().innerText());
  await profiles.getByRole('button', { name: 'Edit Lunch' }).click();
  const editor = profiles.getByRole('form', { name: 'Edit “Lunch” of Bob Berg' });
  await editor.getByRole('spinbutton', { name: /Priority/ }).fill('5');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved the profile “Lunch”.' })).toBeVisible();
  await expect(profiles.getByRole('article', { name: 'Lunch' })).toContainText('priority 5');
  await expect(bob.page.getByRole('article', { name: 'Lunch' })).toContainText('priority 5');

  // the box shows the server's answer, not the click
  const lock = profiles.getByRole('checkbox', { name: 'Lock the profiles: Bob cannot change them' });
  await lock.click();
  await expect(lock).toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: 'Bob Berg can no longer change their profiles.' })).toBeVisible();
  await expect(bob.page.getByText('Your administrator manages your profiles.')).toBeVisible();
  await expect(bob.page.getByRole('button', { name: 'Edit Lunch' })).toHaveCount(0);
  await expect(bob.page.getByRole('region', { name: 'Notices' })).toContainText('Your administrator locked your profiles');
  await screenshot(page, 'admin-user-profiles');
  await screenshot(bob.page, 'profiles-locked');

  // Reopened, the admin's view still shows the lock (read from the server).
  await profiles.getByRole('button', { name: 'Back to users' }).click();
  await users.getByRole('button', { name: 'Profiles of bob' }).click();
  await expect(profiles.getByRole('checkbox', { name: 'Lock the profiles: Bob cannot change them' })).toBeChecked();
});

test('the visible-columns choice survives a reload; the table scrolls inside its wrapper at 420 px', async ({ client }) => {
  const admin = await client('admin');
  const page = admin.page;
  let users = await openUsers(page);
  const header = () => users.getByRole('table', { name: 'Users' }).getByRole('row').first();
  await expect(header()).toContainText('Email');
  await expect(header()).not.toContainText('Mobile');

  await users.locator('summary', { hasText: 'Visible columns' }).click();
  await users.getByRole('checkbox', { name: 'Email' }).uncheck();
  await users.getByRole('checkbox', { name: 'Mobile' }).check();
  await users.getByRole('button', { name: 'Save columns' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved the visible columns.' })).toBeVisible();
  await expect(header()).toContainText('Mobile');

  await page.reload();
  await expect(page.getByRole('banner')).toBeVisible();
  users = await openUsers(page);
  await expect(header()).toContainText('Mobile');
  await expect(header()).not.toContainText('Email');
  await expect(users.getByRole('table', { name: 'Users' })).toContainText('+46705550001');

  // Sorting by a column: descending puts dave's user name first.
  await header().getByRole('button', { name: 'User name' }).click();
  await header().getByRole('button', { name: 'User name' }).click();
  await expect(header().getByRole('columnheader', { name: /User name/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(users.getByRole('table', { name: 'Users' }).getByRole('row').nth(1)).toContainText('dave');
  await screenshot(page, 'admin-users-1280');

  await page.setViewportSize({ width: 420, height: 720 });
  await expect(users.getByRole('table', { name: 'Users' })).toBeVisible();
  expect(await noSidewaysScroll(page)).toBe(true);
  await users.getByRole('table', { name: 'Users' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'admin-users-420');
  await users.getByRole('checkbox', { name: 'Select dave' }).check();
  await users.getByRole('button', { name: 'Mass edit 1 user' }).click();
  const form = users.getByRole('form', { name: 'Mass edit the profiles of 1 user' });
  await expect(form.getByRole('combobox', { name: 'Profile' })).toBeVisible();
  await form.scrollIntoViewIfNeeded();
  expect(await noSidewaysScroll(page)).toBe(true);
  await screenshot(page, 'admin-mass-edit-420');
});
