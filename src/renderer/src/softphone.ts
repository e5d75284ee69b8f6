import type { SoftphoneApi } from '../../shared/ipc';

/**
 * The only door to the main process. Under Electron the preload defines `window.softphone`;
 * under the end-to-end harness an injected script defines it before this bundle runs.
 * Only the store's actions use it: components never do.
 */
export function findSoftphoneApi(): SoftphoneApi | null {
  const candidate = (window as unknown as { softphone?: Partial<SoftphoneApi> }).softphone;
  if (candidate && typeof candidate.invoke === 'function' && typeof candidate.snapshot === 'function' && typeof candidate.on === 'function') {
    return candidate as SoftphoneApi;
  }
  return null;
}
