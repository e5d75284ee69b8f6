import { describe, expect, it } from 'vitest';
import { reportMediaProblems, type MediaProblemSink } from '../../../src/main/media/problems';
import type { MediaEngineEvent, MediaEnginePort } from '../../../src/main/media/mediaPort';
import { text } from '../../../src/shared/text';
import { Notices } from '../../../src/main/client/notices';
import { SliceStore } from '../../../src/main/client/sliceStore';
import { initialSlices } from '../../../src/shared/defaults';

function fakePort() {
  const listeners = new Set<(event: MediaEngineEvent) => void>();
  const port = {
    onEvent: (l: (event: MediaEngineEvent) => void) => (
      listeners.add(l),
      () => listeners.delete(l)
    ),
  } as unknown as MediaEnginePort;
  return { port, listeners, emit: (event: MediaEngineEvent) => listeners.forEach((l) => l(event)) };
}

describe('reportMediaProblems', () => {
  it('says what happened in the user’s words, keeps the browser’s words for the log, and ignores other events', () => {
    const { port, listeners, emit } = fakePort();
    const warned: unknown[] = [];
    const logged: string[] = [];
    const sink: MediaProblemSink = { warn: (notice, topic) => warned.push([notice, topic]), resolve: () => undefined, log: (m) => logged.push(m) };
    const stop = reportMediaProblems(port, sink);
    emit({ kind: 'event', event: 'ended', sessionId: 's1', reason: 'ICE failed' });
    emit({ kind: 'event', event: 'problem', sessionId: 's1', problem: 'speaker', detail: 'NotFoundError: Requested device not found' });
    expect(warned).toEqual([[text('notice.audio.speaker'), 'audio.speaker']]);
    expect(logged).toEqual(['media s1: speaker problem: NotFoundError: Requested device not found']);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('shows a problem once while it repeats and takes the notice away when it is over', () => {
    const { port, emit } = fakePort();
    const slices = new SliceStore(initialSlices());
    const notices = new Notices(slices, () => new Date('2026-12-02T10:00:00Z'));
    reportMediaProblems(port, { warn: (notice, topic) => notices.add('warning', notice, topic), resolve: (topic) => notices.resolve(topic), log: () => undefined });
    notices.add('error', text('notice.saveFailed', { reason: 'disk full' }));
    const refused = { kind: 'event', event: 'problem', sessionId: 's1', problem: 'playback', detail: 'NotAllowedError: play() failed' } as const;
    emit(refused);
    emit(refused);
    expect(slices.get('notices').map((n) => n.text.key)).toEqual(['notice.saveFailed', 'notice.audio.playback']);
    emit({ kind: 'event', event: 'resolved', sessionId: 's1', problem: 'playback' });
    expect(slices.get('notices').map((n) => n.text.key)).toEqual(['notice.saveFailed']);
  });
});
