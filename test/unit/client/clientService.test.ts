/** The service's own rules, without a server: validation, signed-out behaviour, settings, saved-data problems. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientService } from '../../../src/main/client/clientService';
import { FileStore } from '../../../src/main/client/fileStore';
import { MemorySecretPort } from '../../../src/main/client/memorySecrets';
import { formatText } from '../../../src/shared/i18n';

describe('ClientService without a server', () => {
  let dir: string;
  let service: ClientService;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'client-service-'));
  });
  afterEach(async () => {
    await service?.shutdown();
    await rm(dir, { recursive: true, force: true });
  });

  const start = async () => {
    service = new ClientService({
      persistence: new FileStore({ dir }),
      secrets: new MemorySecretPort(),
      sipEngineFactory: null,
    });
    await service.start();
    return service;
  };

  it('rejects hostile or malformed arguments with the field named', async () => {
    await start();
    await expect(
      service.invoke('calls.dtmf', { callId: 'c1', tones: '1; rm -rf' }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('calls.dtmf: tones'),
    });
    await expect(service.invoke('no.such' as never, null)).rejects.toMatchObject({
      code: 'invalid_argument',
      message: 'Unknown command "no.such"',
    });
    await expect(
      service.invoke('session.signIn', { serverUrl: '   ', userName: 'a', password: 'b' }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('signs in to a host name typed without a scheme over https, and names an address it cannot read', async () => {
    const asked: string[] = [];
    service = new ClientService({
      persistence: new FileStore({ dir }),
      secrets: new MemorySecretPort(),
      sipEngineFactory: null,
      fetch: (input) => {
        asked.push(String(input));
        return Promise.resolve(new Response(JSON.stringify({ error: 'unauthenticated', message: 'Wrong user name, email or password' }), { status: 401, headers: { 'content-type': 'application/json' } }));
      },
    });
    await service.start();
    const refused = await service.invoke('session.signIn', { serverUrl: 'phone.example.com', userName: 'a', password: 'b' });
    expect(asked).toEqual(['https://phone.example.com/api/v1/auth/sign-in']);
    expect(refused.status).toBe('signedOut');
    const unreadable = await service.invoke('session.signIn', { serverUrl: 'not a url', userName: 'a', password: 'b' });
    expect(unreadable.error && formatText('en', unreadable.error)).toBe(
      '“not a url” is not a server address: type the address your administrator gave you, like phone.example.com.',
    );
  });

  it('refuses account commands while signed out', async () => {
    await start();
    await expect(service.invoke('profiles.switch', { profileId: 'p1' })).rejects.toMatchObject({
      code: 'unauthenticated',
      message: 'Sign in first',
    });
    await expect(service.invoke('admin.templates.list', null)).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    await expect(service.invoke('calls.dial', { target: '1002' })).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    expect(await service.invoke('session.signOut', null)).toEqual({ ok: true });
  });

  it('validates, saves and emits settings once per real change', async () => {
    await start();
    const seen: string[] = [];
    service.on('settings', (s) => seen.push(s.ringtone));
    const updated = await service.invoke('settings.update', { ringtone: 'soft' });
    expect(updated.ringtone).toBe('soft');
    await service.invoke('settings.update', { ringtone: 'soft' });
    expect(seen).toEqual(['soft']);
    await expect(service.invoke('settings.update', { countryCode: 'abc' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await service.saved();
    const reloaded = await new FileStore({ dir }).load();
    expect(reloaded.state.settings.ringtone).toBe('soft');
  });

  it('reports unreadable saved data as a notice and keeps a copy', async () => {
    await writeFile(path.join(dir, 'client-state.json'), '{ this is not json');
    await start();
    const notices = (await service.snapshot()).notices;
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      kind: 'warning',
      text: {
        key: 'notice.storeMovedAside',
        params: { movedTo: expect.stringMatching(/client-state\.corrupt-.*\.json$/) },
      },
    });
    expect(formatText('en', notices[0]!.text)).toMatch(
      /^Your saved data could not be read and was moved to .*client-state\.corrupt-.*\.json; starting fresh\.$/,
    );
    await service.invoke('notices.dismiss', { id: notices[0]!.id });
    expect((await service.snapshot()).notices).toEqual([]);
  });
});
