import { startPbx, type PbxOptions, type RunningPbx } from '../../scripts/pbx/pbx';
import { startPbxPair, type RunningPbxPair } from '../../scripts/pbx/pair';
import { startTestServer, type TestServer, type TestServerOptions } from './server';

/**
 * The real profile server on a temporary SQLite file plus the real PBX (rtpengine and a
 * Kamailio driving it and asking the server), wired
 * both ways: the server hands Kamailio's address to clients in GET /me/sip, as a real
 * deployment does (the wss:// address when the PBX has TLS). Whatever started is stopped again
 * if a later step fails.
 */
export async function startServerWithPbx(
  serverOptions: TestServerOptions = {},
  pbxOptions: Partial<Pick<PbxOptions, 'maxInvitesPerSecond' | 'maxTransactions' | 'sharedMemoryMb' | 'tls' | 'host' | 'extraListen' | 'carrier' | 'trunk'>> = {},
): Promise<{ server: TestServer; pbx: RunningPbx }> {
  const { server, pbx } = await serverWith(
    serverOptions,
    (server) =>
      startPbx({
        profileServerUrl: server.url,
        pbxSecret: server.pbxSecret,
        domain: server.sipDomain,
        debug: process.env.PBX_DEBUG === '1',
        ...pbxOptions,
      }),
    (server, pbx) => server.usePbx(pbx.wssUrl ?? pbx.wsUrl),
  );
  return { server, pbx };
}

/**
 * The real profile server plus a pair of PBX proxies sharing registrations
 * (scripts/pbx/pair.ts); the server names both in GET /me/sip (`wsUrls`, A first).
 */
export async function startServerWithPbxPair(
  serverOptions: TestServerOptions = {},
): Promise<{ server: TestServer; pair: RunningPbxPair }> {
  const { server, pbx: pair } = await serverWith(
    serverOptions,
    (server) =>
      startPbxPair({
        profileServerUrl: server.url,
        pbxSecret: server.pbxSecret,
        domain: server.sipDomain,
        debug: process.env.PBX_DEBUG === '1',
      }),
    (server, pair) => server.usePbx(pair.wsUrls[0] ?? null, pair.wsUrls),
  );
  return { server, pair };
}

/** The server, then its PBX, then the server told about it; whatever started is stopped if a later step fails. */
async function serverWith<Pbx extends { stop(): Promise<void> }>(
  serverOptions: TestServerOptions,
  startPbxFor: (server: TestServer) => Promise<Pbx>,
  announce: (server: TestServer, pbx: Pbx) => Promise<void>,
): Promise<{ server: TestServer; pbx: Pbx }> {
  const server = await startTestServer(serverOptions);
  let pbx: Pbx;
  try {
    pbx = await startPbxFor(server);
  } catch (error) {
    await server.stop();
    throw error;
  }
  try {
    await announce(server, pbx);
  } catch (error) {
    await pbx.stop();
    await server.stop();
    throw error;
  }
  return { server, pbx };
}

/** The calls this PBX's rtpengine relays now (of a pair, the proxy a call came in on relays its media). */
export async function relayedCalls(pbx: RunningPbx): Promise<number> {
  if (!pbx.rtpengine) throw new Error('This PBX runs without rtpengine');
  const answer = await pbx.rtpengine.command({ command: 'list' });
  return Array.isArray(answer.calls) ? answer.calls.length : 0;
}
