// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RemoteAudio } from '../../../src/renderer/src/media/remoteAudio';

/** A stream with one audio track, enough for the player (jsdom has no MediaStream). */
const streamWithTrack = () =>
  ({ getAudioTracks: () => [{}], addEventListener: () => undefined }) as unknown as MediaStream;

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the call’s remote audio player', () => {
  afterEach(() => vi.restoreAllMocks());

  function playing(outcome: () => Promise<void>) {
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(outcome);
    const reports: string[] = [];
    const audio = new RemoteAudio(streamWithTrack(), {
      problem: (kind, detail) => reports.push(`problem ${kind}: ${detail}`),
      resolved: (kind) => reports.push(`resolved ${kind}`),
    });
    return { audio, reports };
  }

  it('stays quiet when a newer load interrupts play() (a transfer), and says when playback works', async () => {
    const { audio, reports } = playing(() =>
      Promise.reject(new DOMException('The play() request was interrupted by a new load request. https://goo.gl/LdLk22', 'AbortError')),
    );
    await settle();
    expect(reports).toEqual([]);
    vi.mocked(HTMLMediaElement.prototype.play).mockImplementation(() => Promise.resolve());
    audio.play();
    await settle();
    expect(reports).toEqual(['resolved playback']);
  });

  it('reports playback the browser refuses', async () => {
    const { reports } = playing(() => Promise.reject(new DOMException('play() failed because the user did not interact', 'NotAllowedError')));
    await settle();
    expect(reports).toEqual(['problem playback: NotAllowedError: play() failed because the user did not interact']);
  });
});
