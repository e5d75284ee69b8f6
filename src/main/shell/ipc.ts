/**
 * The window's IPC: one handler for every command, one for the snapshot, and slice changes
 * pushed to the window. Each request is checked to come from our own window's top frame
 * showing our own page before anything else is looked at.
 */
import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { CHANNELS } from '../../shared/ipc';
import type { InvokeReply } from '../../shared/ipc-reply';
import type { Dispatch } from './dispatch';
import type { ShellService } from './service';
import { shellLog } from './log';

export interface IpcOptions {
  dispatch: Dispatch;
  service: ShellService;
  /** The window's contents, or null while there is no window. */
  contents: () => WebContents | null;
  /** Whether a URL is one of our own pages (see origin.ts). */
  isOwnPage: (url: string) => boolean;
}

export function registerIpc({ dispatch, service, contents, isOwnPage }: IpcOptions): () => void {
  const refuse = (event: IpcMainInvokeEvent): InvokeReply | null => {
    const reason = whyForeign(event, contents(), isOwnPage);
    if (reason === null) return null;
    shellLog.warn(`Refused IPC from a foreign sender: ${reason}`);
    return { ok: false, error: { code: 'forbidden', message: `Refused: ${reason}` } };
  };

  ipcMain.handle(CHANNELS.invoke, async (event, name: unknown, args: unknown): Promise<InvokeReply> => {
    return refuse(event) ?? dispatch(name, args);
  });
  ipcMain.handle(CHANNELS.snapshot, (event): InvokeReply => {
    return refuse(event) ?? { ok: true, result: service.snapshot() };
  });

  const unsubscribe = service.subscribe((change) => {
    const target = contents();
    if (target && !target.isDestroyed()) target.send(CHANNELS.event, change.name, change.payload);
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(CHANNELS.invoke);
    ipcMain.removeHandler(CHANNELS.snapshot);
  };
}

/** Null when the request comes from our window's top frame on our page; otherwise why not. */
function whyForeign(event: IpcMainInvokeEvent, own: WebContents | null, isOwnPage: (url: string) => boolean): string | null {
  if (!own || own.isDestroyed()) return 'there is no app window';
  if (event.sender !== own) return 'the request did not come from the app window';
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return 'the request came from an embedded frame';
  if (!isOwnPage(frame.url)) return `the page ${JSON.stringify(frame.url.slice(0, 100))} is not the app`;
  return null;
}
