import { describe, expect, it } from 'vitest';
import { callDurationSeconds } from '../../../src/main/sip/callRecord';
import { failureReason, registrationFailureReason } from '../../../src/main/sip/reasons';

describe('SIP outcomes in words', () => {
  it.each([
    [486, 'Busy'],
    [600, 'Busy'],
    [603, 'Declined'],
    [404, 'Number not found'],
    [480, 'Not available'],
    [408, 'No answer'],
    [482, 'Forwarding loop'],
    [503, 'Service unavailable'],
  ])('call failure %i reads "%s"', (status, words) => {
    expect(failureReason(status)).toBe(words);
  });

  it('keeps the code for failures it has no words for', () => {
    expect(failureReason(599, 'Odd')).toBe('PBX error (599 Odd)');
    expect(failureReason(499)).toBe('Call failed (499)');
  });

  it('reads a rejected registration as wrong credentials', () => {
    expect(registrationFailureReason(401)).toBe('Wrong user name or password');
    expect(registrationFailureReason(403)).toBe('Wrong user name or password');
    expect(registrationFailureReason(503)).toBe('PBX unavailable');
  });

  it('measures a call from answer to end, zero if never answered', () => {
    expect(
      callDurationSeconds({ answeredAt: '2026-01-01T10:00:00Z', endedAt: '2026-01-01T10:01:05Z' }),
    ).toBe(65);
    expect(callDurationSeconds({ answeredAt: null, endedAt: '2026-01-01T10:01:05Z' })).toBe(0);
    expect(
      callDurationSeconds(
        { answeredAt: '2026-01-01T10:00:00Z', endedAt: null },
        new Date('2026-01-01T10:00:30Z'),
      ),
    ).toBe(30);
  });
});
