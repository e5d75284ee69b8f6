/**
 * A pair of PBX proxies (scripts/pbx/pair.ts, kamailio.cfg PBX_CLUSTER): two Kamailio instances,
 * each with its own rtpengine, sharing registrations over DMQ, with the real profile server
 * naming both (`wsUrls` of GET /me/sip). Softphones registered on different proxies call each
 * other (signalling through both, media through the rtpengine of the proxy the call came in
 * on); a proxy refusing the registration or down sends a softphone on to the next; proxy A
 * killed with SIGKILL, the softphones that were on it register on B and are reachable again;
 * A restarted, it learns B's registrations and B learns its own.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { RegistrationSnapshot } from '../../../src/main/sip/types';
import type { RunningPbx } from '../../../scripts/pbx/pbx';
import { connectCall as connect, rings, startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';
import { relayedCalls } from '../../support/pbxStack';
import { eventually } from '../../support/softphones';
import { text } from '../../../src/shared/text';
import { defaultBackoff } from '../../../src/shared/backoff';

describe('a pair of PBX proxies', () => {
  let harness: SipHarness;
  let proxyA: RunningPbx;
  let proxyB: RunningPbx;
  let alice: TestPhone; // on A
  let bob: TestPhone; // on B
  let carol: TestPhone; // on A

  beforeAll(async () => {
    harness = await startSipHarness({}, { pair: true });
    [proxyA, proxyB] = harness.pair!.proxies;
    for (const user of ['alice', 'bob', 'carol']) await harness.useProfile(user, {});
    const [urlA, urlB] = harness.pair!.wsUrls as [string, string];
    // the server names both proxies, A first
    const named = (await (await harness.server.api('/api/v1/me/sip', { token: await harness.server.signIn('alice') })).json()) as { wsUrl: string; wsUrls: string[] };
    expect(named).toMatchObject({ wsUrl: urlA, wsUrls: [urlA, urlB] });
    // alice and carol retry as the app does (defaultBackoff), so the failover time printed below is the app's
    alice = await harness.phone('alice', { backoff: defaultBackoff }); // as the server says: A, then B
    bob = await harness.phone('bob', { wsUrls: [urlB, urlA] });
    carol = await harness.phone('carol', { backoff: defaultBackoff });
    // registrations reach the other proxy over DMQ within moments
    await new Promise((resolve) => setTimeout(resolve, 500));
  });

  afterEach(async () => {
    await harness.hangUpAll();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('connects a caller on proxy A to a callee on proxy B, media through A, and both can hang up', async () => {
    const { fromCall, toCall } = await connect(alice, bob, '1002');
    // the proxy the call came in on relays its media, the other only signals
    expect(await relayedCalls(proxyA)).toBe(1);
    expect(await relayedCalls(proxyB)).toBe(0);
    // re-INVITEs both ways go through both proxies; only A touches their media
    const bobMedia = [...bob.media.handlers.values()].at(-1);
    await bob.engine.hold(toCall, true);
    expect(bobMedia?.localDirection).toBe('sendonly');
    await bob.engine.hold(toCall, false);
    await alice.engine.hold(fromCall, true);
    expect(bobMedia?.localDirection).toBe('recvonly');
    await alice.engine.hold(fromCall, false);
    expect(bobMedia?.localDirection).toBe('sendrecv');
    expect(await relayedCalls(proxyA)).toBe(1);
    expect(await relayedCalls(proxyB)).toBe(0);
    // an in-dialog request from the callee's side goes back through both proxies
    const aliceEnded = alice.engine.once('callEnded', (call) => call.id === fromCall);
    await bob.engine.hangUp(toCall);
    expect((await aliceEnded).endReason).toEqual(text('callEnd.otherHungUp'));
    await eventually(async () => (await relayedCalls(proxyA)) === 0, 'rtpengine on A still relays the call');
  });

  it('connects a caller on proxy B to a callee on proxy A, media through B', async () => {
    const { fromCall } = await connect(bob, alice, '1001');
    expect(await relayedCalls(proxyB)).toBe(1);
    expect(await relayedCalls(proxyA)).toBe(0);
    const bobEnded = bob.engine.once('callEnded', (call) => call.id === fromCall);
    const aliceEnded = alice.engine.once('callEnded');
    await alice.engine.hangUp((await alice.engine.calls())[0]!.id);
    await Promise.all([bobEnded, aliceEnded]);
  });

  it('moves on to the next proxy when the first refuses the registration', async () => {
    // a "proxy" that takes the WebSocket and answers every request 503
    const refusing = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
    await new Promise((resolve) => refusing.once('listening', resolve));
    let refused = 0;
    refusing.on('connection', (socket) =>
      socket.on('message', (data: Buffer) => {
        const request = data.toString('utf8');
        if (!/^[A-Z]+ sip:/.test(request)) return;
        refused += 1;
        const copied = request.split('\r\n').filter((line) => /^(via|from|to|call-id|cseq):/i.test(line));
        socket.send(['SIP/2.0 503 Service Unavailable', ...copied, 'Content-Length: 0', '', ''].join('\r\n'));
      }),
    );
    const { port } = refusing.address() as AddressInfo;
    try {
      const dave = await harness.phone('dave', { wsUrls: [`ws://127.0.0.1:${port}`, harness.pair!.wsUrls[1]!], waitRegistered: false });
      if (dave.engine.registrationState.status !== 'registered') {
        await dave.engine.once('registration', (state) => state.status === 'registered');
      }
      expect(refused).toBeGreaterThan(0);
      const { fromCall } = await connect(alice, dave, '1004');
      const daveEnded = dave.engine.once('callEnded');
      await alice.engine.hangUp(fromCall);
      await daveEnded;
      await dave.engine.stop();
    } finally {
      refusing.close();
    }
  });

  it('moves the softphones of a killed proxy to the other one, where they are reachable again', async () => {
    const registeredAgain = (phone: TestPhone): Promise<RegistrationSnapshot> =>
      phone.engine.once('registration', (state) => state.status === 'registered');
    const aliceBack = registeredAgain(alice);
    const carolBack = registeredAgain(carol);
    const killedAt = Date.now();
    await proxyA.kill();
    await Promise.all([aliceBack, carolBack]);
    const registeredAfterMs = Date.now() - killedAt;

    // bob (on B all along) calls alice, now on B
    const { fromCall } = await connect(bob, alice, '1001');
    const reachableAfterMs = Date.now() - killedAt;
    console.log(`proxy A killed: its softphones registered on B after ${registeredAfterMs} ms, a call to one of them was answered after ${reachableAfterMs} ms`);
    const aliceEnded = alice.engine.once('callEnded');
    await bob.engine.hangUp(fromCall);
    await aliceEnded;

    // and alice, on B now, reaches carol, on B too
    await connect(alice, carol, '1003');
  });

  it('starts a softphone on the next proxy when the first does not answer', async () => {
    // proxy A is down since the test above; dave is told A first, as the server says
    const dave = await harness.phone('dave');
    const { fromCall } = await connect(bob, dave, '1004');
    const daveEnded = dave.engine.once('callEnded');
    await bob.engine.hangUp(fromCall);
    await daveEnded;
    await dave.engine.stop();
  });

  it('brings a restarted proxy the registrations of the other, and its own to the other; B’s calls stay counted', async () => {
    // everyone is on B now: a call on B goes on while A restarts
    const { fromCall } = await connect(alice, bob, '1002');
    const inCall = (user: string) => harness.server.server.ctx.calls.inCall(harness.server.company.users[user]!.id);
    await eventually(() => inCall('alice') && inCall('bob'), 'the server never heard of the call on B');
    await proxyA.restart();
    // a softphone that starts on A
    const [urlA, urlB] = harness.pair!.wsUrls as [string, string];
    const dave = await harness.phone('dave', { wsUrls: [urlA, urlB] });
    // A reported its restart (before taking any request): B's call is still counted (busy,
    // presence), and ends when B reports it.
    expect(inCall('alice') && inCall('bob')).toBe(true);
    await alice.engine.hangUp(fromCall);
    await eventually(() => !inCall('alice') && !inCall('bob'), 'B never reported the end of its call');
    // A learnt B's registrations (full sync at start), B learns dave's
    await eventually(() => rings(dave, alice, '1001'), 'alice (on B) never rang for dave (on the restarted A)');
    await connect(alice, dave, '1004');
  });
});
