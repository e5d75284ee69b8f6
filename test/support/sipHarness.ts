/**
 * The real profile server + the real Kamailio + SIP engines signed in as seeded users, for the
 * SIP integration tests and the benchmarks.
 *
 *   const h = await startSipHarness();
 *   const alice = await h.phone('alice');                 // registered SipEngine, SDP-only media
 *   const desk = await h.deskPhone('bob');                // bob's desk phone: its own SIP account
 *   await h.useProfile('bob', { availability: 'not_available' });
 *   await h.stop();                                        // phones, Kamailio, server
 *
 * The phones themselves are sipPhones.ts's (the cluster test uses them on its balancer).
 */
import type { RunningPbx } from '../../scripts/pbx/pbx';
import { startServerWithPbx, startServerWithPbxPair } from './pbxStack';
import type { RunningPbxPair } from '../../scripts/pbx/pair';
import type { TestServer } from './server';
import { sipPhones, type SipPhones } from './sipPhones';

export { baseProfile, connectCall, countRings, ring, rings, type PhoneOptions, type TestPhone } from './sipPhones';

export interface SipHarness extends Omit<SipPhones, 'stopPhones'> {
  server: TestServer;
  /** The PBX (with `pair`: proxy A). */
  pbx: RunningPbx;
  /** With `{ pair: true }`: both proxies (scripts/pbx/pair.ts), else null. */
  pair: RunningPbxPair | null;
  domain: string;
  stop(): Promise<void>;
}

export async function startSipHarness(
  pbxOptions: Parameters<typeof startServerWithPbx>[1] = {},
  stack: { pair?: boolean } = {},
): Promise<SipHarness> {
  let pair: RunningPbxPair | null = null;
  let server: TestServer;
  let pbx: RunningPbx;
  if (stack.pair) {
    ({ server, pair } = await startServerWithPbxPair());
    pbx = pair.proxies[0];
  } else {
    ({ server, pbx } = await startServerWithPbx({}, pbxOptions));
  }
  const { stopPhones, ...phones } = sipPhones({
    api: (path, init) => server.api(path, init),
    signIn: (userName) => server.signIn(userName),
    userId(userName) {
      const user = server.company.users[userName];
      if (!user) throw new Error(`No seeded user ${userName}`);
      return user.id;
    },
    defaultWsUrl: pbx.wsUrl,
  });
  return {
    ...phones,
    server,
    pbx,
    pair,
    domain: server.sipDomain,
    async stop() {
      await stopPhones();
      await (pair ?? pbx).stop();
      await server.stop();
    },
  };
}
