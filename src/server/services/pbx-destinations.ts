/**
 * The PBX's route answers for what is not a person (issue 11): an announcement (`message-<id>`,
 * what a profile's "Message" target forwards to), an application (`app-<id>`), and feature
 * codes (`*41`: a speed dial or a company code, run for the caller before the answer). The
 * caller-facing parts are played by the PBX's media component (scripts/pbx/media/): the answer
 * names its script as the request-URI user part (`target`), and for an announcement that goes
 * on to voicemail, the voicemail target after it (`then`).
 *
 *   message-<id>   → kind=media;target=ann-<id>[.<forwarding user's id>]-<signature>
 *   app-<id>       → kind=application;target=<the application's SIP address>
 *   *NN            → kind=media;target=prompt-<outcome>.<en|sv>-<signature>   (the code already ran)
 *   *98 (listen)   → kind=media;target=listen-<caller's id>-<signature>     (their own mailbox: pbx-listen.ts)
 *
 * Targets follow the media component's form `<script>-<subject>-<signature>` (its dispatcher,
 * scripts/pbx/media/dispatcher.ts), signed for the call by media-targets.ts, checked again when the announcement script fetches the audio
 * (`GET /pbx/v1/announcements/audio?target=T&call_id=C`), whose answer names in `X-Then-Target`
 * the voicemail target to go on to when the admin chose so (the forwarding user's voicemail,
 * as the route answer for `voicemail` gives it).
 *
 * Announcements and applications belong to a company: the one of the user whose profile sent
 * the call there (`via`, what was dialled before the forward), else the caller's. Another
 * company's id is not found.
 */
import { PbxRoute } from '../../shared/pbx';
import type { CompanyCodeAction } from '../../shared/model';
import type { UserRecord } from '../db/store';
import type { ServerContext } from './context';
import { runFeatureCode, type CodeOutcome } from './feature-codes';
import { mediaTarget, verifyMediaTarget } from './media-targets';
import { ownerOfSipUser } from './pbx-answers';
import { listenTarget } from './pbx-listen';
import { userReachedBy } from './pbx-tenancy';
import { voicemailTargetOf } from './pbx-voicemail';

const MESSAGE = /^message-([\w-]{1,64})$/;
const APPLICATION = /^app-([\w-]{1,64})$/;
const CODE = /^\*\d{1,4}$/;

/** The prompts the media component plays after a code (resources/prompts/<lang>/<name>.wav). */
type PromptName = 'switched' | 'queues-paused' | 'queues-resumed' | 'default-profile' | 'refused';

const COMPANY_PROMPTS: Record<CompanyCodeAction, PromptName> = {
  queuesPause: 'queues-paused',
  queuesResume: 'queues-resumed',
  defaultProfile: 'default-profile',
  listenVoicemail: 'refused', // never played: the call goes to the mailbox instead
};

function promptFor(outcome: CodeOutcome): PromptName {
  switch (outcome.kind) {
    case 'switched':
      return 'switched';
    case 'company':
      return COMPANY_PROMPTS[outcome.action];
    case 'refused':
      return 'refused';
  }
}

/** `<script>-<subject>-<signature>` for this call (media-targets.ts, the voicemail's scheme too). */
function signTarget(ctx: ServerContext, script: string, subject: string, callId: string): string {
  return mediaTarget(ctx.config.pbxSecret, script, subject, callId);
}

/** The subject of a target this server signed for `script` and this call, or null. */
function verifiedSubject(ctx: ServerContext, script: string, target: string, callId: string): string | null {
  const verified = verifyMediaTarget(ctx.config.pbxSecret, target, callId);
  return verified?.script === script ? verified.subject : null;
}

const route = (values: Partial<PbxRoute> & Pick<PbxRoute, 'kind'>): PbxRoute => PbxRoute.parse(values);
const NOT_FOUND = (): PbxRoute => route({ kind: 'unknown', status: '404' });

/**
 * The answer for a dialled announcement, application or code; null when `dialled` is none of
 * them. `from` is the caller's SIP account (a user's own or a desk phone's); `via` what was
 * dialled before the PBX forwarded the call here.
 */
export async function destinationRoute(
  ctx: ServerContext,
  dialled: string,
  from: string | undefined,
  via: string | undefined,
  callId: string,
): Promise<PbxRoute | null> {
  const message = MESSAGE.exec(dialled);
  const application = APPLICATION.exec(dialled);
  if (!message && !application && !CODE.test(dialled)) return null;
  const caller = from ? await ownerOfSipUser(ctx, from) : null;
  if (CODE.test(dialled)) {
    if (!caller || caller.disabled) return NOT_FOUND();
    return codeRoute(ctx, caller, dialled, callId);
  }
  const forwardedBy = via && callId ? await userReachedBy(ctx, callId, via) : null;
  const owner = forwardedBy ?? caller;
  if (!owner) return NOT_FOUND();
  if (message) {
    const announcement = await ctx.store.getAnnouncement(message[1]!);
    if (!announcement || announcement.companyId !== owner.companyId) return NOT_FOUND();
    const subject = forwardedBy ? `${announcement.id}.${forwardedBy.id}` : announcement.id;
    return route({ kind: 'media', target: signTarget(ctx, 'ann', subject, callId) });
  }
  const found = await ctx.store.getApplication(application![1]!);
  if (!found || found.companyId !== owner.companyId) return NOT_FOUND();
  return route({ kind: 'application', target: found.sipUri });
}

/** Runs the code for the caller (like a click in their status bar) and names the prompt that confirms it. */
async function codeRoute(ctx: ServerContext, caller: UserRecord, code: string, callId: string): Promise<PbxRoute> {
  const outcome = await runFeatureCode(ctx, caller, code);
  if (!outcome) return NOT_FOUND();
  if (outcome.kind === 'refused') ctx.log.info({ code, reason: outcome.reason }, 'A feature code was refused');
  if (outcome.kind === 'company' && outcome.action === 'listenVoicemail') return route({ kind: 'media', target: listenTarget(ctx, caller, callId) });
  return route({ kind: 'media', target: signTarget(ctx, 'prompt', `${promptFor(outcome)}.${caller.language}`, callId) });
}

/**
 * The announcement a signed target names, for the media component: its audio (8 kHz mono WAV)
 * and the voicemail target to go on to (empty: the call ends). Null: not a target of this call.
 */
export async function announcementForPbx(ctx: ServerContext, target: string, callId: string): Promise<{ wav: Buffer; then: string } | null> {
  const subject = verifiedSubject(ctx, 'ann', target, callId);
  if (subject === null) return null;
  const [announcementId, userId] = subject.split('.');
  const announcement = await ctx.store.getAnnouncement(announcementId!);
  const wav = await ctx.store.getAnnouncementAudio(announcementId!);
  if (!announcement || !wav) return null;
  let then = '';
  const user = userId ? await ctx.store.getUser(userId) : null;
  // the mailbox of the user whose profile played the announcement, signed for this call
  if (announcement.afterwards === 'voicemail' && user && !user.disabled && user.companyId === announcement.companyId) then = voicemailTargetOf(ctx, user, callId);
  return { wav, then };
}
