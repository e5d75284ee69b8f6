/**
 * Builds a client service for Node: the development/e2e harness and the integration tests.
 * The Electron composition root (src/main/index.ts) does the same with electron-store and
 * safeStorage adapters and the renderer's media bridge.
 *
 *   const client = composeClient({ dataDir, mediaFactory: createSdpOnlyMediaFactory(), pbxUrl });
 *   await client.start();
 */
import type { SessionDescriptionHandlerFactory } from 'sip.js';
import { SipEngine } from '../sip/sipEngine';
import { pbxAddressesFor } from '../sip/pbxServers';
import type { BackoffPolicy } from '../../shared/backoff';
import type { SipLogger } from '../sip/types';
import { ClientService, type ClientServiceOptions } from './clientService';
import { FileStore } from './fileStore';
import { MemorySecretPort } from './memorySecrets';
import type { PersistencePort, SecretPort } from './ports';
import type { SipEngineFactory } from './sipPort';
import { SoftphoneError } from '../../shared/ipc';
import { text } from '../../shared/text';

export interface ComposeClientOptions {
  /** Folder of the JSON state file (created if missing). */
  dataDir: string;
  /** Default: secrets in memory only (a restart signs out). */
  secretPort?: SecretPort;
  /** Default: the JSON file store in `dataDir`. */
  persistence?: PersistencePort;
  /** Each call's media: the renderer bridge or the SDP-only stand-in; null: no calls. */
  mediaFactory: SessionDescriptionHandlerFactory | null;
  /**
   * ws:// or wss:// address of the PBX, overriding the one the profile server names
   * (`wsUrl` of `GET /me/sip`); null: use the server's. Neither: calls are off, said in the
   * registration slice (profiles still sync).
   */
  pbxUrl: string | null;
  voicemailUser?: string;
  sipLogger?: SipLogger;
  sipBackoff?: BackoffPolicy;
  /** Extra CAs (PEM) trusted for a wss:// PBX besides the system's. */
  trustedCa?: string | null;
  now?: ClientServiceOptions['now'];
  fetch?: ClientServiceOptions['fetch'];
  sync?: ClientServiceOptions['sync'];
  signOutGraceMs?: number;
  logger?: ClientServiceOptions['logger'];
}

/**
 * SIP engines that reach `pbxUrl` (or, when null, the address the profile server names) and
 * run media through `mediaFactory`.
 */
function sipEngineFactoryFor(
  pbxUrl: string | null,
  mediaFactory: SessionDescriptionHandlerFactory,
  extras: { logger?: SipLogger; backoff?: BackoffPolicy; trustedCa?: string | null } = {},
): SipEngineFactory {
  return (request) => {
    const [wsUrl, ...others] = pbxAddressesFor(pbxUrl, request.credentials);
    if (wsUrl === undefined) {
      throw new SoftphoneError(
        'failed',
        'no PBX address is known: the profile server names none and none is configured here',
        text('registration.noPbxAddress'),
      );
    }
    return new SipEngine({
      wsUrl,
      wsUrls: [wsUrl, ...others],
      domain: request.credentials.domain,
      user: request.credentials.userName,
      secret: { ha1: request.credentials.ha1 },
      displayName: request.credentials.displayName,
      mediaFactory,
      decideIncoming: request.decideIncoming,
      callerId: request.callerId,
      history: request.history,
      countryCode: request.countryCode,
      logger: extras.logger,
      backoff: extras.backoff,
      trustedCa: extras.trustedCa ?? undefined,
    });
  };
}

export function composeClient(options: ComposeClientOptions): ClientService {
  const sipEngineFactory =
    options.mediaFactory !== null
      ? sipEngineFactoryFor(options.pbxUrl, options.mediaFactory, {
          logger: options.sipLogger,
          backoff: options.sipBackoff,
          trustedCa: options.trustedCa,
        })
      : null;
  return new ClientService({
    persistence: options.persistence ?? new FileStore({ dir: options.dataDir }),
    secrets: options.secretPort ?? new MemorySecretPort(),
    sipEngineFactory,
    voicemailUser: options.voicemailUser,
    now: options.now,
    fetch: options.fetch,
    sync: options.sync,
    signOutGraceMs: options.signOutGraceMs,
    logger: options.logger,
  });
}
