/**
 * A user's devices (issue 10 "Devices"): a desk phone registers with its own SIP account, the
 * PBX rings the devices the profile names (softphone, desk phone, both; queue calls by the
 * queue policy's devices), "busy" means in a call on any device, and a rotated desk-phone
 * password is refused at once. Real profile server + real Kamailio; the desk phone is a SIP
 * engine registered with the desk phone's credentials, as any SIP phone would.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../../src/main/sip/types';
import { DeskPhoneCredentials } from '../../../src/shared/server-api';
import { countRings, ring, startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';

type DeskPhone = Awaited<ReturnType<SipHarness['deskPhone']>>;

const incoming = (phone: TestPhone): Promise<CallSnapshot> => phone.engine.once('call', (call) => call.state === 'incoming');
describe('devices: softphone and desk phone of one user', () => {
  let harness: SipHarness;
  let alice: TestPhone;
  let bob: TestPhone;
  let bobDesk: DeskPhone;
  let dave: TestPhone;
  let bobRings: () => number;
  let deskRings: () => number;

  beforeAll(async () => {
    harness = await startSipHarness();
    await Promise.all(['alice', 'bob', 'dave'].map((user) => harness.useProfile(user, {})));
    alice = await harness.phone('alice');
    bob = await harness.phone('bob', { decideIncoming: () => ({ action: 'ring' }) });
    bobDesk = await harness.deskPhone('bob');
    dave = await harness.phone('dave');
    bobRings = countRings(bob);
    deskRings = countRings(bobDesk);
  });

  afterEach(async () => {
    await harness.hangUpAll();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  /** Alice calls bob; `answerer` answers; resolves once alice is connected. */
  async function aliceCallsBob(answerer: TestPhone): Promise<void> {
    const rings = incoming(answerer);
    const connected = alice.engine.once('call', (call) => call.state === 'active');
    await alice.engine.dial('1002');
    await answerer.engine.answer((await rings).id);
    await connected;
  }

  it('registers the desk phone with its own account, which the PBX asks the profile server for', async () => {
    const response = await fetch(`${harness.server.url}/pbx/v1/credentials/${bobDesk.account.device.sipUser}`, {
      headers: { 'x-pbx-secret': harness.server.pbxSecret, accept: 'application/json' },
    });
    expect(await response.json()).toMatchObject({ user: bobDesk.account.device.sipUser, owner: 'bob' });
    expect(bobDesk.account.device.sipUser).not.toBe('bob');
  });

  it('softphone only: the desk phone does not ring', async () => {
    await harness.useProfile('bob', { routing: { any: ring('softphone') } });
    const desk = deskRings();
    await aliceCallsBob(bob);
    expect(deskRings()).toBe(desk);
  });

  it('desk phone only: the softphone is not rung at all', async () => {
    await harness.useProfile('bob', { routing: { any: ring('deskphone') } });
    const soft = bobRings();
    await aliceCallsBob(bobDesk);
    expect(bobRings()).toBe(soft);
  });

  it('both: both ring, the one that answers takes the call and the other stops', async () => {
    await harness.useProfile('bob', { routing: { any: ring('softphone', 'deskphone') } });
    const softRinging = incoming(bob);
    const softStops = bob.engine.once('callEnded');
    await aliceCallsBob(bobDesk);
    await softRinging;
    expect(await softStops).toMatchObject({ answeredAt: null });
  });

  it('busy on the desk phone: a second call takes the busy rule at the PBX, no device of the user rings', async () => {
    await harness.useProfile('bob', {
      routing: { any: ring('softphone', 'deskphone') },
      exceptions: { busy: { kind: 'number', number: '1004' }, noAnswer: null, unreachable: null },
    });
    await aliceCallsBob(bobDesk);
    const [soft, desk] = [bobRings(), deskRings()];

    const daveRings = incoming(dave);
    const carol = await harness.phone('carol');
    const forwarded = carol.engine.once('call', (call) => call.state === 'active');
    await carol.engine.dial('1002');
    await dave.engine.answer((await daveRings).id);
    expect(await forwarded).toMatchObject({ forwardedTo: 'dave' });
    expect([bobRings(), deskRings()]).toEqual([soft, desk]);
    await carol.engine.stop();
  });

  it('the busy rule ends with the call: after hanging up, the next call rings again', async () => {
    await harness.useProfile('bob', {
      routing: { any: ring('deskphone') },
      exceptions: { busy: { kind: 'number', number: '1004' }, noAnswer: null, unreachable: null },
    });
    await aliceCallsBob(bobDesk);
    await harness.hangUpAll();
    await aliceCallsBob(bobDesk);
  });
});

