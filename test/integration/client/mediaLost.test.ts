/**
 * A call whose media engine dies (renderer crashed or closed) is hung up, not left up in
 * silence: the client service composed with the media bridge as the app composes it, over a
 * stand-in engine whose transport closes; the other side is a real SIP engine via Kamailio.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgedMediaFactory, createMediaPort } from '../../../src/main/media';
import type { ClientService } from '../../../src/main/client/clientService';
import { startClient, type TestClient } from '../../support/clients';
import { FakeMediaEngine } from '../../support/fakeMediaEngine';
import { passwordOf } from '../../support/server';
import { startSipHarness, type SipHarness } from '../../support/sipHarness';
import { text } from '../../../src/shared/text';

describe('client service: a call whose media is lost', () => {
  let harness: SipHarness;
  let alice: TestClient | undefined;

  beforeAll(async () => {
    harness = await startSipHarness();
  });
  afterAll(async () => {
    await alice?.stop();
    await harness?.hangUpAll();
    await harness?.stop();
  });

  it('is hung up (BYE reaches the other side) and the user is told why', async () => {
    const engine = new FakeMediaEngine();
    const port = createMediaPort(engine, { timeoutMs: 5000 });
    let service: ClientService | null = null;
    const media = bridgedMediaFactory(port, { onMediaLost: (session, reason) => void service?.mediaLost(session, reason) });
    // The PBX address comes from the server (the harness announces Kamailio's).
    alice = await startClient({ mediaFactory: media });
    service = alice.service;
    const session = await alice.service.invoke('session.signIn', {
      serverUrl: harness.server.url,
      userName: 'alice',
      password: passwordOf('alice'),
    });
    expect(session).toMatchObject({ status: 'signedIn' });
    await alice.until('registration', (r) => r.status === 'registered', 'alice to register');

    const bob = await harness.phone('bob');
    bob.engine.on('call', (call) => {
      if (call.state === 'incoming') void bob.engine.answer(call.id);
    });
    const bobEnded = bob.engine.once('callEnded', () => true);
    const { callId } = await alice.service.invoke('calls.dial', { target: '1002' });
    await alice.until('calls', (calls) => calls.some((c) => c.id === callId && c.state === 'active'), 'the call to be answered');

    engine.kill('the renderer crashed');

    expect((await bobEnded).endReason).toEqual(text('callEnd.otherHungUp'));
    const ended = await alice.until('calls', (calls) => calls.some((c) => c.id === callId && c.state === 'ended'), 'the call to end');
    expect(ended.find((c) => c.id === callId)?.endReason).toEqual(text('callEnd.audioStopped'));
    const notices = await alice.until('notices', (n) => n.some((x) => x.text.key === 'notice.audioLost'), 'the notice');
    expect(notices.map((n) => n.text)).toContainEqual(text('notice.audioLost', { party: '1002' }));
    port.dispose();
  });
});
