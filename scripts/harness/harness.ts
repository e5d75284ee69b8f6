/**
 * One simulated softphone for development and end-to-end tests (never shipped): the client
 * service composed in Node exactly as the app composes it, with calls' media bridged to the
 * page's WebRTC engine, and the real renderer build served on 127.0.0.1 with the contract
 * carried over a loopback WebSocket. Start one per client; a Playwright test opens `url`.
 *
 *   const alice = await startHarness({ pbxUrl: kamailio.wsUrl });
 *   await page.goto(alice.url);
 *   ...
 *   await alice.close();
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeClient } from '../../src/main/client/compose';
import type { ClientService } from '../../src/main/client/clientService';
import {
  bridgedMediaFactory,
  createMediaPort,
  followDeviceChoice,
  noticeSink,
  reportMediaProblems,
  startMediaEngineServer,
} from '../../src/main/media';
import { prefixedLogger, silentLogger, type Logger } from '../../src/main/logging/logger';
import { serveContract } from './contractServer';
import { EngineSlot } from './engineSlot';
import { serveRenderer } from './site';

export interface HarnessOptions {
  /** ws:// address of the PBX; null: profiles only, no calls. */
  pbxUrl: string | null;
  /** Where the client keeps its state; default: a temporary folder removed on close. */
  dataDir?: string;
  voicemailUser?: string;
  /** Bound for each media request to the page engine. */
  mediaTimeoutMs?: number;
  /** Default: silent. `stderrLogger()` from src/main/logging/logger writes redacted lines to stderr. */
  logger?: Logger;
}

export interface Harness {
  /** The page to open: `http://127.0.0.1:PORT/`. */
  readonly url: string;
  readonly client: ClientService;
  readonly dataDir: string;
  /** Whether a page media engine is connected now. */
  readonly mediaConnected: boolean;
  /** Drops the page engine's connection from the Node side; the page reconnects by itself. */
  dropMediaEngine(): void;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const logger = options.logger ?? silentLogger;
  const log = (message: string): void => logger.info(message);
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'softphone-harness-')));
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse().splice(0)) {
      try {
        await cleanup();
      } catch (error) {
        log(`harness cleanup: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const engines = await startMediaEngineServer({ heartbeatMs: 2000 });
    cleanups.push(() => engines.close());
    const slot = new EngineSlot();
    cleanups.push(() => slot.close());
    engines.onEngine((_name, transport) => slot.attach(transport));
    const port = createMediaPort(slot, { timeoutMs: options.mediaTimeoutMs ?? 8000 });
    cleanups.push(() => port.dispose());

    const client = composeClient({
      dataDir,
      // As in the app: a call whose page media died is hung up with a notice.
      mediaFactory: bridgedMediaFactory(port, {
        onMediaLost: (session, reason) => void client.mediaLost(session, reason),
      }),
      pbxUrl: options.pbxUrl,
      voicemailUser: options.voicemailUser,
      logger: prefixedLogger(logger, 'client: '),
      sipLogger: prefixedLogger(logger, 'sip: '),
    });
    await client.start();
    cleanups.push(() => client.shutdown());

    cleanups.push(reportMediaProblems(port, noticeSink(client, (message) => logger.warn(message))));
    // The chosen microphone and speaker go to the page engine, as in the app.
    cleanups.push(
      followDeviceChoice(
        port,
        {
          devices: () => client.current().settings,
          onSettingsChange: (listener) =>
            client.subscribe((change) => change.name === 'settings' && listener()),
        },
        (listener) => engines.onEngine(() => listener()),
        (message) => log(`harness: ${message}`),
      ),
    );

    const contract = await serveContract(client, log);
    cleanups.push(() => contract.close());
    const site = await serveRenderer({ contractUrl: contract.url, mediaUrl: engines.engineUrl });
    cleanups.push(() => site.close());
    return {
      url: site.url,
      client,
      dataDir,
      get mediaConnected() {
        return port.connected;
      },
      dropMediaEngine: () => slot.drop(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
