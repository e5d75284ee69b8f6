/**
 * The sandboxed preload: exposes exactly `window.softphone` (the IPC contract) and
 * `window.softphoneMedia` (the media bridge's renderer end). Bundled into one CommonJS file
 * whose only run-time require is 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { bridgeSafe, createMediaChannel, createSoftphoneApi } from './api';
import type { RendererIpc } from './api';

const ipc = ipcRenderer as unknown as RendererIpc;

contextBridge.exposeInMainWorld('softphone', bridgeSafe(createSoftphoneApi(ipc)));
contextBridge.exposeInMainWorld('softphoneMedia', createMediaChannel(ipc));
