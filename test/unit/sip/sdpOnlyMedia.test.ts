import { describe, expect, it } from 'vitest';
import { SdpOnlySessionDescriptionHandler } from '../../../src/main/sip/sdpOnlyMedia';

const directionOf = (sdp: string) => /^a=(sendrecv|sendonly|recvonly|inactive)/m.exec(sdp)?.[1];

describe('SDP-only session description handler (the Node stand-in for WebRTC media)', () => {
  it('offers audio with telephone-event and answers an offer', async () => {
    const caller = new SdpOnlySessionDescriptionHandler();
    const callee = new SdpOnlySessionDescriptionHandler();
    const offer = await caller.getDescription();
    expect(offer.contentType).toBe('application/sdp');
    expect(offer.body).toMatch(/^m=audio \d+ RTP\/AVP 0 8 101/m);
    expect(offer.body).toContain('a=rtpmap:101 telephone-event/8000');
    await callee.setDescription(offer.body);
    const answer = await callee.getDescription();
    await caller.setDescription(answer.body);
    expect(directionOf(answer.body)).toBe('sendrecv');
  });

  it('holds with sendonly, answered recvonly; both holding is inactive', async () => {
    const a = new SdpOnlySessionDescriptionHandler();
    const b = new SdpOnlySessionDescriptionHandler();
    const hold = await a.getDescription({ hold: true } as never);
    expect(directionOf(hold.body)).toBe('sendonly');
    await b.setDescription(hold.body);
    expect(directionOf((await b.getDescription()).body)).toBe('recvonly');

    await b.setDescription(hold.body);
    expect(directionOf((await b.getDescription({ hold: true } as never)).body)).toBe('inactive');
  });

  it('rejects a description without audio and records DTMF unless RFC 4733 is switched off', async () => {
    const handler = new SdpOnlySessionDescriptionHandler();
    await expect(handler.setDescription('v=0\r\nm=video 9 RTP/AVP 96\r\n')).rejects.toThrow(
      'no audio',
    );
    expect(handler.sendDtmf('1#')).toBe(true);
    expect(handler.dtmfSent).toEqual(['1', '#']);
    expect(new SdpOnlySessionDescriptionHandler({ rfc4733: false }).sendDtmf('1')).toBe(false);
  });
});
