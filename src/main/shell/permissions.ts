/**
 * Web permissions for the app's session: the microphone for our own top-level page, and
 * nothing else (no camera, screen, notifications from the page, geolocation, USB, ...).
 * The OS notifications for incoming calls come from main, not from the page.
 */
import type { Session } from 'electron';
import { shellLog } from './log';

interface RequestDetails {
  mediaTypes?: readonly string[];
  requestingUrl?: string;
  isMainFrame?: boolean;
}

interface CheckDetails {
  mediaType?: string;
  requestingUrl?: string;
  isMainFrame?: boolean;
  embeddingOrigin?: string;
}

export function restrictPermissions(session: Session, isOwnPage: (url: string) => boolean): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = allowPermissionRequest(permission, details as RequestDetails, isOwnPage);
    if (!allowed) shellLog.warn(`Denied the page's request for "${permission}"`);
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowPermissionCheck(permission, requestingOrigin, details as CheckDetails, isOwnPage),
  );
  // HID, serial and USB device pickers: never.
  session.setDevicePermissionHandler(() => false);
}

/** A `getUserMedia` request for audio only, from our own top-level page. */
function allowPermissionRequest(permission: string, details: RequestDetails, isOwnPage: (url: string) => boolean): boolean {
  if (permission !== 'media') return false;
  const types = details.mediaTypes ?? [];
  if (types.length === 0 || !types.every((type) => type === 'audio')) return false;
  if (details.isMainFrame === false) return false;
  return typeof details.requestingUrl === 'string' && isOwnPage(details.requestingUrl);
}

/** Chromium asks this before `enumerateDevices` shows labels; answer yes for audio only. */
function allowPermissionCheck(
  permission: string,
  requestingOrigin: string,
  details: CheckDetails,
  isOwnPage: (url: string) => boolean,
): boolean {
  if (permission !== 'media' || details.mediaType !== 'audio') return false;
  if (details.embeddingOrigin) return false;
  return isOwnPage(requestingOrigin);
}
