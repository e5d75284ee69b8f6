/**
 * The cluster test's calls (issue 15), run inside its suite (cluster.test.ts) on the same
 * cluster: three server instances behind HAProxy and the pair of PBX proxies, which ask the
 * servers through the balancer. Every instance names both proxies, A first; the real SIP
 * engine (sipPhones.ts, SDP-only media) registers at A (alice) or B (bob, olga of Globex).
 *
 * - A call between users on different proxies is answered on both sides, its media relayed by
 *   the caller's proxy; desk phones (baresip, real G.711) on A and B hear each other.
 * - Another company's user on B cannot reach alice on A, by extension or SIP name.
 * - Proxy A SIGKILLed: alice registers at B (she was given both addresses) and bob's call to her
 *   is answered again; how long that took is printed, not asserted.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCluster } from '../../scripts/cluster/cluster';
import type { RunningPbx } from '../../scripts/pbx/pbx';
import type { RunningPbxPair } from '../../scripts/pbx/pair';
import { defaultBackoff } from '../../src/shared/backoff';
import { text } from '../../src/shared/text';
import { startBaresip, wavLoudness, type Baresip } from '../support/baresip';
import { relayedCalls } from '../support/pbxStack';
import { apiAt, signInWith } from '../support/server';
import { connectCall, ring, rings, sipPhones, type SipPhones, type TestPhone } from '../support/sipPhones';
import { eventually } from '../support/softphones';

/** `from` dials `dialled` until `to` rings (its registration may not have reached the caller's proxy yet); `to` answers. */
async function deskCall(from: Baresip, to: Baresip, dialled: string): Promise<void> {
  await eventually(async () => {
    const [closed, incoming] = [from.events.length, to.events.length];
    await from.dial(dialled);
    const rang = await Promise.race([
      to.waitForEvent('CALL_INCOMING', { after: incoming }).then(() => true),
      from.waitForEvent('CALL_CLOSED', { after: closed }).then(() => false),
    ]).catch(() => false);
    if (!rang) {
      await from.hangUp().catch(() => undefined); // whatever answered instead (nothing, as the test's profile has no exceptions)
      return false;
    }
    const established = to.events.length;
    await to.answer();
    await to.waitForEvent('CALL_ESTABLISHED', { after: established });
    return true;
  }, `${to.aor} never rang for ${from.aor}`);
}

