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
 * The proxies listen on two different addresses (`hosts`, default 127.0.0.1 and 127.0.0.2, both
 * loopback on Linux), as two machines would: a proxy recognises its own Path by the host alone
 * (registrar's path_check_local), so two proxies on one address would each take the other's
 * Path for their own. The carrier trunk is not supported on a pair (each proxy would need the
 * carrier's calls shared out).
 */
import { freeUdpPort } from './processGroup';
import { startPbx, type PbxOptions, type RunningPbx } from './pbx';

export interface PbxPairOptions extends Omit<PbxOptions, 'sipPort' | 'cluster' | 'carrier' | 'trunk' | 'host' | 'extraListen'> {
  /** The addresses of proxy A and proxy B (different ones; default 127.0.0.1 and 127.0.0.2). */
  hosts?: [string, string];
}

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

export async function startPbxPair(options: PbxPairOptions): Promise<RunningPbxPair> {
  const { hosts = ['127.0.0.1', '127.0.0.2'], ...pbxOptions } = options;
  const [hostA, hostB] = hosts;
  if (hostA === hostB) throw new Error(`startPbxPair: the two proxies need different addresses, not ${hostA} twice`);
  const portA = await freeUdpPort(hostA);
  const portB = await freeUdpPort(hostB);
  const proxy = (host: string, sipPort: number, peer: string): Promise<RunningPbx> =>
    startPbx({ ...pbxOptions, host, sipPort, cluster: { peers: [peer] } });
  const a = await proxy(hostA, portA, `${hostB}:${portB}`);
  let b: RunningPbx;
  try {
    b = await proxy(hostB, portB, `${hostA}:${portA}`);
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
