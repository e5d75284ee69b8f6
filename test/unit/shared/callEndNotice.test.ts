/** Which ended calls say why on their card, and what they advise (issue 14). */
import { describe, expect, it } from 'vitest';
import { callEndNotice } from '../../../src/shared/callEndNotice';
import { en, sv, formatText, type MessageKey } from '../../../src/shared/i18n';
import { text } from '../../../src/shared/text';
import type { CallView } from '../../../src/shared/ipc';

const NOW = '2026-12-02T08:00:00.000Z';
const ended = (endReason: CallView['endReason'], changes: Partial<CallView> = {}) =>
  ({ direction: 'outgoing', state: 'ended', answeredAt: null, endReason, ...changes }) as const;

describe('the card of an ended call', () => {
  it.each([
    ['callEnd.notFound', 'callEnd.advice.checkNumber'],
    ['callEnd.busy', 'callEnd.advice.busy'],
    ['callEnd.declined', 'callEnd.advice.declined'],
    ['callEnd.notAvailable', 'callEnd.advice.later'],
    ['callEnd.noAnswer', 'callEnd.advice.later'],
    ['callEnd.serviceUnavailable', 'callEnd.advice.pbxDown'],
    ['callEnd.noMicrophone', 'callEnd.advice.microphone'],
    ['callEnd.microphoneRefused', 'callEnd.advice.microphoneRefused'],
    ['callEnd.couldNotStart', 'callEnd.advice.tryAgain'],
    ['callEnd.notConnected', 'callEnd.advice.network'],
  ] as const)('an outgoing call that failed with %s advises %s', (reason, advice) => {
    expect(callEndNotice(ended(text(reason)))).toEqual({ reason: text(reason), advice });
  });

  it('keeps the status of an unknown failure in the reason', () => {
    const reason = text('callEnd.pbxError', { status: '599 Odd' });
    expect(callEndNotice(ended(reason))).toEqual({ reason, advice: 'callEnd.advice.pbxDown' });
  });

  it('says nothing for calls that ended the ordinary way', () => {
    expect(callEndNotice(ended(text('callEnd.cancelled')))).toBeNull();
    expect(callEndNotice(ended(text('callEnd.youHungUp'), { answeredAt: NOW }))).toBeNull();
    expect(callEndNotice(ended(text('callEnd.otherHungUp'), { answeredAt: NOW }))).toBeNull();
    expect(callEndNotice(ended(text('callEnd.transferredTo', { target: '1003' }), { answeredAt: NOW }))).toBeNull();
    // an incoming call the caller gave up on, or one declined here: history says so
    expect(callEndNotice(ended(text('callEnd.callerHungUp'), { direction: 'incoming' }))).toBeNull();
    expect(callEndNotice(ended(text('callEnd.youDeclined'), { direction: 'incoming' }))).toBeNull();
    expect(callEndNotice(ended(null))).toBeNull();
  });

  it('says why an answered call broke off, but not for a failure status after answering', () => {
    expect(callEndNotice(ended(text('callEnd.pathLost'), { answeredAt: NOW }))).toEqual({ reason: text('callEnd.pathLost'), advice: 'callEnd.advice.callAgain' });
    expect(callEndNotice(ended(text('callEnd.audioStopped'), { direction: 'incoming', answeredAt: NOW }))?.advice).toBe('callEnd.advice.callAgain');
    expect(callEndNotice(ended(text('callEnd.busy'), { answeredAt: NOW }))).toBeNull();
  });

  it('is only for calls that have ended', () => {
    expect(callEndNotice(ended(text('callEnd.busy'), { state: 'ringing' }))).toBeNull();
  });

  it('has advice in both languages, Swedish not English', () => {
    const keys = Object.keys(en).filter((key) => key.startsWith('callEnd.advice.') || key.startsWith('callEnd.card.')) as MessageKey[];
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys) {
      expect(sv[key]).toBeTruthy();
      expect(sv[key]).not.toBe(en[key]);
    }
    expect(formatText('sv', text('callEnd.card.failed', { party: '1099' }))).toBe('Samtalet till 1099 gick inte fram');
  });
});
