import { describe, expect, it, vi } from 'vitest';
import { followDeviceChoice } from '../../../src/main/media/deviceChoice';
import type { MediaEnginePort } from '../../../src/main/media/mediaPort';
import type { Text } from '../../../src/shared/text';

function fakePort(connected = true) {
  const requests: Array<{ op: string; sessionId: string | undefined; args: unknown }> = [];
  let refuse = false;
  const port = {
    connected,
    epoch: 0,
    request: vi.fn(async (op: string, sessionId: string | undefined, args: unknown) => {
      requests.push({ op, sessionId, args });
      if (refuse) throw new Error('no such device');
      return undefined;
    }),
    onEvent: () => () => {},
    onDisconnect: () => () => {},
    dispose: () => {},
  };
  return {
    port: port as unknown as MediaEnginePort & { connected: boolean },
    requests,
    refuseNext: () => (refuse = true),
  };
}

describe('followDeviceChoice', () => {
  it('applies the chosen devices on every settings change and when an engine connects', async () => {
    const { port, requests } = fakePort();
    let devices = { audioInputId: 'mic-1' as string | null, audioOutputId: null as string | null };
    const settingsListeners = new Set<() => void>();
    const readyListeners = new Set<() => void>();
    const stop = followDeviceChoice(
      port,
      {
        devices: () => devices,
        onSettingsChange: (l) => (settingsListeners.add(l), () => settingsListeners.delete(l)),
      },
      (l) => (readyListeners.add(l), () => readyListeners.delete(l)),
      () => {},
    );

    devices = { audioInputId: 'mic-2', audioOutputId: 'speaker-9' };
    settingsListeners.forEach((l) => l());
    expect(requests).toEqual([
      {
        op: 'setDevices',
        sessionId: undefined,
        args: { inputDeviceId: 'mic-2', outputDeviceId: 'speaker-9' },
      },
    ]);

    readyListeners.forEach((l) => l());
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(requests).toHaveLength(2);

    stop();
    expect(settingsListeners.size).toBe(0);
    expect(readyListeners.size).toBe(0);
  });

  it('sends nothing without an engine and reports a refusal in words', async () => {
    const idle = fakePort(false);
    const listeners: Array<() => void> = [];
    followDeviceChoice(
      idle.port,
      {
        devices: () => ({ audioInputId: 'x', audioOutputId: null }),
        onSettingsChange: (l) => (listeners.push(l), () => {}),
      },
      () => () => {},
      () => {},
    );
    listeners.forEach((l) => l());
    expect(idle.requests).toHaveLength(0);

    const live = fakePort();
    live.refuseNext();
    const warnings: Text[] = [];
    const again: Array<() => void> = [];
    followDeviceChoice(
      live.port,
      {
        devices: () => ({ audioInputId: 'gone', audioOutputId: null }),
        onSettingsChange: (l) => (again.push(l), () => {}),
      },
      () => () => {},
      (m) => warnings.push(m),
    );
    again.forEach((l) => l());
    await vi.waitFor(() => expect(warnings).toEqual([{ key: 'notice.deviceRefused', params: { reason: expect.stringContaining('no such device') } }]));
  });
});
