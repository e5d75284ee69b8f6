/**
 * Optimistic commands: applied at once, rolled back with a notice when the server refuses,
 * kept on top of pushes until confirmed, and notices for what an administrator changed.
 */
import { describe, expect, it, vi } from 'vitest';
import { Notices } from '../../../src/main/client/notices';
import type { PendingCommand } from '../../../src/main/client/persistedState';
import { ProfileSync } from '../../../src/main/client/profileSync';
import { ServerApiError } from '../../../src/main/client/serverApi';
import { SoftphoneError } from '../../../src/shared/ipc';
import { makeProfile, makeSlices, makeSnapshot } from './fixtures';
import { formatText } from '../../../src/shared/i18n';
import { text, type Text } from '../../../src/shared/text';

type Answer = (command: PendingCommand) => Promise<void>;

function setup(answer: Answer = async () => undefined) {
  const slices = makeSlices();
  const notices = new Notices(slices, () => new Date());
  const saved: unknown[] = [];
  const expired: Text[] = [];
  const sync = new ProfileSync({
    slices,
    notices,
    save: (patch) => saved.push(patch),
    send: (command) => answer(command),
    onSessionExpired: (message) => expired.push(message),
    now: () => new Date(),
  });
  sync.setBase(makeSnapshot());
  return { slices, sync, saved, expired };
}

