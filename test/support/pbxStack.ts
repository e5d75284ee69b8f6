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
  const server = await startTestServer(serverOptions);
  let pbx: RunningPbx;
  try {
    pbx = await startPbx({
      profileServerUrl: server.url,
      pbxSecret: server.pbxSecret,
      domain: server.sipDomain,
      debug: process.env.PBX_DEBUG === '1',
      ...pbxOptions,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  try {
    await server.usePbx(pbx.wssUrl ?? pbx.wsUrl);
  } catch (error) {
    await pbx.stop();
    await server.stop();
    throw error;
  }
  return { server, pbx };
}

/**
 * The real profile server plus a pair of PBX proxies sharing registrations
 * (scripts/pbx/pair.ts); the server names both in GET /me/sip (`wsUrls`, A first).
 */
export async function startServerWithPbxPair(
  serverOptions: TestServerOptions = {},
): Promise<{ server: TestServer; pair: RunningPbxPair }> {
  const server = await startTestServer(serverOptions);
  let pair: RunningPbxPair;
  try {
    pair = await startPbxPair({
      profileServerUrl: server.url,
      pbxSecret: server.pbxSecret,
      domain: server.sipDomain,
      debug: process.env.PBX_DEBUG === '1',
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  try {
    await server.usePbx(pair.wsUrls[0] ?? null, pair.wsUrls);
  } catch (error) {
    await pair.stop();
    await server.stop();
    throw error;
  }
  return { server, pair };
}
