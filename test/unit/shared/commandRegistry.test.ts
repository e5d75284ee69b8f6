/** The synced-command registry and the REST mapping both sides share (src/shared/commands). */
import { describe, expect, it } from 'vitest';
import {
  argsFromRequest,
  commandRequest,
  definitionOf,
  routeSchemas,
  runSyncedCommand,
  syncedCommandNames,
} from '../../../src/shared/commands';
import { commands } from '../../../src/shared/ipc';
import { EARLIER, LATER, NOW, editedFields, snapshot } from './commandFixtures';

describe('the registry', () => {
  it('gives every synced command its contract line, with the very same argument schema', () => {
    for (const name of syncedCommandNames)
      expect(commands[name].args, name).toBe(definitionOf(name).args);
  });

  it('runs validate then apply, with the resolved arguments', () => {
    const { args, snapshot: after } = runSyncedCommand(
      'profiles.switch',
      snapshot(),
      { profileId: 'lunch' },
      NOW,
    );
    expect(args.until).toBe('2026-03-02T10:30:00.000Z');
    expect(after.manualChoice).toEqual({
      profileId: 'lunch',
      setAt: NOW.toISOString(),
      until: args.until,
    });
  });

  it('knows when a queued switch has nothing left to do', () => {
    const switchTo = definitionOf('profiles.switch');
    expect(switchTo.obsolete?.({ profileId: 'lunch', until: EARLIER }, NOW)).toBe(true);
    expect(switchTo.obsolete?.({ profileId: 'lunch', until: LATER }, NOW)).toBe(false);
    expect(switchTo.obsolete?.({ profileId: 'lunch', until: null }, NOW)).toBe(false);
  });
});

describe('the REST mapping', () => {
  it.each([
    [
      'profiles.switch',
      { profileId: 'lunch', until: null },
      { method: 'POST', path: '/me/profile-switch', body: { profileId: 'lunch', until: null } },
    ],
    [
      'profiles.clearManual',
      null,
      { method: 'POST', path: '/me/manual-choice/clear', body: undefined },
    ],
    [
      'profiles.update',
      { profileId: 'a/b', fields: editedFields },
      { method: 'PUT', path: '/me/profiles/a%2Fb', body: { fields: editedFields } },
    ],
    [
      'queues.setStatus',
      { queueIds: 'all', status: 'paused' },
      { method: 'POST', path: '/me/queues', body: { queueIds: 'all', status: 'paused' } },
    ],
    [
      'callerId.choose',
      { number: null },
      { method: 'POST', path: '/me/caller-id', body: { number: null } },
    ],
  ] as const)(
    '%s goes to its route, path parameters filled from the arguments',
    (name, args, expected) => {
      expect(commandRequest(definitionOf(name), args)).toEqual(expected);
    },
  );

  it('splits the argument schema into path parameters and body, and joins them back', () => {
    const update = definitionOf('profiles.update');
    const { params, body } = routeSchemas(update);
    expect(Object.keys(params?.shape ?? {})).toEqual(['profileId']);
    const parsedBody = body?.parse({ fields: editedFields });
    expect(parsedBody).toEqual({ fields: editedFields });
    expect(
      update.args.parse(argsFromRequest(update, params?.parse({ profileId: 'lunch' }), parsedBody)),
    ).toEqual({ profileId: 'lunch', fields: editedFields });
    // A command without arguments takes no body (or null) and refuses any other.
    const clear = routeSchemas(definitionOf('profiles.clearManual'));
    expect(clear.params).toBeUndefined();
    expect(clear.body?.safeParse(undefined).success).toBe(true);
    expect(clear.body?.safeParse(null).success).toBe(true);
    expect(clear.body?.safeParse(-1).success).toBe(false);
    expect(clear.body?.safeParse({}).success).toBe(false);
    expect(argsFromRequest(definitionOf('profiles.clearManual'), {}, undefined)).toBeNull();
  });
});
