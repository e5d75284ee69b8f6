/**
 * The confirmation after a feature code (issue 11, target `prompt-<name>.<en|sv>-<signature>`):
 * the profile server already ran the code (switched the profile, paused the queues...) when the
 * PBX asked where the call goes; this answers, plays two short beeps and the spoken prompt in
 * the caller's language (resources/prompts/<lang>/<name>.wav, made with espeak-ng by
 * scripts/pbx/media/make-prompts.sh), and hangs up.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concatPcm, pcmFromWav, silence, tone } from '../../ua/audio';
import type { MediaScript } from '../dispatcher';

const PROMPTS = join(dirname(fileURLToPath(import.meta.url)), '../../../../resources/prompts');
const NAMES = new Set(['switched', 'queues-paused', 'queues-resumed', 'default-profile', 'refused']);

/** Two short beeps before the words: the caller knows at once that the code was taken. */
export const CONFIRMATION_BEEPS = concatPcm(tone(880, 120, 0.3), silence(80), tone(880, 120, 0.3), silence(200));

export async function promptAudio(subject: string): Promise<Int16Array> {
  const [name = '', lang = 'en'] = subject.split('.');
  if (!NAMES.has(name)) throw new Error(`no prompt '${name}'`);
  const language = lang === 'sv' ? 'sv' : 'en';
  return pcmFromWav(await readFile(join(PROMPTS, language, `${name}.wav`)));
}

export const prompt: MediaScript = {
  name: 'prompt',
  async run(ctx) {
    const words = await promptAudio(ctx.subject);
    const rtp = await ctx.answer();
    if (ctx.call.endReason) return;
    await Promise.race([rtp.play(concatPcm(CONFIRMATION_BEEPS, words, silence(300))), ctx.call.ended]);
    rtp.stopPlaying();
  },
};
