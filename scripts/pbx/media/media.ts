/**
 * The PBX's media component: a SIP user agent with real RTP (scripts/pbx/ua) on a free loopback
 * UDP port that Kamailio relays two kinds of requests to (the wrapper's MEDIA_ADDRESS):
 *
 * - INVITEs for a target the profile server issued (route answer `kind=media`, route[TO_MEDIA]):
 *   the dispatcher (dispatcher.ts) runs the target's script (scripts/*.ts), e.g. the voicemail
 *   deposit; media passes rtpengine like a plain-RTP phone's;
 * - `message-summary` SUBSCRIBEs from phones (route[MWI_SUBSCRIBE]): message-waiting
 *   indication (mwi.ts), NOTIFYs whenever the profile server says a mailbox changed.
 *
 * Started by scripts/pbx/pbx.ts before Kamailio (which needs its address) and stopped with it.
 *
 *   const media = await startMedia({ profileServerUrl, pbxSecret, domain });
 *   media.address   // "127.0.0.1:40123" → KamailioOptions.mediaAddress
 *   await media.stop();
 */
import { startUa, type SipUa } from '../ua/sipUa';
import { createDispatcher, type MediaScript, type VoicemailOptions } from './dispatcher';
import { startMwi, type Mwi } from './mwi';
import { profileClient } from './profileClient';
import { scripts as defaultScripts } from './scripts/index';

export interface MediaOptions {
  /** The profile server's base URL (its /pbx/v1 area). */
  profileServerUrl: string;
  pbxSecret: string;
  /** The SIP domain (Message-Account of MWI NOTIFYs). */
  domain: string;
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string;
  /** Voicemail limits. */
  voicemail?: VoicemailOptions;
  /** The scripts (default scripts/index.ts's). */
  scripts?: MediaScript[];
  /** One line per call step and SIP message. */
  log?: (line: string) => void;
  /** Also log every SIP message. */
  debug?: boolean;
}

export interface RunningMedia {
  host: string;
  port: number;
  /** host:port, what Kamailio's MEDIA_ADDRESS names. */
  address: string;
  ua: SipUa;
  mwi: Mwi;
  /** Calls in progress. */
  activeCalls(): number;
  stop(): Promise<void>;
}

export const DEFAULT_VOICEMAIL: Required<VoicemailOptions> = {
  maxSeconds: 120,
  silenceSeconds: 8,
  silenceLevel: 0.01,
  minSeconds: 0.5,
};

export async function startMedia(options: MediaOptions): Promise<RunningMedia> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const ua = await startUa({ host, user: 'media', ...(options.debug ? { log: (line) => log(`sip ${line}`) } : {}) });
  const profile = profileClient(options.profileServerUrl, options.pbxSecret);
  const dispatcher = createDispatcher({
    scripts: options.scripts ?? defaultScripts,
    profile,
    host,
    voicemail: { ...DEFAULT_VOICEMAIL, ...options.voicemail },
    log,
  });
  const active = new Set<Promise<void>>();
  ua.on('invite', (call) => {
    const running = dispatcher.dispatch(call).catch((error: unknown) => log(`call ${call.callId} failed: ${String(error)}`));
    active.add(running);
    void running.finally(() => active.delete(running));
  });
  const mwi = startMwi({ ua, profile, secret: options.pbxSecret, domain: options.domain, log });
  return {
    host,
    port: ua.port,
    address: `${host}:${ua.port}`,
    ua,
    mwi,
    activeCalls: () => active.size,
    async stop() {
      mwi.stop();
      await ua.stop();
      // scripts see their calls end ('stopped') and return; uploads in flight finish or time out
      await Promise.race([Promise.allSettled([...active]), new Promise((resolve) => setTimeout(resolve, 2000))]);
    },
  };
}
