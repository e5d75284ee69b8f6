import { describe, expect, it } from 'vitest';
import { offersHold } from '../../../src/main/sip/sessionRequests';

const sdp = (session: string, audio: string, video = ''): string =>
  ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', ...session.split('\n').filter(Boolean), 'm=audio 4000 RTP/AVP 0', ...audio.split('\n').filter(Boolean), ...(video ? ['m=video 4002 RTP/AVP 96', video] : [])].join('\r\n') + '\r\n';

describe('offersHold (a re-INVITE that puts us on hold)', () => {
  it('is true for sendonly or inactive audio', () => {
    expect(offersHold(sdp('', 'a=sendonly'))).toBe(true);
    expect(offersHold(sdp('', 'a=inactive'))).toBe(true);
  });
  it('is false for sendrecv, recvonly or no direction at all', () => {
    expect(offersHold(sdp('', 'a=sendrecv'))).toBe(false);
    expect(offersHold(sdp('', 'a=recvonly'))).toBe(false);
    expect(offersHold(sdp('', 'a=rtpmap:0 PCMU/8000'))).toBe(false);
  });
  it('takes the session-level direction when the audio has none, and the audio one over it', () => {
    expect(offersHold(sdp('a=sendonly', ''))).toBe(true);
    expect(offersHold(sdp('a=sendonly', 'a=sendrecv'))).toBe(false);
  });
  it('looks at the audio, not at a video section after it', () => {
    expect(offersHold(sdp('', 'a=sendrecv', 'a=inactive'))).toBe(false);
  });
});
