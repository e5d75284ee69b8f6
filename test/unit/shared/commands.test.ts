/**
 * The user's synced commands, each defined once (src/shared/commands): validation against the
 * snapshot (what the client refuses early and the server refuses finally), the pure change, and
 * the REST mapping both sides share.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandRefusal,
  definitionOf,
  type SyncedArgs,
  type SyncedCommandName,
} from '../../../src/shared/commands';
import type { UserSnapshot } from '../../../src/shared/model/state';
import { EARLIER, LATER, NOW, edited, editedFields, snapshot } from './commandFixtures';

const noProfiles = snapshot({ profiles: [], defaultProfileId: null });

interface Refusal {
  code: CommandRefusal['code'];
  key: string;
  message: string;
}

interface ValidateCase<N extends SyncedCommandName> {
  name: string;
  snapshot?: UserSnapshot;
  args: SyncedArgs<N>;
  /** The resolved arguments, or the refusal. */
  expected: { args: SyncedArgs<N> } | { refused: Refusal };
}

function refusalOf(run: () => unknown): Refusal | null {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof CommandRefusal)) throw error;
    return { code: error.code, key: error.key, message: error.message };
  }
}

function validateTable<N extends SyncedCommandName>(command: N, cases: ValidateCase<N>[]): void {
  describe(`${command}: validate`, () => {
    it.each(cases)('$name', ({ snapshot: given, args, expected }) => {
      const run = () => definitionOf(command).validate(given ?? snapshot(), args, NOW);
      if ('refused' in expected) expect(refusalOf(run)).toEqual(expected.refused);
      else expect(run()).toEqual(expected.args);
    });
  });
}

interface ApplyCase<N extends SyncedCommandName> {
  name: string;
  snapshot?: UserSnapshot;
  args: SyncedArgs<N>;
  /** The parts that change, or `unchanged` when apply returns the very same snapshot. */
  expected: Partial<UserSnapshot> | 'unchanged';
}

function applyTable<N extends SyncedCommandName>(command: N, cases: ApplyCase<N>[]): void {
  describe(`${command}: apply`, () => {
    it.each(cases)('$name', ({ snapshot: given, args, expected }) => {
      const before = given ?? snapshot();
      const after = definitionOf(command).apply(before, args, NOW);
      if (expected === 'unchanged') expect(after).toBe(before);
      else expect(after).toEqual({ ...before, ...expected });
    });
  });
}

const profileGone = {
  code: 'not_found',
  key: 'command.profileGone',
  message: 'That profile no longer exists',
} as const;
const noProfilesYet = {
  code: 'conflict',
  key: 'command.noProfiles',
  message: 'You have no profiles yet; ask an administrator to apply a template',
} as const;

validateTable('profiles.switch', [
  {
    name: 'standard length fixed at the moment',
    args: { profileId: 'lunch' },
    expected: { args: { profileId: 'lunch', until: '2026-03-02T10:30:00.000Z' } },
  },
  {
    name: 'no standard length: until changed',
    args: { profileId: 'available' },
    expected: { args: { profileId: 'available', until: null } },
  },
  {
    name: 'explicit end kept',
    args: { profileId: 'lunch', until: LATER },
    expected: { args: { profileId: 'lunch', until: LATER } },
  },
  {
    name: 'explicit "until changed"',
    args: { profileId: 'lunch', until: null },
    expected: { args: { profileId: 'lunch', until: null } },
  },
  { name: 'unknown profile', args: { profileId: 'gone' }, expected: { refused: profileGone } },
  {
    name: 'an end in the past',
    args: { profileId: 'lunch', until: EARLIER },
    expected: {
      refused: {
        code: 'invalid_argument',
        key: 'command.untilPast',
        message: 'until: the end of the choice must be in the future',
      },
    },
  },
  {
    name: 'an end right now',
    args: { profileId: 'lunch', until: NOW.toISOString() },
    expected: {
      refused: {
        code: 'invalid_argument',
        key: 'command.untilPast',
        message: 'until: the end of the choice must be in the future',
      },
    },
  },
]);

applyTable('profiles.switch', [
  {
    name: 'explicit end',
    args: { profileId: 'lunch', until: LATER },
    expected: { manualChoice: { profileId: 'lunch', setAt: NOW.toISOString(), until: LATER } },
  },
  {
    name: 'standard length',
    args: { profileId: 'lunch' },
    expected: {
      manualChoice: {
        profileId: 'lunch',
        setAt: NOW.toISOString(),
        until: '2026-03-02T10:30:00.000Z',
      },
    },
  },
  {
    name: 'until changed overrides the standard length',
    args: { profileId: 'lunch', until: null },
    expected: { manualChoice: { profileId: 'lunch', setAt: NOW.toISOString(), until: null } },
  },
  {
    name: 'a profile removed meanwhile',
    args: { profileId: 'gone', until: null },
    expected: 'unchanged',
  },
  {
    name: 'an end that passed',
    args: { profileId: 'lunch', until: EARLIER },
    expected: 'unchanged',
  },
]);

validateTable('profiles.clearManual', [
  { name: 'always allowed', args: null, expected: { args: null } },
]);

applyTable('profiles.clearManual', [
  {
    name: 'forgets the manual choice',
    snapshot: snapshot({ manualChoice: { profileId: 'lunch', setAt: EARLIER, until: null } }),
    args: null,
    expected: { manualChoice: null },
  },
  { name: 'nothing to forget', args: null, expected: 'unchanged' },
]);


