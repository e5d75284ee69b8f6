import { describe, expect, it } from 'vitest';
import { reportMediaProblems } from '../../../src/main/media/problems';
import type { MediaEngineEvent, MediaEnginePort } from '../../../src/main/media/mediaPort';
import { text, type Text } from '../../../src/shared/text';

describe('reportMediaProblems', () => {
  it('turns engine problems into warnings once per repeated message, and ignores other events', () => {
    const listeners = new Set<(event: MediaEngineEvent) => void>();
    const port = {
      onEvent: (l: (event: MediaEngineEvent) => void) => (
        listeners.add(l),
        () => listeners.delete(l)
      ),
    } as unknown as MediaEnginePort;
    const warnings: Text[] = [];
    const stop = reportMediaProblems(port, (m) => warnings.push(m));
    const emit = (event: MediaEngineEvent) => listeners.forEach((l) => l(event));

    emit({ kind: 'event', event: 'ended', sessionId: 's1', reason: 'ICE failed' });
    emit({
      kind: 'event',
      event: 'problem',
      sessionId: 's1',
      message: 'The chosen speaker is not connected.',
    });
    emit({
      kind: 'event',
      event: 'problem',
      sessionId: 's1',
      message: 'The chosen speaker is not connected.',
    });
    emit({ kind: 'event', event: 'problem', message: 'Playback was refused.' });
    expect(warnings).toEqual([
      text('notice.audioProblem', { problem: 'The chosen speaker is not connected.' }),
      text('notice.audioProblem', { problem: 'Playback was refused.' }),
    ]);

    stop();
    expect(listeners.size).toBe(0);
  });
});
