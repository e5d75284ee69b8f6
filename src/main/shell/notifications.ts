/**
 * Incoming calls reach the user even when the window is hidden: an OS notification with
 * Answer/Decline (where the platform shows actions; a click always raises the window) and
 * the window raised. The ringtone itself plays in the renderer through the chosen ringer
 * device, driven by the calls slice, so the notification is silent.
 */
import { Notification } from 'electron';
import type { CallView } from '../../shared/ipc';
import { callerLabel, isRinging } from './calls-view';
import { userLanguage } from './tray-menu';
import { format } from '../../shared/i18n';
import type { Dispatch } from './dispatch';
import type { ShellService } from './service';
import { textOfError } from '../../shared/text';
import { readableNumber } from '../../shared/people';

export interface IncomingCallOptions {
  service: ShellService;
  dispatch: Dispatch;
  raiseWindow: () => void;
}

export function announceIncomingCalls({ service, dispatch, raiseWindow }: IncomingCallOptions): () => void {
  const shown = new Map<string, Notification>();

  const run = (name: 'calls.answer' | 'calls.decline', callId: string): void => {
    void dispatch(name, { callId }).then((reply) => {
      if (!reply.ok) service.notify('error', textOfError(reply.error));
    });
  };

  const update = (calls: readonly CallView[]): void => {
    const ringing = new Set<string>();
    for (const call of calls.filter(isRinging)) {
      ringing.add(call.id);
      if (shown.has(call.id)) continue;
      raiseWindow();
      if (!Notification.isSupported()) continue;
      const snapshot = service.snapshot();
      const language = userLanguage(snapshot);
      const caller = callerLabel(call, snapshot, language);
      const notification = new Notification({
        title: call.queueName
          ? format(language, 'notification.incomingQueue', { queue: call.queueName })
          : format(language, 'notification.incoming'),
        body: call.calledNumber
          ? format(language, 'notification.body', { caller, number: readableNumber(call.calledNumber, snapshot.settings.countryCode) })
          : caller,
        silent: true,
        urgency: 'critical',
        timeoutType: 'never',
        actions: [
          { type: 'button', text: format(language, 'notification.answer') },
          { type: 'button', text: format(language, 'notification.decline') },
        ],
      });
      notification.on('action', (_event, index) => run(index === 0 ? 'calls.answer' : 'calls.decline', call.id));
      notification.on('click', raiseWindow);
      notification.show();
      shown.set(call.id, notification);
    }
    for (const [callId, notification] of shown) {
      if (ringing.has(callId)) continue;
      notification.close();
      shown.delete(callId);
    }
  };

  update(service.snapshot().calls);
  const unsubscribe = service.subscribe((change) => {
    if (change.name === 'calls') update(change.payload);
  });
  return () => {
    unsubscribe();
    for (const notification of shown.values()) notification.close();
    shown.clear();
  };
}
