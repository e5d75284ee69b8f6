import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import { MEDIA_IPC_CHANNELS, MediaEvent, type MediaRequest } from '../../shared/media';
import { Listeners, silentMediaLogger, type MediaLogger, type MediaTransport } from '../media/transport';

/**
 * The app's carrier: Electron IPC to the window whose renderer runs the media engine. Thin on
 * purpose (the port does the work). The transport opens when the engine says `ready`, closes
 * when the page navigates, its renderer dies or the window goes, and opens again on the next
 * `ready`, so one port serves the window across reloads (the port's epoch tells old sessions
 * they are gone).
 */
export interface ElectronMediaTransport extends MediaTransport {
  /** Called each time the window's engine says `ready` (first load and every reload). */
  onOpen(listener: () => void): () => void;
}

export function createElectronMediaTransport(
  contents: WebContents,
  logger: MediaLogger = silentMediaLogger,
): ElectronMediaTransport {
  let open = false;
  let destroyed = false;
  const messages = new Listeners<[unknown]>();
  const closes = new Listeners<[string]>();
  const opens = new Listeners<[]>();

  const lost = (reason: string) => {
    if (!open) return;
    open = false;
    closes.emit(logger, reason);
  };

  const onIpc = (event: IpcMainEvent, message: unknown) => {
    // Only the window we drive may talk to us on this channel.
    if (event.sender !== contents) return;
    const ready = MediaEvent.safeParse(message);
    if (ready.success && ready.data.event === 'ready') {
      lost('the media engine restarted');
      open = !destroyed;
      if (open) opens.emit(logger);
      return;
    }
    if (open) messages.emit(logger, message);
  };
  ipcMain.on(MEDIA_IPC_CHANNELS.fromEngine, onIpc);

  // Only a committed navigation replaces the page: `did-start-navigation` comes before
  // `will-navigate` can block it (a dropped file, a plain link), and the engine of a page that
  // stays would otherwise be counted as gone for good, failing every call.
  contents.on('did-navigate', () => lost('the window navigated away'));
  contents.on('render-process-gone', (_event, details) =>
    lost(`the renderer is gone (${details.reason})`),
  );
  contents.once('destroyed', () => {
    destroyed = true;
    lost('the window was closed');
    ipcMain.removeListener(MEDIA_IPC_CHANNELS.fromEngine, onIpc);
  });

  return {
    get isOpen() {
      return open;
    },
    send(message: MediaRequest) {
      if (!open || contents.isDestroyed()) throw new Error('the media engine window is not ready');
      contents.send(MEDIA_IPC_CHANNELS.toEngine, message);
    },
    onMessage: (listener) => messages.add(listener),
    onClose: (listener) => closes.add(listener),
    onOpen: (listener) => opens.add(listener),
    close() {
      lost('closed by main');
      destroyed = true;
      ipcMain.removeListener(MEDIA_IPC_CHANNELS.fromEngine, onIpc);
    },
  };
}
