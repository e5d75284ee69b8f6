/**
 * Listening to voicemail by phone (issue 11, the company code "listen to voicemail", `*98` by
 * default; target `listen-<user id>-<signature>`, issued for the caller's own mailbox by the
 * profile server's route answer). Asks the profile server for the mailbox (refused before
 * answering when the target is not for this call), answers, says whether there are new
 * messages ("You have new messages." / "You have no new messages." in the user's language,
 * resources/prompts/<lang>/listen-*.wav), then plays every message, new ones first (oldest
 * first), each after a short beep. A message played to its end is marked heard (the server
 * pushes the mailbox to the clients and updates message-waiting). During a message, `#` skips
 * to the next one and `7` deletes the current one. After the last: "End of messages.", hang up.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PbxListenMailbox } from '../../../../src/shared/pbx';
import type { RtpSession } from '../../ua/rtp';
import { concatPcm, pcmFromWav, silence, tone } from '../../ua/audio';
import { ProfileAnswer, type MediaScript, type MediaScriptContext } from '../dispatcher';

const PROMPTS = join(dirname(fileURLToPath(import.meta.url)), '../../../../resources/prompts');

/** Before each message: one short beep (the deposit's tone is 1 kHz; this one is lower and shorter). */
const MESSAGE_BEEP = concatPcm(silence(300), tone(660, 150, 0.3), silence(250));

type ListenPrompt = 'listen-new' | 'listen-none' | 'listen-end';

async function promptPcm(language: string, name: ListenPrompt): Promise<Int16Array> {
  return pcmFromWav(await readFile(join(PROMPTS, language === 'sv' ? 'sv' : 'en', `${name}.wav`)));
}

/** Plays `pcm` until it ends, the caller hangs up, or a digit in `stopOn` arrives (which it returns). */
async function playUntil(ctx: MediaScriptContext, rtp: RtpSession, pcm: Int16Array, stopOn: readonly string[]): Promise<{ digit: string | null; completed: boolean }> {
  let digit: string | null = null;
  const onDigit = (pressed: string): void => {
    if (digit === null && stopOn.includes(pressed)) {
      digit = pressed;
      rtp.stopPlaying();
    }
  };
  rtp.on('dtmf', onDigit);
  try {
    await Promise.race([rtp.play(pcm), ctx.call.ended]);
  } finally {
    rtp.off('dtmf', onDigit);
  }
  rtp.stopPlaying();
  return { digit, completed: digit === null && !ctx.call.endReason };
}

export const listen: MediaScript = {
  name: 'listen',
  async run(ctx) {
    const query = { target: ctx.target, call_id: ctx.callId };
    const answer = await ctx.profile.get('/pbx/v1/voicemail/listen', query);
    if (answer.status !== 200) throw new ProfileAnswer(answer.status, `the mailbox answered ${answer.status}`);
    const mailbox = PbxListenMailbox.parse(await answer.json());
    const hasNew = mailbox.messages.some((message) => !message.heard);
    const intro = await promptPcm(mailbox.language, hasNew ? 'listen-new' : 'listen-none');
    const end = await promptPcm(mailbox.language, 'listen-end');
    const rtp = await ctx.answer();
    if (ctx.call.endReason) return;
    await playUntil(ctx, rtp, concatPcm(silence(200), intro), []);
    for (const message of mailbox.messages) {
      if (ctx.call.endReason) return;
      const pcm = await ctx.fetchAudio('/pbx/v1/voicemail/listen/audio', { message: message.id }).catch((error: unknown) => {
        // deleted meanwhile (in the client): go on with the next one
        if (error instanceof ProfileAnswer && error.status === 404) return null;
        throw error;
      });
      if (!pcm) continue;
      const beep = await playUntil(ctx, rtp, MESSAGE_BEEP, ['#', '7']);
      const played = beep.digit === null ? await playUntil(ctx, rtp, pcm, ['#', '7']) : beep;
      if (ctx.call.endReason) return;
      const mark = played.digit === '7' ? 'delete' : played.completed && !message.heard ? 'heard' : null;
      ctx.log(`message ${message.id}: ${played.digit === null ? 'played' : `'${played.digit}'`}${mark ? `, ${mark}` : ''}`);
      if (mark) {
        const done = await ctx.profile.post(`/pbx/v1/voicemail/listen/${mark}`, { ...query, message: message.id }, new Uint8Array(0), 'text/plain');
        if (done.status !== 200) ctx.log(`${mark} of ${message.id} answered ${done.status}`);
      }
    }
    if (ctx.call.endReason) return;
    await playUntil(ctx, rtp, concatPcm(silence(300), end, silence(300)), []);
  },
};
