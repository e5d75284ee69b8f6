/** A call that could not be sent says why in words, never the browser's or sip.js's message (issue 14). */
import { describe, expect, it } from 'vitest';
import { startFailureReason } from '../../../src/main/sip/reasons';
import { MediaRequestError } from '../../../src/main/media/mediaPort';
import { formatText } from '../../../src/shared/i18n';

const domError = (name: string, message: string): Error => Object.assign(new Error(message), { name });

describe('a call that could not be started', () => {
  it.each([
    [domError('NotAllowedError', 'Permission denied'), 'callEnd.microphoneRefused'],
    [new MediaRequestError('failed', 'getDescription', 's-1', 'NotAllowedError: Permission denied by system'), 'callEnd.microphoneRefused'],
    [domError('NotFoundError', 'Requested device not found'), 'callEnd.noMicrophone'],
    [domError('NotReadableError', 'Could not start audio source'), 'callEnd.noMicrophone'],
    [new MediaRequestError('failed', 'getDescription', 's-1', 'OverconstrainedError: deviceId'), 'callEnd.noMicrophone'],
    [new MediaRequestError('disconnected', 'getDescription', undefined, 'no media engine is connected'), 'callEnd.noAudioEngine'],
    [new MediaRequestError('timeout', 'getDescription', 's-1', 'no answer within 10000 ms'), 'callEnd.noAudioEngine'],
    [new Error('Transport not connected'), 'callEnd.notConnected'],
    [new TypeError("Cannot read properties of undefined (reading 'sdp')"), 'callEnd.couldNotStart'],
    ['a thrown string', 'callEnd.couldNotStart'],
  ] as const)('%s → %s', (error, key) => {
    expect(startFailureReason(error)).toEqual({ key });
  });

  it('never carries the developer text to the user, in either language', () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'sdp') https://example.test/x");
    for (const language of ['en', 'sv'] as const) {
      const words = formatText(language, startFailureReason(error));
      expect(words).not.toMatch(/sdp|TypeError|https?:/);
    }
    expect(formatText('en', startFailureReason(error))).toBe('The call could not be started');
    expect(formatText('sv', startFailureReason(error))).toBe('Samtalet kunde inte startas');
  });
});
