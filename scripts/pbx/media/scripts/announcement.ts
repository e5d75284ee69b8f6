/**
 * An announcement (issue 11 "Message", target `ann-<announcement id>[.<user id>]-<signature>`):
 * fetches the audio of the announcement the admin uploaded from the profile server (which
 * checks the target against the Call-ID), answers, plays it once, and ends the call; or, when
 * the admin chose "continue to voicemail" (the answer's `X-Then-Target`), goes on in the same
 * call with the voicemail script for that target: greeting, tone, recording.
 */
import { pcmFromWav } from '../../ua/audio';
import { parseTarget, ProfileAnswer, type MediaScript } from '../dispatcher';
import { voicemail } from './voicemail';

/** Scripts an announcement may hand the call to. */
const FOLLOWERS: MediaScript[] = [voicemail];

export const announcement: MediaScript = {
  name: 'ann',
  async run(ctx) {
    const response = await ctx.profile.get('/pbx/v1/announcements/audio', { target: ctx.target, call_id: ctx.callId });
    if (response.status !== 200) throw new ProfileAnswer(response.status, `the announcement answered ${response.status}`);
    const then = response.headers.get('x-then-target') ?? '';
    const pcm = pcmFromWav(new Uint8Array(await response.arrayBuffer()));
    const rtp = await ctx.answer();
    if (ctx.call.endReason) return;
    await Promise.race([rtp.play(pcm), ctx.call.ended]);
    rtp.stopPlaying();
    if (ctx.call.endReason || then === '') return;
    const parsed = parseTarget(then);
    const next = parsed ? FOLLOWERS.find((script) => script.name === parsed.script) : undefined;
    if (!parsed || !next) {
      ctx.log(`no script to go on to for '${then}'`);
      return;
    }
    ctx.log(`going on to ${parsed.script}`);
    await next.run({
      ...ctx,
      target: then,
      script: parsed.script,
      subject: parsed.subject,
      // already answered: the next script goes on in the same call
      answer: () => Promise.resolve(rtp),
      // its questions name its own target
      async fetchAudio(path, query = {}) {
        const answer = await ctx.profile.get(path, { ...query, target: then, call_id: ctx.callId });
        if (answer.status !== 200) throw new ProfileAnswer(answer.status, `${path} answered ${answer.status}`);
        return pcmFromWav(new Uint8Array(await answer.arrayBuffer()));
      },
    });
  },
};
