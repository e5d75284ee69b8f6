/**
 * A pair of development PBXes sharing registrations (issue 15): two Kamailio instances with
 * kamailio.cfg's PBX_CLUSTER (DMQ replication of usrloc, Path to the proxy holding a device's
 * connection), each with its own rtpengine, recorder, DTMF relay and media component as
 * startPbx() gives one PBX. A device registered on either is reachable from a caller on either;
 * one proxy killed, its devices register again on the other (clients are given both addresses:
 * the profile server's PBX_WS_URLS) and new calls work.
 *
 *   const pair = await startPbxPair({ profileServerUrl, pbxSecret, domain });
 *   pair.wsUrls;                // [ws://127.0.0.1:A, ws://127.0.0.1:B]
 *   await pair.proxies[0].kill(); // SIGKILL proxy A (restart() brings it back, empty)
 *   await pair.stop();
 *
 * Both proxies listen on `host` (default 127.0.0.1) on ports of their own. The carrier trunk is
 * not supported on a pair (each proxy would need the carrier's calls shared out).
 */
import { freeUdpPort } from './processGroup';
import { startPbx, type PbxOptions, type RunningPbx } from './pbx';

export type PbxPairOptions = Omit<PbxOptions, 'sipPort' | 'cluster' | 'carrier' | 'trunk'>;

export interface RunningPbxPair {
  /** Proxy A and proxy B (each a whole PBX: kill(), restart(), stop() act on it alone). */
  proxies: [RunningPbx, RunningPbx];
  /** The softphones' addresses, A's first (wss:// when the pair has TLS). */
  wsUrls: string[];
  /** Stops both (whatever state each is in). */
  stop(): Promise<void>;
  /** Both proxies' recent logs, for error messages. */
  recentLog(): string;
}

/** Two distinct free UDP ports on `host`. */
async function twoPorts(host: string): Promise<[number, number]> {
  const first = await freeUdpPort(host);
  for (let tries = 0; tries < 20; tries += 1) {
    const second = await freeUdpPort(host);
    if (second !== first) return [first, second];
  }
  throw new Error(`startPbxPair: no second free UDP port on ${host}`);
}

export async function startPbxPair(options: PbxPairOptions): Promise<RunningPbxPair> {
  const host = options.host ?? '127.0.0.1';
  const [portA, portB] = await twoPorts(host);
  const proxy = (sipPort: number, peerPort: number): Promise<RunningPbx> =>
    startPbx({ ...options, sipPort, cluster: { peers: [`${host}:${peerPort}`] } });
  const a = await proxy(portA, portB);
  let b: RunningPbx;
  try {
    b = await proxy(portB, portA);
  } catch (error) {
    await a.stop();
    throw error;
  }
  const proxies: [RunningPbx, RunningPbx] = [a, b];
  return {
    proxies,
    wsUrls: proxies.map((pbx) => pbx.wssUrl ?? pbx.wsUrl),
    async stop() {
      const results = await Promise.allSettled(proxies.map((pbx) => pbx.stop()));
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
    recentLog() {
      return proxies.map((pbx, index) => `--- proxy ${'AB'[index]} ---\n${pbx.recentLog()}`).join('\n');
    },
  };
}
