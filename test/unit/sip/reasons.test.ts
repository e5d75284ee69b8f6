import { describe, expect, it } from 'vitest';
import { callDurationSeconds } from '../../../src/main/sip/callRecord';
import { failureReason, registrationFailureReason } from '../../../src/main/sip/reasons';
import { formatText } from '../../../src/shared/i18n';
import { text } from '../../../src/shared/text';

describe('SIP outcomes in words', () => {
  it.each([
    [486, 'Busy', 'callEnd.busy'],
    [600, 'Busy', 'callEnd.busy'],
    [603, 'Declined', 'callEnd.declined'],
    [404, 'Number not found', 'callEnd.notFound'],
    [480, 'Not available', 'callEnd.notAvailable'],
    [408, 'No answer', 'callEnd.noAnswer'],
    [482, 'Forwarding loop', 'callEnd.loop'],
    [503, 'Service unavailable', 'callEnd.serviceUnavailable'],
  ] as const)('call failure %i reads "%s"', (status, words, key) => {
    expect(failureReason(status)).toEqual(text(key));
    expect(formatText('en', failureReason(status))).toBe(words);
  });

  it('keeps the code for failures it has no words for', () => {
    expect(failureReason(599, 'Odd')).toEqual(text('callEnd.pbxError', { status: '599 Odd' }));
    expect(formatText('en', failureReason(599, 'Odd'))).toBe('PBX error (599 Odd)');
    expect(failureReason(499)).toEqual(text('callEnd.failedStatus', { status: '499' }));
    expect(formatText('en', failureReason(499))).toBe('Call failed (499)');
  });

  it('reads a rejected registration as wrong credentials', () => {
    expect(registrationFailureReason(401)).toEqual(text('registration.wrongCredentials'));
    expect(registrationFailureReason(403)).toEqual(text('registration.wrongCredentials'));
    expect(formatText('en', registrationFailureReason(403))).toBe('Wrong user name or password');
    expect(registrationFailureReason(503)).toEqual(text('registration.pbxUnavailable'));
    expect(formatText('en', registrationFailureReason(503))).toBe('PBX unavailable');
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
