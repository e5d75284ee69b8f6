import { describe, expect, it } from 'vitest';
import type { ProfileFieldsInput } from '../../../src/shared/model/profile';
import { ProfileFields } from '../../../src/shared/model/profile';
import { decideIncomingCall } from '../../../src/shared/rules/incoming';
import { newProfileErrors, profileProblems, profileSchemaErrors, type ProfileAccount } from '../../../src/shared/rules/profileProblems';
import { format, formatText } from '../../../src/shared/i18n';
import { makeProfile } from './fixtures';

const withMobile: ProfileAccount = { hasMobile: true, callerIds: ['+46812345678', '+46701234567'] };
const noMobile: ProfileAccount = { hasMobile: false, callerIds: ['+46812345678'] };

function fields(input: Partial<ProfileFieldsInput> = {}): ProfileFields {
  const { id: _id, ...rest } = makeProfile('p', input);
  return rest;
}
const ring = (...legs: [string, number?][]) => ({ kind: 'ring' as const, devices: legs.map(([device, delaySeconds = 0]) => ({ device: device as 'softphone', delaySeconds })) });
const problemsOf = (f: ProfileFields, account = withMobile) => profileProblems(f, account).map((p) => `${p.severity} ${p.rule} ${p.path}`);

describe('settings that cannot take effect', () => {
  it('a sensible profile has none', () => {
    expect(problemsOf(fields({ routing: { any: ring(['softphone'], ['mobile', 10]) }, exceptions: { noAnswer: { afterSeconds: 20, target: { kind: 'voicemail' } } } }))).toEqual([]);
  });

  it('ringing the softphone or desk phone on a not-available profile: the rules ring only the mobile', () => {
    const profile = fields({ availability: 'not_available', routing: { any: ring(['softphone'], ['mobile'], ['deskphone']) } });
    expect(problemsOf(profile)).toEqual(['error notAvailableRings routing.any.devices.0', 'error notAvailableRings routing.any.devices.2']);
    // what the rule explains is what decideIncomingCall does: only the mobile leg is rung
    const decision = decideIncomingCall({ profile: { ...profile, id: 'p' }, calledNumberType: 'landline', viaQueue: null, phoneState: 'idle' });
    expect(decision.now).toMatchObject({ kind: 'ring', legs: [{ device: 'mobile' }] });
  });

  it('a leg that starts after the no-answer rule moved the call on never rings', () => {
    const profile = fields({ routing: { any: ring(['softphone'], ['mobile', 20]) }, exceptions: { noAnswer: { afterSeconds: 20, target: { kind: 'voicemail' } } } });
    expect(problemsOf(profile)).toEqual(['error delayBeyondNoAnswer routing.any.devices.1.delaySeconds']);
    const [problem] = profileProblems(profile, withMobile);
    expect(formatText('en', problem!.text)).toBe(
      'Your mobile would start ringing after 20 seconds, but unanswered calls move on after 20 seconds: it would never ring. Use fewer seconds here or wait longer before the no-answer rule.',
    );
    expect(formatText('sv', problem!.text)).toContain('Din mobil skulle börja ringa efter 20 sekunder');
    // one second less is fine
    expect(problemsOf(fields({ routing: { any: ring(['softphone'], ['mobile', 19]) }, exceptions: { noAnswer: { afterSeconds: 20, target: { kind: 'voicemail' } } } }))).toEqual([]);
  });

  it('the mobile without a mobile number: legs, queue devices and caller ID', () => {
    const profile = fields({
      routing: { any: ring(['softphone'], ['mobile', 5]), mobile: ring(['mobile']) },
      callerId: { softphone: { kind: 'mobile' }, mobile: { kind: 'mobile' } },
      queues: { status: 'active', scope: 'all', devices: ['softphone', 'mobile'] },
    });
    expect(problemsOf(profile, noMobile)).toEqual([
      'error noMobile routing.any.devices.1',
      'error noMobile routing.mobile.devices.0',
      'error callerIdNoMobile callerId.softphone',
      'warning mobileRoutingUnused routing.mobile',
      'error queueDeviceNoMobile queues.devices',
    ]);
    expect(problemsOf(profile, withMobile)).toEqual([]);
  });

  it('a presented number the user may not present', () => {
    const profile = fields({ callerId: { softphone: { kind: 'number', number: '+46899999999' }, mobile: { kind: 'number', number: '+46812345678' } } });
    expect(problemsOf(profile)).toEqual(['error callerIdNotAllowed callerId.softphone.number']);
    // templates have no user: nothing to compare with
    expect(problemsOf(profile, { hasMobile: true, callerIds: null })).toEqual([]);
  });

  it('a no-answer rule where nothing rings is a warning, not an error', () => {
    const profile = fields({ routing: { any: { kind: 'voicemail' } }, exceptions: { noAnswer: { afterSeconds: 20, target: { kind: 'voicemail' } } } });
    expect(problemsOf(profile)).toEqual(['warning noAnswerNeverUsed exceptions.noAnswer']);
  });

  it('chosen queues with none chosen', () => {
    expect(problemsOf(fields({ queues: { status: 'paused', scope: 'chosen', queueIds: [] } }))).toEqual(['error noQueuesChosen queues.queueIds']);
    expect(problemsOf(fields({ queues: { status: 'unchanged', scope: 'chosen', queueIds: [] } }))).toEqual([]);
  });
});

describe('what an edit brings in', () => {
  it('refuses new errors only: a problem the stored profile already had stays editable', () => {
    const stored = fields({ routing: { any: ring(['softphone'], ['mobile', 15]) } });
    const renamed = { ...stored, name: 'Renamed' };
    expect(newProfileErrors(stored, renamed, noMobile)).toEqual({});
    const worse = { ...renamed, availability: 'not_available' as const };
    expect(Object.keys(newProfileErrors(stored, worse, noMobile))).toEqual(['routing.any.devices.0']);
    expect(newProfileErrors(null, stored, noMobile)).toMatchObject({ 'routing.any.devices.1': { key: 'profile.problem.noMobile' } });
  });
});

describe('schema problems in words', () => {
  it('names each field with a catalog text, never the schema English', () => {
    const draft = { ...fields(), name: '', speedDial: '41', routing: { any: { kind: 'number', number: '' } } };
    const parsed = ProfileFields.safeParse(draft);
    expect(parsed.success).toBe(false);
    const errors = profileSchemaErrors(parsed.error!.issues);
    expect(Object.fromEntries(Object.entries(errors).map(([path, t]) => [path, t.key]))).toEqual({
      name: 'profile.problem.name',
      speedDial: 'profile.problem.speedDial',
      'routing.any.number': 'profile.problem.number',
    });
    expect(format('sv', 'profile.problem.number')).toMatch(/^Ange numret/);
  });
});
