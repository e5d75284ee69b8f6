/**
 * Client services composed in Node for integration tests: each with its own data folder and
 * in-memory secrets, optionally a SIP engine with the SDP-only media stand-in.
 *
 *   const c = await startClient({ pbxUrl: pbx.wsUrl });
 *   await c.service.invoke('session.signIn', { serverUrl, userName: 'alice', password });
 *   await c.until('registration', (r) => r.status === 'registered');
 *   await c.stop();                        // shuts the service down, deletes the data folder
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientService } from '../../src/main/client/clientService';
import { composeClient } from '../../src/main/client/compose';
import { MemorySecretPort } from '../../src/main/client/memorySecrets';
import type { SessionDescriptionHandlerFactory } from 'sip.js';
import { createSdpOnlyMediaFactory } from '../../src/main/sip/sdpOnlyMedia';
import type { EventName, EventPayload } from '../../src/shared/ipc';

export interface TestClient {
  service: ClientService;
  secrets: MemorySecretPort;
  dataDir: string;
  /** Resolves with the slice's value once `predicate` holds (now or after a change). */
  until<N extends EventName>(
    name: N,
    predicate: (payload: EventPayload<N>) => boolean,
    what?: string,
  ): Promise<EventPayload<N>>;
  stop(): Promise<void>;
}

export interface TestClientOptions {
  /** PBX address override; null (default): the one the server names, if `calls`. */
  pbxUrl?: string | null;
  /** SIP engine with SDP-only media; default: only when `pbxUrl` is given. */
  calls?: boolean;
  /** Calls' media instead of the SDP-only stand-in (implies `calls`). */
  mediaFactory?: SessionDescriptionHandlerFactory;
  dataDir?: string;
  secrets?: MemorySecretPort;
  /** The client's HTTP (default: global fetch); tests wrap it to watch requests. */
  fetch?: typeof fetch;
}

/** Waits are bounded only so that a hang names what it waited for; no test asserts on time. */
const WAIT_BOUND_MS = 30_000;

export async function startClient(options: TestClientOptions = {}): Promise<TestClient> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'softphone-client-'));
  const secrets = options.secrets ?? new MemorySecretPort();
  const pbxUrl = options.pbxUrl ?? null;
  const service = composeClient({
    dataDir,
    secretPort: secrets,
    pbxUrl,
    mediaFactory: options.mediaFactory ?? ((options.calls ?? pbxUrl !== null) ? createSdpOnlyMediaFactory() : null),
    sync: { initialDelayMs: 100, maxDelayMs: 1000 },
    fetch: options.fetch,
    sipBackoff: { initialMs: 200, maxMs: 1000, factor: 2, jitter: 0.3 },
  });
  await service.start();
  return {
    service,
    secrets,
    dataDir,
    until(name, predicate, what = `${name} to change`) {
      return new Promise((resolve, reject) => {
        const current = service.current()[name];
        if (predicate(current)) return resolve(current);
        let last: unknown = current;
        const timer = setTimeout(() => {
          off();
          reject(
            new Error(
              `Waited for ${what}; the last ${name} was ${JSON.stringify(last).slice(0, 600)}`,
            ),
          );
        }, WAIT_BOUND_MS);
        const off = service.on(name, (payload) => {
          last = payload;
          if (!predicate(payload)) return;
          clearTimeout(timer);
          off();
          resolve(payload);
        });
      });
    },
    async stop() {
      await service.shutdown();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
