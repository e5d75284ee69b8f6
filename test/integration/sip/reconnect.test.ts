import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSipHarness, type SipHarness } from '../../support/sipHarness';

describe('a PBX restart', () => {
  let harness: SipHarness;

  beforeAll(async () => {
    harness = await startSipHarness();
    await Promise.all(['alice', 'bob'].map((user) => harness.useProfile(user, {})));
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('is survived: the softphones reconnect, register again and take calls', async () => {
    const alice = await harness.phone('alice');
    const bob = await harness.phone('bob');

    const bobLost = bob.engine.once('registration', (state) => state.status === 'registering');
    await harness.pbx.kill();
    expect((await bobLost).reason).toEqual({ key: 'registration.connectionLost' });

    const bobBack = bob.engine.once('registration', (state) => state.status === 'registered');
    const aliceBack = alice.engine.once('registration', (state) => state.status === 'registered');
    await harness.pbx.restart();
    await Promise.all([bobBack, aliceBack]);

    // The restarted PBX has an empty location table: the call only works if bob registered again.
    const rings = bob.engine.once('call', (call) => call.state === 'incoming');
    const connected = alice.engine.once('call', (call) => call.state === 'active');
    await alice.engine.dial('bob');
    await bob.engine.answer((await rings).id);
    await connected;
    await harness.hangUpAll();
  });

  it('a network change reconnects at once instead of waiting for the backoff', async () => {
    const carol = await harness.phone('carol', {
      backoff: { initialMs: 60_000, maxMs: 60_000, factor: 1, jitter: 0 },
    });
    const lost = carol.engine.once('registration', (state) => state.status === 'registering');
    await harness.pbx.kill();
    await lost;
    await harness.pbx.restart();
    // With a one-minute backoff nothing happens by itself within the test's time; the OS's
    // network-change signal makes the engine try now.
    const back = carol.engine.once('registration', (state) => state.status === 'registered');
    carol.engine.networkChanged();
    await back;
  });
});
