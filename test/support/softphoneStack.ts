/**
 * The end-to-end stack: the real profile server (temporary SQLite, seeded Acme), the real
 * Kamailio, and any number of harnessed softphones (client service in Node + renderer page).
 *
 *   const stack = await startSoftphoneStack();
 *   const alice = await stack.harness();      // open alice.url in a browser page
 *   await stack.stop();                        // harnesses, Kamailio, server
 */
import type { RunningKamailio } from '../../scripts/pbx/kamailio';
import { startServerWithPbx } from './pbxStack';
import { startHarness, type Harness } from '../../scripts/harness/harness';
import type { TestServer, TestServerOptions } from './server';

export interface SoftphoneStack {
  server: TestServer;
  pbx: RunningKamailio;
  harness(): Promise<Harness>;
  stop(): Promise<void>;
}

export async function startSoftphoneStack(
  log: (message: string) => void = () => undefined,
  serverOptions: TestServerOptions = {},
): Promise<SoftphoneStack> {
  const { server, pbx } = await startServerWithPbx(serverOptions);
  const harnesses: Harness[] = [];
  return {
    server,
    pbx,
    async harness() {
      const harness = await startHarness({
        pbxUrl: pbx.wsUrl,
        voicemailUser: server.voicemailUser,
        logger: { debug: log, info: log, warn: log, error: log },
      });
      harnesses.push(harness);
      return harness;
    },
    async stop() {
      const problems: unknown[] = [];
      for (const harness of harnesses.splice(0))
        await harness.close().catch((error: unknown) => problems.push(error));
      await pbx.stop().catch((error: unknown) => problems.push(error));
      await server.stop().catch((error: unknown) => problems.push(error));
      if (problems.length > 0) throw problems[0];
    },
  };
}
