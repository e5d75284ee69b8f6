import { describe, expect, it } from 'vitest';
import type { CalledNumberType, Profile } from '../../../src/shared/model/profile';
import type {
  CallAction,
  IncomingCallInput,
  IncomingDecision,
} from '../../../src/shared/rules/incoming';
import { decideIncomingCall } from '../../../src/shared/rules/incoming';
import { makeProfile } from './fixtures';

const softphone = { device: 'softphone' as const, delaySeconds: 0 };
const mobile = { device: 'mobile' as const, delaySeconds: 0 };
const voicemail: CallAction = { kind: 'redirect', target: { kind: 'voicemail' } };
const rejectBusy: CallAction = { kind: 'reject', status: 486, reason: 'Busy' };
const rejectUnreachable: CallAction = { kind: 'reject', status: 480, reason: 'Unreachable' };

/** Seed 000's example: in a meeting, mobile calls ring through, landline calls go to voicemail. */
const meeting = makeProfile('meeting', {
  type: 'meeting',
  routing: {
    any: { kind: 'voicemail' },
    landline: { kind: 'voicemail' },
    mobile: { kind: 'ring', devices: [{ device: 'mobile' }] },
  },
});

const available = makeProfile('available', {
  routing: {
    any: {
      kind: 'ring',
      devices: [{ device: 'softphone' }, { device: 'mobile', delaySeconds: 15 }],
    },
  },
  exceptions: {
    noAnswer: { afterSeconds: 20, target: { kind: 'number', number: '+46701234567' } },
    busy: { kind: 'voicemail' },
    unreachable: { kind: 'number', number: '+46701234567' },
  },
});

const plain = makeProfile('plain');
const waiting = makeProfile('waiting', {
  callWaiting: true,
  exceptions: { busy: { kind: 'voicemail' } },
});
const notAvailable = makeProfile('away', {
  availability: 'not_available',
  routing: {
    any: {
      kind: 'ring',
      devices: [{ device: 'softphone' }, { device: 'mobile', delaySeconds: 10 }],
    },
  },
});
const notAvailableSoftphoneOnly = makeProfile('dnd', { availability: 'not_available' });
const notAvailableWithUnreachable = makeProfile('dnd2', {
  availability: 'not_available',
  exceptions: { unreachable: { kind: 'voicemail' } },
});
const rejecting = makeProfile('rejecting', { routing: { any: { kind: 'reject' } } });
const toMessage = makeProfile('closed', {
  routing: { any: { kind: 'message', messageId: 'closed', label: 'We are closed' } },
  exceptions: { busy: { kind: 'reject' } },
});

const personal = (
  profile: Profile,
  calledNumberType: CalledNumberType,
  phoneState: 'idle' | 'in_call' = 'idle',
): IncomingCallInput => ({ profile, calledNumberType, viaQueue: null, phoneState });

