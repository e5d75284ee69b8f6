/**
 * Signalling with SIP software that is not our softphone, as the wire shows it: a bare UDP
 * phone (test/support/rawSip.ts) that never follows a redirect, sees only From (no
 * P-Asserted-Identity support), and an unauthenticated sender of forged in-dialog requests.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../../src/main/sip/types';
import { startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';
import {
  openRawSip,
  type Credentials,
  type RawSipEndpoint,
  type SipMessage,
} from '../../support/rawSip';

const incoming = (phone: TestPhone): Promise<CallSnapshot> =>
  phone.engine.once('call', (call) => call.state === 'incoming');

function credentialsOf(phone: TestPhone): Credentials {
  return {
    user: phone.credentials.userName,
    ha1: phone.credentials.ha1,
    domain: phone.credentials.domain,
  };
}

/** Resolves with the next request of `method` the raw endpoint receives. */
function nextRequest(
  endpoint: RawSipEndpoint,
  method: string,
  timeoutMs = 10_000,
): Promise<SipMessage> {
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
    await Promise.all(
      ['alice', 'bob', 'carol', 'dave'].map((user) => harness.useProfile(user, {})),
    );
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

  it('never gets a 3xx from a queue member either', async () => {
    const member = await openRawSip(harness.pbx);
    try {
      const dave = await harness.phone('dave');
      const daveCredentials = credentialsOf(dave);
      await dave.engine.stop();
      // dave is the only registered member of Sales, and his phone redirects
      expect((await member.register(daveCredentials)).status).toBe(200);
      member.onInvite = (invite) =>
        member.reply(invite, 302, 'Moved Temporarily', ['Contact: <sip:1003@elsewhere.invalid>']);
      const sales = harness.server.company.queues.Sales?.number ?? 'missing queue';
      const result = await caller.call(sales, aliceCredentials);
      expect(member.received.some((request) => request.method === 'INVITE')).toBe(true);
      expect(result.final.status).toBe(480);
      expect(
        [...result.provisional, result.final].some(
          (r) => (r.status ?? 0) >= 300 && (r.status ?? 0) < 400,
        ),
      ).toBe(false);
    } finally {
      await member.close();
    }
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

describe("the caller's identity on a phone that reads only From", () => {
  let harness: SipHarness;
  let alice: TestPhone;
  let callee: RawSipEndpoint;
  let hidden = false;

  beforeAll(async () => {
    harness = await startSipHarness();
    await Promise.all(['alice', 'bob'].map((user) => harness.useProfile(user, {})));
    alice = await harness.phone('alice', { callerId: () => (hidden ? { kind: 'hidden' } : null) });
    const bob = await harness.phone('bob');
    const bobCredentials = credentialsOf(bob);
    await bob.engine.stop();
    callee = await openRawSip(harness.pbx);
    expect((await callee.register(bobCredentials)).status).toBe(200);
  });

  afterEach(async () => {
    hidden = false;
    await harness.hangUpAll();
  });

  afterAll(async () => {
    await callee?.close();
    await harness?.stop();
  });

  it('gets the allowed name and number in From, and the call goes on and ends from either side', async () => {
    const allowed = await harness.server.api('/pbx/v1/caller-id?user=alice&requested=alice', {
      headers: { 'x-pbx-secret': harness.server.pbxSecret },
    });
    const identity = decodeURIComponent(/identity=([^;]+)/.exec(await allowed.text())?.[1] ?? '');
    expect(identity).not.toBe('');

    const invited = nextRequest(callee, 'INVITE');
    const active = alice.engine.once('call', (call) => call.state === 'active');
    const callId = await alice.engine.dial('bob');
    const invite = await invited;
    expect(invite.header('From')).toMatch(
      new RegExp(`^"Alice Andersson" <sip:${identity.replace('+', '\\+')}@${harness.domain}>;tag=`),
    );
    await active;

    // hold from our side: the re-INVITE reaches the phone (uac keeps the From it saw)
    const reinvited = nextRequest(callee, 'INVITE');
    await alice.engine.hold(callId, true);
    const reinvite = await reinvited;
    expect(reinvite.body).toMatch(/a=(sendonly|inactive)/);
    expect(reinvite.header('From')).toBe(invite.header('From'));

    // the phone hangs up: its BYE (To = the replaced identity) ends alice's call
    const ended = alice.engine.once('callEnded', (call) => call.id === callId);
    const bye = callee.requestText(
      'BYE',
      /<([^>]+)>/.exec(reinvite.header('Contact') ?? '')?.[1] ?? '',
      {
        callId: invite.header('Call-ID') ?? '',
        cseq: 1,
        from: `${invite.header('To') ?? ''};tag=${callee.localTag(invite.header('Call-ID') ?? '') ?? ''}`,
        to: invite.header('From') ?? '',
        extra: invite.headers('Record-Route').map((route) => `Route: ${route}`),
      },
    );
    expect((await callee.request(bye)).status).toBe(200);
    expect((await ended).answeredAt).not.toBeNull();
  });

  it('gets "Anonymous" <sip:anonymous@anonymous.invalid> when the number is withheld; our BYE reaches it', async () => {
    hidden = true;
    const invited = nextRequest(callee, 'INVITE');
    const active = alice.engine.once('call', (call) => call.state === 'active');
    const callId = await alice.engine.dial('bob');
    const invite = await invited;
    expect(invite.header('From')).toMatch(/^"Anonymous" <sip:anonymous@anonymous\.invalid>;tag=/);
    await active;
    const byeArrives = nextRequest(callee, 'BYE');
    await alice.engine.hangUp(callId);
    const bye = await byeArrives;
    expect(bye.header('From')).toBe(invite.header('From'));
  });
});

describe('in-dialog requests that are not on a route the PBX recorded', () => {
  let harness: SipHarness;
  let bob: TestPhone;
  let caller: RawSipEndpoint;
  let attacker: RawSipEndpoint;
  let aliceCredentials: Credentials;

  beforeAll(async () => {
    harness = await startSipHarness();
    await Promise.all(['alice', 'bob'].map((user) => harness.useProfile(user, {})));
    bob = await harness.phone('bob');
    const alice = await harness.phone('alice');
    aliceCredentials = credentialsOf(alice);
    await alice.engine.stop();
    caller = await openRawSip(harness.pbx);
    attacker = await openRawSip(harness.pbx);
  });

  afterAll(async () => {
    await caller?.close();
    await attacker?.close();
    await harness?.stop();
  });

  it("are refused and never reach the softphone; the dialog's own requests still do", async () => {
    // A real call gives the attacker what a snooper would know: bob's aliased contact.
    const bobRings = incoming(bob);
    const answered = bobRings.then((call) => bob.engine.answer(call.id));
    const call = await caller.call('bob', aliceCredentials);
    await answered;
    expect(call.final.status).toBe(200);
    const contact = /<([^>]+)>/.exec(call.final.header('Contact') ?? '')?.[1] ?? '';
    expect(contact).toMatch(/;alias=/);
    const pbxRoute = `<sip:${harness.pbx.host}:${harness.pbx.sipPort};lr>`;

    const seenByBob: string[] = [];
    bob.engine.on('call', (snapshot) => seenByBob.push(snapshot.state));
    bob.engine.on('callEnded', (snapshot) => seenByBob.push(`ended ${snapshot.id}`));
    const forge = (method: string, callId: string, extra: string[]): Promise<SipMessage> =>
      attacker.request(
        attacker.requestText(method, contact, {
          callId,
          cseq: 7,
          from: `<sip:mallory@${harness.domain}>;tag=forged1`,
          to: `<sip:bob@${harness.domain}>;tag=forged2`,
          extra: [`Route: ${pbxRoute}`, `Contact: <${attacker.contact}>`, ...extra],
          body: method === 'INVITE' ? 'v=0\r\n' : '',
        }),
      );
    const callId = call.final.header('Call-ID') ?? '';
    expect((await forge('INVITE', 'forged-call@evil', [])).status).toBe(403);
    expect((await forge('BYE', 'forged-call@evil', [])).status).toBe(403);
    // the live call's Call-ID, a made-up signature: still not on the dialog's route
    expect((await forge('BYE', callId, [])).status).toBe(403);
    const stolen = `<sip:${harness.pbx.host}:${harness.pbx.sipPort};lr;dsig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA>`;
    const withStolenShape = attacker.requestText('BYE', contact, {
      callId,
      cseq: 8,
      from: `<sip:mallory@${harness.domain}>;tag=forged1`,
      to: `<sip:bob@${harness.domain}>;tag=forged2`,
      extra: [`Route: ${stolen}`],
    });
    expect((await attacker.request(withStolenShape)).status).toBe(403);
    // without any Route the PBX has nothing to relay
    const noRoute = attacker.requestText('BYE', contact, {
      callId,
      cseq: 9,
      from: `<sip:mallory@${harness.domain}>;tag=forged1`,
      to: `<sip:bob@${harness.domain}>;tag=forged2`,
    });
    expect((await attacker.request(noRoute)).status).toBeGreaterThanOrEqual(400);
    // outside a dialog: an authenticated INVITE with Replaces aimed at bob's connection, with
    // an alias the PBX did not sign (tampered, or none)
    const replaces = [`Replaces: ${callId};to-tag=x;from-tag=y`];
    const unsigned = contact.replace(/;asig=[^;>]*/, '');
    const tampered = contact.replace(/;asig=[^;>]*/, ';asig=AAAA');
    expect(unsigned).not.toBe(contact);
    expect((await attacker.call(unsigned, aliceCredentials, replaces)).final.status).toBe(403);
    expect((await attacker.call(tampered, aliceCredentials, replaces)).final.status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seenByBob).toEqual([]);
    expect(bob.engine.calls()).toHaveLength(1);

    // the dialog's own BYE, on the signed route, ends bob's call
    const bobEnded = bob.engine.once('callEnded');
    expect((await call.inDialog?.('BYE'))?.status).toBe(200);
    expect((await bobEnded).answeredAt).not.toBeNull();
  });
});

describe('a dialog across a restart of the PBX', () => {
  let harness: SipHarness;
  let caller: RawSipEndpoint;
  let callee: RawSipEndpoint;

  beforeAll(async () => {
    harness = await startSipHarness();
    await Promise.all(['alice', 'bob'].map((user) => harness.useProfile(user, {})));
    caller = await openRawSip(harness.pbx);
    callee = await openRawSip(harness.pbx);
  });

  afterAll(async () => {
    await caller?.close();
    await callee?.close();
    await harness?.stop();
  });

  it("keeps relaying the dialog's requests: the signed route needs no memory of the call", async () => {
    const [alice, bob] = await Promise.all(['alice', 'bob'].map((user) => harness.phone(user)));
    if (!alice || !bob) throw new Error('phones missing');
    const [aliceCredentials, bobCredentials] = [credentialsOf(alice), credentialsOf(bob)];
    await Promise.all([alice.engine.stop(), bob.engine.stop()]);
    expect((await callee.register(bobCredentials)).status).toBe(200);
    const call = await caller.call('bob', aliceCredentials);
    expect(call.final.status).toBe(200);

    await harness.pbx.restart();
    const byeArrives = nextRequest(callee, 'BYE');
    expect((await call.inDialog?.('BYE'))?.status).toBe(200);
    const bye = await byeArrives;
    // the callee still sees the From address it saw in the INVITE (uac's restore needs no memory
    // either; it restores the address and tag, the display name is the caller's own)
    const address = (from: string | undefined): string | undefined => from?.replace(/^[^<]*/, '');
    const invite = callee.received.find((r) => r.method === 'INVITE');
    expect(address(bye.header('From'))).toBe(address(invite?.header('From')));
    expect(address(bye.header('From'))).toMatch(/^<sip:\+?\d+@/);
  });
});

describe('overload', () => {
  let harness: SipHarness;
  let sender: RawSipEndpoint;

  beforeAll(async () => {
    harness = await startSipHarness({ maxInvitesPerSecond: 5 });
    sender = await openRawSip(harness.pbx);
  });

  afterAll(async () => {
    await sender?.close();
    await harness?.stop();
  });

  it('answers a burst beyond the configured rate with 503 + Retry-After, never 500', async () => {
    const burst = Array.from({ length: 40 }, (_, i) =>
      sender.request(
        sender.requestText('INVITE', `sip:bob@${harness.domain}`, {
          callId: `burst-${i}-${Date.now()}@test`,
          cseq: 1,
          from: `<sip:alice@${harness.domain}>;tag=b${i}`,
          to: `<sip:bob@${harness.domain}>`,
          extra: [`Contact: <${sender.contact}>`],
          body: 'v=0\r\n',
        }),
      ),
    );
    const replies = await Promise.all(burst);
    const statuses = replies.map((reply) => reply.status);
    const refused = replies.filter((reply) => reply.status === 503);
    expect(statuses).not.toContain(500);
    expect(refused.length).toBeGreaterThan(0);
    for (const reply of refused) expect(reply.header('Retry-After')).toMatch(/^\d+/);
    // what was taken got the digest challenge, as any INVITE does
    expect(statuses.filter((status) => status !== 503).every((status) => status === 407)).toBe(
      true,
    );
  });

  it('answers 503 + Retry-After while the profile server cannot be asked', async () => {
    await harness.useProfile('alice', {});
    const alice = await harness.phone('alice');
    const aliceCredentials = credentialsOf(alice);
    await alice.engine.stop();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a fresh rate window
    await harness.server.server.close();
    try {
      const result = await sender.call('bob', aliceCredentials);
      expect(result.final.raw).toMatch(/^SIP\/2\.0 503 Profile Server Unavailable\r\n/);
      expect(result.final.header('Retry-After')).toMatch(/^\d+/);
    } finally {
      await harness.server.restart();
    }
  });
});
