/**
 * Global shortcuts for answer and hang up, taken from settings and re-registered whenever
 * they change. A shortcut another app holds cannot be registered; the user is told which.
 */
import { globalShortcut } from 'electron';
import type { Settings } from '../../shared/ipc';
import { callToHangUp, ringingCall } from './calls-view';
import type { Dispatch } from './dispatch';
import type { ShellService } from './service';
import { text, textOfError } from '../../shared/text';

type Shortcuts = Settings['shortcuts'];

export function registerCallShortcuts(service: ShellService, dispatch: Dispatch): () => void {
  let registered: string[] = [];
  let applied: Shortcuts = { answer: '', hangUp: '' };

  const run = (name: 'calls.answer' | 'calls.decline' | 'calls.hangUp', callId: string): void => {
    void dispatch(name, { callId }).then((reply) => {
      if (!reply.ok) service.notify('error', textOfError(reply.error));
    });
  };
  const answer = (): void => {
    const call = ringingCall(service.snapshot().calls);
    if (call) run('calls.answer', call.id);
  };
  const hangUp = (): void => {
    const calls = service.snapshot().calls;
    const call = callToHangUp(calls);
    if (call) return run('calls.hangUp', call.id);
    const ringing = ringingCall(calls);
    if (ringing) run('calls.decline', ringing.id);
  };

  const apply = (shortcuts: Shortcuts): void => {
    if (shortcuts.answer === applied.answer && shortcuts.hangUp === applied.hangUp) return;
    applied = { ...shortcuts };
    for (const accelerator of registered) globalShortcut.unregister(accelerator);
    registered = [];
    if (shortcuts.answer !== '' && shortcuts.answer === shortcuts.hangUp) {
      service.notify('warning', text('notice.shortcutsSame', { accelerator: shortcuts.answer }));
      return;
    }
    const wanted: Array<['answer' | 'hangUp', string, () => void]> = [
      ['answer', shortcuts.answer, answer],
      ['hangUp', shortcuts.hangUp, hangUp],
    ];
    for (const [label, accelerator, action] of wanted) {
      if (accelerator === '') continue;
      if (tryRegister(accelerator, action)) registered.push(accelerator);
      else {
        service.notify(
          'warning',
          text('notice.shortcutTaken', { action: label, accelerator }),
        );
      }
    }
  };

  apply(service.snapshot().settings.shortcuts);
  const unsubscribe = service.subscribe((change) => {
    if (change.name === 'settings') apply(change.payload.shortcuts);
  });
  return () => {
    unsubscribe();
    for (const accelerator of registered) globalShortcut.unregister(accelerator);
    registered = [];
  };
}

function tryRegister(accelerator: string, action: () => void): boolean {
  try {
    return globalShortcut.register(accelerator, action);
  } catch {
    // Electron throws on an accelerator it cannot parse.
    return false;
  }
}
