/**
 * Plays a session's remote audio on the chosen speaker. The track must really be played:
 * Chromium reports `audioLevel` 0 for received audio nobody listens to.
 */
export class RemoteAudio {
  private readonly element: HTMLAudioElement;

  constructor(
    stream: MediaStream,
    private readonly onProblem: (message: string) => void,
  ) {
    this.element = document.createElement('audio');
    this.element.autoplay = true;
    this.element.srcObject = stream;
    // sip.js announces remote tracks on its stream; start playing as soon as there is one.
    stream.addEventListener('addtrack', () => this.play());
    if (stream.getAudioTracks().length > 0) this.play();
  }

  play(): void {
    this.element.play().catch((error: unknown) => this.onProblem(`The call's audio could not be played: ${String(error)}`));
  }

  /** Null selects the system default output. Rejects when the device does not exist (any more). */
  async setOutputDevice(deviceId: string | null): Promise<void> {
    await this.element.setSinkId(deviceId ?? '');
  }

  stop(): void {
    this.element.pause();
    this.element.srcObject = null;
  }
}
