import type { MediaProblem } from '../../../shared/media';

/** Where the player reports trouble, and that it is over (see `MediaProblem`). */
export interface AudioProblems {
  problem(kind: MediaProblem, detail: string): void;
  resolved(kind: MediaProblem): void;
}

/**
 * `play()` rejects with AbortError when a newer load (a new track after a re-INVITE, a transfer)
 * interrupts it: the newer play takes over, nothing is wrong, and the browser's words ("The
 * play() request was interrupted… https://goo.gl/…") must never reach the user.
 */
const isInterrupted = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

/**
 * Plays a session's remote audio on the chosen speaker. The track must really be played:
 * Chromium reports `audioLevel` 0 for received audio nobody listens to.
 */
export class RemoteAudio {
  private readonly element: HTMLAudioElement;
  /** The speaker asked for; applied once the stream has a track (see setOutputDevice). */
  private wantedSink: string | null = null;

  constructor(
    private readonly stream: MediaStream,
    private readonly problems: AudioProblems,
  ) {
    this.element = document.createElement('audio');
    this.element.autoplay = true;
    this.element.srcObject = stream;
    // sip.js announces remote tracks on its stream; start playing as soon as there is one.
    stream.addEventListener('addtrack', () => {
      this.applySink().then(
        () => this.problems.resolved('speaker'),
        (error: unknown) => this.problems.problem('speaker', String(error)),
      );
      this.play();
    });
    if (stream.getAudioTracks().length > 0) this.play();
  }

  play(): void {
    this.element.play().then(
      () => this.problems.resolved('playback'),
      (error: unknown) => {
        if (!isInterrupted(error)) this.problems.problem('playback', String(error));
      },
    );
  }

  /**
   * Null selects the system default output. Chromium aborts `setSinkId` while the stream has no
   * track yet (before the answer arrives), so then the choice is kept and applied on the first
   * track; the engine has already checked that the device exists.
   */
  async setOutputDevice(deviceId: string | null): Promise<void> {
    this.wantedSink = deviceId;
    if (this.stream.getAudioTracks().length > 0) await this.applySink();
  }

  /** The speaker in use (or about to be, before the first track); null for the system default. */
  get outputDeviceId(): string | null {
    return this.wantedSink ?? (this.element.sinkId || null);
  }

  stop(): void {
    this.element.pause();
    this.element.srcObject = null;
  }

  private async applySink(): Promise<void> {
    const wanted = this.wantedSink ?? '';
    if (this.element.sinkId === wanted) return;
    try {
      await this.element.setSinkId(wanted);
    } catch (error) {
      this.wantedSink = this.element.sinkId || null;
      throw error;
    }
  }
}
