/**
 * The PBX with TLS: a development CA and a server certificate signed by it (made with openssl
 * in a temp dir), Kamailio listening for SIP over TLS and secure WebSocket with them, and the
 * profile server naming the wss:// address. A softphone that trusts the development CA
 * registers and calls; one that trusts another CA (or only the system's) is refused with a
 * reason and nothing registers; a plain SIP client over TLS gets answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevCertificates, type DevCertificates } from '../../../scripts/pbx/devCerts';
import { startSipHarness, type SipHarness } from '../../support/sipHarness';
import { CallLog, withTimeout } from '../../support/softphones';

describe('the PBX over TLS', () => {
  let dir: string;
  let devCa: DevCertificates;
  let otherCa: DevCertificates;
  let harness: SipHarness;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'softphone-tls-'));
    devCa = ensureDevCertificates(join(dir, 'dev'), { hosts: ['localhost', '127.0.0.1'] });
    otherCa = ensureDevCertificates(join(dir, 'other'), { caName: 'Somebody else’s CA' });
    harness = await startSipHarness({ tls: { certFile: devCa.certFile, keyFile: devCa.keyFile } });
    await Promise.all(['alice', 'bob', 'carol'].map((user) => harness.useProfile(user, {})));
  });

  afterAll(async () => {
    await harness?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the profile server hands out the wss:// address', async () => {
    const alice = await harness.phone('alice', { trustedCa: devCa.caPem });
    expect(alice.credentials.wsUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    expect(alice.credentials.wsUrl).toBe(harness.pbx.wssUrl);
  });

  it('registers over wss:// when the development CA is trusted, and calls work', async () => {
    const bob = await harness.phone('bob', { trustedCa: devCa.caPem });
    expect(bob.engine.registrationState.status).toBe('registered');
    const caller = await harness.phone('carol', { trustedCa: devCa.caPem });
    const rings = bob.engine.once('call', (call) => call.state === 'incoming');
    const connected = caller.engine.once('call', (call) => call.state === 'active');
    await caller.engine.dial('bob');
    await bob.engine.answer((await withTimeout(rings, 10_000, 'bob did not ring')).id);
    await withTimeout(connected, 10_000, 'the call did not connect');
    await harness.hangUpAll();
    await caller.engine.stop();
  });

  it('refuses a certificate from a CA the softphone does not trust; nothing registers', async () => {
    const alice = await harness.phone('alice', { trustedCa: devCa.caPem });
    for (const trustedCa of [otherCa.caPem, undefined]) {
      const dave = await harness.phone('dave', { trustedCa, waitRegistered: false });
      const seen: string[] = [];
      const stopWatching = dave.engine.on('registration', (state) => seen.push(state.status));
      // start() has made its first attempt: refused, with the reason.
      expect(dave.engine.registrationState).toMatchObject({
        status: 'failed',
        reason: {
          key: 'registration.certificateRejected',
          params: { code: expect.stringMatching(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED/) },
        },
      });
      // The PBX has no registration for dave (the engine keeps trying meanwhile): a call to
      // him never reaches a phone; his unreachable rule sends it to his voicemail.
      const log = new CallLog(alice.engine);
      await alice.engine.dial('dave');
      const outcome = await log.waitFor((call) => call.state === 'ended' || call.forwardedTo === 'voicemail', 10_000, 'ending or voicemail');
      expect(outcome.state === 'ended' ? outcome.answeredAt : outcome.forwardedTo).toBe(outcome.state === 'ended' ? null : 'voicemail');
      await harness.hangUpAll();
      log.dispose();
      expect(seen).not.toContain('registered');
      expect(dave.engine.registrationState.status).toBe('failed');
      stopWatching();
      await dave.engine.stop();
    }
  });

  it('answers SIP over TLS (OPTIONS) with a certificate valid for its address', async () => {
    const port = harness.pbx.tlsPort;
    if (port === null) throw new Error('no TLS port');
    const answer = await withTimeout(
      new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port, ca: devCa.caPem });
        let received = '';
        socket.once('secureConnect', () =>
          socket.write(
            [
              `OPTIONS sip:${harness.domain} SIP/2.0`,
              `Via: SIP/2.0/TLS 127.0.0.1:${socket.localPort};branch=z9hG4bK-tls-probe;rport`,
              'Max-Forwards: 70',
              `From: <sip:probe@${harness.domain}>;tag=probe`,
              `To: <sip:${harness.domain}>`,
              'Call-ID: tls-probe@127.0.0.1',
              'CSeq: 1 OPTIONS',
              'Content-Length: 0',
              '',
              '',
            ].join('\r\n'),
          ),
        );
        socket.on('data', (chunk) => {
          received += chunk.toString('utf8');
          if (received.includes('\r\n\r\n')) {
            socket.end();
            resolve(received);
          }
        });
        socket.once('error', reject);
      }),
      10_000,
      'no answer over TLS',
    );
    expect(answer.split('\r\n')[0]).toBe('SIP/2.0 200 OK');
    expect(answer).toMatch(/^CSeq: 1 OPTIONS$/m);
  });
});
