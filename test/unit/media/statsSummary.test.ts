import { describe, expect, it } from 'vitest';
import { summariseStats } from '../../../src/renderer/src/media/statsSummary';
import { MediaStats } from '../../../src/shared/media';

const report = (entries: object[]) => new Map(entries.map((entry, i) => [`s${i}`, entry])) as unknown as RTCStatsReport;

describe('stats summary', () => {
  it('reads Chromium audio stats into the bridge shape, in ms', () => {
    const stats = summariseStats(
      'm1',
      report([
        { type: 'inbound-rtp', kind: 'audio', bytesReceived: 4000, packetsReceived: 50, packetsLost: 2, jitter: 0.004, audioLevel: 0.25, totalAudioEnergy: 0.5 },
        { type: 'inbound-rtp', kind: 'video', bytesReceived: 99999 },
        { type: 'outbound-rtp', kind: 'audio', bytesSent: 3000, packetsSent: 40 },
        { type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.012 },
        { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.5 },
        { type: 'media-source', kind: 'audio', audioLevel: 0.1 },
        { type: 'codec', mimeType: 'audio/opus' },
      ]),
      { connectionState: 'connected', muted: true, takenAt: 5, inputDeviceId: 'mic-1', outputDeviceId: null },
    );
    expect(stats).toEqual({
      sessionId: 'm1',
      takenAt: 5,
      connectionState: 'connected',
      inbound: { bytesReceived: 4000, packetsReceived: 50, packetsLost: 2, jitterMs: 4, audioLevel: 0.25, totalAudioEnergy: 0.5 },
      outbound: { bytesSent: 3000, packetsSent: 40 },
      roundTripTimeMs: 12,
      localAudioLevel: 0.1,
      muted: true,
      inputDeviceId: 'mic-1',
      outputDeviceId: null,
    });
    expect(MediaStats.safeParse(stats).success).toBe(true);
  });

  it('falls back to the ICE round trip and reports nothing it does not know', () => {
    const stats = summariseStats('m1', report([{ type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.003 }]), {
      connectionState: 'new',
      muted: false,
      takenAt: 0,
      inputDeviceId: null,
      outputDeviceId: null,
    });
    expect(stats.roundTripTimeMs).toBe(3);
    expect(stats.localAudioLevel).toBeNull();
    expect(stats.inbound.bytesReceived).toBe(0);
  });
});
