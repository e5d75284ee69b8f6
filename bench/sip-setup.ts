/**
 * SIP engine figures against the real PBX (Kamailio) and profile server, media in-process
 * (the SDP-only stand-in), so what is measured is signalling: the PBX's digest challenge and
 * its questions to the profile server included.
 *
 *   - start → registered: a new engine's start() until the registration event says registered
 *     (WebSocket connect, REGISTER, 401 challenge, REGISTER with credentials, 200).
 *   - dial → established: alice dials bob, whose engine answers as soon as it rings.
 *
 *   node --import tsx bench/sip-setup.ts      (BENCH_CALLS=n, BENCH_REGISTRATIONS=n)
 *
 * Prints figures; asserts nothing.
 */
import { SipEngine } from '../src/main/sip';
import { createSdpOnlyMediaFactory } from '../src/main/sip/sdpOnlyMedia';
import { startSipHarness } from '../test/support/sipHarness';

const CALLS = Number(process.env.BENCH_CALLS ?? 20);
const REGISTRATIONS = Number(process.env.BENCH_REGISTRATIONS ?? 10);

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, mean ${mean.toFixed(1)} ms, min ${sorted[0]?.toFixed(1)} ms (n=${samples.length})`;
}

async function main(): Promise<void> {
  const harness = await startSipHarness();
  try {
    await Promise.all(['alice', 'bob'].map((user) => harness.useProfile(user, {})));

    const { credentials } = await harness.phone('carol');
    const registrations: number[] = [];
    for (let i = 0; i < REGISTRATIONS; i++) {
      const engine = new SipEngine({
        wsUrl: harness.pbx.wsUrl,
        domain: credentials.domain,
        user: credentials.userName,
        secret: { ha1: credentials.ha1 },
        mediaFactory: createSdpOnlyMediaFactory(),
      });
      const startedAt = performance.now();
      const registered = engine.once(
        'registration',
        (state) => state.status === 'registered' || state.status === 'failed',
      );
      await engine.start();
      const state = await registered;
      if (state.status !== 'registered') throw new Error(`registration failed: ${state.reason}`);
      registrations.push(performance.now() - startedAt);
      await engine.stop();
    }

    const alice = await harness.phone('alice');
    const bob = await harness.phone('bob');
    bob.engine.on('call', (call) => {
      if (call.state === 'incoming') void bob.engine.answer(call.id);
    });

    const setups: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const startedAt = performance.now();
      const established = alice.engine.once('call', (call) => call.state === 'active');
      await alice.engine.dial('bob');
      const call = await established;
      setups.push(performance.now() - startedAt);
      const ended = bob.engine.once('callEnded');
      await alice.engine.hangUp(call.id);
      await ended;
    }

    console.log(`start → registered:                                  ${summary(registrations)}`);
    console.log(`dial → established, answered at once, SDP-only media:  ${summary(setups)}`);
  } finally {
    await harness.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
