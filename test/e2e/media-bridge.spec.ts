/**
 * The media bridge end to end: two SIP engines (main-process code, here in Node) registered
 * with a real Kamailio that asks the real profile server, each driving its own media engine in
 * a Chromium page over the loopback WebSocket transport. Media flows from each page to the
 * PBX's rtpengine, which relays it (Chromium gathers no loopback candidates but reaches
 * rtpengine's loopback candidate from the host's own address).
 */
import { bridgedMediaFactory, type BridgedMediaOptions } from '../../src/main/media/bridgedSessionDescriptionHandler';
import { startPbx, type RunningPbx } from '../../scripts/pbx/pbx';
import { startTestServer, type TestServer } from '../support/server';
import { CallLog, startSoftphone, type Softphone } from '../support/softphones';
import { expect, test, type EngineHandle } from './mediaFixtures';

let server: TestServer;
let pbx: RunningPbx;

test.beforeAll(async () => {
  server = await startTestServer();
  // the whole PBX: media between the two pages goes through rtpengine (ICE and DTLS on both legs);
  // no media component, so a call the callee's softphone fails reaches no voicemail and the
  // caller sees it fail (bob's profile sends unreachable calls to voicemail)
  pbx = await startPbx({ profileServerUrl: server.url, pbxSecret: server.pbxSecret, domain: server.sipDomain, media: false });
});

test.afterAll(async () => {
  await pbx?.stop();
  await server?.stop();
});

/** Runs `body` with the softphones started, and always stops them (unregistering). */
async function withSoftphones(
  phones: Array<{ userName: string; engine: EngineHandle; autoAnswer?: boolean; media?: BridgedMediaOptions }>,
  body: (softphones: Softphone[]) => Promise<void>,
): Promise<void> {
  const started: Softphone[] = [];
  try {
    for (const phone of phones) {
      started.push(
        await startSoftphone({
          server,
          wsUrl: pbx.wsUrl,
          userName: phone.userName,
          mediaFactory: bridgedMediaFactory(phone.engine.port, phone.media),
          autoAnswer: phone.autoAnswer,
        }),
      );
    }
    await body(started);
  } finally {
    for (const phone of started) await phone.stop().catch(() => undefined);
  }
}

/** Inbound bytes and the loudest level seen so far on the page's (single) session. */
async function inbound(engine: EngineHandle): Promise<{ bytes: number; level: number }> {
  const [stats] = await engine.pageStats();
  return { bytes: stats?.inbound.bytesReceived ?? 0, level: stats?.inbound.audioLevel ?? 0 };
}

test('two softphones hold a call whose audio both media engines receive and play, through hold and resume', async ({ openEngine }) => {
  const aliceMedia = await openEngine('alice');
  const bobMedia = await openEngine('bob');
  await withSoftphones(
    [
      { userName: 'alice', engine: aliceMedia },
      { userName: 'bob', engine: bobMedia, autoAnswer: true },
    ],
    async ([alice, bob]) => {
      const aliceCalls = new CallLog(alice!.engine);
      const bobCalls = new CallLog(bob!.engine);
      const callId = await alice!.engine.dial(server.company.users.bob!.numbers!.extension!);
      await aliceCalls.waitFor((c) => c.id === callId && c.state === 'active', 15_000, 'answered at alice');
      await bobCalls.waitFor((c) => c.state === 'active', 15_000, 'answered at bob');

      for (const media of [aliceMedia, bobMedia]) {
        const first = await inbound(media);
        await expect.poll(async () => (await inbound(media)).bytes, { timeout: 15_000 }).toBeGreaterThan(first.bytes);
        // The fake microphone beeps; between beeps the level is 0, so wait for a beep to arrive.
        await expect.poll(async () => (await inbound(media)).level, { timeout: 15_000 }).toBeGreaterThan(0);
      }

      // The same figures reach main through the port (what a UI in main would read).
      const viaPort = await aliceMedia.port.request('getStats', (await aliceMedia.pageStats())[0]!.sessionId, {});
      expect(viaPort.inbound.bytesReceived).toBeGreaterThan(0);

      // Hold and resume go through the bridge as re-INVITEs with options.hold; DTMF as RFC 4733.
      await alice!.engine.hold(callId, true);
      await alice!.engine.hold(callId, false);
      const resumed = await inbound(aliceMedia);
      await expect.poll(async () => (await inbound(aliceMedia)).bytes, { timeout: 15_000 }).toBeGreaterThan(resumed.bytes);
      expect(await alice!.engine.sendDtmf(callId, '1#')).toBe('rfc4733');

      await alice!.engine.hangUp(callId);
      await bobCalls.waitFor((c) => c.state === 'ended', 10_000, 'ended at bob');
      // sip.js closed both handlers, and the bridge closed both media sessions.
      await expect.poll(async () => (await aliceMedia.pageStats()).length).toBe(0);
      await expect.poll(async () => (await bobMedia.pageStats()).length).toBe(0);
      aliceCalls.dispose();
      bobCalls.dispose();
    },
  );
});