export function pairSuite(getCluster: () => RunningCluster, userId: (userName: string) => string): void {
  describe('with the pair of PBX proxies', () => {
    let pair: RunningPbxPair;
    let proxyA: RunningPbx;
    let proxyB: RunningPbx;
    let phones: SipPhones;
    let alice: TestPhone; // on A
    let bob: TestPhone; // on B
    let olga: TestPhone; // Globex, on B
    const aliceRang: string[] = [];

    beforeAll(async () => {
      const cluster = getCluster();
      if (!cluster.pbx) throw new Error('The cluster was started without its PBX');
      pair = cluster.pbx;
      [proxyA, proxyB] = pair.proxies;
      const [urlA, urlB] = pair.wsUrls as [string, string];
      // every instance names both proxies, A first
      for (const instance of cluster.instances) {
        const direct = apiAt(() => instance.url);
        const named = (await (await direct('/api/v1/me/sip', { token: await signInWith(direct, 'alice') })).json()) as unknown;
        expect(named, instance.name).toMatchObject({ wsUrl: urlA, wsUrls: [urlA, urlB] });
      }
      const api = apiAt(() => cluster.url);
      phones = sipPhones({ api, signIn: (userName) => signInWith(api, userName), userId, defaultWsUrl: urlA });
      for (const user of ['alice', 'bob']) await phones.useProfile(user, {});
      // alice retries as the app does (defaultBackoff), so the failover time printed is the app's
      alice = await phones.phone('alice', { backoff: defaultBackoff }); // as the servers say: A, then B
      bob = await phones.phone('bob', { wsUrls: [urlB, urlA] });
      olga = await phones.phone('olga', { wsUrls: [urlB, urlA] });
      // alice's registration reaches B over DMQ within moments
      await eventually(() => rings(bob, alice, '1001'), 'alice (on A) never rang for bob (on B)');
      alice.engine.on('call', (call) => {
        if (call.state === 'incoming') aliceRang.push(call.id);
      });
    });
    afterEach(async () => {
      await phones.hangUpAll();
    });
    afterAll(async () => {
      await phones?.stopPhones();
    });

    it('connects a caller on proxy A to a callee on proxy B, media through A', async () => {
      const { fromCall, toCall } = await connectCall(alice, bob, '1002');
      expect(await relayedCalls(proxyA)).toBe(1);
      expect(await relayedCalls(proxyB)).toBe(0);
      const aliceEnded = alice.engine.once('callEnded', (call) => call.id === fromCall);
      await bob.engine.hangUp(toCall);
      expect((await aliceEnded).endReason).toEqual(text('callEnd.otherHungUp'));
      await eventually(async () => (await relayedCalls(proxyA)) === 0, 'rtpengine on A still relays the call');
    });

    it('carries audio both ways between desk phones on proxy A and proxy B', async () => {
      await phones.useProfile('dave', { routing: { any: ring('deskphone') } });
      const desks: Baresip[] = [];
      try {
        for (const [user, proxy] of [['carol', proxyA], ['dave', proxyB]] as const) {
          const account = await phones.provisionDeskPhone(user);
          const registrar = `${proxy.host}:${proxy.sipPort}`;
          desks.push(await startBaresip({ user: account.device.sipUser, password: account.password, domain: account.domain, registrar, debug: process.env.PBX_DEBUG === '1' }));
        }
        const [carolDesk, daveDesk] = desks as [Baresip, Baresip];
        await deskCall(carolDesk, daveDesk, '1004');
        expect(await relayedCalls(proxyA)).toBe(1);
        expect(await relayedCalls(proxyB)).toBe(0);
        for (const [listener, speaker] of [[carolDesk, daveDesk], [daveDesk, carolDesk]] as const) {
          await eventually(() => {
            const file = listener.recordings().dec.at(-1);
            return file !== undefined && wavLoudness(file).loudFrames > 10;
          }, `${listener.aor} heard nothing from ${speaker.aor}`);
        }
        const closed = daveDesk.events.length;
        await carolDesk.hangUp();
        await daveDesk.waitForEvent('CALL_CLOSED', { after: closed });
      } finally {
        for (const desk of desks) await desk.stop();
      }
    });

    it("keeps another company's user on proxy B from reaching alice on proxy A", async () => {
      const before = aliceRang.length;
      for (const dialled of ['1001', 'alice']) {
        const ended = olga.engine.once('callEnded');
        await olga.engine.dial(dialled);
        expect((await ended).endReason, dialled).toEqual(text('callEnd.notFound'));
      }
      expect(aliceRang.slice(before)).toEqual([]);
    });

    it("moves proxy A's softphones to proxy B when A is SIGKILLed, where calls reach them again", async () => {
      const registeredAgain = alice.engine.once('registration', (state) => state.status === 'registered');
      const killedAt = Date.now();
      await proxyA.kill();
      await registeredAgain;
      const registeredAfterMs = Date.now() - killedAt;
      const { fromCall } = await connectCall(bob, alice, '1001');
      const reachableAfterMs = Date.now() - killedAt;
      // the call came in on B (A is gone), so B relays its media
      expect(await relayedCalls(proxyB)).toBe(1);
      console.info(`cluster: proxy A SIGKILLed; alice registered on B after ${registeredAfterMs} ms, a call to her was answered after ${reachableAfterMs} ms`);
      const aliceEnded = alice.engine.once('callEnded');
      await bob.engine.hangUp(fromCall);
      await aliceEnded;
    });
  });
}
