/**
 * Signalling with SIP software that is not our softphone, as the wire shows it: a bare UDP
 * phone (test/support/rawSip.ts) that never follows a redirect, sees only From (no
 * P-Asserted-Identity support), and an unauthenticated sender of forged in-dialog requests.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../../src/main/sip/types';
import { startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';
import { openRawSip, type Credentials, type RawSipEndpoint, type SipMessage } from '../../support/rawSip';

const incoming = (phone: TestPhone): Promise<CallSnapshot> =>
  phone.engine.once('call', (call) => call.state === 'incoming');

function credentialsOf(phone: TestPhone): Credentials {
  return {
    user: phone.credentials.userName,
    password: phone.credentials.password,
    domain: phone.credentials.domain,
  };
}

/** Resolves with the next request of `method` the raw endpoint receives. */
function nextRequest(endpoint: RawSipEndpoint, method: string, timeoutMs = 10_000): Promise<SipMessage> {
  const seen = endpoint.received.length;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const found = endpoint.received.slice(seen).find((request) => request.method === method);
      if (found) {
        clearInterval(poll);
        resolve(found);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`no ${method} reached the raw endpoint within ${timeoutMs} ms`));
      }
    }, 20);
  });
}

describe('a caller whose phone does not follow redirects', () => {
  let harness: SipHarness;
  let bob: TestPhone;
  let carol: TestPhone;
  let caller: RawSipEndpoint;
  let aliceCredentials: Credentials;

  beforeAll(async () => {
    harness = await startSipHarness();
    await Promise.all(['alice', 'bob', 'carol'].map((user) => harness.useProfile(user, {})));
    // bob's softphone redirects by its own profile (busy forwarding): a 302 + Diversion user-busy
    bob = await harness.phone('bob', {
      decideIncoming: () => ({ action: 'redirect', target: '1003', reason: 'user-busy' }),
    });
    carol = await harness.phone('carol');
    const alice = await harness.phone('alice');
    aliceCredentials = credentialsOf(alice);
    await alice.engine.stop();
    caller = await openRawSip(harness.pbx);
  });

  afterAll(async () => {
    await caller?.close();
    await harness?.stop();
  });

  it("reaches the softphone user's redirect target through the PBX, never seeing the 302", async () => {
    const carolRings = incoming(carol);
    const bobEnded = bob.engine.once('callEnded');
    const answered = carolRings.then((call) => carol.engine.answer(call.id));
    const result = await caller.call('bob', aliceCredentials);
    await answered;
    expect(result.final.status).toBe(200);
    expect(result.provisional.some((r) => (r.status ?? 0) >= 300)).toBe(false);
    const notice = result.provisional.find((r) => r.status === 181);
    expect(notice?.header('Diversion')).toMatch(/reason=user-busy/);
    expect(notice?.headers('X-Forwarded-To').at(-1)).toBe('1003');
    expect(await bobEnded).toMatchObject({ forwardedTo: '1003' });

    const carolEnded = carol.engine.once('callEnded');
    expect((await result.inDialog?.('BYE'))?.status).toBe(200);
    expect((await carolEnded).answeredAt).not.toBeNull();
  });
});
