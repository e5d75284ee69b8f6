import type { MediaStats } from '../../../shared/media';

/** The fields of RTCStats entries this summary reads; Chromium names, all optional. */
interface StatsEntry {
  type: string;
  kind?: string;
  bytesReceived?: number;
  packetsReceived?: number;
  packetsLost?: number;
  jitter?: number;
  audioLevel?: number;
  totalAudioEnergy?: number;
  bytesSent?: number;
  packetsSent?: number;
  roundTripTime?: number;
  currentRoundTripTime?: number;
  nominated?: boolean;
  state?: string;
}

/**
 * Reduces a peer connection's `getStats()` report to what the UI shows and the tests check.
 * With several audio streams (never, today) the counters are summed and levels take the loudest.
 */
export function summariseStats(
  sessionId: string,
  report: RTCStatsReport,
  state: Pick<MediaStats, 'connectionState' | 'muted' | 'takenAt' | 'inputDeviceId' | 'outputDeviceId'>,
): MediaStats {
  const inbound = { bytesReceived: 0, packetsReceived: 0, packetsLost: 0, jitterMs: 0, audioLevel: 0, totalAudioEnergy: 0 };
  const outbound = { bytesSent: 0, packetsSent: 0 };
  let rttFromRtcp: number | null = null;
  let rttFromIce: number | null = null;
  let localAudioLevel: number | null = null;

  report.forEach((value) => {
    const entry = value as StatsEntry;
    if (entry.kind !== undefined && entry.kind !== 'audio') return;
    switch (entry.type) {
      case 'inbound-rtp':
        inbound.bytesReceived += entry.bytesReceived ?? 0;
        inbound.packetsReceived += entry.packetsReceived ?? 0;
        inbound.packetsLost += entry.packetsLost ?? 0;
        inbound.jitterMs = Math.max(inbound.jitterMs, (entry.jitter ?? 0) * 1000);
        inbound.audioLevel = Math.max(inbound.audioLevel, clampLevel(entry.audioLevel));
        inbound.totalAudioEnergy += entry.totalAudioEnergy ?? 0;
        break;
      case 'outbound-rtp':
        outbound.bytesSent += entry.bytesSent ?? 0;
        outbound.packetsSent += entry.packetsSent ?? 0;
        break;
      case 'remote-inbound-rtp':
        if (entry.roundTripTime !== undefined) rttFromRtcp = entry.roundTripTime * 1000;
        break;
      case 'candidate-pair':
        if (entry.nominated && entry.state === 'succeeded' && entry.currentRoundTripTime !== undefined)
          rttFromIce = entry.currentRoundTripTime * 1000;
        break;
      case 'media-source':
        if (entry.audioLevel !== undefined) localAudioLevel = Math.max(localAudioLevel ?? 0, clampLevel(entry.audioLevel));
        break;
    }
  });

  return {
    sessionId,
    takenAt: state.takenAt,
    connectionState: state.connectionState,
    inbound,
    outbound,
    roundTripTimeMs: rttFromRtcp ?? rttFromIce,
    localAudioLevel,
    muted: state.muted,
    inputDeviceId: state.inputDeviceId,
    outputDeviceId: state.outputDeviceId,
  };
}

function clampLevel(level: number | undefined): number {
  if (level === undefined || !Number.isFinite(level)) return 0;
  return Math.min(1, Math.max(0, level));
}
