/**
 * Dialling a feature code (issue 11): a profile's speed dial (`*41`) dialled from any of the
 * user's devices switches to that profile through the same command path as a switch in the
 * status bar (runUserCommand: revision bump, change log, push to every client, history); a
 * company code (company-codes.ts) pauses or resumes all the user's queues or goes back to the
 * default profile. The PBX then plays a short confirmation (pbx-destinations.ts); "listen to
 * voicemail" changes nothing here: the call goes on to the user's mailbox (pbx-listen.ts).
 */
import type { CompanyCodeAction } from '../../shared/model';
import { companyCodeAction } from '../../shared/rules';
import type { UserRecord } from '../db/store';
import { companyCodes } from './company-codes';
import type { ServerContext } from './context';
import { ApiError } from './errors';
import { runUserCommand } from './user-commands';

/** What dialling a code did, for the PBX's answer (which prompt the caller hears). */
export type CodeOutcome =
  | { kind: 'switched'; profileName: string }
  | { kind: 'company'; action: CompanyCodeAction }
  | { kind: 'refused'; reason: string };

/**
 * Runs the code `code` dialled by `user` (from their softphone, a desk phone of theirs, or
 * their mobile through the carrier: the PBX names the caller, this takes the user). Null when
 * the code means nothing to this user.
 */
export async function runFeatureCode(ctx: ServerContext, user: UserRecord, code: string): Promise<CodeOutcome | null> {
  if (user.disabled) return null;
  const run = async <T>(work: () => Promise<T>): Promise<CodeOutcome | null> => {
    try {
      await work();
      return null;
    } catch (error) {
      if (error instanceof ApiError) return { kind: 'refused', reason: error.message };
      throw error;
    }
  };
  const idempotency = { key: undefined, fingerprint: `pbx-code ${code}` };
  const profile = (await ctx.store.listProfiles(user.id)).find((p) => p.fields.speedDial === code);
  if (profile) {
    return (
      (await run(() => runUserCommand(ctx, user.id, 'profiles.switch', { profileId: profile.id }, idempotency))) ?? {
        kind: 'switched',
        profileName: profile.fields.name,
      }
    );
  }
  const action = companyCodeAction(await companyCodes(ctx.store, user.companyId), code);
  if (action === null) return null;
  const done = await run(() => {
    switch (action) {
      case 'queuesPause':
        return runUserCommand(ctx, user.id, 'queues.setStatus', { queueIds: 'all', status: 'paused' }, idempotency);
      case 'queuesResume':
        return runUserCommand(ctx, user.id, 'queues.setStatus', { queueIds: 'all', status: 'active' }, idempotency);
      case 'defaultProfile':
        return runUserCommand(ctx, user.id, 'profiles.clearManual', null, idempotency);
      case 'listenVoicemail':
        // nothing to change: the call goes on to the mailbox (pbx-destinations.ts)
        return Promise.resolve(null);
    }
  });
  return done ?? { kind: 'company', action };
}

