/**
 * How late the mobile leg starts ringing (issue 11): the time from when it is due to its INVITE
 * arriving at the carrier simulator, through the real Kamailio (the leg held at the PBX for its
 * delay, then sent out through the trunk), rtpengine and profile server.
 *   - delay: "ring your softphone, then your mobile after 2 seconds": due 2 s after the dial;
 *   - no answer: "softphone only, on no answer after 5 seconds ring the mobile": due when the
 *     no-answer time is up (5 s after the dial), forwarded by the failure route.
 * The dial instant is when the caller's engine starts the INVITE (its digest round trip is
 * included). Prints p50/p99 of the lateness; asserts nothing.
 *
 *   node --import tsx bench/mobile-leg.ts      (BENCH_CALLS=n to change the number of calls)
 */
import { startSipHarness } from '../test/support/sipHarness';

const CALLS = Number(process.env.BENCH_CALLS ?? 8);
const MOBILE = '+46705550002';
const DELAY_S = 2;
const NO_ANSWER_S = 5;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const pause = (millis: number): Promise<void> => new Promise((wake) => setTimeout(wake, millis));

async function main(): Promise<void> {
  const harness = await startSipHarness({ carrier: true });
  const carrier = harness.pbx.carrier!;
  try {
    await harness.useProfile('bob', {});
    const alice = await harness.phone('alice');
    await harness.phone('bob');
    carrier.behave(MOBILE, { kind: 'never' });

    /** Lateness of the mobile leg past `dueAfterMs` from the dial, for CALLS calls. */
    const measure = async (dueAfterMs: number): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        carrier.reset();
        carrier.behave(MOBILE, { kind: 'never' });
        const dialledAt = Date.now();
        const callId = await alice.engine.dial('1002');
        const leg = await carrier.waitForCall((candidate) => candidate.number === MOBILE, dueAfterMs + 10_000);
        samples.push(leg.receivedAt - dialledAt - dueAfterMs);
        const ended = alice.engine.once('callEnded', (call) => call.id === callId);
        await alice.engine.hangUp(callId);
        await ended;
        await pause(300);
      }
      return samples;
    };

    await harness.useProfile('bob', {
      routing: { any: { kind: 'ring', devices: [{ device: 'softphone', delaySeconds: 0 }, { device: 'mobile', delaySeconds: DELAY_S }] } },
    });
    const delayed = await measure(DELAY_S * 1000);

    await harness.useProfile('bob', {
      routing: { any: { kind: 'ring', devices: [{ device: 'softphone', delaySeconds: 0 }] } },
      exceptions: { busy: null, unreachable: null, noAnswer: { afterSeconds: NO_ANSWER_S, target: { kind: 'ring', devices: [{ device: 'mobile', delaySeconds: 0 }] } } },
    });
    const noAnswer = await measure(NO_ANSWER_S * 1000);

    console.log(`mobile leg after a ${DELAY_S} s delay, past due (${CALLS} calls): p50 ${ms(percentile(delayed, 50))}, p99 ${ms(percentile(delayed, 99))}`);
    console.log(`mobile leg on no answer after ${NO_ANSWER_S} s, past due (${CALLS} calls): p50 ${ms(percentile(noAnswer, 50))}, p99 ${ms(percentile(noAnswer, 99))}`);
  } finally {
    await harness.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
