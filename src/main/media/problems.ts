import type { MediaEnginePort } from './mediaPort';
import { text, type Text } from '../../shared/text';

/**
 * Problems the renderer's media engine reports without failing a request (the chosen speaker
 * is gone, playback was refused, …) become notices, so the user hears about silence instead
 * of guessing. The same message is passed on once while it repeats.
 */
export function reportMediaProblems(
  port: MediaEnginePort,
  warn: (notice: Text) => void,
): () => void {
  let last: string | null = null;
  return port.onEvent((event) => {
    if (event.event !== 'problem') return;
    if (event.message === last) return;
    last = event.message;
    warn(text('notice.audioProblem', { problem: event.message }));
  });
}
