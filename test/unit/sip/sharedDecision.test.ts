import { describe, expect, it } from 'vitest';
import { engineDecision } from '../../../src/main/sip/sharedDecision';

const naming = { voicemailUser: 'voicemail' };
const ring = { kind: 'ring' as const, legs: [{ device: 'softphone' as const, delaySeconds: 0 }], ringSeconds: null };
const base = { noAnswer: null, busy: ring, unreachable: ring, calledNumberType: 'internal' as const };

describe('engineDecision', () => {
  it('rings, with the no-answer redirect as a SIP target', () => {
    expect(
      engineDecision({ ...base, now: ring, noAnswer: { afterSeconds: 20, action: { kind: 'redirect', target: { kind: 'voicemail' } } } }, naming),
    ).toEqual({ action: 'ring', noAnswer: { afterSeconds: 20, target: 'voicemail' } });
  });

  it('rejects and redirects as the rule says', () => {
    expect(engineDecision({ ...base, now: { kind: 'reject', status: 480, reason: 'Not available' } }, naming)).toEqual({
      action: 'reject',
      status: 480,
      reason: 'Not available',
    });
    expect(engineDecision({ ...base, now: { kind: 'redirect', target: { kind: 'number', number: '+46705550001' } } }, naming)).toEqual({
      action: 'redirect',
      target: '+46705550001',
    });
  });

  it('does not ring the softphone for a mobile-only ring (the PBX reaches the mobile)', () => {
    const mobileOnly = { kind: 'ring' as const, legs: [{ device: 'mobile' as const, delaySeconds: 0 }], ringSeconds: null };
    expect(engineDecision({ ...base, now: mobileOnly }, naming)).toMatchObject({ action: 'reject', status: 480 });
  });
});
