/**
 * While any call is live the machine must not suspend the app and Chromium must not throttle
 * the (possibly hidden) window that runs the call's media.
 */
import { powerSaveBlocker } from 'electron';
import type { BrowserWindow } from 'electron';
import type { CallView } from '../../shared/ipc';
import { isLive } from './calls-view';
import type { ShellService } from './service';

export function keepAwakeDuringCalls(service: ShellService, window: () => BrowserWindow | null): () => void {
  let blockerId: number | null = null;

  const update = (calls: readonly CallView[]): void => {
    const inCall = calls.some(isLive);
    const target = window();
    if (inCall && blockerId === null) {
      blockerId = powerSaveBlocker.start('prevent-app-suspension');
      if (target && !target.isDestroyed()) target.webContents.setBackgroundThrottling(false);
    } else if (!inCall && blockerId !== null) {
      powerSaveBlocker.stop(blockerId);
      blockerId = null;
      if (target && !target.isDestroyed()) target.webContents.setBackgroundThrottling(true);
    }
  };

  update(service.snapshot().calls);
  const unsubscribe = service.subscribe((change) => {
    if (change.name === 'calls') update(change.payload);
  });
  return () => {
    unsubscribe();
    if (blockerId !== null) powerSaveBlocker.stop(blockerId);
    blockerId = null;
  };
}