validateTable('profiles.update', [
  {
    name: 'an own profile',
    args: { profileId: 'lunch', fields: editedFields },
    expected: { args: { profileId: 'lunch', fields: editedFields } },
  },
  {
    name: 'unknown profile',
    args: { profileId: 'gone', fields: editedFields },
    expected: { refused: profileGone },
  },
  {
    name: 'a setting that cannot take effect: the softphone rings on a not-available profile (issue 14)',
    args: { profileId: 'lunch', fields: { ...editedFields, availability: 'not_available' } },
    expected: {
      refused: {
        code: 'invalid_argument',
        key: 'command.profileImpossible',
        message: 'Settings that cannot take effect: routing.any.devices.0',
      },
    },
  },
  {
    name: 'locked by the administrator (checked first)',
    snapshot: snapshot({ canEditProfiles: false }),
    args: { profileId: 'gone', fields: editedFields },
    expected: {
      refused: {
        code: 'forbidden',
        key: 'command.profilesLocked',
        message: 'Your administrator has locked your profiles',
      },
    },
  },
]);

applyTable('profiles.update', [
  {
    name: 'replaces the fields, keeps the id and the order',
    args: { profileId: 'lunch', fields: editedFields },
    expected: { profiles: [snapshot().profiles[0]!, edited] },
  },
  {
    name: 'a profile removed meanwhile',
    args: { profileId: 'gone', fields: editedFields },
    expected: 'unchanged',
  },
]);

validateTable('queues.setStatus', [
  {
    name: 'all queues',
    args: { queueIds: 'all', status: 'paused' },
    expected: { args: { queueIds: 'all', status: 'paused' } },
  },
  {
    name: 'a queue of the user',
    args: { queueIds: ['q2'], status: 'active' },
    expected: { args: { queueIds: ['q2'], status: 'active' } },
  },
  {
    name: 'queues the user is not a member of, all named',
    args: { queueIds: ['q1', 'q8', 'q9'], status: 'paused' },
    expected: {
      refused: {
        code: 'not_found',
        key: 'command.notQueueMember',
        message: 'You are not a member of queue q8, q9',
      },
    },
  },
  {
    name: 'no profiles',
    snapshot: noProfiles,
    args: { queueIds: 'all', status: 'paused' },
    expected: { refused: noProfilesYet },
  },
]);

const override = (queueId: string, status: 'active' | 'paused', profileId = 'available') => ({
  queueId,
  status,
  profileId,
  setAt: NOW.toISOString(),
});

applyTable('queues.setStatus', [
  {
    name: 'all queues, for the profile in effect',
    args: { queueIds: 'all', status: 'paused' },
    expected: { queueOverrides: [override('q1', 'paused'), override('q2', 'paused')] },
  },
  {
    name: 'replaces the toggle of the same queue, keeps the others',
    snapshot: snapshot({
      queueOverrides: [
        { queueId: 'q1', status: 'paused', profileId: 'available', setAt: EARLIER },
        { queueId: 'q2', status: 'paused', profileId: 'available', setAt: EARLIER },
      ],
    }),
    args: { queueIds: ['q1'], status: 'active' },
    expected: {
      queueOverrides: [
        { queueId: 'q2', status: 'paused', profileId: 'available', setAt: EARLIER },
        override('q1', 'active'),
      ],
    },
  },
  {
    name: 'toggles belong to the manual choice in effect',
    snapshot: snapshot({ manualChoice: { profileId: 'lunch', setAt: EARLIER, until: null } }),
    args: { queueIds: ['q2'], status: 'paused' },
    expected: { queueOverrides: [override('q2', 'paused', 'lunch')] },
  },
  {
    name: 'a queue left meanwhile is skipped',
    args: { queueIds: ['q2', 'q9'], status: 'paused' },
    expected: { queueOverrides: [override('q2', 'paused')] },
  },
  {
    name: 'no profiles',
    snapshot: noProfiles,
    args: { queueIds: 'all', status: 'paused' },
    expected: 'unchanged',
  },
]);

validateTable('callerId.choose', [
  { name: 'an allowed number', args: { number: '1001' }, expected: { args: { number: '1001' } } },
  {
    name: 'an allowed number typed differently, as the list spells it',
    args: { number: '+46 8 555 010 01' },
    expected: { args: { number: '+46855501001' } },
  },
  { name: 'hidden', args: { number: null }, expected: { args: { number: null } } },
  {
    name: 'a number the user may not present, with the list',
    args: { number: '+4612345678' },
    expected: {
      refused: {
        code: 'forbidden',
        key: 'command.callerIdNotAllowed',
        message: 'You may not present +4612345678; choose one of: +46855501001, 1001',
      },
    },
  },
  {
    name: 'no allowed numbers at all',
    snapshot: snapshot({ allowedCallerIds: [] }),
    args: { number: '1001' },
    expected: {
      refused: {
        code: 'forbidden',
        key: 'command.callerIdNotAllowed',
        message: 'You may not present 1001; choose one of: none',
      },
    },
  },
  {
    name: 'no profiles',
    snapshot: noProfiles,
    args: { number: null },
    expected: { refused: noProfilesYet },
  },
]);

applyTable('callerId.choose', [
  {
    name: 'a number, for the profile in effect',
    args: { number: '1001' },
    expected: {
      callerIdOverride: { number: '1001', profileId: 'available', setAt: NOW.toISOString() },
    },
  },
  {
    name: 'hidden',
    args: { number: null },
    expected: {
      callerIdOverride: { number: null, profileId: 'available', setAt: NOW.toISOString() },
    },
  },
  { name: 'a number no longer allowed', args: { number: '+46700000000' }, expected: 'unchanged' },
  { name: 'no profiles', snapshot: noProfiles, args: { number: null }, expected: 'unchanged' },
]);