test('a callee whose media page is gone fails the call with a SIP error instead of hanging', async ({ openEngine }) => {
  const aliceMedia = await openEngine('alice');
  const bobMedia = await openEngine('bob');
  await withSoftphones(
    [
      { userName: 'alice', engine: aliceMedia },
      { userName: 'bob', engine: bobMedia, autoAnswer: true },
    ],
    async ([alice, bob]) => {
      await bobMedia.page.close();
      const aliceCalls = new CallLog(alice!.engine);
      const bobCalls = new CallLog(bob!.engine);
      const startedAt = Date.now();
      const callId = await alice!.engine.dial(server.company.users.bob!.numbers!.extension!);
      const ended = await aliceCalls.waitFor((c) => c.id === callId && c.state === 'ended', 10_000, 'ended at alice');
      console.log(`call to a softphone without media failed after ${Date.now() - startedAt} ms: ${JSON.stringify(ended.endReason)}`);
      expect(ended.answeredAt).toBeNull();
      expect(ended.endReason).toBeTruthy();
      expect((await bobCalls.waitFor((c) => c.state === 'ended', 5000, 'ended at bob')).answeredAt).toBeNull();
      aliceCalls.dispose();
      bobCalls.dispose();
    },
  );
});

test('a callee whose media engine is too slow fails the call within the port bound', async ({ openEngine }) => {
  const aliceMedia = await openEngine('alice');
  const bobMedia = await openEngine('bob', { timeoutMs: 1000 });
  await withSoftphones(
    [
      { userName: 'alice', engine: aliceMedia },
      { userName: 'bob', engine: bobMedia, autoAnswer: true },
    ],
    async ([alice, bob]) => {
      const aliceCalls = new CallLog(alice!.engine);
      const bobCalls = new CallLog(bob!.engine);
      // Bob's renderer gets stuck (a long task) as the call comes in.
      const stuck = bobMedia.page.evaluate(() => {
        const until = Date.now() + 6000;
        while (Date.now() < until) {
          // busy: the engine cannot answer
        }
      });
      const startedAt = Date.now();
      const callId = await alice!.engine.dial(server.company.users.bob!.numbers!.extension!);
      const ended = await aliceCalls.waitFor((c) => c.id === callId && c.state === 'ended', 10_000, 'ended at alice');
      console.log(`call to a stuck media engine failed after ${Date.now() - startedAt} ms: ${JSON.stringify(ended.endReason)}`);
      expect(ended.answeredAt).toBeNull();
      expect((await bobCalls.waitFor((c) => c.state === 'ended', 5000, 'ended at bob')).answeredAt).toBeNull();
      await stuck;
      aliceCalls.dispose();
      bobCalls.dispose();
    },
  );
});

test('a media engine that dies mid-call reports the call as lost, and hanging it up ends it for both', async ({ openEngine }) => {
  const aliceMedia = await openEngine('alice');
  const bobMedia = await openEngine('bob');
  const lost: string[] = [];
  await withSoftphones(
    [
      { userName: 'alice', engine: aliceMedia },
      {
        userName: 'bob',
        engine: bobMedia,
        autoAnswer: true,
        // What the composition root does: a call without audio is hung up.
        media: {
          onMediaLost: (session, reason) => {
            lost.push(reason);
            session.bye().catch(() => undefined);
          },
        },
      },
    ],
    async ([alice, bob]) => {
      const aliceCalls = new CallLog(alice!.engine);
      const bobCalls = new CallLog(bob!.engine);
      const callId = await alice!.engine.dial(server.company.users.bob!.numbers!.extension!);
      await aliceCalls.waitFor((c) => c.id === callId && c.state === 'active', 15_000, 'answered at alice');
      await bobMedia.page.close();
      await aliceCalls.waitFor((c) => c.id === callId && c.state === 'ended', 10_000, 'ended at alice');
      await bobCalls.waitFor((c) => c.state === 'ended', 10_000, 'ended at bob');
      expect(lost).toEqual([expect.stringContaining("The call's audio stopped")]);
      aliceCalls.dispose();
      bobCalls.dispose();
    },
  );
});

test('a caller whose media page is gone fails at once, before any INVITE', async ({ openEngine }) => {
  const aliceMedia = await openEngine('alice');
  const bobMedia = await openEngine('bob');
  await withSoftphones(
    [
      { userName: 'alice', engine: aliceMedia },
      { userName: 'bob', engine: bobMedia, autoAnswer: true },
    ],
    async ([alice, bob]) => {
      await aliceMedia.page.close();
      const aliceCalls = new CallLog(alice!.engine);
      const bobCalls = new CallLog(bob!.engine);
      const callId = await alice!.engine.dial(server.company.users.bob!.numbers!.extension!);
      const ended = await aliceCalls.waitFor((c) => c.id === callId && c.state === 'ended', 10_000, 'ended at alice');
      expect(ended.answeredAt).toBeNull();
      expect(ended.endReason).toBeTruthy();
      expect(bobCalls.snapshots).toEqual([]);
      aliceCalls.dispose();
      bobCalls.dispose();
    },
  );
});
