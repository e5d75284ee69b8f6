/**
 * Voicemail deposit (target `vm-<user id>-<signature>`): fetches the user's greeting from the
 * profile server (their own, or the default one in their language), answers, plays it, then a
 * beep (1 kHz, 400 ms), then records the caller until they hang up, press #, stay silent for
 * `silenceSeconds`, or speak for `maxSeconds`; trailing silence is cut. The message (16-bit
 * 8 kHz mono WAV) goes to `POST /pbx/v1/voicemail` with the caller's number and name (from
 * the P-Asserted-Identity the PBX set), the number they dialled (X-Called-Number), when the
 * recording started; the server stores it and tells the user's clients and phones.
 * A caller who hangs up before the beep leaves nothing.
 */
import { concatPcm, rmsLevel, silence, SAMPLE_RATE, tone, wavFromPcm } from '../../ua/audio';
import type { MediaScript, MediaScriptContext } from '../dispatcher';

/** The tone after the greeting. */
export const BEEP = concatPcm(silence(200), tone(1000, 400, 0.4));

/** Caller number and display name from `"Name" <sip:number@domain>` (P-Asserted-Identity or From). */
export function callerOf(header: string): { number: string; name: string | null } {
  const uri = /<sips?:([^@>;]+)@/.exec(header) ?? /sips?:([^@>;\s]+)@/.exec(header);
  const name = /^\s*"([^"]*)"/.exec(header)?.[1] ?? null;
  const number = uri?.[1] ? decodeURIComponent(uri[1]) : 'anonymous';
  return { number, name: name && name !== number ? name : null };
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function record(ctx: MediaScriptContext, rtp: Awaited<ReturnType<MediaScriptContext['answer']>>): Promise<{ pcm: Int16Array; why: string }> {
  const { maxSeconds, silenceSeconds, silenceLevel } = ctx.voicemail;
  rtp.resetReceived();
  const started = Date.now();
  let lastSound = started;
  const onAudio = (pcm: Int16Array): void => {
    if (rmsLevel(pcm) >= silenceLevel) lastSound = Date.now();
  };
  rtp.on('audio', onAudio);
  // '#' (RFC 4733) ends the message, as on most voicemail systems
  let pressedHash = false;
  const onDigit = (digit: string): void => {
    if (digit === '#') pressedHash = true;
  };
  rtp.on('dtmf', onDigit);
  let why = 'hung up';
  let hungUp = false;
  void ctx.call.ended.then(() => (hungUp = true));
  while (!hungUp) {
    const now = Date.now();
    if (pressedHash) {
      why = '#';
      break;
    }
    if (now - started >= maxSeconds * 1000) {
      why = 'maximum length';
      break;
    }
    if (now - lastSound >= silenceSeconds * 1000) {
      why = 'silence';
      break;
    }
    await Promise.race([wait(100), ctx.call.ended]);
  }
  rtp.off('audio', onAudio);
  rtp.off('dtmf', onDigit);
  let pcm = rtp.received.slice(0, Math.min(rtp.received.length, maxSeconds * SAMPLE_RATE));
  if (why === 'silence') {
    // cut the silence that ended it, keeping half a second
    const keep = Math.max(0, pcm.length - Math.round((silenceSeconds - 0.5) * SAMPLE_RATE));
    pcm = pcm.slice(0, keep);
  }
  return { pcm, why };
}

export const voicemail: MediaScript = {
  name: 'vm',
  async run(ctx) {
    // The greeting first: a mailbox the server does not know is refused before anyone answers.
    const greeting = await ctx.fetchAudio('/pbx/v1/voicemail/greeting');
    const rtp = await ctx.answer();
    if (ctx.call.endReason) return;
    await Promise.race([rtp.play(concatPcm(greeting, BEEP)), ctx.call.ended]);
    rtp.stopPlaying();
    if (ctx.call.endReason) {
      ctx.log('the caller hung up before the tone: no message');
      return;
    }
    const startedAt = new Date();
    const { pcm, why } = await record(ctx, rtp);
    const seconds = pcm.length / SAMPLE_RATE;
    ctx.log(`recorded ${seconds.toFixed(1)} s (${why})`);
    if (seconds < ctx.voicemail.minSeconds) return;
    const caller = callerOf(ctx.call.header('P-Asserted-Identity') || ctx.call.header('From'));
    const called = ctx.call.header('X-Called-Number');
    const response = await ctx.profile.post(
      '/pbx/v1/voicemail',
      {
        target: ctx.target,
        call_id: ctx.callId,
        caller: caller.number,
        ...(caller.name ? { caller_name: caller.name } : {}),
        ...(called ? { called } : {}),
        started_at: startedAt.toISOString(),
      },
      wavFromPcm(pcm),
      'audio/wav',
    );
    if (response.status !== 200) ctx.log(`the profile server did not store the message: ${response.status} ${await response.text()}`);
  },
};
