/**
 * Issue 13 on the wire: a queue the admin creates, numbers and gives a member through the
 * admin routes rings that member when dialled (real profile server + real Kamailio); the
 * member's devices follow the admin's choice for the queue (desk phone only: the softphone stays
 * quiet); removed, the member no longer rings and the caller is refused.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../../src/main/sip/types';
import { countRings, startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';
import { eventually } from '../../support/softphones';

const incoming = (phone: TestPhone): Promise<CallSnapshot> => phone.engine.once('call', (call) => call.state === 'incoming');

describe('queues the admin creates ring on the wire', () => {
  let harness: SipHarness;
  let admin: string;
  let bob: TestPhone;
  let dave: TestPhone;
  let queueId: string;

  beforeAll(async () => {
    harness = await startSipHarness();
    await Promise.all(['bob', 'dave'].map((user) => harness.useProfile(user, {})));
    admin = await harness.server.signIn('admin');
    bob = await harness.phone('bob');
    dave = await harness.phone('dave');
  });
  afterEach(async () => {
    await harness.hangUpAll();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const api = async (path: string, method: string, body?: unknown): Promise<{ id: string }> => {
    const response = await harness.server.api(path, { token: admin, method, ...(body === undefined ? {} : { body }) });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as { id: string };
  };
  const daveId = (): string => harness.server.company.users.dave?.id as string;

  it('rings the member the admin added to a queue created and numbered in the admin screens', async () => {
    queueId = (await api('/api/v1/admin/queues', 'POST', { name: 'Night desk', number: '3500' })).id;
    await api(`/api/v1/admin/queues/${queueId}`, 'PATCH', { number: '+46855503500' });
    await api(`/api/v1/admin/queues/${queueId}/members/${daveId()}`, 'PUT', { devices: null });

    const rings = incoming(dave);
    const connected = bob.engine.once('call', (call) => call.state === 'active');
    await bob.engine.dial('+46855503500');
    const atDave = await rings;
    expect(atDave.calledType).toBe('queue');
    await dave.engine.answer(atDave.id);
    await connected;
  });

  it("rings only the devices the admin chose for the member: the desk phone, not the softphone", async () => {
    const desk = await harness.deskPhone('dave');
    const softRings = countRings(dave);
    await api(`/api/v1/admin/queues/${queueId}/members/${daveId()}`, 'PUT', { devices: ['deskphone'] });
    const atDesk = incoming(desk);
    const connected = bob.engine.once('call', (call) => call.state === 'active');
    await bob.engine.dial('+46855503500');
    await desk.engine.answer((await atDesk).id);
    await connected;
    expect(softRings()).toBe(0);
  });

  it('no longer rings a removed member: the caller is refused', async () => {
    await api(`/api/v1/admin/queues/${queueId}/members/${daveId()}`, 'DELETE');
    const softRings = countRings(dave);
    const ended = bob.engine.once('callEnded');
    await bob.engine.dial('+46855503500');
    const end = await ended;
    expect(end.answeredAt).toBeNull();
    await eventually(() => bob.engine.calls().length === 0, 'bob still has the call');
    expect(softRings()).toBe(0);
  });
});
