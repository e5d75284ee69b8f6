/** What a signed-in user reads about themselves and their company, and their SIP password. */
import { inDirectoryScope, type DirectoryEntry, type User, type UserSnapshot } from '../../shared/model';
import type { EffectiveProfileAnswer, SipCredentials } from '../../shared/server-api';
import { realmOf } from '../config';
import type { UserRecord } from '../db/store';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { effectiveFor } from './effective';
import { forbidden } from './errors';
import { text } from '../../shared/text';
import { buildSnapshot } from './snapshot';
import { newSipHa1 } from './user-records';
import { toUser } from './users-view';

const DIRECTORY_LIMIT = 50;

export function me(caller: Caller): { user: User; companyName: string } {
  return { user: toUser(caller.user), companyName: caller.company.name };
}

/**
 * Enabled colleagues in the caller's company whose name, user name, email or a number contains
 * `query`, among those the caller's directory scope shows (issue 13: company, own site, nobody).
 */
export async function searchDirectory(
  ctx: ServerContext,
  caller: Caller,
  query: string,
): Promise<DirectoryEntry[]> {
  const needle = query.trim().toLowerCase();
  const users = await ctx.store.listUsers(caller.company.id);
  return users
    .filter((u) => !u.disabled && inDirectoryScope(caller.user, u))
    .filter((u) => {
      if (!needle) return true;
      const haystack = [
        u.userName,
        u.firstName,
        u.lastName,
        `${u.firstName} ${u.lastName}`,
        u.email,
        u.numbers.extension,
        u.numbers.landline,
        u.numbers.mobile,
      ];
      return haystack.some((value) => value?.toLowerCase().includes(needle));
    })
    .slice(0, DIRECTORY_LIMIT)
    .map((u) => ({
      id: u.id,
      userName: u.userName,
      firstName: u.firstName,
      lastName: u.lastName,
      email: u.email,
      numbers: u.numbers,
      disabled: u.disabled,
    }));
}

/** The PBX addresses a softphone is told: every proxy (`wsUrls`), and one for older clients (`wsUrl`). */
function pbxAddresses(ctx: Pick<ServerContext, 'config'>): { wsUrl: string | null; wsUrls: string[] } {
  const { pbxWsUrl, pbxWsUrls } = ctx.config;
  const wsUrls = pbxWsUrls.length > 0 ? pbxWsUrls : pbxWsUrl ? [pbxWsUrl] : [];
  return { wsUrl: pbxWsUrl ?? wsUrls[0] ?? null, wsUrls };
}

function sipCredentialsOf(ctx: ServerContext, user: UserRecord): SipCredentials {
  return {
    userName: user.sipUser,
    ha1: user.sipHa1,
    domain: ctx.config.sipDomain,
    realm: user.sipRealm,
    displayName: `${user.firstName} ${user.lastName}`.trim(),
    ...pbxAddresses(ctx),
  };
}

/**
 * The caller's SIP credentials (the digest HA1, never a password), when the softphone is enabled
 * for them. An HA1 made for another realm (the server's realm changed) is replaced by a fresh one.
 */
export async function softphoneCredentials(ctx: ServerContext, caller: Caller): Promise<SipCredentials> {
  if (!caller.user.softphoneEnabled)
    throw forbidden('The softphone is not enabled for your account', text('error.softphoneOff'));
  if (caller.user.sipRealm !== realmOf(ctx.config)) return rotateSipPassword(ctx, caller);
  return sipCredentialsOf(ctx, caller.user);
}

/** Replaces the caller's SIP secret with a fresh random one (only its HA1 is kept). */
export async function rotateSipPassword(
  ctx: ServerContext,
  caller: Caller,
): Promise<SipCredentials> {
  const user = await ctx.store.write(async (tx) => {
    const fresh = await tx.getUser(caller.user.id);
    if (!fresh) throw new Error('user vanished');
    Object.assign(fresh, newSipHa1(fresh.sipUser, realmOf(ctx.config)));
    await tx.updateUser(fresh);
    return fresh;
  });
  return sipCredentialsOf(ctx, user);
}

export function snapshotOf(ctx: ServerContext, user: UserRecord): Promise<UserSnapshot> {
  return buildSnapshot(ctx.store, user);
}

/** The profile in effect for the caller now and when that changes. */
export async function effectiveAnswer(
  ctx: ServerContext,
  caller: Caller,
): Promise<EffectiveProfileAnswer> {
  const { effective, nextChange } = await effectiveFor(ctx.store, caller.user, ctx.now());
  return {
    profileId: effective?.profile.id ?? null,
    profileName: effective?.profile.name ?? null,
    reason: effective?.reason ?? null,
    since: effective?.since ?? null,
    until: effective?.until ?? null,
    nextChange: nextChange?.toISOString() ?? null,
    revision: caller.user.revision,
  };
}
