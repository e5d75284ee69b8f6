/**
 * The callee side of PBX forwarding: the PBX tells the profile server about a call it forwarded
 * by the called user's profile, and the server pushes it to that user's clients, whose history
 * then shows it ("Forwarded to voicemail") even though their softphone never rang.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallHistoryRecord } from '../../../src/main/sip/types';
import type { HistoryEntry } from '../../../src/shared/ipc';
import type { MessageKey } from '../../../src/shared/i18n';
import { startClient, type TestClient } from '../../support/clients';
import { passwordOf } from '../../support/server';
import { startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';

describe("forwarded calls in the called user's history", () => {
  let harness: SipHarness;
  let alice: TestPhone;
  let bobsDesk: TestClient;
  let aliceHidesNumber = false;

  /** Bob's client service: synced with the profile server, no SIP engine of its own. */
  beforeAll(async () => {
    harness = await startSipHarness();
    await Promise.all(['alice', 'bob'].map((user) => harness.useProfile(user, {})));
    alice = await harness.phone('alice', {
      callerId: () => (aliceHidesNumber ? { kind: 'hidden' } : null),
    });
    bobsDesk = await startClient({ pbxUrl: null, calls: false });
    const session = await bobsDesk.service.invoke('session.signIn', {
      serverUrl: harness.server.url,
      userName: 'bob',
      password: passwordOf('bob'),
    });
    expect(session).toMatchObject({ status: 'signedIn', error: null });
    await bobsDesk.until('connection', (c) => c.status === 'online', 'the sync socket');
  });

  afterEach(async () => {
    aliceHidesNumber = false;
    await harness.hangUpAll();
    await harness.useProfile('bob', {});
  });

  afterAll(async () => {
    await bobsDesk?.stop();
    await harness?.stop();
  });

  const forwardedEntry = (history: HistoryEntry[], reason: MessageKey): HistoryEntry | undefined =>
    history.find((entry) => entry.outcome === 'forwarded' && entry.reason?.key === reason && entry.reason.params === undefined);

  it("shows a call the profile forwarded to voicemail at once, without bob's softphone", async () => {
    await harness.useProfile('bob', { routing: { any: { kind: 'voicemail' } } });
    const aliceEnded = alice.engine.once('callEnded');
    const voicemailAnswers = alice.engine.once('call', (call) => call.state === 'active');
    const callId = await alice.engine.dial('bob');
    await voicemailAnswers;
    await alice.engine.hangUp(callId);
    await aliceEnded;

    const history = await bobsDesk.until(
      'history',
      (entries) => forwardedEntry(entries, 'callEnd.pbx.profile') !== undefined,
      "the forwarded call in bob's history",
    );
    const entry = forwardedEntry(history, 'callEnd.pbx.profile');
    expect(entry).toMatchObject({
      direction: 'incoming',
      outcome: 'forwarded',
      forwardedTo: 'voicemail',
      calledNumber: 'bob',
      answeredAt: null,
    });
    // the caller as the PBX presented them (a number), never the account name
    expect(entry?.party.number).not.toBe('alice');
    expect(history.filter((h) => h.id === entry?.id)).toHaveLength(1);
  });

  it('names a caller who withheld their number as anonymous', async () => {
    await harness.useProfile('bob', { routing: { any: { kind: 'number', number: '1003' } } });
    // carol's seeded profile sends unreachable calls to voicemail, which would answer: not here
    await harness.useProfile('carol', {});
    aliceHidesNumber = true;
    const before = bobsDesk.service.current().history.length;
    const aliceEnded = alice.engine.once('callEnded');
    await alice.engine.dial('bob');
    await aliceEnded; // carol is not signed in: the forwarded leg ends there

    const history = await bobsDesk.until(
      'history',
      (entries) => entries.length > before,
      "the hidden caller's forwarded call in bob's history",
    );
    expect(history[0]).toMatchObject({
      outcome: 'forwarded',
      forwardedTo: 'carol',
      party: { number: 'anonymous' },
    });
  });

  it("shows a call forwarded after the no-answer time while bob's softphone rang", async () => {
    const bobsOwn: CallHistoryRecord[] = [];
    const bob = await harness.phone('bob', { history: { record: (e) => void bobsOwn.push(e) } });
    await harness.useProfile('bob', {
      exceptions: {
        busy: null,
        unreachable: null,
        noAnswer: { afterSeconds: 5, target: { kind: 'voicemail' } },
      },
    });
    const bobRings = bob.engine.once('call', (call) => call.state === 'incoming');
    const aliceEnded = alice.engine.once('callEnded');
    await alice.engine.dial('bob');
    const bobStops = bob.engine.once('callEnded');
    await bobRings;
    await aliceEnded;
    await bobStops;
    await new Promise((resolve) => setImmediate(resolve)); // the history port is called after

    const history = await bobsDesk.until(
      'history',
      (entries) => forwardedEntry(entries, 'callEnd.pbx.noanswer') !== undefined,
      "the no-answer forward in bob's history",
    );
    const reported = forwardedEntry(history, 'callEnd.pbx.noanswer');
    expect(reported).toMatchObject({ direction: 'incoming', forwardedTo: 'voicemail' });
    // the same SIP call as the softphone's own entry: a client that rang merges the two
    expect(bobsOwn.at(-1)?.sipCallId).toBeTruthy();
    expect(reported?.sipCallId).toBe(bobsOwn.at(-1)?.sipCallId);
    await bob.engine.stop(); // (the next test signs in a bob of its own)
  });

  it("reports a redirect by bob's softphone (busy forwarding) that the PBX carried out, as bob's busy rule", async () => {
    const bobsOwn: CallHistoryRecord[] = [];
    const bob = await harness.phone('bob', {
      history: { record: (e) => void bobsOwn.push(e) },
      decideIncoming: () => ({ action: 'redirect', target: 'voicemail', reason: 'user-busy' }),
    });
    const aliceEnded = alice.engine.once('callEnded');
    const bobStops = bob.engine.once('callEnded');
    await alice.engine.dial('bob');
    // the PBX follows the 302 to voicemail, which nobody registers: alice hears busy
    expect((await aliceEnded).forwardedTo).toBe('voicemail');
    await bobStops;
    await new Promise((resolve) => setImmediate(resolve));

    const history = await bobsDesk.until(
      'history',
      (entries) => forwardedEntry(entries, 'callEnd.pbx.busy') !== undefined,
      "the busy forward in bob's history",
    );
    const reported = forwardedEntry(history, 'callEnd.pbx.busy');
    expect(reported).toMatchObject({ direction: 'incoming', forwardedTo: 'voicemail' });
    expect(reported?.sipCallId).toBe(bobsOwn.at(-1)?.sipCallId);
    expect(bobsOwn.at(-1)).toMatchObject({ outcome: 'forwarded', forwardedTo: 'voicemail' });
    await bob.engine.stop();
  });
});