describe('devices: queue calls ring the devices of the queue policy', () => {
  let harness: SipHarness;

  beforeAll(async () => {
    harness = await startSipHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('a member whose profile rings only desk phones for queue calls gets the call on the desk phone only', async () => {
    await harness.useProfile('bob', { queues: { status: 'active', scope: 'all', queueIds: [], devices: ['deskphone'] } });
    await harness.useProfile('dave', {});
    await harness.setQueues('dave', 'paused');
    const alice = await harness.phone('alice');
    const bob = await harness.phone('bob', { decideIncoming: () => ({ action: 'ring' }) });
    const bobDesk = await harness.deskPhone('bob');
    const softRings = countRings(bob);

    const deskRinging = incoming(bobDesk);
    const connected = alice.engine.once('call', (call) => call.state === 'active');
    await alice.engine.dial(harness.server.company.queues.Sales?.number ?? 'missing queue');
    const call = await deskRinging;
    expect(call.calledType).toBe('queue');
    await bobDesk.engine.answer(call.id);
    await connected;
    expect(softRings()).toBe(0);
    await harness.hangUpAll();

    // Both devices once the policy says so.
    await harness.useProfile('bob', { queues: { status: 'active', scope: 'all', queueIds: [], devices: ['softphone', 'deskphone'] } });
    const softRinging = incoming(bob);
    const deskAgain = incoming(bobDesk);
    const again = alice.engine.once('call', (c) => c.state === 'active');
    await alice.engine.dial(harness.server.company.queues.Sales?.number ?? 'missing queue');
    await deskAgain;
    await bob.engine.answer((await softRinging).id);
    await again;
    await harness.hangUpAll();
  });
});

describe('devices: credentials', () => {
  let harness: SipHarness;

  beforeAll(async () => {
    harness = await startSipHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('a rotated password is refused at once; the new one registers', async () => {
    const first = await harness.provisionDeskPhone('carol', 'Reception');
    await harness.deskPhone('carol', { account: first });
    const admin = await harness.server.signIn('admin');
    const carolId = harness.server.company.users.carol?.id ?? '';
    const rotated = DeskPhoneCredentials.parse(
      await (
        await harness.server.api(`/api/v1/admin/users/${carolId}/devices/${first.device.id}/rotate`, { method: 'POST', token: admin })
      ).json(),
    );
    expect(rotated.password).not.toBe(first.password);

    const stale = await harness.deskPhone('carol', { account: first, waitRegistered: false });
    expect(await stale.settled()).toMatchObject({ status: 'failed' });
    await stale.engine.stop();
    const fresh = await harness.deskPhone('carol', { account: rotated, waitRegistered: false });
    expect(await fresh.settled()).toMatchObject({ status: 'registered' });
  });

  it('a removed desk phone cannot register; neither can the desk phone of a disabled user', async () => {
    const admin = await harness.server.signIn('admin');
    const daveId = harness.server.company.users.dave?.id ?? '';
    const removed = await harness.provisionDeskPhone('dave');
    const kept = await harness.provisionDeskPhone('dave');
    const gone = await harness.server.api(`/api/v1/admin/users/${daveId}/devices/${removed.device.id}`, { method: 'DELETE', token: admin });
    expect(gone.status).toBe(200);
    const afterRemoval = await harness.deskPhone('dave', { account: removed, waitRegistered: false });
    expect(await afterRemoval.settled()).toMatchObject({ status: 'failed' });
    await afterRemoval.engine.stop();

    await harness.server.api(`/api/v1/admin/users/${daveId}/disabled`, { method: 'PUT', token: admin, body: { disabled: true } });
    const ofDisabled = await harness.deskPhone('dave', { account: kept, waitRegistered: false });
    expect(await ofDisabled.settled()).toMatchObject({ status: 'failed' });
    await ofDisabled.engine.stop();
    await harness.server.api(`/api/v1/admin/users/${daveId}/disabled`, { method: 'PUT', token: admin, body: { disabled: false } });
    const enabledAgain = await harness.deskPhone('dave', { account: kept, waitRegistered: false });
    expect(await enabledAgain.settled()).toMatchObject({ status: 'registered' });
  });
});
