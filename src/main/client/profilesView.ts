/**
 * The profiles slice, derived from the (optimistic) snapshot and the clock with the shared
 * rules, so the client shows exactly what the server and the PBX decide.
 */
import type { ProfilesState } from '../../shared/ipc';
import type { UserNumbers } from '../../shared/model/directory';
import type { UserSnapshot } from '../../shared/model/state';
import {
  effectiveInputOf,
  nextProfileChange,
  profileInEffect,
  type EffectiveProfile,
} from '../../shared/rules/effective';
import { outgoingCallerId, type PresentedIdentity } from '../../shared/rules/callerId';
import { queueStatuses } from '../../shared/rules/queues';

export interface ProfilesView {
  state: ProfilesState;
  effective: EffectiveProfile | null;
  /** When the profile in effect changes next without anyone doing anything (null: never). */
  nextChange: Date | null;
  callerId: PresentedIdentity;
}

/** The user's own numbers, read from the numbers they may present (the snapshot carries no user record). */
export function userNumbersOf(snapshot: UserSnapshot): UserNumbers {
  const own = snapshot.allowedCallerIds.filter((n) => n.userId === snapshot.userId);
  return {
    landline: own.find((n) => n.type === 'landline')?.number ?? null,
    mobile: own.find((n) => n.type === 'mobile')?.number ?? null,
    extension: own.find((n) => n.type === 'internal')?.number ?? null,
    extraExtensions: [],
  };
}

export function buildProfilesView(snapshot: UserSnapshot, now: Date): ProfilesView {
  const input = effectiveInputOf(snapshot, now);
  const effective = profileInEffect(input);
  const nextChange = nextProfileChange(input);
  const profile = effective?.profile ?? null;
  const statuses = queueStatuses({
    queues: snapshot.queues,
    profile,
    overrides: snapshot.queueOverrides,
  });
  const callerId = outgoingCallerId({
    profile,
    override: snapshot.callerIdOverride,
    numbers: userNumbersOf(snapshot),
    allowed: snapshot.allowedCallerIds,
    companyMainNumber: snapshot.allowedCallerIds.find((n) => n.type === 'main')?.number ?? null,
    device: 'softphone',
  });
  const { fellBack, ...current } = callerId;
  const state: ProfilesState = {
    revision: snapshot.revision,
    profiles: snapshot.profiles,
    defaultProfileId: snapshot.defaultProfileId,
    manualChoice: snapshot.manualChoice,
    effective:
      effective === null
        ? null
        : {
            profileId: effective.profile.id,
            reason: effective.reason,
            since: effective.since,
            until: effective.until,
            eventTitle: effective.event?.title ?? null,
            outrankedProfileId: effective.outranked?.id ?? null,
          },
    queues: snapshot.queues.map((q) => ({
      id: q.id,
      name: q.name,
      number: q.number,
      status: statuses[q.id] ?? 'active',
    })),
    callerId: {
      current,
      options: snapshot.allowedCallerIds.map((n) => ({
        number: n.number,
        label: n.label || n.number,
        type: n.type,
      })),
      fellBack,
    },
    canEditProfiles: snapshot.canEditProfiles,
  };
  return { state, effective, nextChange, callerId: current };
}
