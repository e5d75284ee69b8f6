import type { MediaEnginePort } from './mediaPort';
import { text } from '../../shared/text';
import type { Text } from '../../shared/text';
import type { MediaProblem } from '../../shared/media';

/** Where media problems go: the user's notices (by topic) and the log (the browser's words). */
export interface MediaProblemSink {
  warn(notice: Text, topic: string): void;
  resolve(topic: string): void;
  log(message: string): void;
}

const NOTICE: Record<MediaProblem, Text> = {
  playback: text('notice.audio.playback'),
  speaker: text('notice.audio.speaker'),
};

/**
 * Problems the renderer's media engine reports without failing a request (the chosen speaker
 * is gone, playback was refused) become notices in the user's words, so they hear about
 * silence instead of guessing; the browser's own message goes to the log only. A notice goes
 * away by itself when the engine says the problem is over (playback started).
 */
export function reportMediaProblems(port: MediaEnginePort, sink: MediaProblemSink): () => void {
  return port.onEvent((event) => {
    if (event.event === 'problem') {
      sink.log(`media ${event.sessionId ?? ''}: ${event.problem} problem: ${event.detail}`);
      sink.warn(NOTICE[event.problem], `audio.${event.problem}`);
    } else if (event.event === 'resolved') {
      sink.resolve(`audio.${event.problem}`);
    }
  });
}

/** The sink of a client service: its notices and its logger. */
export function noticeSink(
  client: { notify(kind: 'warning', text: Text, topic: string): void; resolveNotice(topic: string): void },
  log: (message: string) => void,
): MediaProblemSink {
  return {
    warn: (notice, topic) => client.notify('warning', notice, topic),
    resolve: (topic) => client.resolveNotice(topic),
    log,
  };
}