describe('decideIncomingCall: personal calls', () => {
  it.each<[string, IncomingCallInput, CallAction]>([
    ['meeting: a call to the landline goes to voicemail', personal(meeting, 'landline'), voicemail],
    [
      'meeting: a call to the mobile rings the mobile',
      personal(meeting, 'mobile'),
      { kind: 'ring', legs: [mobile], ringSeconds: null },
    ],
    [
      'meeting: an internal call falls back to the any-number route',
      personal(meeting, 'internal'),
      voicemail,
    ],
    [
      'available: rings softphone, then the mobile after its delay, for the no-answer time',
      personal(available, 'landline'),
      { kind: 'ring', legs: [softphone, { device: 'mobile', delaySeconds: 15 }], ringSeconds: 20 },
    ],
    [
      'no no-answer rule: rings until the caller gives up',
      personal(plain, 'landline'),
      { kind: 'ring', legs: [softphone], ringSeconds: null },
    ],
    [
      'busy without call waiting: the busy exception redirects',
      personal(available, 'landline', 'in_call'),
      voicemail,
    ],
    [
      'busy without call waiting nor busy rule: 486',
      personal(plain, 'landline', 'in_call'),
      rejectBusy,
    ],
    [
      'busy with call waiting: it rings',
      personal(waiting, 'landline', 'in_call'),
      { kind: 'ring', legs: [softphone], ringSeconds: null },
    ],
    [
      'busy does not matter for a route that does not ring',
      personal(meeting, 'landline', 'in_call'),
      voicemail,
    ],
    [
      'not available: the softphone drops out, the mobile still rings',
      personal(notAvailable, 'landline'),
      { kind: 'ring', legs: [{ device: 'mobile', delaySeconds: 10 }], ringSeconds: null },
    ],
    [
      'not available and nothing left to ring, no unreachable rule: 480',
      personal(notAvailableSoftphoneOnly, 'landline'),
      rejectUnreachable,
    ],
    [
      'not available and nothing left to ring: the unreachable rule',
      personal(notAvailableWithUnreachable, 'mobile'),
      voicemail,
    ],
    [
      'a reject route: 480',
      personal(rejecting, 'internal'),
      { kind: 'reject', status: 480, reason: 'Not available' },
    ],
    [
      'a message route redirects',
      personal(toMessage, 'mobile'),
      {
        kind: 'redirect',
        target: { kind: 'message', messageId: 'closed', label: 'We are closed' },
      },
    ],
  ])('%s', (_name, input, expected) => {
    expect(decideIncomingCall(input).now).toEqual(expected);
  });

  it.each<[string, IncomingCallInput, IncomingDecision['noAnswer']]>([
    [
      'ringing with a no-answer rule',
      personal(available, 'landline'),
      {
        afterSeconds: 20,
        action: { kind: 'redirect', target: { kind: 'number', number: '+46701234567' } },
      },
    ],
    ['ringing without a no-answer rule', personal(plain, 'landline'), null],
    ['a redirect never times out', personal(meeting, 'landline'), null],
    ['busy took over, no ringing, no timer', personal(available, 'landline', 'in_call'), null],
  ])('no answer: %s', (_name, input, expected) => {
    expect(decideIncomingCall(input).noAnswer).toEqual(expected);
  });

  it.each<[string, Profile, CallAction, CallAction]>([
    [
      'with rules',
      available,
      voicemail,
      { kind: 'redirect', target: { kind: 'number', number: '+46701234567' } },
    ],
    ['without rules', plain, rejectBusy, rejectUnreachable],
    // Busy stays meaningful with call waiting: it is what the PBX does on a 486 from a device.
    ['call waiting keeps its busy rule', waiting, voicemail, rejectUnreachable],
    ['a reject target as the busy rule answers 486', toMessage, rejectBusy, rejectUnreachable],
  ])('busy and unreachable actions %s', (_name, profile, busy, unreachable) => {
    const decision = decideIncomingCall(personal(profile, 'landline'));
    expect(decision.busy).toEqual(busy);
    expect(decision.unreachable).toEqual(unreachable);
  });

  it('reports the called number type', () => {
    expect(decideIncomingCall(personal(meeting, 'mobile')).calledNumberType).toBe('mobile');
  });
});

describe('decideIncomingCall: queue calls', () => {
  const agent = makeProfile('agent', {
    queues: { status: 'active', scope: 'all', devices: ['softphone', 'deskphone'] },
    exceptions: {
      noAnswer: { afterSeconds: 20, target: { kind: 'voicemail' } },
      busy: { kind: 'voicemail' },
    },
  });
  const queueCall = (
    status: 'active' | 'paused',
    phoneState: 'idle' | 'in_call' = 'idle',
    devices?: ('softphone' | 'mobile' | 'deskphone')[],
    profile: Profile = agent,
  ): IncomingCallInput => ({
    profile,
    calledNumberType: 'landline',
    viaQueue: { queueId: 'support', status, ...(devices ? { devices } : {}) },
    phoneState,
  });

  it.each<[string, IncomingCallInput, CallAction]>([
    [
      'paused: 480 so the queue tries the next member',
      queueCall('paused'),
      { kind: 'reject', status: 480, reason: 'Paused in queue' },
    ],
    [
      "active: the profile's queue devices ring until the queue gives up",
      queueCall('active'),
      {
        kind: 'ring',
        legs: [softphone, { device: 'deskphone', delaySeconds: 0 }],
        ringSeconds: null,
      },
    ],
    [
      'active with devices given by the caller',
      queueCall('active', 'idle', ['mobile']),
      { kind: 'ring', legs: [mobile], ringSeconds: null },
    ],
    [
      'active but in a call: 486, no personal busy rule',
      queueCall('active', 'in_call'),
      rejectBusy,
    ],
    [
      'active, in a call, with call waiting: rings',
      queueCall('active', 'in_call', undefined, makeProfile('w', { callWaiting: true })),
      { kind: 'ring', legs: [softphone], ringSeconds: null },
    ],
  ])('%s', (_name, input, expected) => {
    const decision = decideIncomingCall(input);
    expect(decision.now).toEqual(expected);
    expect(decision.noAnswer).toBeNull();
    expect(decision.busy).toEqual(rejectBusy);
    expect(decision.unreachable).toEqual(rejectUnreachable);
    expect(decision.calledNumberType).toBe('queue');
  });
});
