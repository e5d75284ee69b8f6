import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSipHarness, type SipHarness } from '../../support/sipHarness';
import { text } from '../../../src/shared/text';

describe('registration with the development PBX', () => {
  let harness: SipHarness;

  beforeAll(async () => {
    harness = await startSipHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('registers with the SIP password the profile server hands out', async () => {
    const alice = await harness.phone('alice');
    expect(alice.engine.registrationState.status).toBe('registered');
  });

  it('fails with a reason in words when the password is wrong, and does not retry', async () => {
    const bob = await harness.phone('bob', { password: 'not-the-password', waitRegistered: false });
    const state = await bob.settled();
    expect(state).toMatchObject({ status: 'failed', reason: text('registration.wrongCredentials') });
  });

  it('unregisters on stop, so the PBX treats the user as signed out', async () => {
    await harness.useProfile('carol', {}); // no unreachable rule
    const carol = await harness.phone('carol');
    await carol.engine.stop();
    expect(carol.engine.registrationState.status).toBe('unregistered');
    // A caller now reaches nobody: with no unreachable rule the PBX answers 480.
    const dave = await harness.phone('dave');
    const ended = dave.engine.once('callEnded');
    await dave.engine.dial('carol');
    expect((await ended).endReason).toEqual(text('callEnd.notAvailable'));
  });
});
