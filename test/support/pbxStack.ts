import { startKamailio, type KamailioOptions, type RunningKamailio } from '../../scripts/pbx/kamailio';
import { startTestServer, type TestServer, type TestServerOptions } from './server';

/**
 * The real profile server on a temporary SQLite file plus a real Kamailio asking it, wired
 * both ways: the server hands Kamailio's address to clients in GET /me/sip, as a real
 * deployment does (the wss:// address when the PBX has TLS). Whatever started is stopped again
 * if a later step fails.
 */
export async function startServerWithPbx(
  serverOptions: TestServerOptions = {},
  pbxOptions: Pick<KamailioOptions, 'tls' | 'host' | 'extraListen'> = {},
): Promise<{ server: TestServer; pbx: RunningKamailio }> {
  const server = await startTestServer(serverOptions);
  let pbx: RunningKamailio;
  try {
    pbx = await startKamailio({
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
