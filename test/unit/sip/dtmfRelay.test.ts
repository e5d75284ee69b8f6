/** The PBX's DTMF relay reads rtpengine's `--dtmf-log-dest` datagrams (scripts/pbx/dtmfRelay.ts). */
import { describe, expect, it } from 'vitest';
import { dtmfOfDatagram } from '../../../scripts/pbx/dtmfRelay';

// As rtpengine 10.5 prints it (daemon/dtmf.c dtmf_json_print).
const datagram = (event: number, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    callid: 'abc@10.0.0.1',
    source_tag: 'from-tag-1',
    tags: ['from-tag-1', 'to-tag-2'],
    type: 'DTMF',
    timestamp: 1764633600,
    source_ip: '127.0.0.1',
    event,
    duration: 100,
    volume: 10,
    ...extra,
  });

describe('rtpengine DTMF datagram → digit', () => {
  it("maps RFC 4733 event codes 0-15 to 0-9 * # A-D, with the Call-ID and the sender's tag", () => {
    const digits = Array.from(
      { length: 16 },
      (_, event) => dtmfOfDatagram(datagram(event))?.digit,
    ).join('');
    expect(digits).toBe('0123456789*#ABCD');
    expect(dtmfOfDatagram(datagram(11))).toEqual({
      call_id: 'abc@10.0.0.1',
      source_tag: 'from-tag-1',
      digit: '#',
    });
  });

  it('ignores anything else', () => {
    expect(dtmfOfDatagram('not json')).toBeNull();
    expect(dtmfOfDatagram(datagram(16))).toBeNull();
    expect(dtmfOfDatagram(datagram(1, { type: 'other' }))).toBeNull();
    expect(dtmfOfDatagram(datagram(1, { callid: '' }))).toBeNull();
    expect(dtmfOfDatagram(JSON.stringify({ event: 1 }))).toBeNull();
  });
});
