/**
 * The profile in effect for a stored user, computed with the shared rule, so the server (for
 * the PBX, for users whose client is offline) decides exactly as the client does.
 */
import type { Profile } from '../../shared/model';
import { effectiveInputOf, nextProfileChange, profileInEffect, type EffectiveProfile } from '../../shared/rules';
import type { StoreReader, UserRecord } from '../db/store';
import { toProfile } from './snapshot';

export interface UserEffective {
  profiles: Profile[];
  effective: EffectiveProfile | null;
  nextChange: Date | null;
}

export async function effectiveFor(reader: StoreReader, user: UserRecord, now: Date): Promise<UserEffective> {
  const profiles = (await reader.listProfiles(user.id)).map(toProfile);
  const input = effectiveInputOf({ ...user, profiles }, now);
  return { profiles, effective: profileInEffect(input), nextChange: nextProfileChange(input) };
}

/** `effectiveFor` of many users with one read of their profiles (a company's presence). */
export async function effectiveForUsers(reader: StoreReader, users: readonly UserRecord[], now: Date): Promise<Map<string, UserEffective>> {
  const stored = await reader.listProfilesOfUsers(users.map((u) => u.id));
  const out = new Map<string, UserEffective>();
  for (const user of users) {
    const profiles = (stored.get(user.id) ?? []).map(toProfile);
    const input = effectiveInputOf({ ...user, profiles }, now);
    out.set(user.id, { profiles, effective: profileInEffect(input), nextChange: nextProfileChange(input) });
  }
  return out;
}
