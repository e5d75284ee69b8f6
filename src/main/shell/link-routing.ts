/**
 * Makes the app the handler for call links and routes every link to `calls.dial`, whichever
 * way it arrives: the first start's argv, a second instance's argv (forwarded by the
 * single-instance lock) or macOS's open-url. Links that arrive before the client service is
 * up wait for it. A link comes from another app or a web page, so the user is asked before
 * anything is dialled ("Call +46 8 123 45?"); nothing is dialled without a yes.
 */
import { app, dialog, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { format } from '../../shared/i18n';
import { formatForDisplay } from '../../shared/phone';
import { userLanguage } from './tray-menu';
import { resolve } from 'node:path';
import { LINK_SCHEMES, callLinkFromArgv, parseCallLink } from './links';
import type { Dispatch } from './dispatch';
import type { ShellService } from './service';
import { shellLog } from './log';
import { text, textOfError } from '../../shared/text';

export function registerAsCallLinkHandler(): void {
  for (const scheme of LINK_SCHEMES) {
    // Unpackaged (electron .), the OS must launch electron with our entry script as argument.
    const registered =
      process.defaultApp && process.argv[1]
        ? app.setAsDefaultProtocolClient(scheme, process.execPath, [resolve(process.argv[1])])
        : app.setAsDefaultProtocolClient(scheme);
    if (!registered) shellLog.warn(`Could not register as the handler for ${scheme}: links`);
  }
}

export interface LinkRouter {
  /** Accepts a raw link (or argv) from any source. */
  handleLink(raw: string): void;
  handleArgv(argv: readonly string[]): void;
  /** Starts dialling: links received before this are dialled now, in order, each once the user says yes. */
  connect(target: { dispatch: Dispatch; service: ShellService; raiseWindow: () => void; confirm: (target: string) => Promise<boolean> }): void;
}

/** Asks "Call …?" in the user's language, over the window when there is one; true for Call. */
export function askBeforeDialling(service: ShellService, window: () => BrowserWindow | null): (target: string) => Promise<boolean> {
  return async (target) => {
    const language = userLanguage(service.snapshot());
    const shown = target.startsWith('sip:') ? target.slice(4) : formatForDisplay(target);
    const options: MessageBoxOptions = {
      type: 'question',
      buttons: [format(language, 'link.call'), format(language, 'link.cancel')],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
      title: format(language, 'link.title'),
      message: format(language, 'link.question', { target: shown }),
      detail: format(language, 'link.detail'),
    };
    const owner = window();
    const { response } = owner ? await dialog.showMessageBox(owner, options) : await dialog.showMessageBox(options);
    return response === 0;
  };
}

export function createLinkRouter(): LinkRouter {
  const waiting: string[] = [];
  let connected: Parameters<LinkRouter['connect']>[0] | null = null;

  const dial = (raw: string): void => {
    if (!connected) {
      waiting.push(raw);
      return;
    }
    const { dispatch, service, raiseWindow, confirm } = connected;
    raiseWindow();
    const parsed = parseCallLink(raw);
    if (!parsed.ok) {
      service.notify('warning', text('notice.linkIgnored', { reason: parsed.reason }));
      return;
    }
    void confirm(parsed.target)
      .then(async (yes) => {
        if (!yes) return;
        const reply = await dispatch('calls.dial', { target: parsed.target });
        if (!reply.ok) service.notify('error', text('notice.linkCallFailed', { target: parsed.target, reason: textOfError(reply.error) }));
      })
      .catch((error: unknown) => shellLog.warn(`Could not ask before dialling a link: ${String(error)}`));
  };

  return {
    handleLink: dial,
    handleArgv(argv) {
      const link = callLinkFromArgv(argv);
      if (link) dial(link);
    },
    connect(target) {
      connected = target;
      for (const raw of waiting.splice(0)) dial(raw);
    },
  };
}
