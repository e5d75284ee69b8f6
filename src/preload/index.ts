import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('softphone', { version: 1 });
