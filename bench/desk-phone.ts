/**
 * Call setup time through the PBX's media relay: a desk phone (baresip, plain RTP/G.711) calling
 * a WebRTC softphone, against a softphone calling a softphone; both through Kamailio and
 * rtpengine (ICE + DTLS-SRTP towards the softphones), the callee answering at once, media in
 * real Chromium pages. Setup = dial until the caller sees the call established (200 OK).
 * Prints figures and their ratio; asserts nothing.
 *
 *   node --import tsx bench/desk-phone.ts      (BENCH_CALLS=n to change the number of calls)
 */
import { startBaresip } from '../test/support/baresip';
import { startServerWithPbx } from '../test/support/pbxStack';
import { CallLog, plainSipPassword, sipCredentialsOf } from '../test/support/softphones';
import { startMediaLab } from '../test/support/webrtcPhones';

const CALLS = Number(process.env.BENCH_CALLS ?? 10);

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
function p90(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))] ?? NaN;
}
const ms = (value: number) => `${value.toFixed(1)} ms`;
const pause = (millis: number) => new Promise((wake) => setTimeout(wake, millis));

async function main(): Promise<void> {
  const { server, pbx } = await startServerWithPbx();
  const lab = await startMediaLab();
  const extension = (user: string) => server.company.users[user]!.numbers!.extension!;
  try {
    const alice = await lab.startPhone({ server, wsUrl: pbx.wsUrl, userName: 'alice', autoAnswer: true });
    const bob = await lab.startPhone({ server, wsUrl: pbx.wsUrl, userName: 'bob' });
    const carol = await sipCredentialsOf(server, 'carol');
    const desk = await startBaresip({ user: carol.userName, password: await plainSipPassword(server, carol.userName), domain: carol.domain, registrar: `${pbx.host}:${pbx.sipPort}` });
    const aliceCalls = new CallLog(alice.engine);
    const bobCalls = new CallLog(bob.engine);

    const fromDesk: number[] = [];
    for (let i = 0; i <= CALLS; i++) {
      const before = desk.events.length;
      const endedAtAlice = aliceCalls.snapshots.filter((c) => c.state === 'ended').length;
      const startedAt = performance.now();
      await desk.dial(extension('alice'));
      await desk.waitForEvent('CALL_ESTABLISHED', { after: before, timeoutMs: 20_000 });
      if (i > 0) fromDesk.push(performance.now() - startedAt); // call 0 warms up
      await desk.hangUp();
      await aliceCalls.waitFor(() => aliceCalls.snapshots.filter((c) => c.state === 'ended').length > endedAtAlice, 10_000, 'ended at alice');
      await pause(200);
    }

    const fromSoftphone: number[] = [];
    for (let i = 0; i <= CALLS; i++) {
      const startedAt = performance.now();
      const callId = await bob.engine.dial(extension('alice'));
      const outcome = await bobCalls.waitFor((c) => c.id === callId && (c.state === 'active' || c.state === 'ended'), 20_000, 'set up');
      if (outcome.state !== 'active') throw new Error(`softphone call ${i} failed: ${JSON.stringify(outcome.endReason)}`);
      if (i > 0) fromSoftphone.push(performance.now() - startedAt);
      await bob.engine.hangUp(callId);
      await bobCalls.waitFor((c) => c.id === callId && c.state === 'ended', 10_000, 'ended at bob');
      await pause(200);
    }
    aliceCalls.dispose();
    bobCalls.dispose();
    await desk.stop();

    console.log(`desk phone vs softphone: call setup through Kamailio + rtpengine (callee: WebRTC softphone answering at once), ${CALLS} calls each`);
    console.log(`  desk phone (baresip, RTP/AVP G.711) → softphone: median ${ms(median(fromDesk))}, p90 ${ms(p90(fromDesk))}`);
    console.log(`  softphone (WebRTC)                  → softphone: median ${ms(median(fromSoftphone))}, p90 ${ms(p90(fromSoftphone))}`);
    console.log(`  ratio desk phone / softphone caller : ${(median(fromDesk) / median(fromSoftphone)).toFixed(2)}× (medians)`);
  } finally {
    await lab.close();
    await pbx.stop();
    await server.stop();
  }
}

await main();
