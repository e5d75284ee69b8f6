/**
 * Makes the app the handler for call links and routes every link to `calls.dial`, whichever
 * way it arrives: the first start's argv, a second instance's argv (forwarded by the
 * single-instance lock) or macOS's open-url. Links that arrive before the client service is
 * up wait for it.
 */
import { app } from 'electron';
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
  /** Starts dialling: links received before this are dialled now, in order. */
  connect(target: { dispatch: Dispatch; service: ShellService; raiseWindow: () => void }): void;
}

export function createLinkRouter(): LinkRouter {
  const waiting: string[] = [];
  let connected: Parameters<LinkRouter['connect']>[0] | null = null;

  const dial = (raw: string): void => {
    if (!connected) {
      waiting.push(raw);
      return;
    }
    const { dispatch, service, raiseWindow } = connected;
    raiseWindow();
    const parsed = parseCallLink(raw);
    if (!parsed.ok) {
      service.notify('warning', text('notice.linkIgnored', { reason: parsed.reason }));
      return;
    }
    void dispatch('calls.dial', { target: parsed.target }).then((reply) => {
      if (!reply.ok) service.notify('error', text('notice.linkCallFailed', { target: parsed.target, reason: textOfError(reply.error) }));
    });
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
