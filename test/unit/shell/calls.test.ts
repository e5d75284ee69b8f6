import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallView } from '../../../src/shared/ipc';
import { FakeService, settled } from './fixtures';
import { FakeBrowserWindow, FakeNotification } from './fake-electron';
import { text } from '../../../src/shared/text';

const electron = await vi.hoisted(async () => (await import('./fake-electron')).createElectronMock());
vi.mock('electron', () => ({ default: electron, ...electron }));

const { announceIncomingCalls } = await import('../../../src/main/shell/notifications');
const { registerCallShortcuts } = await import('../../../src/main/shell/shortcuts');
const { keepAwakeDuringCalls } = await import('../../../src/main/shell/call-activity');
const { createDispatcher } = await import('../../../src/main/shell/dispatch');

const call = (id: string, state: CallView['state'], direction: CallView['direction'] = 'incoming'): CallView => ({
  id,
  direction,
  state,
  party: { number: '+46700000002', displayName: 'Bob Berg' },
  calledNumber: '+46850000001',
  calledType: 'landline',
  queueName: null,
  held: state === 'held',
  muted: false,
  startedAt: '2026-11-23T10:00:00.000Z',
  answeredAt: null,
  endedAt: state === 'ended' ? '2026-11-23T10:01:00.000Z' : null,
  endReason: null,
});

let service: FakeService;
beforeEach(() => {
  service = new FakeService();
  FakeNotification.created.length = 0;
  electron.globalShortcut.taken.clear();
  electron.globalShortcut.registered.clear();
  electron.powerSaveBlocker.start.mockClear();
  electron.powerSaveBlocker.stop.mockClear();
});

describe('incoming calls', () => {
  it('raises the window and shows a silent notification with Answer and Decline', async () => {
    const raiseWindow = vi.fn();
    const stop = announceIncomingCalls({ service, dispatch: createDispatcher(service), raiseWindow });
    service.emit({ name: 'calls', payload: [call('c1', 'incoming')] });
    expect(raiseWindow).toHaveBeenCalledOnce();
    const [notification] = FakeNotification.created;
    expect(notification!.options).toMatchObject({
      title: 'Incoming call',
      body: 'Bob Berg (070-000 00 02) → 08-500 000 01',
      silent: true,
      actions: [
        { type: 'button', text: 'Answer' },
        { type: 'button', text: 'Decline' },
      ],
    });
    expect(notification!.shown).toBe(true);

    notification!.emit('action', {}, 0);
    notification!.emit('action', {}, 1);
    notification!.emit('click');
    await settled();
    expect(service.execute.mock.calls).toEqual([
      ['calls.answer', { callId: 'c1' }],
      ['calls.decline', { callId: 'c1' }],
    ]);
    expect(raiseWindow).toHaveBeenCalledTimes(2);

    // The same ringing call does not notify twice; once answered the notification goes.
    service.emit({ name: 'calls', payload: [call('c1', 'incoming')] });
    expect(FakeNotification.created).toHaveLength(1);
    service.emit({ name: 'calls', payload: [call('c1', 'active')] });
    expect(notification!.closed).toBe(true);
    stop();
  });
});

describe('power and throttling during calls', () => {
  it('blocks suspension and background throttling while a call is live', () => {
    const window = new FakeBrowserWindow({ webPreferences: {} });
    const stop = keepAwakeDuringCalls(service, () => window as never);
    service.emit({ name: 'calls', payload: [call('c1', 'dialing', 'outgoing')] });
    expect(electron.powerSaveBlocker.start).toHaveBeenCalledWith('prevent-app-suspension');
    expect(window.webContents.backgroundThrottling).toBe(false);
    service.emit({ name: 'calls', payload: [call('c1', 'active', 'outgoing')] });
    expect(electron.powerSaveBlocker.start).toHaveBeenCalledOnce();
    service.emit({ name: 'calls', payload: [call('c1', 'ended', 'outgoing')] });
    expect(electron.powerSaveBlocker.stop).toHaveBeenCalledWith(42);
    expect(window.webContents.backgroundThrottling).toBe(true);
    stop();
  });
});

describe('global shortcuts', () => {
  it('answers the ringing call and hangs up the live one', async () => {
    const stop = registerCallShortcuts(service, createDispatcher(service));
    expect([...electron.globalShortcut.registered.keys()]).toEqual(['CommandOrControl+Shift+A', 'CommandOrControl+Shift+H']);
    service.emit({ name: 'calls', payload: [call('c1', 'incoming')] });
    electron.globalShortcut.registered.get('CommandOrControl+Shift+A')!();
    service.emit({ name: 'calls', payload: [call('c1', 'active')] });
    electron.globalShortcut.registered.get('CommandOrControl+Shift+H')!();
    await settled();
    expect(service.execute.mock.calls).toEqual([
      ['calls.answer', { callId: 'c1' }],
      ['calls.hangUp', { callId: 'c1' }],
    ]);
    stop();
    expect(electron.globalShortcut.registered.size).toBe(0);
  });

  it('re-registers on a settings change and reports a shortcut another app holds', () => {
    electron.globalShortcut.taken.add('Alt+F1');
    const stop = registerCallShortcuts(service, createDispatcher(service));
    const settings = service.snapshot().settings;
    service.emit({ name: 'settings', payload: { ...settings, shortcuts: { answer: 'Alt+F1', hangUp: 'Alt+F2' } } });
    expect([...electron.globalShortcut.registered.keys()]).toEqual(['Alt+F2']);
    expect(service.notices).toEqual([
      { kind: 'warning', text: text('notice.shortcutTaken', { action: 'answer', accelerator: 'Alt+F1' }) },
    ]);
    service.emit({ name: 'settings', payload: { ...settings, shortcuts: { answer: 'Alt+F3', hangUp: 'Alt+F3' } } });
    expect(electron.globalShortcut.registered.size).toBe(0);
    expect(service.notices.at(-1)!.text).toEqual(text('notice.shortcutsSame', { accelerator: 'Alt+F3' }));
    stop();
  });
});
