/**
 * Which script takes a call to the media component: the request-URI user part is a target the
 * profile server issued for this call, `<script>-<subject>-<signature>`
 * (src/server/services/media-targets.ts). The dispatcher finds the script by name
 * (scripts/index.ts lists them) and runs it with a context: the call, its RTP once answered, the
 * profile server, the options. Scripts never trust the target themselves: every question they
 * ask the profile server names the target and the Call-ID, which the server verifies.
 *
 * A script (one file per kind of call under scripts/):
 *
 *   export const voicemail: MediaScript = {
 *     name: 'vm',
 *     async run(ctx) {
 *       const greeting = await ctx.fetchAudio('/pbx/v1/voicemail/greeting');  // before answering
 *       const rtp = await ctx.answer();     // 200 OK with our SDP; resolves on the ACK
 *       await rtp.play(greeting);           // caller hears it; ctx.call.ended says when they hang up
 *       ...
 *     },
 *   };
 *
 * The dispatcher closes the RTP session and hangs up (BYE) when `run` returns or throws; a call
 * for an unknown script is answered 404, a script that throws before answering 500.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { pcmFromWav } from '../ua/audio';
import { startRtp, type RtpSession } from '../ua/rtp';
import type { IncomingCall } from '../ua/sipUa';
import type { ProfileClient } from './profileClient';

export interface VoicemailOptions {
  /** The longest message, in seconds (default 120). */
  maxSeconds?: number;
  /** A message ends after this many seconds without sound (default 8). */
  silenceSeconds?: number;
  /** Below this RMS level (0..1) a packet counts as silence (default 0.01, about -40 dBFS). */
  silenceLevel?: number;
  /** Messages shorter than this are not kept (default 0.5 s): a caller who hung up at the tone. */
  minSeconds?: number;
}

export interface MediaScriptContext {
  call: IncomingCall;
  /** The request-URI user part (the whole target) and its parts. */
  target: string;
  script: string;
  subject: string;
  /** The SIP Call-ID (the profile server checks the target against it). */
  callId: string;
  profile: ProfileClient;
  /** Answers the call with G.711 (200 OK + SDP); resolves on the ACK with the RTP session. */
  answer(): Promise<RtpSession>;
  /** GET an audio/wav `path` of the profile server for this call (target and call_id added) as 8 kHz PCM; throws on a non-200. */
  fetchAudio(path: string, query?: Record<string, string>): Promise<Int16Array>;
  log(line: string): void;
  voicemail: Required<VoicemailOptions>;
}

export interface MediaScript {
  /** The `<script>` part of targets it takes. */
  name: string;
  run(ctx: MediaScriptContext): Promise<void>;
}

/** `<script>-<subject>-<signature>` → its parts, or null. */
export function parseTarget(target: string): { script: string; subject: string } | null {
  const first = target.indexOf('-');
  const last = target.lastIndexOf('-');
  if (first <= 0 || last <= first) return null;
  return { script: target.slice(0, first), subject: target.slice(first + 1, last) };
}

/**
 * Whether X-Media-Auth is Kamailio's HMAC-SHA256 over `data` with the PBX secret
 * (route[MWI_SUBSCRIBE]; crypto_hmac_sha256 gives base64url, padding ignored here).
 */
export function pbxSigned(secret: string, data: string, given: string): boolean {
  const expected = Buffer.from(createHmac('sha256', secret).update(data).digest('base64url'));
  const actual = Buffer.from(given.trim().replace(/=+$/, ''));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export interface Dispatcher {
  dispatch(call: IncomingCall): Promise<void>;
}

export function createDispatcher(options: {
  scripts: MediaScript[];
  profile: ProfileClient;
  host: string;
  voicemail: Required<VoicemailOptions>;
  log: (line: string) => void;
}): Dispatcher {
  const byName = new Map(options.scripts.map((script) => [script.name, script]));
  return {
    async dispatch(call) {
      const target = call.requestUser;
      const parsed = parseTarget(target);
      const script = parsed ? byName.get(parsed.script) : undefined;
      if (!parsed || !script) {
        options.log(`no script for '${target}'`);
        call.reject(404, 'Not Found');
        return;
      }
      let rtp: RtpSession | null = null;
      const context: MediaScriptContext = {
        call,
        target,
        script: parsed.script,
        subject: parsed.subject,
        callId: call.callId,
        profile: options.profile,
        voicemail: options.voicemail,
        log: (line) => options.log(`${parsed.script} ${call.callId}: ${line}`),
        async answer() {
          if (!call.remoteSdp) throw new Error('INVITE without SDP (late offer) is not supported');
          rtp = await startRtp({ host: options.host });
          const sdp = rtp.answer(call.remoteSdp);
          await call.answer(sdp);
          return rtp;
        },
        async fetchAudio(path, query = {}) {
          const response = await options.profile.get(path, { ...query, target, call_id: call.callId });
          if (response.status !== 200) throw new ProfileAnswer(response.status, `${path} answered ${response.status}`);
          return pcmFromWav(new Uint8Array(await response.arrayBuffer()));
        },
      };
      try {
        await script.run(context);
      } catch (error) {
        context.log(`failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!call.endReason && !call.dialog) {
          const status = error instanceof ProfileAnswer && error.status === 404 ? 404 : 500;
          call.reject(status, status === 404 ? 'Not Found' : 'Server Internal Error');
        }
      } finally {
        (rtp as RtpSession | null)?.close();
        await call.hangUp();
      }
    },
  };
}

/** A profile server answer other than the expected one. */
export class ProfileAnswer extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
