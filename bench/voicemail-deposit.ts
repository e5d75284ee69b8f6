/**
 * Voicemail deposit start: how long a caller forwarded to voicemail waits until the greeting
 * begins. alice (a PBX-side UA from scripts/pbx/ua, G.711 through rtpengine) calls bob, whose
 * profile sends every call to voicemail; measured from the PBX's forwarding notice (the 181
 * Call Is Being Forwarded, route[FORWARD_NOTICE]) to the first RTP packet of the greeting at the
 * caller, and from the INVITE to it. In between: the route question, the media component's
 * greeting fetch from the profile server, its answer through Kamailio and rtpengine. The caller
 * hangs up at once (before the beep: no message is left).
 *
 *   node --import tsx bench/voicemail-deposit.ts      (BENCH_CALLS=n, default 30)
 *
 * Prints figures; asserts nothing.
 */
import { startRtp } from '../scripts/pbx/ua/rtp';
import { startUa } from '../scripts/pbx/ua/sipUa';
import { startSipHarness } from '../test/support/sipHarness';
import { sipCredentialsOf } from '../test/support/softphones';

const CALLS = Number(process.env.BENCH_CALLS ?? 30);

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return `p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, min ${sorted[0]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms (n=${samples.length})`;
}

async function main(): Promise<void> {
  const harness = await startSipHarness();
  const ua = await startUa({ user: 'alice' });
  try {
    await harness.useProfile('bob', { routing: { any: { kind: 'voicemail' } } });
    const alice = await sipCredentialsOf(harness.server, 'alice');
    const proxy = `<sip:${harness.pbx.host}:${harness.pbx.sipPort};lr>`;
    const fromForward: number[] = [];
    const fromInvite: number[] = [];
    let failures = 0;
    for (let i = 0; i < CALLS; i++) {
      const rtp = await startRtp();
      try {
        const invitedAt = performance.now();
        let forwardedAt: number | null = null;
        const firstPacket = new Promise<number>((resolve) => rtp.once('firstPacketReceived', () => resolve(performance.now())));
        const call = ua.invite(`sip:1002@${alice.domain}`, {
          from: `sip:${alice.userName}@${alice.domain}`,
          sdp: rtp.offer(),
          headers: { Route: proxy },
          credentials: { user: alice.userName, password: alice.password },
        });
        call.on('progress', (response) => {
          if (response.status === 181 && forwardedAt === null) forwardedAt = performance.now();
        });
        const result = await call.result;
        if (!result.answered) {
          failures++;
          continue;
        }
        rtp.setRemoteAnswer(call.remoteSdp!);
        const heardAt = await Promise.race([firstPacket, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000))]);
        if (heardAt === null || forwardedAt === null) failures++;
        else {
          fromForward.push(heardAt - forwardedAt);
          fromInvite.push(heardAt - invitedAt);
        }
        await call.hangUp();
      } finally {
        rtp.close();
      }
    }
    console.log(`forward (181) → first greeting RTP packet at the caller: ${summary(fromForward)}`);
    console.log(`INVITE → first greeting RTP packet at the caller:        ${summary(fromInvite)}`);
    if (failures > 0) console.log(`calls without a greeting: ${failures}`);
  } finally {
    await ua.stop();
    await harness.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
