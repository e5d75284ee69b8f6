/**
 * `npm run dev:web [-- --clients 2 --no-pbx --keep]`: the local stack for UI work without
 * Electron — the profile server with the demo company (a SQLite file in a temporary folder),
 * Kamailio when it is installed, and one harnessed softphone per client (the client service
 * in Node, the renderer build served on 127.0.0.1). Prints the addresses to open in a browser
 * and how to sign in; Ctrl+C stops everything and removes the temporary files.
 *
 * It serves out/renderer: run `npm run build` first (or `npx electron-vite build --watch` in
 * another terminal and reload the page).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createServer } from '../src/server/app';
import { DEMO_PASSWORD, demoCompany } from '../src/server/seed/demo';
import { seedCompany } from '../src/server/seed/seed-company';
import type { RunningKamailio } from './pbx/kamailio';
import { startPbx } from './pbx/pbx';
import { startHarness, type Harness } from './harness/harness';
import { disposeBridgeScript, rendererDir } from './harness/site';
import { logLevelFrom, prefixedLogger, stderrLogger } from '../src/main/logging/logger';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { clients: { type: 'string', default: '2' }, 'no-pbx': { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
  });
  const clients = Math.max(1, Math.min(8, Number(values.clients) || 1));
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error(`No renderer build in ${rendererDir}. Run "npm run build" first.`);

  const dir = await mkdtemp(join(tmpdir(), 'softphone-dev-web-'));
  const stops: (() => Promise<void>)[] = [async () => rm(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step().catch((error: unknown) => console.error(error));
  };
  try {
    const sipDomain = 'softphone.local';
    const pbxSecret = randomBytes(24).toString('hex');
    const serverConfig = { host: '127.0.0.1', port: 0, dbPath: join(dir, 'server.sqlite'), mailOutbox: join(dir, 'outbox.jsonl'), sipDomain, pbxSecret };
    let server = await createServer(serverConfig);
    stops.push(() => server.close());
    await seedCompany(server.ctx, demoCompany);
    console.log(`Profile server: ${server.url} (demo company seeded; mail goes to ${join(dir, 'outbox.jsonl')})`);

    let pbx: RunningKamailio | null = null;
    if (!values['no-pbx']) {
      try {
        // rtpengine relays media when installed; without it Kamailio relays signalling only
        const rtpengine = existsSync('/usr/bin/rtpengine') ? {} : false;
        // the carrier simulator is the trunk's other end (outside numbers, mobile legs)
        pbx = await startPbx({ profileServerUrl: server.url, pbxSecret, domain: sipDomain, rtpengine, carrier: true });
        stops.push(() => pbx!.stop());
        console.log(`Kamailio: ${pbx.wsUrl} (desk phones: sip:${pbx.host}:${pbx.sipPort}, UDP)`);
        // Kamailio needed the server's address; now the server learns the PBX's (GET /me/sip).
        const port = Number(new URL(server.url).port);
        await server.close();
        // Desk phones register over UDP at the PBX's SIP port (shown with new desk-phone credentials).
        server = await createServer({ ...serverConfig, port, pbxWsUrl: pbx.wsUrl, pbxSipAddress: `${pbx.host}:${pbx.sipPort}` });
      } catch (error) {
        console.log(`Kamailio did not start (${error instanceof Error ? error.message : String(error)}).`);
        console.log('Calls are off; profiles, queues and the admin area still work. Install it with:');
        console.log('  sudo apt-get install -y kamailio kamailio-websocket-modules kamailio-utils-modules kamailio-tls-modules rtpengine-daemon');
      }
    }

    const harnesses: Harness[] = [];
    for (let i = 0; i < clients; i++) {
      // Redacted lines on stderr: warnings by default, everything with --verbose or SOFTPHONE_LOG_LEVEL.
      const level = values.verbose ? 'debug' : logLevelFrom(process.env, 'warn').level;
      const logger = prefixedLogger(stderrLogger(level), `[client ${i + 1}] `);
      const harness = await startHarness({ pbxUrl: pbx?.wsUrl ?? null, logger });
      stops.push(() => harness.close());
      harnesses.push(harness);
    }
    stops.push(() => disposeBridgeScript());
    console.log('');
    harnesses.forEach((harness, i) => console.log(`Softphone ${i + 1}: ${harness.url}`));
    console.log('');
    console.log(`Sign in with server address ${server.url}, user admin, alice, bob, carol or dave, password "${DEMO_PASSWORD}".`);
    console.log('Use a separate browser profile (or window) per softphone. Ctrl+C stops everything.');
  } catch (error) {
    await stop();
    throw error;
  }

  const onSignal = (signal: string) => {
    console.log(`${signal}: stopping`);
    void stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