describe('ProfileSync', () => {
  it('rolls a refused command back and says why, and the next command still goes', async () => {
    const { sync, slices } = setup(async (command) => {
      if (command.name === 'profiles.switch')
        throw new ServerApiError('rejected', 'Profile was not found', 404, 'not_found');
    });
    sync.setConnection('online', null);
    sync.submit('profiles.switch', { profileId: 'lunch' });
    sync.submit('callerId.choose', { number: null });
    expect(slices.get('profiles')?.effective?.profileId).toBe('lunch');
    await sync.idle();
    expect(slices.get('profiles')?.effective?.profileId).toBe('available');
    expect(slices.get('profiles')?.callerId.current).toEqual({ kind: 'hidden' });
    expect(slices.get('notices').map((n) => n.text)).toEqual([
      text('notice.undone', { command: text('notice.command.switch', { name: 'Lunch' }), reason: 'Profile was not found' }),
    ]);
    expect(formatText('en', slices.get('notices')[0]!.text)).toBe(
      'Switching to Lunch did not go through and was undone: Profile was not found',
    );
    expect(slices.get('connection').pendingCommands).toBe(0);
  });

  it('keeps a confirmed command applied until the push that carries it arrives', async () => {
    const { sync, slices } = setup();
    sync.setConnection('online', null);
    sync.submit('profiles.switch', { profileId: 'lunch', until: null });
    await sync.idle();
    // Confirmed, but the push has not arrived: still shown.
    expect(slices.get('profiles')?.effective?.profileId).toBe('lunch');
    // The push that carries it takes over.
    const choice = { profileId: 'lunch', setAt: new Date().toISOString(), until: null };
    sync.applyChanges([
      { revision: 6, at: choice.setAt, reason: 'profile-switch', patch: { manualChoice: choice } },
    ]);
    expect(slices.get('profiles')).toMatchObject({
      revision: 6,
      effective: { profileId: 'lunch' },
    });
    // A later switch elsewhere is not overridden by the old command.
    sync.applyChanges([
      { revision: 7, at: choice.setAt, reason: 'profile-switch', patch: { manualChoice: null } },
    ]);
    expect(slices.get('profiles')?.effective?.profileId).toBe('available');
  });

  it('re-applies unsent commands on top of a change pushed from elsewhere', () => {
    const { sync, slices } = setup();
    sync.submit('queues.setStatus', { queueIds: 'all', status: 'paused' });
    sync.applyChanges([
      {
        revision: 6,
        at: new Date().toISOString(),
        reason: 'caller-id',
        patch: {
          callerIdOverride: {
            number: '1001',
            profileId: 'available',
            setAt: new Date().toISOString(),
          },
        },
      },
    ]);
    const view = slices.get('profiles');
    expect(view?.queues.map((q) => q.status)).toEqual(['paused']);
    expect(view?.callerId.current).toMatchObject({ kind: 'number', number: '1001' });
    expect(slices.get('connection').pendingCommands).toBe(1);
  });

  it('validates against what the user sees before queueing', () => {
    const { sync } = setup();
    expect(() => sync.submit('profiles.switch', { profileId: 'nope' })).toThrow(
      new SoftphoneError('not_found', 'That profile no longer exists', {
        key: 'command.profileGone',
        params: { profileId: 'nope' },
      }),
    );
    expect(() => sync.submit('callerId.choose', { number: '+4612345678' })).toThrow(
      /You may not present \+4612345678; choose one of: \+46855501001, 1001, \+46705550001/,
    );
    expect(() => sync.submit('queues.setStatus', { queueIds: ['q9'], status: 'paused' })).toThrow(
      /not a member of queue q9/,
    );
    expect(() =>
      sync.submit('profiles.switch', {
        profileId: 'lunch',
        until: new Date(Date.now() - 1000).toISOString(),
      }),
    ).toThrow(/must be in the future/);
    expect(sync.pending).toEqual([]);
  });

  it('refuses a profile edit that cannot take effect with a text per field, before queueing (issue 14)', () => {
    const { sync } = setup();
    const { id, ...fields } = sync.snapshot!.profiles.find((p) => p.routing.any.kind === 'ring' && p.availability === 'available')!;
    let refusal: unknown = null;
    try {
      sync.submit('profiles.update', { profileId: id, fields: { ...fields, availability: 'not_available', routing: { any: { kind: 'ring', devices: [{ device: 'softphone', delaySeconds: 0 }] } } } });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(SoftphoneError);
    expect(refusal).toMatchObject({ code: 'invalid_argument', text: { key: 'command.profileImpossible' } });
    expect((refusal as SoftphoneError).fields?.['routing.any.devices.0']).toMatchObject({ key: 'profile.problem.notAvailableRings' });
    expect(sync.pending).toEqual([]);
  });

  it('fixes the end of a switch when it is made, so a late replay does not extend it', () => {
    const { sync } = setup();
    const before = Date.now();
    sync.submit('profiles.switch', { profileId: 'lunch' });
    const [command] = sync.pending;
    expect(command?.name).toBe('profiles.switch');
    const until = Date.parse((command?.args as { until: string }).until);
    expect(until - before).toBeGreaterThanOrEqual(30 * 60_000);
    expect(until - before).toBeLessThan(31 * 60_000);
  });

  it('an expired session on send is reported and the command kept', async () => {
    const { sync, expired } = setup(async () => {
      throw new ServerApiError('unauthenticated', 'Your session has ended; sign in again', 401, 'unauthenticated', {
        key: 'auth.sessionEnded',
      });
    });
    sync.setConnection('online', null);
    sync.submit('profiles.clearManual', null);
    await sync.idle();
    expect(expired).toEqual([{ key: 'auth.sessionEnded' }]);
    expect(sync.pending).toHaveLength(1);
  });

  it('keeps a command the server failed on (5xx) queued, says it will try again, and sends it again (issue 12)', async () => {
    vi.useFakeTimers();
    try {
      let attempts = 0;
      const { sync, slices } = setup(async () => {
        attempts += 1;
        if (attempts === 1) throw new ServerApiError('failed', 'The server failed (HTTP 500).', 500, 'failed');
      });
      sync.setConnection('online', null);
      sync.submit('profiles.switch', { profileId: 'lunch', until: null });
      await sync.idle();
      // not refused: still shown, still queued, and the user is told
      expect(slices.get('profiles')?.effective?.profileId).toBe('lunch');
      expect(sync.pending).toHaveLength(1);
      expect(slices.get('connection').error).toEqual({ key: 'sync.serverFailed' });
      expect(slices.get('notices')).toEqual([]);
      // the retry (with backoff) sends it again and it goes through
      await vi.advanceTimersByTimeAsync(31_000);
      await sync.idle();
      expect(attempts).toBe(2);
      expect(sync.pending).toHaveLength(0);
      expect(slices.get('connection').error).toBeNull();
      expect(slices.get('profiles')?.effective?.profileId).toBe('lunch');
    } finally {
      vi.useRealTimers();
    }
  });

  it("names an administrator's changes and the fallback from a profile that is gone", () => {
    const { sync, slices } = setup();
    sync.submit('profiles.switch', { profileId: 'meeting', until: null });
    const base = makeSnapshot();
    const profiles = [
      ...base.profiles.filter((p) => p.id !== 'meeting'),
      makeProfile('focus', { name: 'Focus' }),
    ];
    sync.applyChanges([
      {
        revision: 6,
        at: new Date().toISOString(),
        reason: 'template-applied',
        notice: text('notice.templateApplied', { template: 'X' }),
        patch: { profiles, manualChoice: null },
      },
    ]);
    expect(slices.get('profiles')?.effective).toMatchObject({
      profileId: 'available',
      reason: 'default',
    });
    expect(slices.get('notices').map((n) => [n.kind, n.text])).toEqual([
      [
        'warning',
        text('notice.profiles.fallback', {
          message: text('notice.profiles.summary', {
            lead: text('notice.profiles.byAdmin'),
            changes: text('text.join', {
              first: text('notice.profiles.added', { names: 'Focus' }),
              rest: text('notice.profiles.removed', { names: 'Meeting' }),
            }),
          }),
          lost: 'Meeting',
          now: 'Available',
        }),
      ],
    ]);
    expect(formatText('en', slices.get('notices')[0]!.text)).toBe(
      'Your administrator updated your profiles: added Focus, removed Meeting; Meeting no longer exists, now Available',
    );
  });

  it("shows the server's own sentence when an administrator changed something other than the profile list", () => {
    const { sync, slices } = setup();
    sync.applyChanges([
      {
        revision: 6,
        at: new Date().toISOString(),
        reason: 'admin-edit',
        notice: text('notice.adminChangedProfile', { name: 'Lunch' }),
        patch: { canEditProfiles: false },
      },
    ]);
    expect(slices.get('notices').map((n) => n.text)).toEqual([
      text('notice.adminChangedProfile', { name: 'Lunch' }),
    ]);
    expect(formatText('sv', slices.get('notices')[0]!.text)).toBe(
      'Din administratör ändrade din profil "Lunch".',
    );
    expect(slices.get('profiles')?.canEditProfiles).toBe(false);
  });

  it('ignores pushes it already has and keeps revisions monotonic', () => {
    const { sync, slices, saved } = setup();
    const before = saved.length;
    sync.applyChanges([
      {
        revision: 4,
        at: new Date().toISOString(),
        reason: 'caller-id',
        patch: { callerIdOverride: null },
      },
    ]);
    expect(saved.length).toBe(before);
    expect(slices.get('profiles')?.revision).toBe(5);
  });

  it('stops at a missing revision and asks for the changes it missed', () => {
    const slices = makeSlices();
    let gaps = 0;
    const sync = new ProfileSync({
      slices,
      notices: new Notices(slices, () => new Date()),
      save: () => undefined,
      send: async () => undefined,
      onSessionExpired: () => undefined,
      onGap: () => (gaps += 1),
      now: () => new Date(),
    });
    sync.setBase(makeSnapshot());
    const at = new Date().toISOString();
    sync.applyChanges([
      { revision: 6, at, reason: 'caller-id', patch: { callerIdOverride: null } },
      {
        revision: 8,
        at,
        reason: 'profile-switch',
        patch: { manualChoice: { profileId: 'lunch', setAt: at, until: null } },
      },
    ]);
    expect(gaps).toBe(1);
    expect(slices.get('profiles')).toMatchObject({ revision: 6, manualChoice: null });
  });
});
