import { describe, expect, it } from 'vitest';
import { decideForEngine, type DecisionContext } from '../../../src/main/client/incomingDecision';
import type { IncomingCallInfo } from '../../../src/main/sip/types';
import { makeProfile } from './fixtures';

const call = (overrides: Partial<IncomingCallInfo> = {}): IncomingCallInfo => ({
  from: { number: '1002', displayName: 'Bob' },
  calledNumber: '1001',
  calledType: 'internal',
  inCall: false,
  ...overrides,
});

const context = (overrides: Partial<DecisionContext> = {}): DecisionContext => ({
  profile: makeProfile('available'),
  numbers: {
    landline: '+46855501001',
    mobile: '+46705550001',
    extension: '1001',
    extraExtensions: [],
  },
  voicemailUser: 'voicemail',
  queueStatusByNumber: () => null,
  ...overrides,
});

describe('incoming-call decisions for the SIP engine', () => {
  it('rings, or is busy when already in a call without call waiting', () => {
    expect(decideForEngine(call(), context())).toEqual({ action: 'ring' });
    expect(decideForEngine(call({ inCall: true }), context())).toEqual({
      action: 'reject',
      status: 486,
      reason: 'Busy',
    });
  });

  it('never rings the softphone for a profile that rings only the desk phone, as the PBX does not either', () => {
    const deskOnly = makeProfile('desk', {
      routing: { any: { kind: 'ring', devices: [{ device: 'deskphone' }] } },
      queues: { status: 'active', scope: 'all', devices: ['deskphone'] },
    });
    expect(decideForEngine(call(), context({ profile: deskOnly }))).toEqual({
      action: 'reject',
      status: 480,
      reason: 'Not available',
    });
    const queueCall = call({ calledType: 'queue', calledNumber: '+46855501100' });
    const inQueue = context({ profile: deskOnly, queueStatusByNumber: () => ({ queueId: 'q1', status: 'active' }) });
    expect(decideForEngine(queueCall, inQueue)).toMatchObject({ action: 'reject', status: 480 });
    const both = makeProfile('both', {
      routing: { any: { kind: 'ring', devices: [{ device: 'deskphone' }, { device: 'softphone' }] } },
    });
    expect(decideForEngine(call(), context({ profile: both }))).toEqual({ action: 'ring' });
  });

  it('rings with a no-answer rule: the PBX alone forwards a call that rang too long', () => {
    const profile = makeProfile('meeting', {
      exceptions: { noAnswer: { afterSeconds: 20, target: { kind: 'voicemail' } } },
    });
    expect(decideForEngine(call(), context({ profile }))).toEqual({ action: 'ring' });
  });

  it('names a redirect by the busy rule user-busy, for the Diversion the PBX sends on', () => {
    const profile = makeProfile('p', {
      exceptions: { busy: { kind: 'voicemail' } },
    });
    expect(decideForEngine(call({ inCall: true }), context({ profile }))).toEqual({
      action: 'redirect',
      target: 'voicemail',
      reason: 'user-busy',
    });
  });

  it('follows the route for the called number type', () => {
    const profile = makeProfile('p', {
      routing: {
        any: { kind: 'ring', devices: [{ device: 'softphone' }] },
        landline: { kind: 'number', number: '+46700000000' },
      },
    });
    expect(decideForEngine(call({ calledType: 'landline' }), context({ profile }))).toEqual({
      action: 'redirect',
      target: '+46700000000',
    });
    expect(decideForEngine(call({ calledType: 'internal' }), context({ profile }))).toEqual({
      action: 'ring',
    });
  });

  it('sends a call that should ring only the mobile to the mobile, and rejects when there is none', () => {
    const profile = makeProfile('p', {
      routing: { any: { kind: 'ring', devices: [{ device: 'mobile' }] } },
    });
    expect(decideForEngine(call(), context({ profile }))).toEqual({
      action: 'redirect',
      target: '+46705550001',
    });
    const noMobile = context({
      profile,
      numbers: { landline: null, mobile: null, extension: '1001', extraExtensions: [] },
    });
    expect(decideForEngine(call(), noMobile)).toEqual({
      action: 'reject',
      status: 480,
      reason: 'Not available',
    });
  });

  it('rejects a queue call while paused in that queue', () => {
    const paused = context({
      queueStatusByNumber: (n) =>
        n === '+46855501100' ? { queueId: 'q1', status: 'paused' } : null,
    });
    expect(
      decideForEngine(call({ calledType: 'queue', calledNumber: '+46855501100' }), paused),
    ).toEqual({ action: 'reject', status: 480, reason: 'Paused in queue' });
  });

  it('behaves like a plain phone before any profile exists', () => {
    expect(decideForEngine(call(), context({ profile: null }))).toEqual({ action: 'ring' });
  });
});
